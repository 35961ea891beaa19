"""Les normes d'activité théorique et les cibles, lues dans les paramètres régionaux.

ROB24 annexe III, « Modalités de calcul de l'activité théorique » : une ligne par type
d'ESMS (établissements pour enfants, CAMSP, CMPP, SESSAD, ESAT et ESRP, MAS et EAM, SAMSAH,
plateformes). Le rattachement d'une catégorie FINESS à une ligne est lui-même un paramètre
(``activite_norme_categorie``) : une catégorie absente n'a pas de norme.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from campagne.params import At, ParameterSet
from campagne.params.errors import ParameterError


class Norm(StrEnum):
    etablissement_enfants = "etablissement_enfants"
    camsp = "camsp"
    cmpp = "cmpp"
    sessad = "sessad"
    esat_esrp = "esat_esrp"
    mas_eam = "mas_eam"
    samsah = "samsah"
    plateforme_ua = "plateforme_ua"  # modalité 1
    plateforme_file_active = "plateforme_file_active"  # modalité 2


@dataclass(frozen=True)
class NormInfo:
    label: str
    unit: str  # unité d'activité (colonne du rapport d'activité qui la mesure)


NORMS: dict[Norm, NormInfo] = {
    Norm.etablissement_enfants: NormInfo("Établissement pour enfants", "journees"),
    Norm.camsp: NormInfo("CAMSP", "interventions"),
    Norm.cmpp: NormInfo("CMPP", "actes"),
    Norm.sessad: NormInfo("SESSAD", "actes"),
    Norm.esat_esrp: NormInfo("ESAT et ESRP", "journees"),
    Norm.mas_eam: NormInfo("MAS et EAM", "journees"),
    Norm.samsah: NormInfo("SAMSAH", "journees"),
    Norm.plateforme_ua: NormInfo("Plateforme, modalité 1 (unités d'accompagnement)", "ua"),
    Norm.plateforme_file_active: NormInfo("Plateforme, modalité 2 (file active)", "file_active"),
}

UNIT_LABELS = {"journees": "journées", "actes": "actes", "interventions": "interventions",
               "ua": "UA", "file_active": "personnes (file active)"}

PARAMETERS = (
    "activite_norme_categorie", "activite_jours_min_enfants", "activite_cout_intervention_camsp",
    "activite_majoration_cout_camsp", "activite_cout_acte_cmpp", "activite_majoration_cout_cmpp",
    "activite_actes_directs_semaine_sessad", "activite_semaines_min_sessad",
    "activite_jours_min_esat_esrp", "activite_jours_mas_eam", "activite_jours_min_samsah",
    "activite_ua_semaine_plateforme", "activite_ua_hebergement_semaine_plateforme",
    "plateforme_coefficient_file_active", "activite_taux_cible_etablissement",
    "activite_taux_cible_accueil_temporaire", "activite_taux_cible_service",
)


class NormParameterError(ParameterError):
    """Un paramètre d'activité a une valeur inutilisable (norme inconnue, jours non entiers)."""


@dataclass(frozen=True)
class ActivityNorms:
    """Les valeurs d'une région à une date, avec leurs citations."""

    values: dict[str, object]
    citations: dict[str, str]

    def categories(self) -> dict[str, Norm]:
        return self.values["activite_norme_categorie"]  # type: ignore[return-value]

    def dec(self, name: str) -> Decimal:
        return Decimal(str(self.values[name]))

    def whole(self, name: str) -> int:
        value = self.dec(name)
        if value != value.to_integral_value() or value < 0:
            raise NormParameterError(f"paramètre « {name} » : nombre entier positif attendu, "
                                     f"reçu {value}")
        return int(value)

    def cents(self, name: str) -> int:
        return int(self.dec(name) * 100)


def load_norms(params: ParameterSet, at: At) -> ActivityNorms:
    """Résout tous les paramètres d'activité ; ``ParameterNotFoundError`` hors de leur portée."""
    values: dict[str, object] = {}
    citations: dict[str, str] = {}
    for name in PARAMETERS:
        resolved = params.resolve(name, at)
        values[name] = resolved.value
        citations[name] = resolved.citation()
    mapping: dict[str, Norm] = {}
    for code, norm in dict(values["activite_norme_categorie"]).items():  # type: ignore[call-overload]
        try:
            mapping[str(code)] = Norm(norm)
        except ValueError:
            raise NormParameterError(
                f"paramètre « activite_norme_categorie », catégorie {code} : norme « {norm} » "
                f"inconnue (normes : {', '.join(n.value for n in Norm)})"
            ) from None
    values["activite_norme_categorie"] = mapping
    return ActivityNorms(values, citations)
