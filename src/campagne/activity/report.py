"""Lecture d'un rapport d'activité réalisée (CSV ou XLSX), tout ou rien.

Une ligne par ESMS ; les colonnes reprennent le cadre des comptes administratifs (C2005
annexes V et VII : journées d'internat, de semi-internat et d'externat, séances, actes ou
interventions, file active) et les unités de l'annexe III du ROB 2024 (actes directs,
interventions de CAMSP, unités d'accompagnement des plateformes). Une case vide = non
déclaré (jamais 0). Format : docs/activite.md.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from campagne.activity.errors import ActivityError
from campagne.activity.quantities import ACTIVITY_DTYPE
from campagne.activity.reading import RowReader, load_rows

REQUIRED = ("finess",)
# Quantités entières, puis les UA (deux décimales : 1 acte = 0,17 UA).
COUNTS = ("journees_internat", "semaines_internat_complet", "semaines_internat_continu",
          "journees_semi_internat", "journees_externat", "journees_autres", "seances", "actes",
          "interventions", "file_active")
OPTIONAL = ("annee", *COUNTS, "ua", "observations")
SCHEMA: dict[str, pl.DataType] = {
    "ligne_rapport": pl.Int64(), "finess": pl.String(), "annee": pl.Int64(),
    **{c: pl.Int64() for c in COUNTS}, "ua": ACTIVITY_DTYPE, "observations": pl.String(),
}
YEAR_BOUNDS = (2000, 2100)  # borne de saisie de l'année d'activité


def read_activity_report(path: Path, known_finess: Collection[str]) -> pl.DataFrame:
    """Lit le rapport ; FINESS absent du portefeuille, valeur négative ou illisible, ligne
    en double : toutes les erreurs d'un coup, et rien d'importé."""
    rows, issues = load_rows(path, REQUIRED, OPTIONAL, "Rapport d'activité")
    reader = RowReader(issues, set(known_finess))
    out: list[dict[str, object]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        before = len(issues)
        finess = reader.start(line, row)
        values: dict[str, object] = {c: reader.integer(c) for c in COUNTS}
        values["ua"] = reader.number("ua", 2)
        values["annee"] = reader.integer("annee", *YEAR_BOUNDS)
        values["observations"] = reader.raw("observations") or None
        if finess is None:
            continue
        if finess in seen:
            reader.bad("finess", "ESMS présent deux fois dans le rapport",
                       "gardez une seule ligne par ESMS (activité de l'année)")
            continue
        seen.add(finess)
        if len(issues) == before and all(values[c] is None for c in (*COUNTS, "ua")):
            reader.bad("activite", "aucune activité déclarée sur la ligne",
                       "renseignez au moins une colonne d'activité (docs/activite.md)")
            continue
        out.append({"ligne_rapport": line, "finess": finess, **values})
    if issues:
        raise ActivityError(issues, f"Rapport d'activité « {path.name} »")
    return pl.DataFrame(out, schema=SCHEMA)
