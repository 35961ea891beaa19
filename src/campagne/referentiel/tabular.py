"""Lecture générique d'un tableau CSV ou XLSX en lignes de texte (en-têtes en minuscules).

Sert aux fichiers simples (demandes de CNR, éléments à répartir…) ; le portefeuille a son
propre lecteur, plus strict.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024


class TabularError(ValueError):
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
        reader = csv.DictReader(io.StringIO(text), delimiter=sep)
        rows = []
        for row in reader:
            rows.append({(k or "").strip().lower(): (v or "").strip()
                         for k, v in row.items() if k is not None})
        return rows
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl lève des erreurs variées sur un fichier abîmé
            raise TabularError(f"{path.name} : classeur XLSX illisible ({exc})") from exc
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = [str(h or "").strip().lower() for h in next(it, ())]
        out = []
        for values in it:
            if all(v is None or str(v).strip() == "" for v in values):
                continue
            out.append({h: ("" if v is None else str(v).strip())
                        for h, v in zip(header, values, strict=False) if h})
        wb.close()
        return out
    raise TabularError(f"{path.name} : format non pris en charge (CSV ou XLSX attendu)")
