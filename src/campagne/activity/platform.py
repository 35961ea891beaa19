"""Activité des plateformes [ROB24 annexe III, « Activité des plateformes »].

Modalité 1, équivalence en unités d'accompagnement (UA), à partir d'enregistrements
hebdomadaires par personne : « 1 acte = 0,17 UA, dans la limite de 30 actes maximum par
semaine » ; « 1 nuitée = 1 UA, dans la limite de 4 nuitées par semaine pour les plateformes
ouvertes 210 jours (équivalence à modifier si les modalités d'hébergement sont supérieures
– selon autorisation) » : plafond propre à une plateforme dans les conditions CPOM.

Complexité, « comptabilisée à la semaine » : un jeune est complexe la semaine s'il réunit
3 des 5 critères (travaux de l'AIRE), :data:`CRITERIA`.

Modalité 2, suivi en file active : file active attendue = places autorisées × 1,22.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path

import polars as pl

from campagne.activity.errors import ActivityError
from campagne.activity.quantities import HUNDREDTHS, as_decimal, scaled
from campagne.activity.reading import RowReader, load_rows
from campagne.engine.rule import Campaign
from campagne.params import At, ParameterSet

CRITERIA: tuple[tuple[str, str], ...] = (
    ("encadrement_un_pour_un", "Jeune nécessitant un taux d'encadrement a minima de « un pour "
     "un » en accueil de jour et/ou en accueil de nuit"),
    ("pluri_vulnerabilite", "Jeune à pluri-vulnérabilité (psy, PJJ, ASE…) pour lequel les "
     "partenaires ne sont pas présents"),
    ("lieux_de_vie_multiples", "Jeune ayant des lieux de vie multiples (au moins 3 et "
     "régulièrement, hors vacances scolaires) et mobilisant massivement l'institution dans des "
     "déplacements individualisés (plus de 3 h par semaine)"),
    ("mise_en_danger", "Troubles du comportement majeurs avec mises en danger du jeune et/ou de "
     "son entourage (au moins une fois sur la semaine de cotation)"),
    ("degradations_materielles", "Troubles du comportement majeurs avec dégradations "
     "matérielles importantes au sein de la plateforme (au moins une fois sur la semaine de "
     "cotation)"),
)
CRITERIA_COLUMNS = tuple(c for c, _ in CRITERIA)
REQUIRED = ("finess", "semaine", "personne")
OPTIONAL = ("actes", "nuitees", *CRITERIA_COLUMNS)
SCHEMA: dict[str, pl.DataType] = {
    "ligne": pl.Int64(), "finess": pl.String(), "semaine": pl.String(), "personne": pl.String(),
    "actes": pl.Int64(), "nuitees": pl.Int64(), **{c: pl.Boolean() for c in CRITERIA_COLUMNS},
}
PARAMETERS = ("plateforme_ua_par_acte", "plateforme_actes_max_semaine",
              "plateforme_ua_par_nuitee", "plateforme_nuitees_max_semaine",
              "plateforme_criteres_complexite_min")
_WEEK_RE = re.compile(r"^(\d{4})-?[SW](\d{1,2})$", re.IGNORECASE)
MAX_ISO_WEEK = 53


def read_platform_records(path: Path, known_finess: Collection[str]) -> pl.DataFrame:
    """Enregistrements hebdomadaires : une ligne par plateforme, semaine et personne."""
    rows, issues = load_rows(path, REQUIRED, OPTIONAL, "Enregistrements de plateforme")
    reader = RowReader(issues, set(known_finess))
    out: list[dict[str, object]] = []
    seen: set[tuple[str, str, str]] = set()
    for line, row in enumerate(rows, start=2):
        finess = reader.start(line, row)
        match = _WEEK_RE.match(reader.raw("semaine"))
        week = None
        if not match or not 1 <= int(match.group(2)) <= MAX_ISO_WEEK:
            reader.bad("semaine", f"semaine « {reader.raw('semaine')} » illisible",
                       "écrivez l'année et le numéro de semaine ISO, ex. 2023-S05")
        else:
            week = f"{match.group(1)}-S{int(match.group(2)):02d}"
        person = reader.raw("personne")
        if not person:
            reader.bad("personne", "identifiant de la personne vide",
                       "indiquez un identifiant anonymisé, stable d'une semaine à l'autre")
        values = {"actes": reader.integer("actes"), "nuitees": reader.integer("nuitees"),
                  **{c: reader.boolean(c) for c in CRITERIA_COLUMNS}}
        if finess is None or week is None or not person:
            continue
        key = (finess, week, person)
        if key in seen:
            reader.bad("personne", f"personne {person} enregistrée deux fois la semaine {week}",
                       "regroupez ses actes et nuitées de la semaine sur une seule ligne")
            continue
        seen.add(key)
        out.append({"ligne": line, "finess": finess, "semaine": week, "personne": person,
                    **values})
    if issues:
        raise ActivityError(issues, f"Enregistrements de plateforme « {path.name} »")
    return pl.DataFrame(out, schema=SCHEMA)


def platform_activity(records: pl.DataFrame, params: ParameterSet, campaign: Campaign,
                      nights_caps: dict[str, int] | None = None,
                      ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(détail par personne et par semaine, synthèse par plateforme) en modalité 1."""
    at = campaign.at()
    v = {n: Decimal(params.value(n, at)) for n in PARAMETERS}
    act_cap, night_cap = int(v["plateforme_actes_max_semaine"]), int(
        v["plateforme_nuitees_max_semaine"])
    caps = nights_caps or {}
    nights_max = pl.col("finess").replace_strict(caps, default=night_cap, return_dtype=pl.Int64)
    acts = pl.col("actes").fill_null(0)
    nights = pl.col("nuitees").fill_null(0)
    kept_acts = pl.min_horizontal(acts, pl.lit(act_cap, pl.Int64))
    kept_nights = pl.min_horizontal(nights, nights_max)
    ua = scaled(kept_acts * HUNDREDTHS, v["plateforme_ua_par_acte"]) + scaled(
        kept_nights * HUNDREDTHS, v["plateforme_ua_par_nuitee"])
    met = pl.sum_horizontal(*[pl.col(c).fill_null(False).cast(pl.Int64) for c in CRITERIA_COLUMNS])
    detail = records.with_columns(
        kept_acts.alias("actes_retenus"), nights_max.alias("plafond_nuitees"),
        kept_nights.alias("nuitees_retenues"), ua.alias("_ua"), met.alias("criteres_reunis"),
    ).with_columns(
        (pl.col("criteres_reunis") >= int(v["plateforme_criteres_complexite_min"]))
        .alias("complexe"), as_decimal(pl.col("_ua")).alias("ua"),
    )
    summary = (
        detail.group_by("finess", maintain_order=True).agg(
            pl.col("personne").n_unique().alias("personnes"),
            pl.col("semaine").n_unique().alias("semaines"),
            pl.len().alias("semaines_personnes"),
            pl.col("actes").fill_null(0).sum().alias("actes_declares"),
            pl.col("actes_retenus").sum(),
            pl.col("nuitees").fill_null(0).sum().alias("nuitees_declarees"),
            pl.col("nuitees_retenues").sum(),
            pl.col("plafond_nuitees").first(),
            pl.col("_ua").sum().alias("_ua"),
            pl.col("complexe").sum().alias("semaines_personnes_complexes"),
            pl.col("personne").filter(pl.col("complexe")).n_unique().alias("personnes_complexes"),
        ).with_columns(as_decimal(pl.col("_ua")).alias("ua")).drop("_ua")
    )
    return detail.drop("_ua"), summary


def expected_file_active(places: int, params: ParameterSet, at: At) -> Decimal:
    """Modalité 2 : file active attendue = places autorisées × coefficient (1,22)."""
    return Decimal(places) * Decimal(params.value("plateforme_coefficient_file_active", at))


def citations(params: ParameterSet, campaign: Campaign) -> dict[str, str]:
    at = campaign.at()
    return {n: params.resolve(n, at).citation() for n in PARAMETERS}
