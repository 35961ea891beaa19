"""Mesures nouvelles : places installées dans l'année [ROB24 §1, §7].

Les crédits sont pérennes en année pleine (places × coût à la place) ; les mois où les
places n'étaient pas encore ouvertes font l'objet d'une reprise non pérenne de l'année, ce
qui revient à financer l'année au prorata des mois d'ouverture. Un mois d'installation compte
en entier si les places ouvrent le 1er, sinon le décompte part du mois suivant. Les places
installées jusqu'au 30 juin sont financées en première phase, les autres à l'automne.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import EURO

CAMPAGNES = frozenset({2024})
REFS = (Ref("ROB24", "§7"),)
PHASE_REFS = (Ref("ROB24", "§1"), Ref("ROB24", "§7"))
INPUTS = ("places_nouvelles", "cout_place_nouvelle", "date_installation", "ligne_plan")


def _installed_this_year(ctx: RuleContext) -> pl.Expr:
    year = ctx.campaign.annee
    return (pl.col("places_nouvelles").fill_null(0) > 0) & (
        pl.col("date_installation").dt.year() == year
    )


def _phase_condition(phase: int):  # type: ignore[no-untyped-def]
    def condition(ctx: RuleContext) -> pl.Expr:
        fin: dt.date = ctx.param("fin_premiere_phase")
        early = pl.col("date_installation") <= pl.lit(fin)
        return _installed_this_year(ctx) & (early if phase == 1 else ~early)

    return condition


def _annee_pleine(ctx: RuleContext) -> pl.Expr:
    return (pl.col("places_nouvelles") * pl.col("cout_place_nouvelle")).cast(pl.Int64)


def _mesure(phase: int) -> Rule:
    when = "installées au premier semestre" if phase == 1 else "installées au second semestre"
    return Rule(
        name=f"mesures_nouvelles_phase{phase}",
        label=f"Mesures nouvelles (places {when}), en année pleine",
        references=PHASE_REFS,
        compute=_annee_pleine,
        inputs=INPUTS,
        parameters={"fin_premiere_phase": None},
        applies=Applicability(
            campagnes=CAMPAGNES,
            condition=_phase_condition(phase),
            condition_label=f"places nouvelles {when} de l'année de campagne",
        ),
        formula="places nouvelles × coût à la place",
        nature=Nature.perenne,
        phase=phase,
    )


MESURES_PHASE1 = _mesure(1)
MESURES_PHASE2 = _mesure(2)


def _mois(ctx: RuleContext) -> pl.Expr:
    d = pl.col("date_installation")
    first_month = pl.when(d.dt.day() == 1).then(d.dt.month()).otherwise(d.dt.month() + 1)
    return (13 - first_month).clip(0, 12).cast(pl.Int64)


MOIS_OUVERTURE = Rule(
    name="mois_ouverture_places_nouvelles",
    label="Mois d'ouverture des places nouvelles dans l'année",
    references=REFS,
    compute=_mois,
    unit=Unit.nombre,
    inputs=("date_installation", "places_nouvelles"),
    applies=Applicability(campagnes=CAMPAGNES, condition=_installed_this_year,
                          condition_label="places nouvelles installées dans l'année"),
    formula="mois entiers du mois d'ouverture (ou du suivant si l'ouverture n'est pas le 1er) "
            "à décembre",
)


def _decalage(ctx: RuleContext) -> pl.Expr:
    annee_pleine = pl.col("places_nouvelles") * pl.col("cout_place_nouvelle")
    fermes = 12 - pl.col("mois_ouverture_places_nouvelles")
    return pl.lit(0, dtype=pl.Int64) - EURO.expr_ratio(annee_pleine * fermes, 12)


DECALAGE = Rule(
    name="reprise_mois_non_ouverts",
    label="Reprise des mois où les places nouvelles n'étaient pas ouvertes",
    references=REFS,
    compute=_decalage,
    inputs=("places_nouvelles", "cout_place_nouvelle", "mois_ouverture_places_nouvelles"),
    applies=Applicability(campagnes=CAMPAGNES, condition=_installed_this_year,
                          condition_label="places nouvelles installées dans l'année"),
    formula="− places nouvelles × coût à la place × (12 − mois d'ouverture) / 12",
    rounding=EURO,
    nature=Nature.non_perenne,
)

RULES = (MESURES_PHASE1, MESURES_PHASE2, MOIS_OUVERTURE, DECALAGE)
