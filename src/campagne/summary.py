"""Synthèses d'une campagne : par mesure, par phase, par département, par famille."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from campagne.engine.rule import Unit
from campagne.engine.run import APPLICABLE, CampaignResult

PHASES = {1: "1re phase (mai–juillet)", 2: "2de phase (automne)", None: "hors phase"}


@dataclass(frozen=True)
class MeasureTotal:
    name: str
    label: str
    nature: str
    phase: str
    references: str
    esms: int
    total: int  # centimes


def by_measure(result: CampaignResult) -> list[MeasureTotal]:
    """Chaque étape monétaire pérenne ou non pérenne : total et nombre d'ESMS concernés."""
    out = []
    frame = result.frame
    for rule in result.rules:
        if rule.nature is None or rule.unit is not Unit.euro or rule.name.startswith("dotation_"):
            continue
        col = pl.col(rule.name)
        concerned = frame.filter(pl.col(rule.name + APPLICABLE) & (col.fill_null(0) != 0)).height
        nature = "pérenne" if rule.nature.value == "perenne" else "non pérenne"
        out.append(MeasureTotal(rule.name, rule.label, nature, PHASES[rule.phase],
                                rule.citation(), concerned, int(frame[rule.name].sum() or 0)))
    return out


def by_phase(result: CampaignResult) -> dict[str, int]:
    totals: dict[str, int] = {}
    for m in by_measure(result):
        totals[m.phase] = totals.get(m.phase, 0) + m.total
    return totals


def by_key(result: CampaignResult, key: str) -> pl.DataFrame:
    """Base, mesures pérennes, non pérennes et dotation par département ou par famille."""
    return (
        result.frame.group_by(key)
        .agg(pl.len().alias("esms"), pl.col("capacite").sum().alias("places"),
             pl.col("base_reconductible").sum(),
             (pl.col("dotation_perenne") - pl.col("base_reconductible")).sum()
             .alias("mesures_perennes"),
             pl.col("dotation_non_perenne").sum().alias("non_perenne"),
             pl.col("dotation_totale").sum())
        .sort(key)
    )
