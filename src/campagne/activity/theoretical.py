"""Activité théorique de chaque ESMS, calculée d'un coup sur tout le portefeuille.

ROB24 annexe III, « Modalités de calcul de l'activité théorique » ; chaque ESMS reçoit sa
norme, son unité d'activité, sa formule chiffrée et sa cible (:mod:`campagne.activity.targets`).
Trois statuts : ``calculee`` ; ``non_applicable`` (catégorie sans norme, région sans norme,
capacité ou dotation nulle), avec son motif, jamais un 0 ; ``a_completer`` (donnée du
portefeuille manquante ou incohérente), avec le champ à renseigner.
"""

from __future__ import annotations

import polars as pl

from campagne.activity.conditions import SCHEMA as CONDITIONS_SCHEMA
from campagne.activity.conditions import empty_conditions
from campagne.activity.errors import ActivityError, ActivityIssue
from campagne.activity.formulas import norm_expressions
from campagne.activity.norms import NORMS, ActivityNorms, Norm, load_norms
from campagne.activity.quantities import as_decimal
from campagne.activity.targets import target_columns
from campagne.engine.rule import Campaign
from campagne.params import At, ParameterSet
from campagne.params.errors import ParameterNotFoundError
from campagne.referentiel.categories import category_rules, deduction_frame

CALCULEE, NON_APPLICABLE, A_COMPLETER = "calculee", "non_applicable", "a_completer"
STATUTS = {CALCULEE: "calculée", NON_APPLICABLE: "non applicable", A_COMPLETER: "à compléter"}

_PORTFOLIO = ("finess", "raison_sociale", "categorie", "region", "cpom", "capacite",
              "base_reconductible", "jours_ouverture", "semaines_ouverture",
              "capacite_accueil_temporaire", "capacite_hebergement", "capacite_internat")
OUTPUT = ("finess", "raison_sociale", "categorie", "region", "nature", "cpom",
          "base_reconductible", "norme", "libelle_norme", "unite_activite", "statut", "motif",
          "activite_theorique", "formule", "taux_cible", "origine_cible", "activite_cible",
          "references", "plateforme_modalite", "nuitees_max_semaine")


def _prepare(portfolio: pl.DataFrame, conditions: pl.DataFrame | None) -> pl.DataFrame:
    missing = [c for c in _PORTFOLIO if c not in portfolio.columns]
    if missing:
        raise ActivityError([ActivityIssue(0, None, c, "colonne absente du portefeuille",
                                           "chargez-le avec read_portfolio (docs/portefeuille.md)")
                             for c in missing], "Portefeuille")
    cond = empty_conditions() if conditions is None else conditions
    cond = cond.with_columns(pl.lit(None, dtype=t).alias(c) for c, t in CONDITIONS_SCHEMA.items()
                             if c not in cond.columns).select(list(CONDITIONS_SCHEMA))
    nature = deduction_frame().select("categorie", "nature")
    return (
        portfolio.select(_PORTFOLIO)
        .with_row_index("_ordre")
        .join(nature, on="categorie", how="left")
        .join(cond, on="finess", how="left")
    )


def theoretical_activity(portfolio: pl.DataFrame, params: ParameterSet, campaign: Campaign,
                         conditions: pl.DataFrame | None = None) -> pl.DataFrame:
    """Activité théorique, unité, formule et cible de chaque ESMS du portefeuille."""
    frame = _prepare(portfolio, conditions)
    parts = []
    for (region,), sub in frame.group_by("region", maintain_order=True):
        at = At(campaign.annee, campaign.date_reference, region)
        try:
            norms = load_norms(params, at) if region else None
            reason = "région de l'ESMS inconnue : renseignez « region » dans le portefeuille"
        except ParameterNotFoundError:
            norms = None
            reason = (f"aucune norme d'activité pour la région {region} en {campaign.annee} "
                      "(normes régionales d'Île-de-France, ROB24 annexe III)")
        parts.append(_compute(sub, norms, reason))
    out = pl.concat(parts, how="diagonal_relaxed").sort("_ordre")
    _check_conditions(out)
    return out.select(OUTPUT)


