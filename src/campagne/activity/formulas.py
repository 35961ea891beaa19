"""Les formules de l'annexe III du ROB 2024, en expressions polars exactes (centièmes).

Chaque norme donne : la valeur (centièmes d'unité, ``Int64``), la formule chiffrée lisible
par ESMS, le motif d'une donnée manquante (ou ``null``) et ses références.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from campagne.activity.norms import ActivityNorms, Norm
from campagne.activity.quantities import HUNDREDTH, HUNDREDTHS, decimal_text, scaled, text
from campagne.money import format_rate, rate_fraction


@dataclass(frozen=True)
class NormExpr:
    value: pl.Expr
    formula: pl.Expr
    missing: pl.Expr
    references: str


_FIX = {
    "capacite": "renseignez la capacité autorisée dans le portefeuille",
    "jours_ouverture": "renseignez le nombre de jours d'ouverture dans le portefeuille",
    "semaines_ouverture": "renseignez le nombre de semaines d'ouverture dans le portefeuille",
}


def _missing(*fields: str) -> pl.Expr:
    expr = pl.lit(None, pl.String)
    for f in reversed(fields):
        expr = pl.when(pl.col(f).is_null()).then(
            pl.lit(f"« {f} » vide : {_FIX[f]}")).otherwise(expr)
    return expr


def _euros(cents: pl.Expr) -> pl.Expr:
    whole = (cents // 100).cast(pl.String)
    return pl.when(cents % 100 == 0).then(whole).otherwise(
        pl.format("{},{}", whole, (cents % 100).cast(pl.String).str.zfill(2)))


def _s(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.String)


def _days_norm(norms: ActivityNorms, minimum: str | None, refs: str) -> NormExpr:
    """capacité autorisée × journées d'ouverture (au moins le minimum de la norme)."""
    cap, days = pl.col("capacite"), pl.col("jours_ouverture")
    if minimum is None:  # MAS et EAM : 365 jours, quelle que soit l'ouverture déclarée
        fixed = norms.whole("activite_jours_mas_eam")
        value = cap * fixed * HUNDREDTHS
        formula = pl.format("{} places × {} jours = {} journées", _s(cap), pl.lit(str(fixed)),
                            text(value))
        return NormExpr(value, formula, _missing("capacite"), refs)
    floor = norms.whole(minimum)
    kept = pl.max_horizontal(days, pl.lit(floor, pl.Int64))
    value = cap * kept * HUNDREDTHS
    formula = pl.format("{} places × {} jours d'ouverture retenus (déclarés : {} ; minimum : {}) "
                        "= {} journées", _s(cap), _s(kept), _s(days), pl.lit(str(floor)),
                        text(value))
    return NormExpr(value, formula, _missing("capacite", "jours_ouverture"), refs)


def _sessad(norms: ActivityNorms, refs: str) -> NormExpr:
    acts = norms.dec("activite_actes_directs_semaine_sessad")
    floor = norms.whole("activite_semaines_min_sessad")
    cap, weeks = pl.col("capacite"), pl.col("semaines_ouverture")
    kept = pl.max_horizontal(weeks, pl.lit(floor, pl.Int64))
    value = scaled(cap * kept * HUNDREDTHS, acts)
    formula = pl.format("{} actes directs × {} semaines d'ouverture retenues (déclarées : {} ; "
                        "minimum : {}) × {} places = {} actes", pl.lit(decimal_text(acts)),
                        _s(kept), _s(weeks), pl.lit(str(floor)), _s(cap), text(value))
    return NormExpr(value, formula, _missing("capacite", "semaines_ouverture"), refs)


