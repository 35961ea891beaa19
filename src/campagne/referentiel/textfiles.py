"""Lecture de fichiers texte délimités : encodage, contenu binaire, découpage vectorisé.

Partagé par le lecteur de portefeuille et celui des extraits FINESS. Les lignes sans
guillemets (presque toutes) sont découpées par polars ; les autres par le module ``csv``.
"""

from __future__ import annotations

import csv

import polars as pl

_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}
_SAMPLE = 20_000


class UnreadableText(ValueError):
    """Contenu qui n'est pas du texte (binaire, PDF, image…)."""


def decode_text(raw: bytes) -> tuple[str, str]:
    """Texte et nom de l'encodage : UTF-8 (BOM ou non), UTF-16 avec BOM, sinon Windows-1252
    ou latin-1. Refuse un contenu binaire."""
    if raw.startswith(_BOMS_UTF16):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableText("contenu UTF-16 invalide") from exc
    if b"\x00" in raw[:_SAMPLE]:
        raise UnreadableText("contenu binaire (octets nuls)")
    text, encoding = "", ""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:_SAMPLE]
    # Un vrai fichier texte n'a (presque) pas de caractères de contrôle ; un binaire en a.
    if sample and sum(ch in _CONTROL for ch in sample) > len(sample) // 200:
        raise UnreadableText("contenu binaire (caractères de contrôle)")
    return text, ("utf-8" if encoding == "utf-8-sig" else encoding)


def split_lines(text: str) -> list[str]:
    """Lignes physiques (fins de ligne Windows, Mac ou Unix), sans la dernière vide."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def field_counts(lines: pl.Series, sep: str) -> pl.Series:
    """Nombre de champs de chaque ligne ; le module ``csv`` pour les lignes entre guillemets."""
    counts = lines.str.count_matches(sep, literal=True) + 1
    quoted = lines.str.contains('"', literal=True)
    if not quoted.any():
        return counts
    idx = quoted.arg_true().to_list()
    exact = [len(next(csv.reader([lines[i]], delimiter=sep), [])) for i in idx]
    return counts.scatter(idx, exact)


def split_fields(lines: pl.Series, sep: str, names: list[str]) -> pl.DataFrame:
    """Découpe des lignes d'un même nombre de champs en colonnes texte nommées."""
    n = len(names)
    quoted = lines.str.contains('"', literal=True)
    simple = (
        pl.DataFrame({"l": lines})
        .with_row_index("_i")
        .filter(~quoted)
        .select("_i", pl.col("l").str.split_exact(sep, n - 1).struct.rename_fields(names))
        .unnest("l")
    )
    if not quoted.any():
        return simple.drop("_i")
    idx = quoted.arg_true().to_list()
    rows = [next(csv.reader([lines[i]], delimiter=sep)) for i in idx]
    tricky = pl.DataFrame(
        {"_i": pl.Series(idx, dtype=pl.UInt32),
         **{name: [r[k] if k < len(r) else None for r in rows] for k, name in enumerate(names)}},
        schema={"_i": pl.UInt32, **{name: pl.String for name in names}},
    )
    return pl.concat([simple, tricky]).sort("_i").drop("_i")
