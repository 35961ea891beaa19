"""Écriture d'un tableau en CSV (``;``, UTF-8 avec BOM), XLSX (formats de nombre) ou JSON.

Les montants arrivent en centimes entiers et sortent en euros exacts ; toute cellule de
texte commençant par ``=``, ``+``, ``-``, ``@`` (ou tabulation / retour chariot) est
neutralisée contre l'injection de formules dans un tableur.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMATS = ("csv", "xlsx", "json")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: str = "texte"  # texte, euro (centimes), taux (Decimal), nombre, booleen, date


def neutralize(text: str) -> str:
    """Neutralise une cellule texte qu'un tableur prendrait pour une formule."""
    if text and text.startswith(_DANGEROUS):
        return "'" + text
    return text


def _euros(cents: int) -> Decimal:
    return (Decimal(int(cents)) / 100).quantize(Decimal("0.01"))


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "euro":
        return f"{_euros(value)}".replace(".", ",")
    if kind == "taux":
        return f"{Decimal(value).normalize():f}".replace(".", ",")
    if kind == "booleen":
        return "oui" if value else "non"
    if kind == "date" and isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return f"{value}".replace(".", ",")
    return neutralize(str(value))


def _json_cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "euro":
        return str(_euros(value))
    if kind == "taux" or isinstance(value, Decimal):
        return f"{Decimal(value).normalize():f}"
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def write_csv(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow([neutralize(c.title) for c in columns])
        for row in rows:
            writer.writerow([_csv_cell(row.get(c.key), c.kind) for c in columns])


def write_json(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]],
               meta: dict[str, Any] | None = None) -> None:
    data = [{c.key: _json_cell(row.get(c.key), c.kind) for c in columns} for row in rows]
    payload = {"meta": meta or {}, "colonnes": {c.key: c.title for c in columns}, "lignes": data}
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


_XLSX_FORMATS = {"euro": '#,##0.00 "€"', "taux": "0.000%", "nombre": "#,##0.##",
                 "date": "dd/mm/yyyy"}
_XLSX_INTEGER = "#,##0"  # « #,##0.## » afficherait « 12, » pour un entier


Sheet = tuple[str, Sequence[Column], Iterable[dict[str, Any]]]


def write_xlsx(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]],
               sheet: str = "Résultats") -> None:
    write_workbook(path, [(sheet, columns, rows)])


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> None:
    """Un classeur, une feuille par tableau, avec formats de nombre et en-têtes figés."""
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, columns, rows in sheets:
        _fill_sheet(wb.create_sheet(name[:31]), columns, rows)
    wb.save(path)


def _fill_sheet(ws: Any, columns: Sequence[Column], rows: Iterable[dict[str, Any]]) -> None:
    ws.append([c.title for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        out: list[Any] = []
        for c in columns:
            v = row.get(c.key)
            if v is None:
                out.append(None)
            elif c.kind == "euro":
                out.append(_euros(v))
            elif c.kind == "taux":
                out.append(Decimal(v))
            elif c.kind == "booleen":
                out.append("oui" if v else "non")
            elif isinstance(v, str):
                out.append(neutralize(v))
            else:
                out.append(v)
        ws.append(out)
    for idx, c in enumerate(columns, start=1):
        letter = get_column_letter(idx)
        ws.column_dimensions[letter].width = max(12, min(48, len(c.title) + 2))
        fmt = _XLSX_FORMATS.get(c.kind)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):
                whole = c.kind == "nombre" and isinstance(cell.value, int)
                cell.number_format = _XLSX_INTEGER if whole else fmt
    ws.freeze_panes = "A2"


def write_table(path: Path, fmt: str, columns: Sequence[Column],
                rows: Sequence[dict[str, Any]], meta: dict[str, Any] | None = None) -> Path:
    if fmt not in FORMATS:
        raise ValueError(f"format inconnu « {fmt} » (formats : {', '.join(FORMATS)})")
    target = path.with_suffix("." + fmt)
    if fmt == "csv":
        write_csv(target, columns, rows)
    elif fmt == "xlsx":
        write_xlsx(target, columns, rows)
    else:
        write_json(target, columns, rows, meta)
    return target


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def table_bytes(fmt: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]],
                meta: dict[str, Any] | None = None) -> bytes:
    """Le fichier d'un tableau, en mémoire (téléchargement depuis l'application web)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = write_table(Path(folder) / "tableau", fmt, columns, rows, meta)
        return path.read_bytes()
