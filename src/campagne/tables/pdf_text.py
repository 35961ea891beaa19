"""Lecture d'un tableau tel qu'il sort du texte extrait d'un PDF.

Un tableau = une colonne de libellés, puis des colonnes de valeurs numériques. Trois façons
de séparer les colonnes, devinées sur tout le texte (``auto``) ou imposées :

- ``tabulation`` : les cellules sont séparées par des tabulations (cellule vide = rien entre
  deux tabulations) ;
- ``espaces`` : par au moins deux espaces (colonnes alignées ; une cellule vide ne s'y voit
  pas) ;
- ``simple`` : par une seule espace, les milliers étant groupés par des espaces insécables ou
  fines (c'est ce que donnent beaucoup d'extractions, comme l'annexe I de C2005) ; une espace
  insécable seule est une cellule vide, et les valeurs se lisent depuis la droite : tout ce
  qui précède les N dernières valeurs est le libellé.

Les points de conduite (« Alsace ..... 12 ») séparent le libellé des valeurs. Une ligne sans
aucune valeur est le début du libellé de la ligne suivante (« Champagne- » / « Ardennes »).
Toutes les erreurs sont rapportées d'un coup, avec leur numéro de ligne.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from campagne.tables.errors import PdfTextError
from campagne.tables.numbers import GROUPING, NumberFormatError, parse_number

SEPARATORS = ("auto", "tabulation", "espaces", "simple")
_LEADER = re.compile(r"[ \t\u00a0]*(?:\.{3,}|…+)[ \t\u00a0]*")
_MULTI_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")


@dataclass(frozen=True)
class TextRow:
    line: int  # ligne du texte (la dernière, si le libellé court sur plusieurs lignes)
    label: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class TextTable:
    columns: tuple[str, ...]  # libellés, puis une colonne par valeur
    rows: tuple[TextRow, ...]
    separator: str


def clean_label(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def detect_separator(lines: Sequence[str]) -> str:
    if any("\t" in line for line in lines):
        return "tabulation"
    if any(_MULTI_SPACE.search(line) for line in lines):
        return "espaces"
    return "simple"


def _split(line: str, separator: str) -> list[str]:
    if separator == "tabulation":
        raw = line.split("\t")
    elif separator == "espaces":
        raw = re.split(r" {2,}", line.strip(" "))
    else:
        raw = [t for t in line.split(" ") if t != ""]
    cells: list[str] = []
    for cell in raw:
        if _LEADER.search(cell):  # un point de conduite sépare deux cellules
            cells.extend(p for p in _LEADER.split(cell) if p.strip(GROUPING))
        elif separator == "simple" and cell in ("%", "€") and cells:
            cells[-1] += " " + cell  # « 2,24 % » : le symbole suit le nombre
        else:
            cells.append(cell)
    return cells


def _is_value(cell: str) -> bool:
    try:
        parse_number(cell)
    except NumberFormatError:
        return False
    return True


def _trailing_values(cells: list[str]) -> int:
    count = 0
    for cell in reversed(cells):
        if not _is_value(cell):
            break
        count += 1
    return count


def _count(k: int, words: str) -> str:
    """« 1 valeur trouvée », « 3 valeurs trouvées » (l'accord des mots au pluriel)."""
    return f"{k} " + " ".join(w + ("s" if k > 1 else "") for w in words.split())


def _is_header(cells: list[str]) -> bool:
    """Une ligne dont les cellules de valeurs sont du texte : aucune vide, aucun nombre."""
    values = cells[1:]
    return bool(values) and not any(not c.strip(GROUPING) or _is_value(c) for c in values)


def _join_label(parts: list[str]) -> str:
    text = ""
    for part in (clean_label(p) for p in parts):
        if not part:
            continue
        # « Champagne- » + « Ardennes » : une coupure de mot au tiret se recolle sans espace
        text = text + part if (not text or text.endswith("-")) else f"{text} {part}"
    return text


def parse_pdf_text(text: str, columns: Sequence[str] | None = None, *,
                   separator: str = "auto", source: str = "texte") -> TextTable:
    """Lit le texte d'un tableau ; sans ``columns``, la première ligne est l'en-tête."""
    if separator not in SEPARATORS:
        raise PdfTextError(source, [f"séparateur inconnu « {separator} » "
                                    f"(possibles : {', '.join(SEPARATORS)})"])
    numbered = [(i, line.rstrip("\r\n")) for i, line in enumerate(text.split("\n"), start=1)]
    numbered = [(i, line) for i, line in numbered if line.strip(GROUPING + "\t\r")]
    mode = detect_separator([line for _, line in numbered]) if separator == "auto" else separator
    problems: list[str] = []
    if columns is None:
        if not numbered:
            raise PdfTextError(source, ["texte vide : aucune ligne de tableau"])
        if mode == "simple":
            raise PdfTextError(source, [
                "colonnes séparées par une seule espace : l'en-tête ne peut pas être découpé ;"
                " donnez les noms des colonnes (--colonnes ou --structure)"])
        columns = [clean_label(c) for c in _split(numbered[0][1], mode)]
        numbered = numbered[1:]
    elif numbered and mode != "simple" and _is_header(_split(numbered[0][1], mode)):
        numbered = numbered[1:]  # l'en-tête du texte, remplacé par les noms donnés
    if len(columns) < 2:
        raise PdfTextError(source, ["il faut au moins deux colonnes (libellés et valeurs)"])
    names = tuple(clean_label(c) for c in columns)
    n = len(names) - 1
    rows: list[TextRow] = []
    pending: list[str] = []
    pending_line = 0
    for line_no, line in numbered:
        cells = _split(line, mode)
        no_digit = not any(ch.isdigit() for ch in line)
        if (len(cells) == 1 and not _is_value(cells[0])) or (mode == "simple" and no_digit):
            pending.append(" ".join(cells))
            pending_line = pending_line or line_no
            continue
        if mode == "simple":
            found = _trailing_values(cells)
        else:  # des tabulations finales en trop ne sont pas des cellules
            while len(cells) > n + 1 and not cells[-1].strip(GROUPING):
                cells.pop()
            found = len(cells) - 1
        blocking = cells[-found - 1] if mode == "simple" and found < min(n, len(cells)) else ""
        if any(ch.isdigit() for ch in blocking):  # « 110,2,86 » : un nombre mal écrit
            try:
                parse_number(blocking)
            except NumberFormatError as exc:
                problems.append(f"ligne {line_no}, colonne « {names[-found - 1]} » : {exc}")
            pending, pending_line = [], 0
            continue
        if found < n or (mode != "simple" and found > n):
            problems.append(f"ligne {line_no} : {_count(found, 'valeur trouvée')}, "
                            f"{_count(n, 'attendue')} (« {clean_label(line)[:60]} »)")
            pending, pending_line = [], 0
            continue
        label_cells, value_cells = cells[: len(cells) - n], cells[len(cells) - n:]
        values: list[Decimal | None] = []
        for name, cell in zip(names[1:], value_cells, strict=True):
            try:
                number = parse_number(cell)
            except NumberFormatError as exc:
                problems.append(f"ligne {line_no}, colonne « {name} » : {exc}")
                number = None
            values.append(None if number is None else number.value)
        label = _join_label([*pending, *label_cells])
        rows.append(TextRow(line_no, label, tuple(values)))
        pending, pending_line = [], 0
    if pending:
        problems.append(f"ligne {pending_line} : libellé « {_join_label(pending)[:60]} » "
                        "sans valeurs (fin du texte)")
    if not rows and not problems:
        problems.append("aucune ligne de valeurs")
    if problems:
        raise PdfTextError(source, problems)
    return TextTable(names, tuple(rows), mode)


def read_pdf_text(path: Path, columns: Sequence[str] | None = None, *,
                  separator: str = "auto") -> TextTable:
    """Lit un fichier texte UTF-8 (ou Windows-1252) contenant un tableau extrait d'un PDF."""
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 ne décode pas quelques octets isolés
        text = raw.decode("latin-1")
    if "\x00" in text:
        raise PdfTextError(path.name, ["fichier binaire : un texte extrait est attendu"])
    return parse_pdf_text(text, columns, separator=separator, source=path.name)
