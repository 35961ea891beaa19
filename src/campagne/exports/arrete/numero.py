"""Numéro d'arrêté : ``AAAA-SECTEUR-SIGLE-NNNNNN`` (ex. ``2024-PH-IDF-000123``).

- ``AAAA`` : année de la campagne ;
- ``SECTEUR`` : secteur(s) de la campagne (``PH``, ``PA``, ``PA-PH`` si les deux) ;
- ``SIGLE`` : sigle de la région de la campagne (``textes.yaml``, ``sigles_regions``) ;
- ``NNNNNN`` : numéro d'ordre dans la campagne, sur six chiffres (1 à 999 999).

Le FINESS n'entre pas dans le numéro : un même ESMS reçoit un arrêté initial puis, le cas
échéant, des arrêtés modificatifs, chacun son numéro. Il est vérifié (clé de Luhn) et figure
dans le nom du fichier. L'unicité tient au numéro d'ordre : le lot les attribue sans doublon,
l'application les tirera d'une séquence en base.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from campagne.engine import Campaign
from campagne.errors import CampagneError
from campagne.exports.arrete.textes import textes
from campagne.referentiel.finess import finess_problem

SEQUENCE_MAX = 999_999
PATTERN = re.compile(r"^\d{4}-[A-Z]{2}(-[A-Z]{2})*-[A-Z]{2,4}-\d{6}$")


def numero_arrete(campagne: Campaign, finess: str, sequence: int) -> str:
    problem = finess_problem(finess)
    if problem:
        raise CampagneError(f"numéro d'arrêté : {problem}")
    if not 1 <= sequence <= SEQUENCE_MAX:
        raise CampagneError(f"numéro d'arrêté de l'ESMS {finess} : le numéro d'ordre {sequence} "
                            f"doit être compris entre 1 et {SEQUENCE_MAX}")
    if campagne.region is None:
        raise CampagneError(f"la campagne « {campagne.id} » n'a pas de région : les arrêtés sont "
                            "pris par une ARS, relancez le calcul pour une région")
    sigle = textes().sigles_regions.get(campagne.region)
    if sigle is None:
        raise CampagneError(f"région {campagne.region} sans sigle : ajoutez-la à « sigles_regions "
                            "» de campagne/exports/arrete/textes.yaml")
    secteur = "-".join(sorted(campagne.secteurs))
    return f"{campagne.annee}-{secteur}-{sigle}-{sequence:06d}"


@dataclass
class Numerotation:
    """Attribue les numéros d'un lot, dans l'ordre, à partir de ``premier`` ; refuse de
    numéroter deux fois le même ESMS dans un lot (un second arrêté est un modificatif)."""

    campagne: Campaign
    premier: int = 1
    attribues: dict[str, str] = field(default_factory=dict)

    def __call__(self, finess: str) -> str:
        if finess in self.attribues:
            raise CampagneError(f"l'ESMS {finess} a déjà reçu le numéro {self.attribues[finess]} "
                                "dans ce lot : retirez le doublon de la liste des FINESS")
        numero = numero_arrete(self.campagne, finess, self.premier + len(self.attribues))
        self.attribues[finess] = numero
        return numero
