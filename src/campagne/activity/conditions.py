"""Conditions d'activité négociées au CPOM, ESMS par ESMS (fichier facultatif).

ROB24 annexe III : le CPOM peut fixer une trajectoire de montée en charge vers la cible,
réévaluer le coût moyen d'une intervention de CAMSP (+ 5,80 %) ou d'un acte de CMPP
(+ 4,44 %) ; une plateforme choisit sa modalité de suivi (1 : unités d'accompagnement,
2 : file active) et son plafond de nuitées « selon autorisation ». Format : docs/activite.md.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from campagne.activity.errors import ActivityError
from campagne.activity.reading import RowReader, load_rows
from campagne.money import RATE_DTYPE

REQUIRED = ("finess",)
OPTIONAL = ("plateforme_modalite", "majoration_segur", "cible_cpom", "dotation_globale",
            "nuitees_max_semaine", "observations")
SCHEMA: dict[str, pl.DataType] = {
    "ligne_conditions": pl.Int64(), "finess": pl.String(), "plateforme_modalite": pl.Int64(),
    "majoration_segur": pl.Boolean(), "cible_cpom": RATE_DTYPE, "dotation_globale": pl.Int64(),
    "nuitees_max_semaine": pl.Int64(),
}
COLUMNS = tuple(c for c in SCHEMA if c not in ("ligne_conditions", "finess"))
DAYS_PER_WEEK = 7  # une semaine compte sept nuits : borne de saisie, pas une norme


def empty_conditions() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def read_conditions(path: Path, portfolio: pl.DataFrame) -> pl.DataFrame:
    """Lit le fichier des conditions ; toutes les erreurs d'un coup, rien d'importé sinon."""
    rows, issues = load_rows(path, REQUIRED, OPTIONAL, "Conditions CPOM")
    cpom = dict(zip(portfolio["finess"].to_list(), portfolio["cpom"].to_list(), strict=True))
    reader = RowReader(issues, cpom.keys())
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        finess = reader.start(line, row)
        values = {
            "plateforme_modalite": reader.integer("plateforme_modalite", 1, 2),
            "majoration_segur": reader.boolean("majoration_segur"),
            "cible_cpom": reader.percent("cible_cpom"),
            "dotation_globale": reader.euros("dotation_globale"),
            "nuitees_max_semaine": reader.integer("nuitees_max_semaine", 1, DAYS_PER_WEEK),
        }
        if finess is None:
            continue
        if finess in seen:
            reader.bad("finess", "ESMS présent deux fois", "gardez une seule ligne par ESMS")
            continue
        seen.add(finess)
        if values["cible_cpom"] is not None and not cpom[finess]:
            reader.bad("cible_cpom", "trajectoire de CPOM donnée pour un ESMS hors CPOM",
                       "retirez la cible, ou renseignez cpom = oui dans le portefeuille")
        if values["nuitees_max_semaine"] is not None and values["plateforme_modalite"] != 1:
            reader.bad("nuitees_max_semaine", "plafond de nuitées sans plateforme en modalité 1",
                       "renseignez plateforme_modalite = 1 ou retirez le plafond")
        out.append({"ligne_conditions": line, "finess": finess, **values})
    if issues:
        raise ActivityError(issues, f"Conditions CPOM « {path.name} »")
    return pl.DataFrame(out, schema=SCHEMA) if out else empty_conditions()
