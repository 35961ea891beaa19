"""Cibles d'activité des CPOM [ROB24 annexe III et §8].

« Des cibles d'activités minimales sont fixées dans le cadre des CPOM : 90 % de l'activité
théorique pour les établissements, 80 % pour l'accueil temporaire et 100 % pour les
services. […] La négociation du CPOM permettra […] de fixer une trajectoire visant à
atteindre la cible. »

Choix documenté : un établissement qui a des places d'accueil temporaire
(``capacite_accueil_temporaire``, comprises dans ``capacite``) a une cible au prorata de ses
places, 90 % pour les places permanentes et 80 % pour l'accueil temporaire ; une trajectoire
de montée en charge du CPOM (``cible_cpom`` des conditions) remplace la cible régionale.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from campagne.activity.norms import ActivityNorms
from campagne.activity.quantities import HUNDREDTH, text
from campagne.money import RATE_DTYPE, RATE_SCALE, format_rate

SCALE = 10**RATE_SCALE


def _int12(rate: Decimal) -> int:
    return int(rate * SCALE)


def _pct(rate12: pl.Expr) -> pl.Expr:
    """Taux (en 10⁻¹² entiers) écrit en pourcentage à deux décimales au plus : « 85,5 % »."""
    return pl.format("{} %", text(rate12 // (SCALE // 10_000)))


def target_columns(frame: pl.DataFrame, norms: ActivityNorms | None) -> pl.DataFrame:
    """Ajoute ``taux_cible`` (décimal exact), ``origine_cible`` et ``_cible`` (centièmes)."""
    ok = pl.col("statut") == "calculee"
    if norms is None:
        return frame.with_columns(pl.lit(None, RATE_DTYPE).alias("taux_cible"),
                                  pl.lit(None, pl.String).alias("origine_cible"),
                                  pl.lit(None, pl.Int64).alias("_cible"))
    est = norms.dec("activite_taux_cible_etablissement")
    temp = norms.dec("activite_taux_cible_accueil_temporaire")
    serv = norms.dec("activite_taux_cible_service")
    cap = pl.col("capacite").cast(pl.Int128)
    temporary = pl.min_horizontal(pl.col("capacite_accueil_temporaire").fill_null(0),
                                  pl.col("capacite")).cast(pl.Int128)
    # Cible d'un établissement au prorata de ses places : Σ taux × places / capacité.
    blend_num = pl.lit(_int12(est), pl.Int128) * (cap - temporary) \
        + pl.lit(_int12(temp), pl.Int128) * temporary
    contract = (pl.col("cible_cpom").cast(RATE_DTYPE) * SCALE).cast(pl.Int128)
    has_contract = pl.col("cible_cpom").is_not_null()
    service = pl.col("nature") == "service"
    mixed = temporary > 0
    rate12 = (
        pl.when(has_contract).then(contract)
        .when(service).then(pl.lit(_int12(serv), pl.Int128))
        .when(mixed).then(HUNDREDTH.expr_ratio(blend_num, cap).cast(pl.Int128))
        .otherwise(pl.lit(_int12(est), pl.Int128))
    )
    target = (
        pl.when(has_contract | service | ~mixed)
        .then(HUNDREDTH.expr_ratio(pl.col("_theo").cast(pl.Int128) * rate12, SCALE))
        .otherwise(HUNDREDTH.expr_ratio(pl.col("_theo").cast(pl.Int128) * blend_num, cap * SCALE))
    )
    c = norms.citations
    origin = (
        pl.when(has_contract).then(pl.format("trajectoire du CPOM : {}", _pct(contract)))
        .when(service).then(pl.lit(f"cible régionale des services : {format_rate(serv)} "
                                   f"{c['activite_taux_cible_service']}"))
        .when(mixed & (temporary == cap)).then(pl.lit(
            f"cible régionale de l'accueil temporaire : {format_rate(temp)} "
            f"{c['activite_taux_cible_accueil_temporaire']}"))
        .when(mixed).then(pl.format(
            "cible régionale au prorata des places : {} pour {} places, {} pour {} places "
            "d'accueil temporaire {} {}", pl.lit(format_rate(est)),
            (cap - temporary).cast(pl.String), pl.lit(format_rate(temp)),
            temporary.cast(pl.String), pl.lit(c["activite_taux_cible_etablissement"]),
            pl.lit(c["activite_taux_cible_accueil_temporaire"])))
        .otherwise(pl.lit(f"cible régionale des établissements : {format_rate(est)} "
                          f"{c['activite_taux_cible_etablissement']}"))
    )
    return frame.with_columns(
        pl.when(ok).then(rate12.cast(RATE_DTYPE) / SCALE).alias("taux_cible"),
        pl.when(ok).then(origin).alias("origine_cible"),
        pl.when(ok).then(target).alias("_cible"),
    )
