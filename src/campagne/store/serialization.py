"""Lignes de tableaux polars ↔ JSON, sans perte : les montants restent des entiers de
centimes, les taux des décimaux exacts (en texte), les dates des dates ISO.

Le type de chaque colonne est gardé à part (``schema``) ; une ligne ne garde que ses valeurs
non nulles (et, pour les drapeaux ``…__applicable``, seulement les vrais) : une ligne de
résultat tient en un peu plus d'un kilo-octet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import polars as pl

APPLICABLE = "__applicable"
_TAGS: dict[str, pl.DataType] = {
    "int": pl.Int64(), "float": pl.Float64(), "bool": pl.Boolean(), "str": pl.String(),
    "date": pl.Date(), "dec": pl.Decimal(38, 12),
}


def _tag(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "int"
    if dtype.is_float():
        return "float"
    if dtype == pl.Boolean:
        return "bool"
    if dtype == pl.Date:
        return "date"
    if isinstance(dtype, pl.Decimal):
        return "dec"
    return "str"


def schema_of(frame: pl.DataFrame) -> dict[str, str]:
    return {name: _tag(dtype) for name, dtype in frame.schema.items()}


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def encode_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Les lignes du tableau, compactes et sérialisables en JSON."""
    out = []
    for row in frame.iter_rows(named=True):
        out.append({k: _encode(v) for k, v in row.items()
                    if v is not None and not (k.endswith(APPLICABLE) and v is False)})
    return out


def _decode(value: Any, tag: str) -> Any:
    if value is None:
        return None
    if tag == "date":
        return dt.date.fromisoformat(value)
    if tag == "dec":
        return Decimal(value)
    return value


def decode_rows(rows: list[dict[str, Any]], schema: dict[str, str]) -> pl.DataFrame:
    """Le tableau typé (toutes les colonnes du schéma, nulles quand absentes)."""
    data = {
        name: [_decode(r.get(name, False if name.endswith(APPLICABLE) else None), tag)
               for r in rows]
        for name, tag in schema.items()
    }
    return pl.DataFrame(data, schema={n: _TAGS[t] for n, t in schema.items()})
