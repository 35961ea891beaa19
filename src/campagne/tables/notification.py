"""Tableaux de notification consolidés, produits à partir des résultats par ESMS.

- :func:`tableau_regions` : une ligne par région, une colonne par mesure, l'enveloppe
  reconductible (mesures pérennes), le total général et une ligne de total [C2005 annexe I] ;
- :func:`tableau_departements` : places et crédits par département, un sous-total par région
  et le total [C2005 annexe II].

Les montants des résultats sont des centimes entiers ; les totaux sont des sommes exactes de
centimes. Chaque tableau porte la structure qui permet de le vérifier (:mod:`checker`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from campagne.money import cents_to_decimal
from campagne.tables.errors import NotificationError
from campagne.tables.grid import Cell, Grid, grid_from_rows
from campagne.tables.numbers import Unite
from campagne.tables.structure import ID_PATTERN, TableStructure, structure_from_data

SOURCE = "résultats"
RESERVED = ("libelle", "region", "departement", "niveau", "total_reconductible",
            "total_general")


@dataclass(frozen=True)
class Mesure:
    colonne: str  # colonne des résultats, en centimes entiers ; sert aussi d'identifiant
    libelle: str  # titre de la colonne dans le tableau
    perenne: bool = True  # reconductible : comptée dans l'enveloppe reconductible


@dataclass(frozen=True)
class ColonneTableau:
    cle: str
    titre: str
    unite: Unite  # euros : centimes entiers dans ``frame``


@dataclass(frozen=True)
class TableauNotification:
    frame: pl.DataFrame  # « libelle » puis les colonnes (entiers ; euros en centimes)
    colonnes: tuple[ColonneTableau, ...]
    titre_libelles: str
    structure: TableStructure

    def grid(self, source: str = "tableau produit") -> Grid:
        """Le tableau tel qu'écrit en CSV (euros exacts), prêt pour le vérificateur."""
        rows: list[list[Cell]] = []
        for rec in self.frame.iter_rows(named=True):
            cells: list[Cell] = [rec["libelle"]]
            for c in self.colonnes:
                v = rec[c.cle]
                cells.append(cents_to_decimal(v) if c.unite is Unite.euros else v)
            rows.append(cells)
        header = [self.titre_libelles, *(c.titre for c in self.colonnes)]
        return grid_from_rows(header, rows, source=source)


def _validate(resultats: pl.DataFrame, keys: Sequence[str], integer_cols: Sequence[str],
              ids: Sequence[str]) -> None:
    problems = [f"colonne « {c} » absente des résultats" for c in keys
                if c not in resultats.columns]
    for c in integer_cols:
        if c in resultats.columns and not resultats.schema[c].is_integer():
            problems.append(f"colonne « {c} » : {resultats.schema[c]} ; des entiers sont "
                            "attendus (montants en centimes, places)")
    for c in ids:
        if not re.match(ID_PATTERN, c) or c in RESERVED:
            problems.append(f"« {c} » ne peut pas identifier une colonne de tableau "
                            f"(minuscules, chiffres, _ ; réservés : {', '.join(RESERVED)})")
    for c in ("region", "departement"):
        if c in keys and c in resultats.columns and resultats[c].null_count():
            problems.append(f"{resultats[c].null_count()} ESMS sans « {c} »")
    if problems:
        raise NotificationError(SOURCE, problems)


def _label(mapping: Mapping[str, str] | None, code: str) -> str:
    return (mapping or {}).get(code, code)


