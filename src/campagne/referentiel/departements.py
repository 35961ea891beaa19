"""Départements et régions (codes FINESS et INSEE), lus depuis les données embarquées."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Departement:
    code_finess: str
    code_insee: str
    libelle: str
    region: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("campagne.referentiel").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter=";"))


@cache
def departements() -> dict[str, Departement]:
    """Départements indexés par code FINESS (``75``, ``2A``, ``9A``…)."""
    return {r["code_finess"]: Departement(**r) for r in _rows("departements.csv")}


@cache
def regions() -> dict[str, str]:
    """Libellé de chaque région, par code INSEE (``11`` → Île-de-France)."""
    return {r["code"]: r["libelle"] for r in _rows("regions.csv")}


def departements_of_region(region: str) -> list[Departement]:
    return [d for d in departements().values() if d.region == region]


def normalize_departement(code: str) -> str | None:
    """Code FINESS d'un département écrit en code FINESS ou INSEE (``971`` → ``9A``)."""
    c = (code or "").strip().upper()
    if len(c) == 1 and c.isdigit():
        c = "0" + c
    deps = departements()
    if c in deps:
        return c
    for d in deps.values():
        if d.code_insee == c:
            return d.code_finess
    return None
