"""Amendement Creton [ROB24 annexe II] : pour un organisme gestionnaire sous CPOM, la part
maladie versée est la dotation globalisée commune moins les recettes Creton facturées (et non
nécessairement perçues) aux conseils départementaux en N-1, déclarées à l'annexe 4C et
comptabilisées au compte 7312132. La reprise est une variation temporaire de la dotation."""

from __future__ import annotations

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule

REPRISE_CRETON = Rule(
    name="reprise_creton",
    label="Reprise des recettes Creton facturées en N-1",
    references=(Ref("ROB24", "annexe II"),),
    compute=lambda ctx: pl.lit(0, dtype=pl.Int64) - pl.col("recettes_creton_n1"),
    inputs=("recettes_creton_n1", "cpom"),
    applies=Applicability(
        campagnes=frozenset({2024}),
        condition=lambda ctx: pl.col("cpom").fill_null(False)
        & (pl.col("recettes_creton_n1").fill_null(0) > 0),
        condition_label="organisme sous CPOM ayant facturé des recettes Creton en N-1",
    ),
    formula="part maladie = dotation globalisée commune − recettes Creton facturées aux "
    "conseils départementaux en N-1 (annexe 4C)",
    nature=Nature.non_perenne,
    phase=1,
)

RULES = (REPRISE_CRETON,)
