"""Les textes fixes des arrêtés (``textes.yaml``) : lecture stricte et remplissage des champs.

Les phrases juridiques vivent dans le fichier de données versionné, pas dans le code : une
modification de visa ou de voie de recours se relit comme un texte. Le chargement refuse une
clé inconnue ou un champ ``{…}`` que le gabarit ne sait pas remplir, pour qu'une faute de
frappe ne produise jamais un arrêté troué.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from campagne.errors import CampagneError

FIELDS = frozenset({
    "annee", "region", "esms", "de_esms", "finess", "finess_ej", "departement", "numero",
    "numero_modifie", "motif", "dotation_totale", "dotation_perenne", "dotation_non_perenne",
    # champs propres à la formule d'une source citée
    "article", "titre", "date", "id",
    "lieu",  # formule de signature
})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParAnnee(_Strict):
    defaut: str
    par_annee: dict[int, str] = {}

    def pour(self, annee: int) -> str:
        return self.par_annee.get(annee, self.defaut)


class Visas(_Strict):
    generaux: list[str]
    loi_financement: ParAnnee
    decision_drl: ParAnnee
    articles_sources: dict[str, str]
    source: str
    modifie: str


class Articles(_Strict):
    dotation: str
    repartition: str
    remplace: str
    decomposition: str
    versement: str
    recours: list[str]
    execution: str


class Designation(_Strict):
    etablissement: str
    service: str
    defaut: str

    def pour(self, nature: str | None) -> str:
        return {"etablissement": self.etablissement, "service": self.service}.get(
            nature or "", self.defaut)


class Textes(_Strict):
    version: int
    en_tete: str
    autorite: str
    sigles_regions: dict[str, str]
    designation: Designation
    titre: str
    titre_modificatif: str
    visas: Visas
    considerant_modificatif: str
    articles: Articles
    fait: str
    fait_lieu: str
    annexe: str


class TextesError(CampagneError):
    """Le fichier des textes d'arrêté est invalide."""


def fill(template: str, **values: Any) -> str:
    """Remplit les champs ``{…}`` d'une formule ; un champ non fourni est une erreur claire."""
    try:
        return template.format(**values)
    except KeyError as exc:
        raise TextesError(f"textes.yaml : le champ {exc} de la formule « {template[:60]}… » "
                          "n'est pas fourni par le gabarit") from None


def _templates(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [t for v in node.values() for t in _templates(v)]
    if isinstance(node, list):
        return [t for v in node for t in _templates(v)]
    return []


def _check_fields(data: dict[str, Any]) -> None:
    unknown = sorted({
        name for text in _templates(data)
        for _, name, _, _ in string.Formatter().parse(text) if name and name not in FIELDS
    })
    if unknown:
        raise TextesError(f"textes.yaml : champs inconnus {unknown} (champs connus : "
                          f"{', '.join(sorted(FIELDS))} ; voir docs/arretes.md)")


@cache
def textes() -> Textes:
    """Les textes embarqués, lus et vérifiés une fois par processus."""
    raw = resources.files("campagne.exports.arrete").joinpath("textes.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    try:
        parsed = Textes.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(f"{' → '.join(map(str, e['loc']))} : {e['msg']}" for e in exc.errors())
        raise TextesError(f"textes.yaml invalide : {where}") from None
    _check_fields(data)
    return parsed
