"""Coût à la place par catégorie comparable, moyenne et médiane, par région et par
département [C2005 §II : « coûts moyens et médians […] par place des établissements et
services qui fournissent des prestations comparables »].

Le coût d'un ESMS est un montant du portefeuille (la base reconductible par défaut, ou une
autre colonne en euros) divisé par sa capacité. Chaque statistique est calculée en
rationnel exact (``Fraction``) puis arrondie une seule fois au centime (étape nommée
``arrondi_centime``) : la moyenne est celle des coûts par ESMS (chaque ESMS pèse un) ; la
médiane d'un nombre pair d'ESMS est la demi-somme des deux coûts du milieu ; le coût
global (somme des montants ÷ somme des places) est donné à côté.
"""

from __future__ import annotations

from fractions import Fraction

import polars as pl

from campagne.budget.errors import BudgetDataError
from campagne.money import CENT, Rounding
from campagne.referentiel.departements import departements, regions
from campagne.referentiel.nomenclature import categories
from campagne.referentiel.schema import SPECS, Kind

COST_ROUNDING: Rounding = CENT
LEVELS = ("region", "departement")
COST_SCHEMA: dict[str, pl.DataType] = {
    "niveau": pl.String(), "territoire": pl.String(), "libelle_territoire": pl.String(),
    "categorie": pl.String(), "libelle_categorie": pl.String(), "esms": pl.Int64(),
    "places": pl.Int64(), "montant": pl.Int64(), "cout_moyen": pl.Int64(),
    "cout_median": pl.Int64(), "cout_min": pl.Int64(), "cout_max": pl.Int64(),
    "cout_global": pl.Int64(),
}


def _round(value: Fraction) -> int:
    return COST_ROUNDING.apply_ratio(value.numerator, value.denominator)


def median(values: list[Fraction]) -> Fraction:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


def _check_amount(portfolio: pl.DataFrame, amount: str) -> None:
    spec = SPECS.get(amount)
    if spec is None or spec.kind is not Kind.money or amount not in portfolio.columns:
        money = ", ".join(c.name for c in SPECS.values() if c.kind is Kind.money)
        raise BudgetDataError(f"colonne « {amount} » : pas un montant du portefeuille "
                              f"(montants : {money})")


def cost_per_place(portfolio: pl.DataFrame, amount: str = "base_reconductible") -> pl.DataFrame:
    """Par ESMS : montant, capacité, coût à la place (centimes) ou motif d'exclusion."""
    _check_amount(portfolio, amount)
    rows = []
    for r in portfolio.select("finess", "raison_sociale", "categorie", "departement", "region",
                              "capacite", amount).iter_rows(named=True):
        cap, value = r["capacite"], r[amount]
        motif = ("capacité nulle ou absente" if not cap else
                 f"{amount} absent" if value is None else None)
        cost = None if motif else _round(Fraction(value, cap))
        rows.append({**{k: r[k] for k in ("finess", "raison_sociale", "categorie",
                                          "departement", "region", "capacite")},
                     "montant": value, "cout_place": cost, "exclusion": motif})
    return pl.DataFrame(rows, schema={
        "finess": pl.String, "raison_sociale": pl.String, "categorie": pl.String,
        "departement": pl.String, "region": pl.String, "capacite": pl.Int64,
        "montant": pl.Int64, "cout_place": pl.Int64, "exclusion": pl.String})


def _label(level: str, code: str) -> str | None:
    if level == "region":
        return regions().get(code)
    dep = departements().get(code)
    return dep.libelle if dep else None


def compare_costs(portfolio: pl.DataFrame, amount: str = "base_reconductible",
                  levels: tuple[str, ...] = LEVELS) -> pl.DataFrame:
    """Une ligne par territoire (région, département) et par catégorie FINESS."""
    _check_amount(portfolio, amount)
    bad = [lv for lv in levels if lv not in LEVELS]
    if bad:
        raise BudgetDataError(f"niveau {bad} inconnu (niveaux : {', '.join(LEVELS)})")
    kept = portfolio.filter((pl.col("capacite").fill_null(0) > 0)
                            & pl.col(amount).is_not_null())
    labels = categories()
    rows = []
    for level in levels:
        for (code, cat), part in sorted(kept.group_by(level, "categorie"),
                                        key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
            pairs = list(part.select(amount, "capacite").iter_rows())
            ratios = [Fraction(v, c) for v, c in pairs]
            total, places = sum(v for v, _ in pairs), sum(c for _, c in pairs)
            rows.append({
                "niveau": level, "territoire": code, "libelle_territoire": _label(level, code),
                "categorie": cat, "libelle_categorie": getattr(labels.get(cat), "libelle", None),
                "esms": len(pairs), "places": places, "montant": total,
                "cout_moyen": _round(sum(ratios, Fraction(0)) / len(ratios)),
                "cout_median": _round(median(ratios)), "cout_min": _round(min(ratios)),
                "cout_max": _round(max(ratios)), "cout_global": _round(Fraction(total, places)),
            })
    return pl.DataFrame(rows, schema=COST_SCHEMA)
