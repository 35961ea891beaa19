"""Mesures de la seconde notification 2005 [C2005 §I] propres aux ESMS.

- SSIAD PH [§I.A] : places nouvelles à 10 026 € la place (coût annuel moyen) ; forfait
  plafond journalier par place, 39,45 € (public) ou 34,84 € (privé), sur l'année : la
  dotation qui le dépasse est écrêtée.
- Accord UCANSS du 30 novembre 2004 [§I.B.3, annexe III] : le coût du reclassement est
  notifié à titre reconductible, celui de la prime de 4 points à titre non reconductible.
- Remise à niveau prioritaire de 25 M€ [§I.C.1] et retour à l'équilibre de 30 M€ [§I.C.2] :
  montants accordés par décision (projets retenus), reconductibles (annexe I les compte dans
  l'enveloppe reconductible notifiée fin 2005).
"""

from __future__ import annotations

import calendar

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import EURO

CAMPAGNES = frozenset({2005})
SSIAD = frozenset({"354"})
REFS_SSIAD = (Ref("C2005", "§I.A"),)


def _new_ssiad_places(ctx: RuleContext) -> pl.Expr:
    return (pl.col("places_nouvelles").fill_null(0) > 0) & (
        pl.col("date_installation").dt.year() == ctx.campaign.annee)


MESURES_NOUVELLES_SSIAD = Rule(
    name="mesures_nouvelles_ssiad_ph",
    label="Places nouvelles de SSIAD pour personnes handicapées",
    references=REFS_SSIAD,
    compute=lambda ctx: (pl.col("places_nouvelles")
                         * ctx.param_expr("cout_place_ssiad_ph")).cast(pl.Int64),
    inputs=("places_nouvelles", "date_installation"),
    parameters={"cout_place_ssiad_ph": None},
    applies=Applicability(campagnes=CAMPAGNES, categories=SSIAD, condition=_new_ssiad_places,
                          condition_label="places de SSIAD installées dans l'année"),
    formula="places nouvelles × coût annuel moyen à la place",
    nature=Nature.perenne,
)


def _statut(ctx: RuleContext) -> pl.Expr:
    return pl.when(pl.col("statut_agregat") == "public").then(pl.lit("public")).otherwise(
        pl.lit("prive"))


STATUT_SSIAD = Rule(
    name="statut_ssiad",
    label="Statut retenu pour le forfait plafond (public ou privé)",
    references=REFS_SSIAD,
    compute=_statut,
    unit=Unit.texte,
    inputs=("statut_agregat",),
    applies=Applicability(campagnes=CAMPAGNES, categories=SSIAD),
)


def _plafond(ctx: RuleContext) -> pl.Expr:
    days = 366 if calendar.isleap(ctx.campaign.annee) else 365
    daily = ctx.param_expr("forfait_plafond_ssiad", "statut_ssiad")
    return EURO.expr_ratio(daily * pl.col("capacite") * days, 1)


PLAFOND_SSIAD = Rule(
    name="plafond_ssiad",
    label="Dotation plafond du SSIAD (forfait plafond journalier × places × jours de l'année)",
    references=REFS_SSIAD,
    compute=_plafond,
    inputs=("capacite", "statut_ssiad"),
    parameters={"forfait_plafond_ssiad": "statut_ssiad"},
    applies=Applicability(campagnes=CAMPAGNES, categories=SSIAD),
    formula="forfait plafond journalier (public ou privé) × places autorisées × jours de l'année",
    rounding=EURO,
)


def _ecretement(ctx: RuleContext) -> pl.Expr:
    avant = (pl.col("base_reconductible") + pl.col("actualisation").fill_null(0)
             + pl.col("mesures_nouvelles_ssiad_ph").fill_null(0))
    return pl.lit(0, dtype=pl.Int64) - pl.max_horizontal(avant - pl.col("plafond_ssiad"),
                                                         pl.lit(0)).cast(pl.Int64)


ECRETEMENT_SSIAD = Rule(
    name="ecretement_plafond_ssiad",
    label="Écrêtement au forfait plafond du SSIAD",
    references=REFS_SSIAD,
    compute=_ecretement,
    inputs=("base_reconductible", "plafond_ssiad"),
    optional_inputs=("actualisation", "mesures_nouvelles_ssiad_ph"),
    applies=Applicability(campagnes=CAMPAGNES, categories=SSIAD),
    formula="− max(0, base + mesure salariale + places nouvelles − dotation plafond)",
    nature=Nature.perenne,
)


def _amount_rule(name: str, label: str, column: str, ref: Ref, nature: Nature,
                 decision: bool) -> Rule:
    return Rule(
        name=name,
        label=label,
        references=(ref,),
        compute=lambda ctx: pl.col(column),
        inputs=(column,),
        decisions=(column,) if decision else (),
        applies=Applicability(
            campagnes=CAMPAGNES,
            condition=lambda ctx: pl.col(column).fill_null(0) != 0,
            condition_label="montant notifié à l'ESMS",
        ),
        formula=("montant accordé par décision" if decision
                 else "montant notifié à l'ESMS (annexe III)"),
        nature=nature,
    )


UCANSS_RECLASSEMENT = _amount_rule(
    "ucanss_reclassement_2005", "Accord UCANSS : coût du reclassement (reconductible)",
    "ucanss_reclassement", Ref("C2005", "§I.B.3"), Nature.perenne, decision=False)
UCANSS_PRIME = _amount_rule(
    "ucanss_prime_2005", "Accord UCANSS : prime de 4 points (non reconductible)",
    "ucanss_prime", Ref("C2005", "§I.B.3"), Nature.non_perenne, decision=False)
REMISE_A_NIVEAU = _amount_rule(
    "remise_a_niveau_2005", "Remise à niveau prioritaire : renforcement de personnel (25 M€)",
    "remise_a_niveau_accordee", Ref("C2005", "§I.C.1"), Nature.perenne, decision=True)
RETOUR_EQUILIBRE = _amount_rule(
    "retour_equilibre_2005", "Retour à l'équilibre des ESMS structurellement en difficulté",
    "retour_equilibre_accorde", Ref("C2005", "§I.C.2"), Nature.perenne, decision=True)

RULES = (MESURES_NOUVELLES_SSIAD, STATUT_SSIAD, PLAFOND_SSIAD, ECRETEMENT_SSIAD,
         UCANSS_RECLASSEMENT, UCANSS_PRIME, REMISE_A_NIVEAU, RETOUR_EQUILIBRE)
PERENNES = (MESURES_NOUVELLES_SSIAD, ECRETEMENT_SSIAD, UCANSS_RECLASSEMENT, REMISE_A_NIVEAU,
            RETOUR_EQUILIBRE)
NON_PERENNES = (UCANSS_PRIME,)
