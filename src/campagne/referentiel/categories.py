"""Règles par catégorie FINESS : secteur, public, nature, famille, unité d'activité.

La table ``data/categories_regles.csv`` liste explicitement les codes utilisés par les règles
(jamais de décision sur un libellé). Une catégorie absente de la table reste lisible dans un
portefeuille : elle y reçoit le secteur ``AUTRE`` et la famille « Autres catégories ».

Choix documenté : les SSIAD (354) et les SAAS (209, ex-SPASAD) servent personnes âgées et
personnes handicapées ; ils ont le public ``mixte`` et le secteur ``PH``, parce que le ROB 2024
d'Île-de-France (§3 note 10, §4) les tarife dans la campagne PH.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import polars as pl

from campagne.referentiel.nomenclature import categories

RULES_FILE = "categories_regles.csv"

SECTEURS = ("PH", "PA")
SECTEUR_AUTRE = "AUTRE"
PUBLICS = ("enfants", "adultes", "personnes_agees", "mixte")
NATURES = ("etablissement", "service")
UNITES_ACTIVITE = ("journees", "actes", "interventions", "file_active", "ua", "places")
FAMILLE_AUTRE = "Autres catégories"

ESAT_CODE = "246"
SSIAD_CODE = "354"


class CategoryRulesError(ValueError):
    """La table des règles par catégorie est incohérente (erreur de données embarquées)."""


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    libelle_court: str
    secteur: str
    public: str
    nature: str
    famille: str
    unite_activite: str
    source: str


def _check(r: dict[str, str], line: int) -> None:
    where = f"{RULES_FILE}, ligne {line}"
    if r["code"] not in categories():
        raise CategoryRulesError(f"{where} : catégorie {r['code']} absente de la nomenclature")
    for field, allowed in (("secteur", SECTEURS), ("public", PUBLICS), ("nature", NATURES),
                           ("unite_activite", UNITES_ACTIVITE)):
        if r[field] not in allowed:
            raise CategoryRulesError(
                f"{where} : {field} « {r[field]} » inconnu (attendu : {', '.join(allowed)})"
            )
    if not r["famille"] or not r["source"]:
        raise CategoryRulesError(f"{where} : famille et source sont obligatoires")


@cache
def category_rules() -> dict[str, CategoryInfo]:
    """La table des règles, par code de catégorie ; contrôlée contre la nomenclature."""
    text = resources.files("campagne.referentiel").joinpath("data", RULES_FILE).read_text("utf-8")
    out: dict[str, CategoryInfo] = {}
    for line, r in enumerate(csv.DictReader(text.splitlines(), delimiter=";"), start=2):
        _check(r, line)
        if r["code"] in out:
            raise CategoryRulesError(f"{RULES_FILE}, ligne {line} : code {r['code']} en double")
        out[r["code"]] = CategoryInfo(**r)
    return out


def category_info(code: str) -> CategoryInfo | None:
    """Les règles d'une catégorie, ou ``None`` si elle n'est pas dans la table."""
    return category_rules().get((code or "").strip())


def codes_secteur(secteur: str) -> frozenset[str]:
    """Les codes de catégorie d'un secteur (``PH`` ou ``PA``)."""
    return frozenset(c for c, i in category_rules().items() if i.secteur == secteur)


def codes_famille(famille: str) -> frozenset[str]:
    return frozenset(c for c, i in category_rules().items() if i.famille == famille)


def familles() -> list[str]:
    """Les familles de la table, dans l'ordre du fichier (ordre des tableaux de marge)."""
    return list(dict.fromkeys(i.famille for i in category_rules().values()))


def is_esat(code: str) -> bool:
    return (code or "").strip() == ESAT_CODE


def is_ssiad(code: str) -> bool:
    return (code or "").strip() == SSIAD_CODE


@cache
def deduction_frame() -> pl.DataFrame:
    """Table de jointure ``categorie`` → ``secteur``, ``public``, ``nature``, ``famille``."""
    rules = list(category_rules().values())
    return pl.DataFrame(
        {
            "categorie": [i.code for i in rules],
            "secteur": [i.secteur for i in rules],
            "public": [i.public for i in rules],
            "nature": [i.nature for i in rules],
            "famille": [i.famille for i in rules],
        },
        schema={k: pl.String for k in ("categorie", "secteur", "public", "nature", "famille")},
    )
