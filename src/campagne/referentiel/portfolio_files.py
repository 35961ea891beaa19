"""Lecture brute d'un fichier portefeuille (CSV ou XLSX) en tableau de texte.

Rend l'en-tête tel qu'écrit et un tableau dont les colonnes sont nommées par position
(``"0"``, ``"1"``…), avec ``_line`` = numéro de ligne dans le fichier (en-têtes = ligne 1).
Toute impossibilité de lire devient :class:`PortfolioError`, jamais une autre exception.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import polars as pl

from campagne.referentiel.issues import file_error
from campagne.referentiel.textfiles import (
    UnreadableText,
    decode_text,
    field_counts,
    split_fields,
    split_lines,
)
from campagne.xlsx_guard import XlsxRejected, open_workbook

CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_FORMAT_FIX = "enregistrez le portefeuille en CSV (séparateur ;) ou en classeur XLSX"


@dataclass(frozen=True)
class RawTable:
    header: list[str]
    frame: pl.DataFrame  # colonnes "0".."n-1" (texte) et "_line"
    issues: list[tuple[int, str]]  # (ligne, problème) de structure : valeurs en trop…


def load_table(path: Path) -> RawTable:
    """Lit un CSV ou la première feuille d'un XLSX. Voir le module."""
    source = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise file_error("ancien format Excel (.xls) non pris en charge", _FORMAT_FIX, source)
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise file_error(f"format « {suffix or 'sans extension'} » non pris en charge",
                         _FORMAT_FIX, source)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise file_error(f"fichier illisible ({exc.strerror or exc})",
                         "vérifiez le chemin et les droits du fichier", source) from None
    if not raw.strip():
        raise file_error("le fichier est vide", "mettez les en-têtes en ligne 1 et un ESMS "
                         "par ligne ensuite", source)
    if suffix in XLSX_SUFFIXES or raw.startswith(b"PK\x03\x04"):
        return _load_xlsx(raw, source)
    return _load_csv(raw, source)


def _detect_separator(header_line: str) -> str:
    return "," if header_line.count(",") > header_line.count(";") else ";"


def _table(columns: list[list[str | None]], lines: list[int]) -> pl.DataFrame:
    data = {str(k): pl.Series(str(k), col, dtype=pl.String) for k, col in enumerate(columns)}
    return pl.DataFrame({**data, "_line": pl.Series("_line", lines, dtype=pl.Int64)})


def _load_csv(raw: bytes, source: str) -> RawTable:
    try:
        text, _ = decode_text(raw)
    except UnreadableText as exc:
        raise file_error(f"ce n'est pas un fichier CSV lisible : {exc}", _FORMAT_FIX,
                         source) from None
    lines = split_lines(text)
    if not text.strip():
        raise file_error("le fichier est vide", "mettez les en-têtes en ligne 1", source)
    if not lines[0].strip():
        raise file_error("la ligne 1 est vide", "mettez les noms de colonnes en ligne 1", source)
    sep = _detect_separator(lines[0])
    header = next(csv.reader([lines[0]], delimiter=sep), [])
    n = len(header)
    body = pl.Series("l", lines[1:], dtype=pl.String)
    if '"' in text and (body.str.count_matches('"', literal=True) % 2 == 1).any():
        # Guillemets ouverts sur une ligne et fermés plus loin : retour à la ligne dans une
        # cellule, le découpage ligne à ligne ne suffit plus.
        return _load_csv_quoted(text, sep, header, source)
    counts = field_counts(body, sep)
    over = (counts > n).arg_true().to_list()
    issues = [(i + 2, _too_many(counts[i], n)) for i in over]
    frame = split_fields(body, sep, [str(k) for k in range(n)]).with_columns(
        pl.int_range(2, body.len() + 2, dtype=pl.Int64).alias("_line"))
    return RawTable(header, frame, issues)


def _too_many(count: int, n: int) -> str:
    return f"{count} valeurs pour {n} colonnes"


def _load_csv_quoted(text: str, sep: str, header: list[str], source: str) -> RawTable:
    n = len(header)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    rows: list[list[str]] = []
    lines: list[int] = []
    issues: list[tuple[int, str]] = []
    try:
        next(reader)
        start = reader.line_num + 1
        for row in reader:
            if len(row) > n:
                issues.append((start, _too_many(len(row), n)))
            rows.append(row[:n] + [""] * (n - len(row)))
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise file_error(f"CSV mal formé vers la ligne {reader.line_num} ({exc})",
                         "vérifiez les guillemets de cette ligne", source) from None
    columns = [list(col) for col in zip(*rows, strict=True)] if rows else [[] for _ in header]
    return RawTable(header, _table(columns, lines), issues)


def _cell(value: object, pad: int = 0) -> str | None:
    """Texte d'une cellule de tableur, comme l'afficherait le tableur."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value).zfill(pad)
    if isinstance(value, float):
        # 15 chiffres significatifs : la précision d'affichage du tableur (1234567,89 et non
        # 1234567,8899999999).
        text = f"{value:.15g}"
        return format(Decimal(text), "f") if "e" in text else text
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _load_xlsx(raw: bytes, source: str) -> RawTable:
    try:
        wb = open_workbook(raw)
        ws = wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        wb.close()
    except XlsxRejected as exc:
        raise file_error(str(exc), _FORMAT_FIX, source) from None
    except Exception as exc:  # noqa: BLE001 — openpyxl lève des types variés sur un fichier hostile
        raise file_error(f"classeur XLSX illisible ({type(exc).__name__})", _FORMAT_FIX,
                         source) from None
    if not rows or all(v is None for v in rows[0]):
        raise file_error("la première feuille du classeur est vide ou sa ligne 1 n'a pas "
                         "d'en-têtes", "mettez les en-têtes en ligne 1", source)
    header = [_cell(v) or "" for v in rows[0]]
    n = len(header)
    # Un numéro FINESS saisi comme nombre perd son 0 initial : on le rend (9 caractères).
    pads = [9 if h.strip().lower() in ("finess", "finess_ej") else 0 for h in header]
    columns: list[list[str | None]] = [[] for _ in range(n)]
    issues: list[tuple[int, str]] = []
    for line, row in enumerate(rows[1:], start=2):
        extra = [v for v in row[n:] if v is not None]
        if extra:
            issues.append((line, _too_many(n + len(extra), n)))
        for k in range(n):
            columns[k].append(_cell(row[k], pads[k]) if k < len(row) else None)
    return RawTable(header, _table(columns, list(range(2, len(rows) + 1))), issues)

