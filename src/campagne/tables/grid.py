"""Un tableau à vérifier, tel qu'il est dans son fichier : en-tête, cellules et positions.

On ne passe pas par ``referentiel.tabular.read_rows`` : le vérificateur doit citer le numéro
de ligne et la lettre de colonne de chaque cellule, lignes vides comprises.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter

from campagne.referentiel.tabular import MAX_BYTES, decode
from campagne.tables.errors import TableError
from campagne.xlsx_guard import XlsxRejected, open_workbook

Cell = str | int | Decimal | None


@dataclass(frozen=True)
class GridRow:
    line: int  # numéro de ligne dans le fichier (l'en-tête est la ligne 1 en général)
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    source: str  # nom du fichier, cité dans les messages
    header: tuple[str, ...]
    rows: tuple[GridRow, ...]


def column_letter(index: int) -> str:
    """Lettre de tableur d'une colonne (0 → A, 26 → AA)."""
    return get_column_letter(index + 1)


def grid_from_rows(header: Sequence[str], rows: Sequence[Sequence[Cell]], *,
                   source: str = "tableau", first_line: int = 2) -> Grid:
    """Grille en mémoire (tableau produit) ; les lignes sont numérotées comme dans un CSV."""
    return Grid(source, tuple(header),
                tuple(GridRow(first_line + i, tuple(r)) for i, r in enumerate(rows)))


def _read_csv(path: Path) -> Grid:
    text = decode(path.read_bytes())
    if "\x00" in text:
        raise TableError(path.name, ["fichier binaire, pas un CSV"])
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    rows: list[GridRow] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if header is None:
                if any(c.strip() for c in record):
                    header = tuple(record)
                continue
            rows.append(GridRow(line, tuple(record)))
    except csv.Error as exc:
        raise TableError(path.name, [f"CSV mal formé ligne {reader.line_num} ({exc}) : "
                                     "enregistrez-le de nouveau depuis le tableur"]) from None
    if header is None:
        raise TableError(path.name, ["fichier vide : pas de ligne d'en-tête"])
    return Grid(path.name, header, tuple(rows))


def _xlsx_cell(value: object, number_format: str) -> Cell:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        number: Decimal = Decimal(value)
    elif isinstance(value, float):
        # Excel ne garde que 15 chiffres significatifs : on relit ce qu'il affiche
        number = Decimal(format(value, ".15g"))
    elif isinstance(value, Decimal):
        number = value
    else:  # date, heure… : laissée en texte, le vérificateur dira qu'elle n'est pas un nombre
        return str(value)
    if "%" in (number_format or ""):  # 0,0224 affiché « 2,24 % » : on lit des points
        return f"{(number * 100).normalize():f} %"
    return number if not isinstance(value, int) else value


def _read_xlsx(path: Path) -> Grid:
    try:
        wb = open_workbook(path)
    except XlsxRejected as exc:
        raise TableError(path.name, [str(exc)]) from None
    header: tuple[str, ...] | None = None
    rows: list[GridRow] = []
    try:
        for line, cells in enumerate(wb.worksheets[0].iter_rows(), start=1):
            values = tuple(_xlsx_cell(c.value, getattr(c, "number_format", "")) for c in cells)
            if header is None:
                if any(v not in (None, "") for v in values):
                    header = tuple("" if v is None else str(v) for v in values)
                continue
            rows.append(GridRow(line, values))
    except Exception as exc:  # noqa: BLE001 — feuille lue à la demande : XML abîmé
        raise TableError(path.name, [f"classeur XLSX illisible ({type(exc).__name__}) : "
                                     "enregistrez-le de nouveau depuis le tableur"]) from None
    finally:
        wb.close()
    if header is None:
        raise TableError(path.name, ["feuille vide : pas de ligne d'en-tête"])
    return Grid(path.name, header, tuple(rows))


def read_grid(path: Path) -> Grid:
    """Lit la première feuille d'un XLSX, ou un CSV (``;``, ``,`` ou tabulation)."""
    if not path.is_file():
        raise TableError(path.name, [f"fichier introuvable : {path}"])
    if path.stat().st_size > MAX_BYTES:
        raise TableError(path.name, ["fichier trop volumineux (50 Mo au plus)"])
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise TableError(path.name, ["format non pris en charge (CSV ou XLSX attendu)"])
