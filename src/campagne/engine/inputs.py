"""Libellés français des données d'entrée du portefeuille (voir docs/portefeuille.md)."""

from __future__ import annotations

from campagne.engine.rule import Unit

INPUTS: dict[str, tuple[str, Unit]] = {
    "finess": ("Numéro FINESS de l'ET", Unit.texte),
    "finess_ej": ("Numéro FINESS de l'organisme gestionnaire", Unit.texte),
    "raison_sociale": ("Raison sociale", Unit.texte),
    "categorie": ("Catégorie FINESS", Unit.texte),
    "statut_juridique": ("Statut juridique", Unit.texte),
    "statut_agregat": ("Statut (public / privé)", Unit.texte),
    "departement": ("Département", Unit.texte),
    "region": ("Région", Unit.texte),
    "secteur": ("Secteur (PH / PA)", Unit.texte),
    "famille": ("Famille de catégories", Unit.texte),
    "capacite": ("Capacité autorisée (places)", Unit.nombre),
    "base_reconductible": ("Base reconductible au 31/12 de N-1", Unit.euro),
    "fonction_publique": ("Fonction publique de rattachement", Unit.texte),
    "convention_collective": ("Convention collective", Unit.texte),
    "cpom": ("Sous CPOM", Unit.booleen),
    "cofinance": ("ESMS cofinancé", Unit.booleen),
    "continuite_nuit_weekend": ("Continuité nuit, week-end et jours fériés", Unit.booleen),
    "pui": ("Pharmacie à usage intérieur", Unit.booleen),
    "part_imc": ("Part de personnes IMC (%)", Unit.nombre),
    "part_autisme": ("Part de personnes avec TSA (%)", Unit.nombre),
    "part_lesion_cerebrale": ("Part de personnes cérébrolésées (%)", Unit.nombre),
    "part_handicap_physique": ("Part de personnes avec handicap physique (%)", Unit.nombre),
    "ssiad_dotation_plancher": ("Dotation pérenne 2022 du SSIAD (plancher)", Unit.euro),
    "ssiad_forfait_cible": ("Forfait global de soins cible", Unit.euro),
    "recettes_creton_n1": ("Recettes Creton facturées en N-1", Unit.euro),
    "date_ouverture": ("Date d'ouverture", Unit.texte),
    # Décisions de la campagne (jointes au portefeuille) : des montants, en centimes.
    "cnr_accordes_gratification_stages": ("CNR accordé — gratification des stages", Unit.euro),
    "cnr_accordes_permanents_syndicaux": ("CNR accordé — permanents syndicaux", Unit.euro),
    "cnr_accordes_regionaux": ("CNR régionaux accordés", Unit.euro),
    "retenue_activite_confirmee": ("Retenue d'activité confirmée par l'agent", Unit.euro),
    "remise_a_niveau_accordee": ("Remise à niveau accordée (25 M€)", Unit.euro),
    "retour_equilibre_accorde": ("Retour à l'équilibre accordé (30 M€)", Unit.euro),
    "ucanss_reclassement": ("Coût du reclassement UCANSS", Unit.euro),
    "ucanss_prime": ("Coût de la prime UCANSS de 4 points", Unit.euro),
}


def input_label(name: str) -> str:
    return INPUTS.get(name, (name, Unit.texte))[0]


def input_unit(name: str) -> Unit:
    return INPUTS.get(name, (name, Unit.texte))[1]
