"""Petits portefeuilles écrits à la main pour les tests de règles.

Toutes les colonnes du schéma (``referentiel.schema.OUTPUT_SCHEMA``) sont présentes, vides par
défaut, comme dans un portefeuille lu par ``read_portfolio``.
"""

import polars as pl

from campagne.referentiel.schema import OUTPUT_SCHEMA

DEFAULTS = {"raison_sociale": "ESMS", "categorie": "183", "departement": "75", "region": "11",
            "secteur": "PH", "famille": "Établissements pour enfants", "capacite": 10,
            "statut_agregat": "prive_non_lucratif", "finess_ej": "750000001"}


def make_portfolio(rows: list[dict]) -> pl.DataFrame:
    full = [{**{k: None for k in OUTPUT_SCHEMA}, **DEFAULTS, **r} for r in rows]
    return pl.DataFrame(full, schema=OUTPUT_SCHEMA)
