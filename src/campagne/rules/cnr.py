"""Les CNR accordés (nationaux et régionaux) : crédits non pérennes de l'année, qui
n'entrent jamais dans la base reconductible [ROB24 §10]."""

from __future__ import annotations

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule

_CNR = (
    ("cnr_gratification_stages", "CNR national — gratification des stages",
     "cnr_accordes_gratification_stages", Ref("ROB24", "§10.1")),
    ("cnr_permanents_syndicaux", "CNR national — permanents syndicaux",
     "cnr_accordes_permanents_syndicaux", Ref("ROB24", "§10.1")),
    ("cnr_regionaux", "CNR régionaux accordés après instruction des demandes",
     "cnr_accordes_regionaux", Ref("ROB24", "§10.2")),
)


def _rule(name: str, label: str, column: str, ref: Ref) -> Rule:
    return Rule(
        name=name,
        label=label,
        references=(ref,),
        compute=lambda ctx: pl.col(column),
        inputs=(column,),
        decisions=(column,),
        applies=Applicability(
            campagnes=frozenset({2024}),
            condition=lambda ctx: pl.col(column).fill_null(0) != 0,
            condition_label="CNR accordé à l'ESMS",
        ),
        formula="montant accordé après instruction de la demande (non reconductible)",
        nature=Nature.non_perenne,
        phase=2,
    )


RULES = tuple(_rule(*spec) for spec in _CNR)
GRANT_INPUTS = tuple(spec[2] for spec in _CNR)
