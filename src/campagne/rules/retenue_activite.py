"""Retenue temporaire pour activité inférieure à la cible du CPOM [ROB24 §1, §8, annexe III].

ROB24 §1 range parmi les mesures non pérennes de la 2de phase (automne 2024) « la reprise de
crédits temporaires à l'aune de la réalisation de l'activité en 2023 » ; §8 : « retenue
temporaire en cas de non atteinte de la cible sauf circonstances exceptionnelles » ; annexe
III : « en deçà, une retenue financière pourrait intervenir ». La retenue est proposée par
:mod:`campagne.activity` et n'entre dans la campagne qu'une fois confirmée par l'agent : la
règle lit la colonne de décision ``retenue_activite_confirmee`` (centimes, négatifs), absente
= rien de décidé. Elle ne touche jamais la base reconductible (nature non pérenne).
"""

from __future__ import annotations

import polars as pl

from campagne.activity.decisions import CONFIRMED_COLUMN
from campagne.engine.rule import Applicability, Nature, Ref, Rule

RETENUE_ACTIVITE = Rule(
    name="retenue_activite",
    label="Retenue temporaire pour activité 2023 inférieure à la cible du CPOM",
    references=(Ref("ROB24", "§1"), Ref("ROB24", "§8"), Ref("ROB24", "annexe III")),
    compute=lambda ctx: pl.col(CONFIRMED_COLUMN),
    inputs=(CONFIRMED_COLUMN,),
    decisions=(CONFIRMED_COLUMN,),
    applies=Applicability(
        campagnes=frozenset({2024}),
        condition=lambda ctx: pl.col(CONFIRMED_COLUMN).fill_null(0) != 0,
        condition_label="retenue d'activité confirmée par l'agent",
    ),
    formula="− dotation × (activité cible − activité réalisée) / activité théorique, arrondie "
    "à l'euro, confirmée par l'agent (non reconductible)",
    nature=Nature.non_perenne,
    phase=2,
)

RULES = (RETENUE_ACTIVITE,)
