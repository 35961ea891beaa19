"""Totaux par groupe et résultat (produits − charges) de chaque compte de résultat, en
tableaux polars (centimes ``Int64``) prêts à exporter."""

from __future__ import annotations

import polars as pl

from campagne.budget.model import Group, Statement

GROUP_FIELDS = {
    Group.charges_I: "charges_groupe_i", Group.charges_II: "charges_groupe_ii",
    Group.charges_III: "charges_groupe_iii", Group.produits_1: "produits_groupe_1",
    Group.produits_2: "produits_groupe_2", Group.produits_3: "produits_groupe_3",
}
MONEY = (*GROUP_FIELDS.values(), "total_charges", "total_produits", "resultat",
         "resultat_declare", "deficit_incorpore", "excedent_incorpore", "recettes_creton")
SCHEMA: dict[str, pl.DataType] = {
    "document": pl.String(), "exercice": pl.Int64(), "finess": pl.String(),
    "finess_ej": pl.String(), "compte_resultat": pl.String(), "source": pl.String(),
    "ligne": pl.Int64(), **{m: pl.Int64() for m in MONEY}, "nature_resultat": pl.String(),
}


def nature(resultat: int) -> str:
    return "excédent" if resultat > 0 else "déficit" if resultat < 0 else "équilibre"


def statement_row(s: Statement) -> dict[str, object]:
    groups = {f: (s.groups.get(g) if s.groups else None) for g, f in GROUP_FIELDS.items()}
    return {
        "document": s.document.value, "exercice": s.exercice, "finess": s.finess,
        "finess_ej": s.finess_ej, "compte_resultat": s.compte_resultat, "source": s.source,
        "ligne": s.line, **groups, "total_charges": s.charges, "total_produits": s.produits,
        "resultat": s.resultat, "resultat_declare": s.resultat_declare,
        "deficit_incorpore": s.deficit_incorpore, "excedent_incorpore": s.excedent_incorpore,
        "recettes_creton": s.recettes_creton, "nature_resultat": nature(s.resultat),
    }


def statements_frame(statements: tuple[Statement, ...] | list[Statement]) -> pl.DataFrame:
    """Une ligne par compte de résultat : groupes, totaux, résultat."""
    return pl.DataFrame([statement_row(s) for s in statements], schema=SCHEMA)


def accounts_frame(statements: tuple[Statement, ...] | list[Statement]) -> pl.DataFrame:
    """Le détail par compte (formats par compte) : groupe retenu et règle citée."""
    rows = [{"document": s.document.value, "exercice": s.exercice, "finess": s.finess,
             "compte": a.compte, "sens": a.sens.value if a.sens else None,
             "montant": a.montant, "groupe": a.groupe.value, "contribution": a.contribution,
             "regle": a.regle, "ligne": a.line}
            for s in statements for a in s.lines]
    return pl.DataFrame(rows, schema={
        "document": pl.String, "exercice": pl.Int64, "finess": pl.String, "compte": pl.String,
        "sens": pl.String, "montant": pl.Int64, "groupe": pl.String, "contribution": pl.Int64,
        "regle": pl.String, "ligne": pl.Int64})
