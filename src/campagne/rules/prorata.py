"""Étapes de répartition au prorata des bases : l'assiette (somme des bases de l'ensemble
éligible) est une étape nommée, la part de chaque ESMS une autre, calculée par
``allocate`` à l'euro avec total exact (plus forts restes)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from campagne.allocation import EURO as ALLOC_EURO
from campagne.allocation import allocate
from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext
from campagne.money import EURO

Condition = Callable[[RuleContext], pl.Expr]


def prorata_rules(
    name: str,
    label: str,
    refs: tuple[Ref, ...],
    envelope_param: str,
    applies: Applicability,
    eligible: Condition,
    eligible_label: str,
    inputs: tuple[str, ...] = (),
    phase: int = 1,
    parameters: dict[str, str | None] | None = None,
) -> tuple[Rule, Rule]:
    """(assiette, part) pour une enveloppe partagée au prorata de la base reconductible."""
    assiette_name = f"assiette_{name}"

    def mask(ctx: RuleContext) -> pl.Expr:
        cond = applies.condition(ctx) if applies.condition else pl.lit(True)
        return (cond & eligible(ctx)).fill_null(False)

    def assiette(ctx: RuleContext) -> pl.Expr:
        return pl.col("base_reconductible").filter(mask(ctx)).sum().cast(pl.Int64)

    def share(ctx: RuleContext) -> pl.Series:
        frame = ctx.frame.with_row_index("__i").filter(mask(ctx))
        out = pl.Series(name, [0] * ctx.frame.height, dtype=pl.Int64)
        if frame.height == 0:
            return out
        envelope = ctx.param_cents(envelope_param)
        alloc = allocate(envelope, frame["base_reconductible"].to_list(), unit=ALLOC_EURO,
                         keys=frame["finess"].to_list())
        return out.scatter(frame["__i"].to_list(), list(alloc.shares))

    assiette_rule = Rule(
        name=assiette_name,
        label=f"Assiette : somme des bases des ESMS éligibles ({eligible_label})",
        references=refs,
        compute=assiette,
        inputs=("base_reconductible", *inputs),
        parameters=dict(parameters or {}),
        applies=applies,
        formula=f"somme des bases reconductibles des ESMS de la région : {eligible_label}",
    )
    share_rule = Rule(
        name=name,
        label=label,
        references=refs,
        compute=share,
        inputs=("base_reconductible", assiette_name, *inputs),
        parameters={envelope_param: None, **(parameters or {})},
        applies=applies,
        formula=(f"enveloppe × base de l'ESMS / assiette, si {eligible_label} ; sinon 0 — "
                 "parts arrondies à l'euro au plus fort reste, total exact"),
        rounding=EURO,
        nature=Nature.perenne,
        phase=phase,
    )
    return assiette_rule, share_rule
