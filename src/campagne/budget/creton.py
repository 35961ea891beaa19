"""Recettes Creton de N-1 [ROB24 annexe II] et comptes d'investissement [C2010 annexe IX].

Recettes Creton : produits facturés aux conseils départementaux au titre de l'article
L. 242-4 du CASF, comptabilisés au compte 7312132 (règle marquée « creton » du plan de
comptes). Le tableau ``finess → recettes_creton_n1`` (centimes) se joint au portefeuille
pour la règle ``reprise_creton`` (``rules/creton.py``). Seuls le CA et l'ERRD de N-1
comptent (recettes facturées, réalisées).
"""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from campagne.budget.errors import BudgetDataError
from campagne.budget.model import Document, Statement

REALISED = (Document.CA, Document.ERRD)


def creton_revenue(statements: tuple[Statement, ...], annee: int) -> pl.DataFrame:
    """``finess``, ``recettes_creton_n1`` pour la campagne ``annee`` (exercice ``annee``-1).

    Un ET dont le document ne détaille pas le compte 7312132 (extrait national par groupe
    sans la colonne) n'a pas de ligne : sa recette est inconnue, pas nulle.
    """
    found: dict[str, list[Statement]] = defaultdict(list)
    for s in statements:
        if s.document in REALISED and s.exercice == annee - 1 and s.recettes_creton is not None:
            found[s.finess].append(s)
    twice = sorted(f for f, items in found.items() if len(items) > 1)
    if twice:
        raise BudgetDataError(
            f"recettes Creton {annee - 1} : plusieurs CA/ERRD pour les ET {', '.join(twice)} ; "
            "gardez un seul compte de résultat par ET (campagne budget controler)")
    rows = [(f, items[0].recettes_creton) for f, items in sorted(found.items())]
    return pl.DataFrame(rows, schema={"finess": pl.String, "recettes_creton_n1": pl.Int64},
                        orient="row")


def investment_frame(statements: tuple[Statement, ...]) -> pl.DataFrame:
    """Par ET : dotations et reprises des comptes d'investissement de C2010 annexe IX
    (provisions réglementées 68142 / 78742, amortissements dérogatoires 68725 / 78725) et
    leur charge nette sur le fonctionnement (dotations − reprises)."""
    rows = []
    for s in statements:
        lines = [a for a in s.lines if a.nature == "investissement"]
        if not lines:
            continue
        dotations = sum(a.contribution for a in lines if a.groupe.is_charge)
        reprises = sum(a.contribution for a in lines if not a.groupe.is_charge)
        rows.append({"document": s.document.value, "exercice": s.exercice,
                     "finess": s.finess, "comptes": ", ".join(a.compte for a in lines),
                     "dotations": dotations, "reprises": reprises,
                     "charge_nette": dotations - reprises})
    return pl.DataFrame(rows, schema={
        "document": pl.String, "exercice": pl.Int64, "finess": pl.String,
        "comptes": pl.String, "dotations": pl.Int64, "reprises": pl.Int64,
        "charge_nette": pl.Int64})