def tableau_regions(resultats: pl.DataFrame, mesures: Sequence[Mesure], *,
                    libelles_regions: Mapping[str, str] | None = None,
                    titre_libelles: str = "Région",
                    titre_reconductible: str = "Enveloppe reconductible",
                    titre_total: str = "Total", libelle_total: str = "Total",
                    titre: str = "Notification des enveloppes régionales") -> TableauNotification:
    """Une ligne par région (ordre des codes), une colonne par mesure [C2005 annexe I]."""
    if not mesures:
        raise NotificationError(SOURCE, ["aucune mesure : donnez au moins une colonne de montants"])
    cols = [m.colonne for m in mesures]
    _validate(resultats, ["region", *cols], cols, cols)
    perennes = [m.colonne for m in mesures if m.perenne]
    others = [m.colonne for m in mesures if not m.perenne]
    sums = [pl.col(c).fill_null(0).sum().cast(pl.Int64) for c in cols]
    by_region = resultats.group_by("region").agg(sums).sort("region")
    zero = pl.lit(0, pl.Int64)
    by_region = by_region.with_columns(
        total_reconductible=pl.sum_horizontal(perennes) if perennes else zero)
    by_region = by_region.with_columns(
        total_general=pl.sum_horizontal(["total_reconductible", *others]))
    labels = [_label(libelles_regions, str(r)) for r in by_region["region"]]
    if any(x.casefold() == libelle_total.casefold() for x in labels):
        raise NotificationError(SOURCE, [f"une région porte le libellé de la ligne de total "
                                  f"« {libelle_total} »"])
    order = [*perennes, "total_reconductible", *others, "total_general"]
    body = by_region.select(pl.Series("libelle", labels, pl.String), *order)
    total = body.select(pl.lit(libelle_total).alias("libelle"),
                        *(pl.col(c).sum().cast(pl.Int64) for c in order))
    titles = {m.colonne: m.libelle for m in mesures}
    titles |= {"total_reconductible": titre_reconductible, "total_general": titre_total}
    colonnes = tuple(ColonneTableau(c, titles[c], Unite.euros) for c in order)
    col_rules = [{"colonne": "total_general", "somme_de": ["total_reconductible", *others]}]
    if perennes:
        col_rules.insert(0, {"colonne": "total_reconductible", "somme_de": perennes})
    structure = structure_from_data({
        "titre": titre, "libelles": titre_libelles,
        "colonnes": {c.cle: {"nom": c.titre, "unite": c.unite} for c in colonnes},
        "totaux_lignes": [{"ligne": {"libelle": libelle_total}, "somme_de": "details"}],
        "totaux_colonnes": col_rules,
    }, SOURCE)
    return TableauNotification(pl.concat([body, total]), colonnes, titre_libelles, structure)


def tableau_departements(resultats: pl.DataFrame, *, places: str, credits: str,
                         libelles_regions: Mapping[str, str] | None = None,
                         libelles_departements: Mapping[str, str] | None = None,
                         cout_place: Decimal | None = None,
                         titre_libelles: str = "Région / département",
                         titre_places: str = "Nombre de places",
                         titre_credits: str = "Montant des crédits",
                         libelle_total: str = "TOTAL",
                         titre: str = "Notification des places par département",
                         ) -> TableauNotification:
    """Places et crédits par département, sous-total « Total <région> », puis le total
    [C2005 annexe II]. Avec ``cout_place`` (euros), la structure vérifie aussi
    crédits = places × coût à la place."""
    _validate(resultats, ["region", "departement", places, credits], [places, credits], [])
    grouped = (resultats.group_by("region", "departement")
               .agg(places=pl.col(places).fill_null(0).sum().cast(pl.Int64),
                    credits=pl.col(credits).fill_null(0).sum().cast(pl.Int64))
               .sort("region", "departement"))
    records: list[dict[str, object]] = []
    for (region,), part in grouped.group_by("region", maintain_order=True):
        reg = _label(libelles_regions, str(region))
        for rec in part.iter_rows(named=True):
            dep = str(rec["departement"])
            name = (libelles_departements or {}).get(dep, "")
            records.append({"libelle": f"{reg} {dep} {name}".strip(), "region": str(region),
                            "departement": dep, "niveau": "departement",
                            "places": rec["places"], "credits": rec["credits"]})
        records.append({"libelle": f"Total {reg}", "region": str(region), "departement": None,
                        "niveau": "region", "places": int(part["places"].sum()),
                        "credits": int(part["credits"].sum())})
    records.append({"libelle": libelle_total, "region": None, "departement": None,
                    "niveau": "total", "places": int(grouped["places"].sum()),
                    "credits": int(grouped["credits"].sum())})
    schema = {"libelle": pl.String, "region": pl.String, "departement": pl.String,
              "niveau": pl.String, "places": pl.Int64, "credits": pl.Int64}
    frame = pl.DataFrame(records, schema=schema)
    colonnes = (ColonneTableau("places", titre_places, Unite.nombre),
                ColonneTableau("credits", titre_credits, Unite.euros))
    data: dict[str, object] = {
        "titre": titre, "libelles": titre_libelles,
        "colonnes": {c.cle: {"nom": c.titre, "unite": c.unite} for c in colonnes},
        "totaux_lignes": [
            {"ligne": {"motif": "^Total "}, "somme_de": "bloc"},
            {"ligne": {"libelle": libelle_total}, "somme_de": "details"},
        ],
    }
    if cout_place is not None:
        data["formules"] = [{"colonne": "credits", "expression": f"places * {cout_place:f}"}]
    structure = structure_from_data(data, SOURCE)
    return TableauNotification(frame, colonnes, titre_libelles, structure)
