"""Mise en forme des résultats d'une campagne (une ligne par ESMS, une colonne par étape)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campagne import __version__
from campagne.engine import CampaignResult, Unit
from campagne.exports.tables import Column, write_table

IDENTITY = (
    Column("finess", "FINESS"),
    Column("raison_sociale", "Raison sociale"),
    Column("categorie", "Catégorie"),
    Column("departement", "Département"),
    Column("famille", "Famille"),
    Column("base_reconductible", "Base reconductible N-1", "euro"),
)


def result_columns(result: CampaignResult) -> list[Column]:
    cols = list(IDENTITY)
    for rule in result.rules:
        kind = {Unit.euro: "euro", Unit.taux: "taux", Unit.booleen: "booleen",
                Unit.nombre: "nombre"}.get(rule.unit, "texte")
        cols.append(Column(rule.name, rule.label, kind))
    return cols


def result_meta(result: CampaignResult) -> dict[str, Any]:
    return {
        "campagne": result.campaign.id,
        "libelle": result.campaign.libelle,
        "scenario": result.scenario,
        "moteur": f"campagne {__version__}",
        "esms": result.frame.height,
    }


def write_results(result: CampaignResult, folder: Path, fmt: str,
                  name: str = "resultats") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    cols = result_columns(result)
    rows = result.frame.select([c.key for c in cols]).to_dicts()
    return write_table(folder / name, fmt, cols, rows, result_meta(result))