def _per_cost(norms: ActivityNorms, cost: str, raise_: str, what: str, refs: str) -> NormExpr:
    """dotation / coût moyen médian 2017-2019 (réévalué si le CPOM le prévoit)."""
    cost_cents = norms.cents(cost)
    num, den = rate_fraction(1 + norms.dec(raise_))
    raised = pl.col("majoration_segur").fill_null(False)
    given = pl.col("dotation_globale").is_not_null()
    dotation = pl.coalesce("dotation_globale", "base_reconductible")
    plain = HUNDREDTH.expr_ratio(dotation * HUNDREDTHS, cost_cents)
    boosted = HUNDREDTH.expr_ratio(dotation.cast(pl.Int128) * HUNDREDTHS * den, cost_cents * num)
    value = pl.when(raised).then(boosted).otherwise(plain)
    origin = pl.when(given).then(pl.lit("dotation globale compilée des conditions CPOM")) \
        .otherwise(pl.lit("base reconductible assurance maladie"))
    cost_text = pl.when(raised).then(pl.lit(
        f"({decimal_text(norms.dec(cost))} € × (1 + {format_rate(norms.dec(raise_))}) "
        "réévaluation du CPOM)")).otherwise(pl.lit(f"{decimal_text(norms.dec(cost))} €"))
    formula = pl.format("dotation {} € ({}) / {} par {} = {} {}s", _euros(dotation), origin,
                        cost_text, pl.lit(what), text(value), pl.lit(what))
    missing = pl.when(dotation.is_null()).then(pl.lit(
        "dotation inconnue : renseignez base_reconductible dans le portefeuille ou "
        "dotation_globale dans les conditions CPOM"))
    return NormExpr(value, formula, missing, refs)


def _platform_ua(norms: ActivityNorms, refs: str) -> NormExpr:
    per_place = norms.dec("activite_ua_semaine_plateforme")
    per_bed = norms.dec("activite_ua_hebergement_semaine_plateforme")
    # L'hébergement d'une plateforme : ses places d'hébergement et d'internat.
    beds = pl.col("capacite_hebergement").fill_null(0) + pl.col("capacite_internat").fill_null(0)
    others = pl.col("capacite") - beds
    weeks = pl.col("semaines_ouverture")
    value = scaled(others * weeks * HUNDREDTHS, per_place) + scaled(beds * weeks * HUNDREDTHS,
                                                                    per_bed)
    formula = pl.format("({} places hors hébergement × {} semaines × {} UA) + ({} places en "
                        "hébergement × {} semaines × {} UA) = {} UA", _s(others), _s(weeks),
                        pl.lit(decimal_text(per_place)), _s(beds), _s(weeks),
                        pl.lit(decimal_text(per_bed)), text(value))
    missing = pl.when(others < 0).then(pl.lit(
        "places d'hébergement et d'internat supérieures à la capacité autorisée : corrigez "
        "capacite_hebergement ou capacite_internat dans le portefeuille")).otherwise(
        _missing("capacite", "semaines_ouverture"))
    return NormExpr(value, formula, missing, refs)


def _platform_file_active(norms: ActivityNorms, refs: str) -> NormExpr:
    coef = norms.dec("plateforme_coefficient_file_active")
    value = scaled(pl.col("capacite") * HUNDREDTHS, coef)
    formula = pl.format("{} places × {} = {} personnes en file active", _s(pl.col("capacite")),
                        pl.lit(decimal_text(coef)), text(value))
    return NormExpr(value, formula, _missing("capacite"), refs)


def norm_expressions(norms: ActivityNorms) -> dict[Norm, NormExpr]:
    c = norms.citations
    cat = c["activite_norme_categorie"]
    return {
        Norm.etablissement_enfants: _days_norm(norms, "activite_jours_min_enfants",
                                               f"{cat} {c['activite_jours_min_enfants']}"),
        Norm.esat_esrp: _days_norm(norms, "activite_jours_min_esat_esrp",
                                   f"{cat} {c['activite_jours_min_esat_esrp']}"),
        Norm.samsah: _days_norm(norms, "activite_jours_min_samsah",
                                f"{cat} {c['activite_jours_min_samsah']}"),
        Norm.mas_eam: _days_norm(norms, None, f"{cat} {c['activite_jours_mas_eam']}"),
        Norm.sessad: _sessad(norms, f"{cat} {c['activite_actes_directs_semaine_sessad']}"),
        Norm.camsp: _per_cost(norms, "activite_cout_intervention_camsp",
                              "activite_majoration_cout_camsp", "intervention",
                              f"{cat} {c['activite_cout_intervention_camsp']}"),
        Norm.cmpp: _per_cost(norms, "activite_cout_acte_cmpp", "activite_majoration_cout_cmpp",
                             "acte", f"{cat} {c['activite_cout_acte_cmpp']}"),
        Norm.plateforme_ua: _platform_ua(norms, c["activite_ua_semaine_plateforme"]),
        Norm.plateforme_file_active: _platform_file_active(
            norms, c["plateforme_coefficient_file_active"]),
    }
