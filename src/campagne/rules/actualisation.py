"""Actualisation des moyens existants, une variante par campagne.

- 2024 [ROB24 §3] : taux = poids × taux_masse_salariale + (1 − poids) × taux_effet_prix ;
  PH : 0,75 × 0,5 % + 0,25 × 2,5 % = 1,00 %. Les ESAT ont leur règle propre (§5).
- 2010 [C2010 §4.2] : masse salariale +1,20 %, autres charges +1,2 %, celles-ci pesant 25 %
  des budgets PH et 11 % des budgets PA : 1,20 % dans les deux secteurs. Les EHPAD ont leur
  règle propre (convergence tarifaire, annexe VI). Le GVT par convention collective
  (annexe X) est monté à titre indicatif : il est compris dans le 1,20 %.
- 2005 [C2005 §I.B.1] : la mesure salariale générale complémentaire, +0,3 % de la masse
  salariale en année pleine, soit 0,23 % en masse budgétaire, appliqué à la base.

L'actualisation d'un ESMS est sa base reconductible × le taux, arrondie à l'euro.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import EURO, RATE_DTYPE, expr_mul_rate_col

ESAT = frozenset({"246"})
EHPAD = frozenset({"500"})
AJ_AUTONOME = frozenset({"207"})


def _taux(ctx: RuleContext) -> pl.Expr:
    poids = ctx.param_expr("poids_masse_salariale", "secteur")
    ms = ctx.param_expr("taux_masse_salariale")
    prix = ctx.param_expr("taux_effet_prix")
    one = pl.lit(1, dtype=RATE_DTYPE)
    return (poids * ms + (one - poids) * prix).cast(RATE_DTYPE)


TAUX_ACTUALISATION = Rule(
    name="taux_actualisation",
    label="Taux d'actualisation",
    references=(Ref("ROB24", "§3"),),
    compute=_taux,
    unit=Unit.taux,
    inputs=("secteur",),
    parameters={
        "poids_masse_salariale": "secteur",
        "taux_masse_salariale": None,
        "taux_effet_prix": None,
    },
    applies=Applicability(campagnes=frozenset({2024})),
    formula=(
        "part de la masse salariale × taux de la masse salariale "
        "+ (1 − part de la masse salariale) × taux des prix"
    ),
)

TAUX_ACTUALISATION_2010 = replace(
    TAUX_ACTUALISATION,
    label="Taux de reconduction des moyens (référence de budgétisation)",
    references=(Ref("C2010", "§4.2.1"), Ref("C2010", "§4.2.2")),
    applies=Applicability(campagnes=frozenset({2010})),
    formula=(
        "part des charges de personnel × taux de la masse salariale + part des autres charges "
        "× taux des autres charges (références de budgétisation, C2010 §4.2.2)"
    ),
)

TAUX_ACTUALISATION_2005 = Rule(
    name="taux_actualisation",
    label="Taux de la mesure salariale générale complémentaire (en masse budgétaire)",
    references=(Ref("C2005", "§I.B.1"),),
    compute=lambda ctx: ctx.param_expr("taux_mesure_salariale_complementaire"),
    unit=Unit.taux,
    parameters={"taux_mesure_salariale_complementaire": None},
    applies=Applicability(campagnes=frozenset({2005})),
    formula="+0,3 % de la masse salariale en année pleine, soit 0,23 % de la masse budgétaire",
)


def _actualisation(ctx: RuleContext) -> pl.Expr:
    return expr_mul_rate_col(pl.col("base_reconductible"), pl.col("taux_actualisation"), EURO)


def _except(categories: frozenset[str]):  # type: ignore[no-untyped-def]
    return lambda ctx: ~pl.col("categorie").is_in(sorted(categories))


ACTUALISATION = Rule(
    name="actualisation",
    label="Actualisation de la base",
    references=(Ref("ROB24", "§3"),),
    compute=_actualisation,
    inputs=("base_reconductible", "taux_actualisation"),
    formula="base reconductible × taux d'actualisation",
    rounding=EURO,
    nature=Nature.perenne,
    phase=1,
    applies=Applicability(
        campagnes=frozenset({2024}),
        condition=_except(ESAT),
        condition_label="ESMS hors ESAT (les ESAT relèvent de leur règle propre, ROB24 §5)",
    ),
)

ACTUALISATION_2010 = replace(
    ACTUALISATION,
    label="Reconduction des moyens",
    references=(Ref("C2010", "§4.2"),),
    phase=None,
    applies=Applicability(
        campagnes=frozenset({2010}),
        condition=_except(EHPAD | AJ_AUTONOME),
        condition_label=("ESMS hors EHPAD (convergence tarifaire, C2010 annexe VI) et hors "
                         "accueils de jour autonomes (forfait soins, C2010 annexe I)"),
    ),
)

def _actualisation_2005(ctx: RuleContext) -> pl.Expr:
    # Annexe I : le 0,23 % porte sur l'enveloppe reconductible augmentée du reclassement UCANSS
    # (Aquitaine : (350 191 442 + 273 279) × 0,23 % = 806 069 €, le montant publié).
    assiette = pl.col("base_reconductible") + pl.col("ucanss_reclassement").fill_null(0)
    return expr_mul_rate_col(assiette, pl.col("taux_actualisation"), EURO)


ACTUALISATION_2005 = replace(
    ACTUALISATION,
    label="Mesure salariale générale complémentaire",
    references=(Ref("C2005", "§I.B.1"), Ref("C2005", "annexe I")),
    compute=_actualisation_2005,
    optional_inputs=("ucanss_reclassement",),
    formula=("(base reconductible + reclassement UCANSS reconductible) × 0,23 % (mesure "
             "salariale complémentaire en masse budgétaire)"),
    phase=None,
    applies=Applicability(campagnes=frozenset({2005})),
)


def _regime(ctx: RuleContext) -> pl.Expr:
    return (pl.when(pl.col("fonction_publique") == "FPH").then(pl.lit("FPH"))
            .otherwise(pl.col("convention_collective")))


REGIME_SALARIAL = Rule(
    name="regime_salarial",
    label="Régime salarial (convention collective, ou FPH)",
    references=(Ref("C2010", "annexe X"),),
    compute=_regime,
    unit=Unit.texte,
    optional_inputs=("fonction_publique", "convention_collective"),
    applies=Applicability(
        campagnes=frozenset({2010}),
        condition=lambda ctx: (pl.col("fonction_publique") == "FPH")
        | pl.col("convention_collective").is_not_null(),
        condition_label="ESMS de la FPH ou sous convention collective",
    ),
    formula="« FPH » pour la fonction publique hospitalière, sinon la convention collective",
)

GVT = Rule(
    name="gvt_previsionnel",
    label="GVT prévisionnel national (indicatif, compris dans le taux de masse salariale)",
    references=(Ref("C2010", "annexe X"), Ref("C2010", "§4.2.1")),
    compute=lambda ctx: ctx.param_expr("gvt_previsionnel", "regime_salarial"),
    unit=Unit.taux,
    inputs=("regime_salarial",),
    parameters={"gvt_previsionnel": "regime_salarial"},
    applies=Applicability(
        campagnes=frozenset({2010}),
        condition=lambda ctx: pl.col("regime_salarial").is_in(
            ctx.params.get("gvt_previsionnel").decl.cles or []),
        condition_label="ESMS sous une convention collective de l'annexe X, ou de la FPH",
    ),
    formula="GVT national de la convention collective (C2010 annexe X) ; FPH 0,3 % (§4.2.1)",
)

RULES = (TAUX_ACTUALISATION, TAUX_ACTUALISATION_2010, TAUX_ACTUALISATION_2005,
         ACTUALISATION, ACTUALISATION_2010, ACTUALISATION_2005, REGIME_SALARIAL, GVT)
PERENNES = (ACTUALISATION, ACTUALISATION_2010, ACTUALISATION_2005)
