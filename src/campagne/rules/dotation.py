"""La dotation de l'année : base reconductible + mesures pérennes, puis mesures non pérennes.

Une mesure non applicable à un ESMS n'y contribue pas ; l'explication le montre comme
« non applicable » avec son motif, jamais comme un 0 caché.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from campagne.engine.rule import Nature, Ref, Rule, RuleContext

REFS = (Ref("ROB24", "§1"),)


def _sum(parts: tuple[str, ...], base: str | None = None):  # type: ignore[no-untyped-def]
    def compute(ctx: RuleContext) -> pl.Expr:
        total = pl.col(base) if base else pl.lit(0, dtype=pl.Int64)
        for p in parts:
            if p in ctx.frame.columns:  # les étapes des autres campagnes n'ont pas de colonne
                total = total + pl.col(p).fill_null(0)
        return total.cast(pl.Int64)

    return compute


def dotation_rules(
    perennes_rules: Sequence[Rule], non_perennes_rules: Sequence[Rule]
) -> tuple[Rule, ...]:
    """Les trois totaux, à partir des étapes pérennes et non pérennes de la campagne."""
    # Une étape peut avoir une variante par campagne (même nom) : un seul nom par étape.
    perennes = tuple(dict.fromkeys(r.name for r in perennes_rules))
    non_perennes = tuple(dict.fromkeys(r.name for r in non_perennes_rules))
    perenne = Rule(
        name="dotation_perenne",
        label="Dotation pérenne de l'année",
        references=REFS,
        compute=_sum(perennes, "base_reconductible"),
        inputs=("base_reconductible",),
        optional_inputs=perennes,
        formula="base reconductible + mesures pérennes de l'année applicables à l'ESMS",
        nature=Nature.perenne,
    )
    non_perenne = Rule(
        name="dotation_non_perenne",
        label="Crédits non pérennes de l'année",
        references=REFS,
        compute=_sum(non_perennes),
        optional_inputs=non_perennes,
        formula="somme des crédits non pérennes (et reprises temporaires) de l'année",
        nature=Nature.non_perenne,
    )
    totale = Rule(
        name="dotation_totale",
        label="Dotation totale de l'année",
        references=REFS,
        compute=_sum(("dotation_non_perenne",), "dotation_perenne"),
        inputs=("dotation_perenne", "dotation_non_perenne"),
        formula="dotation pérenne + crédits non pérennes",
    )
    return perenne, non_perenne, totale
