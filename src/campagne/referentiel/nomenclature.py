"""Nomenclatures FINESS embarquées : catégories, statuts juridiques, modes de tarification.

Les fichiers viennent tels quels de ``shared/reference/finess`` (provenance dans
``data/README.md``). Les lecteurs sont mis en cache : les fichiers ne changent pas en cours
d'exécution.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

CATEGORIES_FILE = "finess_categories_etab_avec_agregats_20250526.csv"
STATUTS_FILE = "finess_statuts_juridiques_avec_agregats_20250526.csv"
MODES_FILE = "finess_mode_fixation_tarifs_TRE_R74.csv"
SPH_FILE = "finess_sph_espic_TRE_R73.csv"
DEPARTEMENTS_FINESS_FILE = "finess_departements_drom_codes.csv"

# Agrégats de statut juridique qui fixent le statut_agregat du portefeuille (cs1500107).
_AGREGAT_NIVEAU1 = {"1000": "public"}
_AGREGAT_NIVEAU2 = {"2100": "prive_non_lucratif", "2200": "prive_lucratif"}

STATUTS_AGREGES = ("public", "prive_non_lucratif", "prive_lucratif")

# Codes ``codemft`` des extraits FINESS dont le libellé désigne sans ambiguïté un mode du
# portefeuille (DG, DGC, FGS). Les autres (mixtes ARS/département, tarifs libres…) restent
# vides : l'agent les complète. Aucun code FINESS ne dit « prix de journée » seul.
MODE_TARIFICATION_DEPUIS_CODEMFT: dict[str, str] = {
    "34": "DG",  # ARS - DG dotation globale
    "57": "DGC",  # Dotation globale de soins ARS (…) sous CPOM
    # EHPAD : tarif global ou partiel du forfait global relatif aux soins
    **{code: "FGS" for code in ("40", "41", "42", "43", "44", "45", "46", "47")},
}


@dataclass(frozen=True)
class Agregat:
    code: str
    libelle: str
    libelle_court: str


@dataclass(frozen=True)
class Categorie:
    code: str
    libelle: str
    libelle_court: str
    domaine: str
    datedeb: date | None
    datefin: date | None
    agregat3: Agregat
    agregat2: Agregat
    agregat1: Agregat

    @property
    def ouverte(self) -> bool:
        """Catégorie encore en vigueur (sans date de fin)."""
        return self.datefin is None


@dataclass(frozen=True)
class StatutJuridique:
    code: str
    libelle: str
    libelle_court: str
    datedeb: date | None
    datefin: date | None
    agregat3: Agregat
    agregat2: Agregat
    agregat1: Agregat

    @property
    def statut_agregat(self) -> str | None:
        """``public``, ``prive_non_lucratif``, ``prive_lucratif`` ; ``None`` (droit étranger)."""
        return _AGREGAT_NIVEAU1.get(self.agregat1.code) or _AGREGAT_NIVEAU2.get(
            self.agregat2.code
        )


@dataclass(frozen=True)
class ModeTarification:
    code: str
    libelle: str
    actif: bool
    date_fin: date | None


@dataclass(frozen=True)
class SphEspic:
    code: str
    libelle: str
    libelle_court: str


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("campagne.referentiel").joinpath("data", name).read_text("utf-8-sig")
    return list(csv.DictReader(text.splitlines(), delimiter=";"))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _agregats(r: dict[str, str]) -> tuple[Agregat, Agregat, Agregat]:
    return tuple(  # type: ignore[return-value]
        Agregat(r[f"codeagr{n}"], r[f"libelleagr{n}"], r[f"libellecourtagr{n}"]) for n in (3, 2, 1)
    )


@cache
def categories() -> dict[str, Categorie]:
    """Les 312 catégories d'établissement FINESS (``categetab``), par code (``"246"``)."""
    out: dict[str, Categorie] = {}
    for r in _rows(CATEGORIES_FILE):
        a3, a2, a1 = _agregats(r)
        out[r["code"]] = Categorie(
            r["code"], r["libelle"], r["libellecourt"], r["domaine"],
            _date(r["datedeb"]), _date(r["datefin"]), a3, a2, a1,
        )
    return out


@cache
def statuts_juridiques() -> dict[str, StatutJuridique]:
    """Les 69 statuts juridiques FINESS (``statutjuridique``), par code (``"60"``)."""
    out: dict[str, StatutJuridique] = {}
    for r in _rows(STATUTS_FILE):
        a3, a2, a1 = _agregats(r)
        out[r["code"]] = StatutJuridique(
            r["code"], r["libelle"], r["libellecourt"],
            _date(r["datedeb"]), _date(r["datefin"]), a3, a2, a1,
        )
    return out


@cache
def modes_tarification() -> dict[str, ModeTarification]:
    """Les 52 modes de fixation des tarifs FINESS (``codemft``, TRE_R74), par code."""
    return {
        r["code"]: ModeTarification(r["code"], r["libelle"], r["statut"] == "active",
                                    _date(r["date_fin"]))
        for r in _rows(MODES_FILE)
    }


@cache
def sph_espic() -> dict[str, SphEspic]:
    """Participation au service public hospitalier (``codesph``, TRE_R73), par code."""
    return {r["code"]: SphEspic(r["code"], r["libelle"], r["libelle_court"])
            for r in _rows(SPH_FILE)}


@cache
def codes_departements_finess() -> dict[str, str]:
    """Codes de département FINESS qui ne sont pas des codes INSEE → code INSEE (9A → 971)."""
    return {r["code_finess"]: r["code_insee"] for r in _rows(DEPARTEMENTS_FINESS_FILE)}


def statut_agregat(code: str) -> str | None:
    """Agrégat public / privé non lucratif / privé lucratif d'un statut juridique FINESS."""
    statut = statuts_juridiques().get(code)
    return statut.statut_agregat if statut else None


def mode_tarification_from_codemft(codemft: str | None) -> str | None:
    """Mode du portefeuille (DG, DGC, FGS) d'un code ``codemft`` FINESS, si non ambigu."""
    return MODE_TARIFICATION_DEPUIS_CODEMFT.get((codemft or "").strip())
