"""Schéma strict des fichiers de paramètres (pydantic v2, clés inconnues interdites).

Un fichier décrit une famille de paramètres ; chaque valeur porte sa période (une campagne ou
des dates), sa portée (nationale, régionale, départementale) et une référence obligatoire à une
source déclarée dans ``sources.yaml``.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PORTEE_RE = re.compile(r"^(national|region:\d{2}|departement:(\d{2}|2A|2B|9[A-F]))$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Unite(str, Enum):
    """Unité d'un paramètre : elle dit comment lire et afficher la valeur."""

    taux = "taux"  # fraction décimale : 0.01 = 1 %
    euro = "euro"  # montant en euros (converti en centimes à l'usage)
    euro_par_place = "euro_par_place"
    euro_par_jour = "euro_par_jour"
    nombre = "nombre"
    jours = "jours"
    semaines = "semaines"
    points = "points"
    mois = "mois"
    date = "date"
    texte = "texte"


class Source(Strict):
    titre: str
    date: dt.date
    numero: str | None = None
    fichier: str | None = None
    url: str | None = None
    note: str | None = None


class SourcesFile(Strict):
    sources: dict[str, Source]


class Reference(Strict):
    source: str
    section: str
    note: str | None = None


ScalarValue = Decimal | str | dt.date | bool


class ValueEntry(Strict):
    campagne: int | None = None
    debut: dt.date | None = None
    fin: dt.date | None = None
    portee: str
    valeur: Any
    reference: Reference
    # Tables indexées : clés couvertes par cette valeur quand le texte n'en chiffre qu'une
    # partie (le ROB 2024 ne fixe que le secteur PH) ; les autres restent sans valeur.
    cles: list[str] | None = None

    @field_validator("portee")
    @classmethod
    def _portee(cls, v: str) -> str:
        if not PORTEE_RE.match(v):
            raise ValueError(
                f"portée « {v} » invalide : écrivez « national », « region:11 » "
                "ou « departement:75 »"
            )
        return v

    @model_validator(mode="after")
    def _periode(self) -> ValueEntry:
        if self.campagne is None and self.debut is None:
            raise ValueError("chaque valeur indique « campagne: AAAA » ou « debut: AAAA-MM-JJ »")
        if self.campagne is not None and (self.debut or self.fin):
            raise ValueError("une valeur indique soit « campagne », soit « debut »/« fin », "
                             "pas les deux")
        if self.debut and self.fin and self.fin < self.debut:
            raise ValueError(f"« fin » ({self.fin}) précède « debut » ({self.debut})")
        return self

    def interval(self) -> tuple[dt.date, dt.date]:
        """Période couverte ; une valeur sans « fin » est déclarée ouverte explicitement."""
        if self.campagne is not None:
            return dt.date(self.campagne, 1, 1), dt.date(self.campagne, 12, 31)
        assert self.debut is not None
        return self.debut, self.fin or dt.date.max

    def periode_label(self) -> str:
        if self.campagne is not None:
            return f"campagne {self.campagne}"
        if self.fin:
            return f"du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"
        return f"depuis le {self.debut:%d/%m/%Y}"


class ParameterDecl(Strict):
    libelle: str
    unite: Unite
    description: str | None = None
    index: str | None = None
    cles: list[str] | None = None
    valeurs: Annotated[list[ValueEntry], Field(min_length=1)]

    @model_validator(mode="after")
    def _index(self) -> ParameterDecl:
        if (self.index is None) != (self.cles is None):
            raise ValueError("« index » et « cles » vont ensemble (paramètre indexé)")
        return self


class ParameterFile(Strict):
    famille: str
    libelle: str
    parametres: dict[str, ParameterDecl]

    @field_validator("parametres")
    @classmethod
    def _names(cls, v: dict[str, ParameterDecl]) -> dict[str, ParameterDecl]:
        for name in v:
            if not NAME_RE.match(name):
                raise ValueError(f"nom de paramètre « {name} » invalide (minuscules, chiffres, _)")
        return v


class CampaignDecl(Strict):
    libelle: str
    annee: int
    secteurs: list[str]
    region: str | None = None
    date_reference: dt.date
    reference: Reference


class CampaignsFile(Strict):
    campagnes: dict[str, CampaignDecl]
