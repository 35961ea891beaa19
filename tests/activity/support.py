"""Petits portefeuilles et fichiers écrits à la main pour les tests d'activité."""

from pathlib import Path

import polars as pl

from campagne.activity.conditions import SCHEMA as CONDITIONS_SCHEMA
from campagne.referentiel.finess import check_digit
from tests.support import make_portfolio


def finess(n: int, dep: str = "75") -> str:
    """Numéro FINESS fictif à clé de Luhn valide : ``finess(1)`` → 750000014…"""
    head = f"{dep}{n:06d}0"[:8]
    return head + check_digit(head)


def portfolio(rows: list[dict]) -> pl.DataFrame:
    return make_portfolio(rows)


def conditions(rows: list[dict]) -> pl.DataFrame:
    full = [{**{k: None for k in CONDITIONS_SCHEMA}, **r} for r in rows]
    return pl.DataFrame(full, schema=CONDITIONS_SCHEMA)


def write_csv(path: Path, header: str, *lines: str) -> Path:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path
