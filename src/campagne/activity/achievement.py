"""Activité réalisée, taux de réalisation et écart à la cible, ESMS par ESMS.

Décompte des journées [C2005 annexe VII] : une semaine d'internat complet compte sept
jours, une semaine d'internat continu (du lundi soir au vendredi soir) cinq ; s'y ajoutent
les journées d'internat, de semi-internat, d'externat et les autres journées (ESAT,
SAMSAH…). Les autres unités se lisent telles quelles : actes (CMPP : un par enfant présent ;
SESSAD : actes directs), interventions (CAMSP), UA et file active (plateformes).

Le rapport n'est accepté que si chaque ESMS a une activité théorique calculable et déclare
l'unité de sa norme : sinon, toutes les erreurs d'un coup, et rien d'importé.
"""

from __future__ import annotations

import polars as pl

from campagne.activity.errors import ActivityError, ActivityIssue
from campagne.activity.norms import UNIT_LABELS
from campagne.activity.quantities import HUNDREDTHS, as_decimal, text, to_hundredths
from campagne.activity.retention import retention_columns
from campagne.activity.theoretical import A_COMPLETER, CALCULEE
from campagne.engine.rule import Campaign
from campagne.money import RATE_DTYPE, Rounding
from campagne.params import ParameterSet

RATE_STEP = Rounding("arrondi_taux_realisation",
                     "taux de réalisation arrondi au centième de point (demi supérieur)", 1)
RATE_DIGITS = 10_000  # centièmes de point
_DAY_FIELDS = "journees_internat, semaines_internat_complet, semaines_internat_continu, " \
    "journees_semi_internat, journees_externat ou journees_autres"


def _days(params: ParameterSet, campaign: Campaign) -> tuple[pl.Expr, pl.Expr]:
    """Journées réalisées (centièmes) et leur détail, règles de la semaine de 7 et 5 jours."""
    at = campaign.at()
    full = params.resolve("activite_jours_semaine_internat_complet", at)
    cont = params.resolve("activite_jours_semaine_internat_continu", at)
    full_days, cont_days = int(full.value), int(cont.value)
    parts = [
        (pl.col("journees_internat"), pl.format("internat {}", pl.col("journees_internat"))),
        (pl.col("semaines_internat_complet") * full_days,
         pl.format("{} × {} semaines d'internat complet {}", pl.lit(str(full_days)),
                   pl.col("semaines_internat_complet"), pl.lit(full.citation()))),
        (pl.col("semaines_internat_continu") * cont_days,
         pl.format("{} × {} semaines d'internat continu {}", pl.lit(str(cont_days)),
                   pl.col("semaines_internat_continu"), pl.lit(cont.citation()))),
        (pl.col("journees_semi_internat"),
         pl.format("semi-internat {}", pl.col("journees_semi_internat"))),
        (pl.col("journees_externat"), pl.format("externat {}", pl.col("journees_externat"))),
        (pl.col("journees_autres"), pl.format("autres journées {}", pl.col("journees_autres"))),
    ]
    declared = pl.any_horizontal(*[e.is_not_null() for e, _ in parts])
    total = pl.when(declared).then(pl.sum_horizontal(*[e for e, _ in parts]) * HUNDREDTHS)
    detail = pl.concat_str([d for _, d in parts], separator=" + ", ignore_nulls=True)
    return total, detail


def assess_activity(theoretical: pl.DataFrame, report: pl.DataFrame, params: ParameterSet,
                    campaign: Campaign, source: str = "Rapport d'activité") -> pl.DataFrame:
    """Taux de réalisation, écart à la cible et proposition de retenue des ESMS du rapport."""
    frame = report.join(theoretical, on="finess", how="left")
    days, days_detail = _days(params, campaign)
    unit = pl.col("unite_activite")
    real = (
        pl.when(unit == "journees").then(days)
        .when(unit == "ua").then(to_hundredths(pl.col("ua")))
        .when(unit.is_in(["actes", "interventions", "file_active"])).then(
            pl.when(unit == "actes").then(pl.col("actes"))
            .when(unit == "interventions").then(pl.col("interventions"))
            .otherwise(pl.col("file_active")) * HUNDREDTHS)
    )
    frame = frame.with_columns(real.alias("_reel"))
    _check(frame, source)
    ok = pl.col("statut") == CALCULEE
    theo = to_hundredths(pl.col("activite_theorique"))
    target = to_hundredths(pl.col("activite_cible"))
    rate = RATE_STEP.expr_ratio(pl.col("_reel") * RATE_DIGITS, theo)
    unit_label = unit.replace_strict(UNIT_LABELS, default="", return_dtype=pl.String)
    detail = pl.when(unit == "journees").then(pl.format("{} = {} journées", days_detail,
                                                        text(pl.col("_reel"))))
    frame = frame.with_columns(
        pl.when(ok).then(as_decimal(pl.col("_reel"))).alias("activite_realisee"),
        pl.when(ok).then(detail.fill_null(pl.format("{} {}", text(pl.col("_reel")), unit_label)))
        .alias("detail_realisee"),
        pl.when(ok).then(rate.cast(RATE_DTYPE) / RATE_DIGITS).alias("taux_realisation"),
        pl.when(ok).then(as_decimal(pl.col("_reel") - target)).alias("ecart_cible"),
        pl.when(ok).then(pl.when(pl.col("_reel") >= target).then(pl.lit("atteinte"))
                         .otherwise(pl.lit("non atteinte"))).alias("cible"),
    ).with_columns(
        (pl.col("taux_realisation") - pl.col("taux_cible")).alias("ecart_points"),
    )
    return retention_columns(frame, theo, target).drop("_reel").sort("ligne_rapport")


def _check(frame: pl.DataFrame, source: str) -> None:
    issues: list[ActivityIssue] = []
    for r in frame.iter_rows(named=True):
        line, finess = r["ligne_rapport"], r["finess"]
        if r["statut"] == A_COMPLETER:
            issues.append(ActivityIssue(line, finess, "portefeuille",
                                        f"activité théorique incalculable ({r['motif']})",
                                        "complétez le portefeuille, puis réimportez le rapport"))
        elif r["statut"] == CALCULEE and r["_reel"] is None:
            u = r["unite_activite"]
            fields = _DAY_FIELDS if u == "journees" else u
            issues.append(ActivityIssue(
                line, finess, u, f"activité en {UNIT_LABELS[u]} non déclarée, alors que la "
                f"norme « {r['libelle_norme']} » se mesure dans cette unité",
                f"renseignez {fields}"))
    if issues:
        raise ActivityError(issues, source)
