"""Tableaux de collecte des CA (annexe V) et des BP (annexe VI) de C2005, renseignés ET par
ET et consolidés par région [C2005 §II : « renseignés et consolidés par région »].

Colonnes de l'annexe : catégorie, FINESS, places autorisées et financées, ETP, statut
majoritaire du personnel, dépenses (groupes 1 à 3, déficit incorporé N-2, dont CNR),
recettes (731, 732, groupe 2, groupe 3, excédent incorporé N-2), activité (journées
d'internat, de semi-internat, d'externat, séances, actes, file active), observations. Un
sous-total par département puis un total par région suivent leurs ET.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import polars as pl

from campagne.budget.errors import BudgetDataError
from campagne.budget.groups_format import ACTIVITY
from campagne.budget.model import Document, Group, Statement

# Abréviations du statut majoritaire du personnel [C2005 annexe V, note (1)].
STAFF_STATUS = {"FPH": "titre IV", "FPT": "titre III", "CC66": "CC 66", "CCCRF": "CCCRF",
                "CC51": "CC51"}
OTHER_STATUS = "autres"
ANNEXES = {Document.CA: "C2005 annexe V", Document.BP: "C2005 annexe VI"}

MONEY = ("charges_groupe_i", "charges_groupe_ii", "charges_groupe_iii", "deficit_incorpore",
         "cnr", "produits_731", "produits_732", "produits_groupe_2", "produits_groupe_3",
         "excedent_incorpore")
QUANTITIES = ("etp", *ACTIVITY)
COLUMNS = ("niveau", "region", "departement", "categorie", "finess", "raison_sociale",
           "places", "etp", "statut_personnel", *MONEY, *ACTIVITY, "observations")


def staff_status(fonction_publique: str | None, convention: str | None) -> str | None:
    code = fonction_publique or convention
    return None if code is None else STAFF_STATUS.get(code, OTHER_STATUS)


def _esms_row(s: Statement, p: dict[str, Any]) -> dict[str, Any]:
    g = s.groups
    return {
        "niveau": "esms", "region": p["region"], "departement": p["departement"],
        "categorie": p["categorie"], "finess": s.finess, "raison_sociale": p["raison_sociale"],
        "places": p["capacite"], "etp": s.etp,
        "statut_personnel": staff_status(p["fonction_publique"], p["convention_collective"]),
        "charges_groupe_i": g.get(Group.charges_I), "charges_groupe_ii": g.get(Group.charges_II),
        "charges_groupe_iii": g.get(Group.charges_III),
        "deficit_incorpore": s.deficit_incorpore, "cnr": s.cnr,
        "produits_731": s.produits_731, "produits_732": s.produits_732,
        "produits_groupe_2": g.get(Group.produits_2), "produits_groupe_3": g.get(Group.produits_3),
        "excedent_incorpore": s.excedent_incorpore,
        **{a: s.activite.get(a) for a in ACTIVITY}, "observations": s.observations,
    }


def _total(rows: list[dict[str, Any]], niveau: str, region: str, dep: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {c: None for c in COLUMNS}
    out.update(niveau=niveau, region=region, departement=dep)
    for col in ("places", *MONEY, *QUANTITIES):
        values = [r[col] for r in rows if r[col] is not None]
        out[col] = sum(values, Decimal(0) if col in QUANTITIES else 0) if values else None
    return out


def collection_table(statements: tuple[Statement, ...], portfolio: pl.DataFrame,
                     document: Document, exercice: int) -> pl.DataFrame:
    """Le tableau de l'annexe V (CA) ou VI (BP) pour un exercice, toutes régions."""
    chosen = [s for s in statements if s.document is document and s.exercice == exercice]
    if not chosen:
        raise BudgetDataError(f"aucun {document.value} {exercice} dans les fichiers importés")
    info = {r["finess"]: r for r in portfolio.iter_rows(named=True)}
    seen: dict[str, Statement] = {}
    problems = []
    for s in chosen:
        if s.finess not in info:
            problems.append(f"ET {s.finess} absent du portefeuille ({s.source}, ligne {s.line})")
        elif s.finess in seen:
            problems.append(f"ET {s.finess} : plusieurs comptes de résultat")
        seen[s.finess] = s
    if problems:
        raise BudgetDataError(f"tableau {ANNEXES.get(document, document.value)} impossible : "
                              + " ; ".join(problems) + " (lancez « campagne budget controler »)")
    by_place: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for s in seen.values():
        row = _esms_row(s, info[s.finess])
        by_place[(row["region"] or "", row["departement"])].append(row)
    out: list[dict[str, Any]] = []
    for region in sorted({r for r, _ in by_place}):
        in_region = []
        for dep in sorted(d for r, d in by_place if r == region):
            rows = sorted(by_place[(region, dep)], key=lambda r: (r["categorie"], r["finess"]))
            out += rows + [_total(rows, "total_departement", region, dep)]
            in_region += rows
        out.append(_total(in_region, "total_region", region, None))
    schema = {c: pl.Int64() if c in ("places", *MONEY) else
              pl.Decimal(38, 2) if c in QUANTITIES else pl.String() for c in COLUMNS}
    return pl.DataFrame(out, schema=schema)
