"""Actualisation des moyens existants [ROB24 §3].

Le taux est construit à partir d'un taux d'évolution de la masse salariale et d'un taux
d'évolution des prix, pondérés par la part conventionnelle de la masse salariale du secteur :
taux = poids × taux_masse_salariale + (1 − poids) × taux_effet_prix. En 2024 pour le secteur
PH : 0,75 × 0,5 % + 0,25 × 2,5 % = 1,00 %. L'actualisation d'un ESMS est sa base
reconductible × ce taux, arrondie à l'euro.
"""

from __future__ import annotations

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import EURO, RATE_DTYPE, expr_mul_rate_col

REFS = (Ref("ROB24", "§3"),)


def _taux(ctx: RuleContext) -> pl.Expr:
    poids = ctx.param_expr("poids_masse_salariale", "secteur")
    ms = ctx.param_expr("taux_masse_salariale")
    prix = ctx.param_expr("taux_effet_prix")
    one = pl.lit(1, dtype=RATE_DTYPE)
    return (poids * ms + (one - poids) * prix).cast(RATE_DTYPE)


TAUX_ACTUALISATION = Rule(
    name="taux_actualisation",
    label="Taux d'actualisation",
    references=REFS,
    compute=_taux,
    unit=Unit.taux,
    inputs=("secteur",),
    parameters={
        "poids_masse_salariale": "secteur",
        "taux_masse_salariale": None,
        "taux_effet_prix": None,
    },
    formula=(
        "part de la masse salariale × taux de la masse salariale "
        "+ (1 − part de la masse salariale) × taux des prix"
    ),
)


def _actualisation(ctx: RuleContext) -> pl.Expr:
    return expr_mul_rate_col(pl.col("base_reconductible"), pl.col("taux_actualisation"), EURO)


def _hors_regle_propre(ctx: RuleContext) -> pl.Expr:
    """Les ESAT ont leur propre actualisation les années où leurs plafonds s'appliquent."""
    from campagne.rules.esat import CAMPAGNES, ESAT

    if ctx.campaign.annee in CAMPAGNES:
        return ~pl.col("categorie").is_in(sorted(ESAT))
    return pl.lit(True)


ACTUALISATION = Rule(
    name="actualisation",
    label="Actualisation de la base",
    references=REFS,
    compute=_actualisation,
    inputs=("base_reconductible", "taux_actualisation"),
    formula="base reconductible × taux d'actualisation",
    rounding=EURO,
    nature=Nature.perenne,
    phase=1,
    applies=Applicability(
        condition=_hors_regle_propre,
        condition_label="ESMS hors ESAT (les ESAT relèvent de leur règle propre, ROB24 §5)",
    ),
)

RULES = (TAUX_ACTUALISATION, ACTUALISATION)
