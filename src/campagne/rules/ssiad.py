"""SSIAD [ROB24 §4] : taux de 1 % en première phase (règle d'actualisation commune), puis à
l'automne le pas de convergence d'1/5e vers le forfait global de soins cible 2027, le plancher
de la dotation pérenne 2022, et les montants forfaitaires CNSA pour les services de moins de
deux ans (et les extensions de capacité, quand l'ARS les y soumet)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl

from campagne.engine.rule import Applicability, Nature, Ref, Rule, RuleContext, Unit
from campagne.money import EURO, expr_mul_rate

SSIAD = frozenset({"354"})
CAMPAGNES = frozenset({2024})
REFS = (Ref("ROB24", "§4"),)
APPLIES = Applicability(campagnes=CAMPAGNES, categories=SSIAD)


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, 28))


def _nouveau(ctx: RuleContext) -> pl.Expr:
    months = int(Decimal(ctx.param("anciennete_reforme_ssiad")))
    limit = _months_before(ctx.campaign.date_reference, months)
    forfait = pl.col("ssiad_forfait_cnsa").is_not_null()
    return (pl.col("date_ouverture") > pl.lit(limit)) | forfait


NOUVEAU = Rule(
    name="ssiad_forfait_cnsa_applicable",
    label="Forfait fixé sur les montants forfaitaires CNSA (service de moins de deux ans ou "
          "extension)",
    references=REFS,
    compute=_nouveau,
    unit=Unit.booleen,
    inputs=("date_ouverture",),
    optional_inputs=("ssiad_forfait_cnsa",),
    parameters={"anciennete_reforme_ssiad": None},
    applies=APPLIES,
)

FORFAIT_PREMIERE_PHASE = Rule(
    name="forfait_ssiad_premiere_phase",
    label="Forfait de soins 2024 après la première phase",
    references=REFS,
    compute=lambda ctx: pl.col("base_reconductible") + pl.col("actualisation"),
    inputs=("base_reconductible", "actualisation"),
    applies=APPLIES,
    formula="base reconductible + actualisation (taux de 1 % délégué à tous les services)",
)

_ANCIEN = Applicability(
    campagnes=CAMPAGNES, categories=SSIAD,
    condition=lambda ctx: ~pl.col("ssiad_forfait_cnsa_applicable"),
    condition_label="service de plus de deux ans, hors montant forfaitaire CNSA",
)


def _pas(ctx: RuleContext) -> pl.Expr:
    fraction = Decimal(ctx.param("fraction_convergence_ssiad"))
    ecart = pl.col("ssiad_forfait_cible") - pl.col("forfait_ssiad_premiere_phase")
    return expr_mul_rate(ecart, fraction, EURO)


PAS_CONVERGENCE = Rule(
    name="pas_convergence_ssiad",
    label="Pas de convergence vers le forfait global de soins cible",
    references=REFS,
    compute=_pas,
    inputs=("ssiad_forfait_cible", "forfait_ssiad_premiere_phase", "ssiad_forfait_cnsa_applicable"),
    parameters={"fraction_convergence_ssiad": None},
    applies=_ANCIEN,
    formula="1/5 × (forfait global de soins cible − forfait de soins 2024)",
    rounding=EURO,
    nature=Nature.perenne,
    phase=2,
)


def _plancher(ctx: RuleContext) -> pl.Expr:
    apres = pl.col("forfait_ssiad_premiere_phase") + pl.col("pas_convergence_ssiad")
    return pl.max_horizontal(pl.col("ssiad_dotation_plancher") - apres, pl.lit(0)).cast(pl.Int64)


PLANCHER = Rule(
    name="plancher_ssiad",
    label="Maintien au niveau de la dotation pérenne 2022 (plancher)",
    references=REFS,
    compute=_plancher,
    inputs=("ssiad_dotation_plancher", "forfait_ssiad_premiere_phase", "pas_convergence_ssiad",
            "ssiad_forfait_cnsa_applicable"),
    applies=_ANCIEN,
    formula=(
        "si forfait 2024 + pas de convergence < dotation pérenne 2022 (hors coordination et "
        "financements complémentaires), complément jusqu'à ce montant ; sinon 0"
    ),
    nature=Nature.perenne,
    phase=2,
)

FORFAIT_CNSA = Rule(
    name="ajustement_forfait_cnsa_ssiad",
    label="Ajustement au montant forfaitaire CNSA",
    references=REFS,
    compute=lambda ctx: pl.col("ssiad_forfait_cnsa") - pl.col("forfait_ssiad_premiere_phase"),
    inputs=("ssiad_forfait_cnsa", "forfait_ssiad_premiere_phase", "ssiad_forfait_cnsa_applicable"),
    applies=Applicability(
        campagnes=CAMPAGNES, categories=SSIAD,
        condition=lambda ctx: pl.col("ssiad_forfait_cnsa_applicable"),
        condition_label="service de moins de deux ans ou extension de capacité",
    ),
    formula="montant forfaitaire CNSA − forfait de soins 2024 après la première phase",
    nature=Nature.perenne,
    phase=2,
)

RULES = (NOUVEAU, FORFAIT_PREMIERE_PHASE, PAS_CONVERGENCE, PLANCHER, FORFAIT_CNSA)
PERENNES = (PAS_CONVERGENCE, PLANCHER, FORFAIT_CNSA)
