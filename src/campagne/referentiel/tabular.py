"""Lecture générique d'un tableau CSV ou XLSX en lignes de texte (en-têtes en minuscules).

Sert aux fichiers simples (demandes de CNR, éléments à répartir…) ; le portefeuille a son
propre lecteur, plus strict.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from campagne.errors import CampagneError
from campagne.xlsx_guard import XlsxRejected, open_workbook

MAX_BYTES = 50 * 1024 * 1024


class TabularError(CampagneError):
    """Fichier illisible (type, encodage, taille)."""


def decode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_rows(path: Path) -> list[dict[str, str]]:
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_BYTES:
        raise TabularError(f"{path.name} : fichier trop volumineux (50 Mo au plus)")
    if suffix in (".csv", ".txt"):
        text = decode(path.read_bytes())
        if "\x00" in text:
            raise TabularError(f"{path.name} : fichier binaire, pas un CSV")
        first = text.splitlines()[0] if text.strip() else ""
        sep = ";" if first.count(";") >= first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sep)
        rows = []
        try:
            for row in reader:
                rows.append({(k or "").strip().lower(): (v or "").strip()
                             for k, v in row.items() if k is not None})
        except csv.Error as exc:
            raise TabularError(f"{path.name} : CSV mal formé ligne {reader.line_num} ({exc}) ; "
                               "enregistrez-le de nouveau depuis le tableur") from None
        return rows
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx_rows(path)
    raise TabularError(f"{path.name} : format non pris en charge (CSV ou XLSX attendu)")


def _read_xlsx_rows(path: Path) -> list[dict[str, str]]:
    try:
        wb = open_workbook(path)
        try:
            it = wb.worksheets[0].iter_rows(values_only=True)
            header = [str(h or "").strip().lower() for h in next(it, ())]
            out = [{h: ("" if v is None else str(v).strip())
                    for h, v in zip(header, values, strict=False) if h}
                   for values in it
                   if not all(v is None or str(v).strip() == "" for v in values)]
        finally:
            wb.close()
    except XlsxRejected as exc:
        raise TabularError(f"{path.name} : {exc}") from None
    except Exception as exc:  # noqa: BLE001 — feuille lue à la demande : XML abîmé
        raise TabularError(f"{path.name} : classeur XLSX illisible ({type(exc).__name__}) ; "
                           "enregistrez-le de nouveau depuis le tableur") from None
    return out
