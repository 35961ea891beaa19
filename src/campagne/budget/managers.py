"""Type de gestionnaire d'un dépôt EPRD/ERRD [ROB24 annexe I] : gestionnaire privé, EPSMS,
CCAS/CIAS, établissement public de santé (EPS) ou accueil de jour autonome (AJA).

Les codes FINESS de chaque type public sont des paramètres datés et sourcés
(``parameters/budget/depots.yaml``) ; un gestionnaire privé est celui dont le statut est
privé (``statut_agregat`` du portefeuille). Un statut public qui n'a pas de colonne dans le
tableau du ROB (commune, département…) n'a pas de type : ses pièces ne sont pas contrôlées.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from campagne.params import At, ParameterSet

TYPES = ("prive", "epsms", "ccas_cias", "eps", "aja")
TYPE_LABELS = {
    "prive": "gestionnaire privé", "epsms": "établissement public autonome (EPSMS)",
    "ccas_cias": "CCAS/CIAS", "eps": "établissement public de santé (EPS)",
    "aja": "accueil de jour autonome (AJA)",
}
PRIVATE = ("prive_non_lucratif", "prive_lucratif")


def campaign_year(document: str, exercice: int) -> int:
    """L'ERRD de N se dépose en N+1 (campagne ERRD 2023 du ROB 2024) ; l'EPRD de N en N."""
    return exercice + 1 if document == "ERRD" else exercice


def at(year: int) -> At:
    return At(year, dt.date(year, 1, 1))


@dataclass(frozen=True)
class ManagerType:
    code: str | None  # None : indéterminé
    reason: str


def _codes(text: str) -> set[str]:
    return set(text.replace(",", " ").split())


def manager_type(perimeter: pl.DataFrame, params: ParameterSet, year: int) -> ManagerType:
    """Le type du gestionnaire d'un dépôt, d'après les ET de son périmètre (colonnes
    ``categorie``, ``statut_juridique``, ``statut_agregat`` du portefeuille)."""
    when = at(year)
    aja = _codes(params.value("categories_accueil_jour_autonome", when))
    if perimeter.height and set(perimeter["categorie"].to_list()) <= aja:
        return ManagerType("aja", "tous les ESMS du dépôt sont des accueils de jour autonomes")
    statuts = params.value("statuts_type_gestionnaire", when)
    found = set()
    for code, agregat in perimeter.select("statut_juridique", "statut_agregat").iter_rows():
        if agregat in PRIVATE:
            found.add("prive")
            continue
        kinds = [k for k, codes in statuts.items() if code in _codes(codes)]
        found.add(kinds[0] if kinds else f"statut {code or 'vide'}")
    if len(found) == 1 and (only := next(iter(found))) in TYPES:
        return ManagerType(only, TYPE_LABELS[only])
    if not found:
        return ManagerType(None, "aucun ESMS de l'EJ au portefeuille")
    if len(found) > 1:
        return ManagerType(None, f"statuts de types différents au portefeuille : "
                                 f"{', '.join(sorted(found))}")
    return ManagerType(None, f"{next(iter(found))} : sans colonne dans le tableau des pièces "
                             "(collectivité, autre établissement public)")