def _compute(frame: pl.DataFrame, norms: ActivityNorms | None, reason: str) -> pl.DataFrame:
    if norms is None:
        return frame.with_columns(
            pl.lit(None, pl.String).alias("norme"), pl.lit(NON_APPLICABLE).alias("statut"),
            pl.lit(reason).alias("motif"), pl.lit(None, pl.Int64).alias("_theo"),
            pl.lit(None, pl.String).alias("formule"), pl.lit(None, pl.String).alias("references"),
        ).pipe(_finish, None)
    platform = pl.col("plateforme_modalite")
    norm = (
        pl.when(platform == 1).then(pl.lit(Norm.plateforme_ua.value))
        .when(platform == 2).then(pl.lit(Norm.plateforme_file_active.value))
        .otherwise(pl.col("categorie").replace_strict(
            {k: v.value for k, v in norms.categories().items()}, default=None,
            return_dtype=pl.String))
    )
    frame = frame.with_columns(norm.alias("norme"))
    exprs = norm_expressions(norms)
    value = formula = missing = refs = pl.lit(None, pl.String)
    value = pl.lit(None, pl.Int64)
    for n, e in exprs.items():
        is_n = pl.col("norme") == n.value
        value = pl.when(is_n).then(e.value).otherwise(value)
        formula = pl.when(is_n).then(e.formula).otherwise(formula)
        missing = pl.when(is_n).then(e.missing).otherwise(missing)
        refs = pl.when(is_n).then(pl.lit(e.references)).otherwise(refs)
    frame = frame.with_columns(value.alias("_theo"), formula.alias("formule"),
                               missing.alias("_manque"), refs.alias("references"))
    labels = {code: info.libelle_court for code, info in category_rules().items()}
    no_norm = pl.format("pas de norme d'activité théorique pour la catégorie {} ({}) au ROB24 "
                        "annexe III", pl.col("categorie"), pl.col("categorie").replace_strict(
                            labels, default="hors table des catégories", return_dtype=pl.String))
    statut = (
        pl.when(pl.col("norme").is_null()).then(pl.lit(NON_APPLICABLE))
        .when(pl.col("_manque").is_not_null()).then(pl.lit(A_COMPLETER))
        .when(pl.col("_theo") <= 0).then(pl.lit(NON_APPLICABLE))
        .otherwise(pl.lit(CALCULEE))
    )
    motif = (
        pl.when(pl.col("norme").is_null()).then(no_norm)
        .when(pl.col("_manque").is_not_null()).then(pl.col("_manque"))
        .when(pl.col("_theo") <= 0).then(pl.lit(
            "activité théorique nulle (capacité autorisée ou dotation nulle) : sans objet"))
    )
    frame = frame.with_columns(statut.alias("statut"), motif.alias("motif"))
    return frame.drop("_manque").pipe(_finish, norms)


def _finish(frame: pl.DataFrame, norms: ActivityNorms | None) -> pl.DataFrame:
    ok = pl.col("statut") == CALCULEE
    labels = {n.value: i.label for n, i in NORMS.items()}
    units = {n.value: i.unit for n, i in NORMS.items()}
    frame = frame.with_columns(
        pl.col("norme").replace_strict(labels, default=None, return_dtype=pl.String)
        .alias("libelle_norme"),
        pl.col("norme").replace_strict(units, default=None, return_dtype=pl.String)
        .alias("unite_activite"),
        pl.when(ok).then(pl.col("_theo")).alias("_theo"),
        pl.when(ok).then(pl.col("formule")).alias("formule"),
    )
    frame = target_columns(frame, norms)
    return frame.with_columns(
        as_decimal(pl.col("_theo")).alias("activite_theorique"),
        as_decimal(pl.col("_cible")).alias("activite_cible"),
    ).drop("_theo", "_cible")


def _check_conditions(frame: pl.DataFrame) -> None:
    """La majoration Ségur ne vaut que pour un CAMSP ou un CMPP (ROB24 annexe III)."""
    priced = pl.col("norme").is_in([Norm.camsp.value, Norm.cmpp.value]).fill_null(False)
    bad = frame.filter(pl.col("majoration_segur").fill_null(False) & ~priced)
    if bad.height:
        raise ActivityError([
            ActivityIssue(int(r["ligne_conditions"] or 0), r["finess"], "majoration_segur",
                          "réévaluation du coût moyen demandée pour un ESMS qui n'est ni un "
                          "CAMSP ni un CMPP", "retirez la majoration de cette ligne")
            for r in bad.iter_rows(named=True)], "Conditions CPOM")
