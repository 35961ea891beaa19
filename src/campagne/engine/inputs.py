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
    "ssiad_forfait_cnsa": ("Montant forfaitaire CNSA du SSIAD", Unit.euro),
    "places_nouvelles": ("Places nouvelles installées dans l'année", Unit.nombre),
    "cout_place_nouvelle": ("Coût à la place en année pleine", Unit.euro),
    "date_installation": ("Date d'installation des places", Unit.texte),
    "ligne_plan": ("Ligne de la DRL qui finance les places", Unit.texte),
    "jours_ouverture": ("Jours d'ouverture par an", Unit.nombre),
    "semaines_ouverture": ("Semaines d'ouverture par an", Unit.nombre),
    "capacite_accueil_jour": ("Places d'accueil de jour", Unit.nombre),
    "gmp": ("GIR moyen pondéré (GMP)", Unit.nombre),
    "pmp": ("PATHOS moyen pondéré (PMP)", Unit.nombre),
    "gmps_reference": ("GMPS ayant fixé la dotation en vigueur", Unit.nombre),
    "tarif_soins": ("Option tarifaire (global ou partiel)", Unit.texte),
    "avenant_convergence": ("Avenant de convergence à la convention tripartite", Unit.booleen),
    "taux_reconduction_contractuel": ("Taux de reconduction contractuel", Unit.taux),
    "fraction_reduction_contractuelle": ("Part du dépassement restituée par contrat", Unit.taux),
    "places_pasa": ("Places de PASA labellisées", Unit.nombre),
    "places_uhr_nouvelles": ("Places d'UHR labellisées dans l'année", Unit.nombre),
    "esa_equipes": ("Équipes spécialisées Alzheimer", Unit.nombre),
    "esa_places_globales": ("Places en prise en charge globale (x)", Unit.nombre),
    "esa_places_partielles": ("Places en prise en charge partielle (y)", Unit.nombre),
    "experimentation_infirmiere_nuit": ("Retenu pour l'expérimentation d'infirmière de nuit",
                                        Unit.booleen),
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


def _from_schema(name: str) -> tuple[str, Unit] | None:
    """Une colonne du portefeuille sans libellé ici : son unité vient de son type déclaré
    (un montant n'est jamais affiché en centimes bruts)."""
    from campagne.referentiel.schema import SPECS, Kind

    spec = SPECS.get(name)
    if spec is None:
        return None
    unit = {Kind.money: Unit.euro, Kind.integer: Unit.nombre, Kind.percent: Unit.nombre,
            Kind.rate: Unit.taux, Kind.boolean: Unit.booleen}.get(spec.kind, Unit.texte)
    return name.replace("_", " "), unit


def _entry(name: str) -> tuple[str, Unit]:
    return INPUTS.get(name) or _from_schema(name) or (name, Unit.texte)


def input_label(name: str) -> str:
    return _entry(name)[0]


def input_unit(name: str) -> Unit:
    return _entry(name)[1]
