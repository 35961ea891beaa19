"""Proposition de retenue temporaire quand l'activité réalisée est sous la cible du CPOM.

ROB24 annexe III : « En deçà, une retenue financière pourrait intervenir » ; §8 : « Retenue
temporaire en cas de non atteinte de la cible sauf circonstances exceptionnelles » ; §1 : « la
reprise de crédits temporaires à l'aune de la réalisation de l'activité en 2023 » (2de phase).

Le texte ne chiffre pas la retenue. Interprétation retenue (docs/activite.md) : la dotation
finance l'activité théorique ; chaque unité manquante sous la cible vaut le coût moyen d'une
unité théorique (dotation / activité théorique), et l'écart toléré entre la cible et 100 %
n'est pas repris :

    retenue = dotation × (activité cible − activité réalisée) / activité théorique

arrondie à l'euro (étape ``arrondi_euro``), plafonnée à la dotation. La dotation est la base
reconductible assurance maladie au 31/12 de N-1 (dotation pérenne de l'année dont
l'activité est évaluée). Les cibles étant fixées « dans le cadre des CPOM », aucune retenue
n'est proposée à un ESMS hors CPOM. La retenue n'est qu'une proposition : l'agent la confirme
ou y renonce avec un motif (:mod:`campagne.activity.decisions`).
"""

from __future__ import annotations

import polars as pl

from campagne.activity.norms import UNIT_LABELS
from campagne.activity.quantities import text
from campagne.money import EURO

PROPOSEE, ATTEINTE, HORS_CPOM, SANS_OBJET, SANS_BASE = (
    "proposee", "cible_atteinte", "hors_cpom", "sans_objet", "base_inconnue")
FORMULA = ("dotation × (activité cible − activité réalisée) / activité théorique, arrondie à "
           "l'euro, plafonnée à la dotation")


def _euros(cents: pl.Expr) -> pl.Expr:
    whole = (cents // 100).cast(pl.String)
    return pl.when(cents % 100 == 0).then(whole).otherwise(
        pl.format("{},{}", whole, (cents % 100).cast(pl.String).str.zfill(2)))


def retention_columns(frame: pl.DataFrame, theo: pl.Expr, target: pl.Expr) -> pl.DataFrame:
    """Ajoute ``retenue_proposee`` (centimes, positive), ``statut_retenue``, ``motif_retenue``
    et ``formule_retenue``. ``theo``/``target`` : activités théorique et cible en centièmes."""
    real = pl.col("_reel")
    base = pl.col("base_reconductible")
    below = (pl.col("statut") == "calculee") & (real < target)
    amount = pl.min_horizontal(
        EURO.expr_ratio(base.cast(pl.Int128) * (target - real).cast(pl.Int128), theo), base)
    status = (
        pl.when(pl.col("statut") != "calculee").then(pl.lit(SANS_OBJET))
        .when(~below).then(pl.lit(ATTEINTE))
        .when(~pl.col("cpom").fill_null(False)).then(pl.lit(HORS_CPOM))
        .when(base.is_null() | (base <= 0)).then(pl.lit(SANS_BASE))
        .otherwise(pl.lit(PROPOSEE))
    )
    reason = (
        pl.when(status == SANS_OBJET).then(pl.format("activité théorique {} : {}",
                                                     pl.col("statut"), pl.col("motif")))
        .when(status == ATTEINTE).then(pl.lit("cible atteinte : pas de retenue"))
        .when(status == HORS_CPOM).then(pl.lit(
            "ESMS hors CPOM : les cibles d'activité sont fixées dans le cadre des CPOM "
            "(ROB24 annexe III, §8) ; pas de retenue proposée"))
        .when(status == SANS_BASE).then(pl.lit(
            "base reconductible vide ou nulle : renseignez-la dans le portefeuille"))
        .otherwise(pl.lit("activité sous la cible : retenue temporaire proposée, à confirmer "
                          "ou à écarter avec un motif (circonstances exceptionnelles)"))
    )
    unit = pl.col("unite_activite").replace_strict(UNIT_LABELS, default="",
                                                   return_dtype=pl.String)
    formula = pl.format(
        "{} € × ({} − {}) / {} {} = {} € (arrondi à l'euro)", _euros(base), text(target),
        text(real), text(theo), unit, _euros(amount))
    proposed = status == PROPOSEE
    return frame.with_columns(
        pl.when(proposed).then(amount).alias("retenue_proposee"),
        status.alias("statut_retenue"),
        reason.alias("motif_retenue"),
        pl.when(proposed).then(formula).alias("formule_retenue"),
    )
