"""Générateurs reproductibles de portefeuilles fictifs (schéma : ``docs/portefeuille.md``).

- :func:`generate_idf_ph` : le portefeuille PH d'Île-de-France calibré sur le ROB 2024 de
  l'ARS (ROB24) : base reconductible au 01/01/2024 de **2 347 523 971 €** exactement
  [ROB24 §2] ; **57 321 places** installées, **32 541 pour les adultes** et **24 780 pour les
  enfants**, plus **115 CAMSP et CMPP** [ROB24 §7].
- :func:`generate_national` : ≈ 50 000 ESMS PH et PA dans les 18 régions, pour les mesures
  de performance (aucune cible chiffrée : des ordres de grandeur plausibles).

Tout vient d'un seul ``random.Random(seed)`` : même graine, même tableau, octet pour octet une
fois écrit par :func:`write_demo_csv`. Les noms, numéros FINESS et montants sont fictifs.

Choix documentés :

- **Places** : ne comptent que les catégories de :data:`CATEGORIES_ENFANTS` et
  :data:`CATEGORIES_ADULTES`. Les CAMSP (190) et CMPP (189) n'ont pas de places autorisées
  (leur activité se mesure en interventions et en actes, ROB24 annexe III) : ``capacite = 0``.
  Ainsi la somme de ``capacite`` du portefeuille IDF vaut exactement 57 321.
- **SSIAD (354)** : ``capacite`` = places pour personnes handicapées, ``base_reconductible`` =
  leur part de la campagne PH [ROB24 §4] ; comptés avec les adultes.
- **Places nouvelles 2024** (``places_nouvelles``) : comprises dans ``capacite`` (places
  autorisées) ; un ESMS ouvert en 2024 a une base au 01/01/2024 nulle et toutes ses places
  en places nouvelles, imputées sur les lignes de mesures nouvelles de la DRL [ROB24 §2]
  sans dépasser 90 % de chacune.
- Les SAVS (446, sans financement de l'assurance maladie) et les 9 centres de ressources du
  ROB24 §7 ne sont pas générés.
- Montants : ``base_reconductible`` en euros entiers (total exact par la méthode du plus fort
  reste) ; recettes Creton au centime.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from itertools import accumulate
from pathlib import Path

import polars as pl

from campagne.referentiel.categories import category_rules
from campagne.referentiel.departements import departements, departements_of_region
from campagne.referentiel.finess import check_digit
from campagne.referentiel.nomenclature import statut_agregat

DEFAULT_SEED = 2024
NATIONAL_SIZE = 50_000
NATIONAL_MAX = 400_000  # au-delà, les numéros FINESS des DROM (4 chiffres) s'épuisent
IDF = "11"

# --- Cibles de calibration (ROB 2024 de l'ARS Île-de-France) --------------------------------
ROB24_BASE_RECONDUCTIBLE_CENTS = 2_347_523_971 * 100  # ROB24 §2, base au 01/01/2024
ROB24_PLACES_ADULTES = 32_541  # ROB24 §7
ROB24_PLACES_ENFANTS = 24_780  # ROB24 §7
ROB24_PLACES = ROB24_PLACES_ADULTES + ROB24_PLACES_ENFANTS  # 57 321 [ROB24 §7]
ROB24_CAMSP_CMPP = 115  # ROB24 §7 : « auxquelles s'ajoutent 115 CAMSP et CMPP »

# Catégories dont les places comptent dans les 57 321 solutions [ROB24 §7].
CATEGORIES_ENFANTS = frozenset(
    {"183", "186", "188", "192", "194", "195", "196", "390", "377", "182", "238"}
)
CATEGORIES_ADULTES = frozenset({"246", "249", "255", "437", "448", "395", "379", "445", "354"})
CATEGORIES_SANS_PLACES = frozenset({"189", "190"})  # CMPP, CAMSP : capacite = 0

# Tarifs plafonds ESAT 2024 par place autorisée [ROB24 §5].
ESAT_PLAFOND_REFERENCE = 14_302
ESAT_PLAFONDS = {"imc": 17_875, "autisme": 17_158, "lesion_cerebrale": 15_016,
                 "handicap_physique": 15_016}
ESAT_SEUIL = 70.0  # % de personnes accueillies [ROB24 §5]

# --- Colonnes (ordre et types du tableau chargé, docs/portefeuille.md) -----------------------
MONEY_COLUMNS = ("base_reconductible", "ssiad_dotation_plancher", "ssiad_forfait_cible",
                 "ssiad_forfait_cnsa", "recettes_creton_n1", "cout_place_nouvelle",
                 "ucanss_reclassement", "ucanss_prime")
_CAPACITES = ("capacite_internat", "capacite_semi_internat", "capacite_externat",
              "capacite_accueil_jour", "capacite_accueil_temporaire", "capacite_hebergement")
_PARTS = ("part_imc", "part_autisme", "part_lesion_cerebrale", "part_handicap_physique")
DEDUCED_COLUMNS = ("secteur", "public", "nature", "famille", "statut_agregat")

_S, _I, _B, _D, _F = pl.String(), pl.Int64(), pl.Boolean(), pl.Date(), pl.Float64()
SCHEMA: dict[str, pl.DataType] = {
    "finess": _S, "finess_ej": _S, "raison_sociale": _S, "categorie": _S,
    "statut_juridique": _S, "departement": _S, "region": _S,
    **{c: _S for c in DEDUCED_COLUMNS},
    "capacite": _I, "base_reconductible": _I, "fonction_publique": _S,
    "convention_collective": _S, **{c: _I for c in _CAPACITES},
    "jours_ouverture": _I, "semaines_ouverture": _I, "mode_tarification": _S,
    "cpom": _B, "cpom_debut": _D, "cpom_fin": _D, "cofinance": _B,
    "continuite_nuit_weekend": _B, "pui": _B, "date_ouverture": _D, "date_installation": _D,
    **{c: _F for c in _PARTS},
    "ssiad_dotation_plancher": _I, "ssiad_forfait_cible": _I, "ssiad_forfait_cnsa": _I,
    "recettes_creton_n1": _I, "places_nouvelles": _I, "cout_place_nouvelle": _I,
    "ligne_plan": _S, "ucanss_reclassement": _I, "ucanss_prime": _I,
    "gmp": _I, "pmp": _I, "gmps_reference": _I, "tarif_soins": _S, "avenant_convergence": _B,
    "taux_reconduction_contractuel": pl.Decimal(38, 12),
    "fraction_reduction_contractuelle": pl.Decimal(38, 12),
    "places_pasa": _I, "places_uhr_nouvelles": _I, "esa_equipes": _I,
    "esa_places_globales": _I, "esa_places_partielles": _I,
    "experimentation_infirmiere_nuit": _B,
}
"""Colonnes du tableau rendu (montants en centimes ``Int64``), comme ``read_portfolio``."""

CSV_COLUMNS: tuple[str, ...] = tuple(c for c in SCHEMA if c not in DEDUCED_COLUMNS)
"""Colonnes du fichier (les colonnes déduites ne se saisissent pas)."""


# --- Profils par catégorie ---------------------------------------------------------------------
@dataclass(frozen=True)
class Profil:
    """Ordres de grandeur d'une catégorie (lois triangulaires ``(min, mode, max)``)."""

    prefixe: str  # début de la raison sociale
    capacite: tuple[int, int, int]  # places ; (0, 0, 0) : sans places
    cout: tuple[int, int, int]  # euros par place, ou dotation annuelle si sans places
    part_public: float  # part des ESMS gérés par un organisme public
    genres_publics: tuple[tuple[str, float], ...] = (("esms_public", 0.7), ("hopital", 0.3))
    part_lucratif: float = 0.0
    annees: tuple[int, int] = (1960, 1985)  # première année et mode de date_ouverture


_HOSP = (("hopital", 0.6), ("esms_public", 0.4))
_ENF = (("esms_public", 0.7), ("hopital", 0.2), ("collectivite", 0.1))
_ETAT = (("etat", 1.0),)

PROFILS: dict[str, Profil] = {
    # enfants : établissements
    "183": Profil("IME", (10, 32, 80), (45_000, 55_000, 66_000), 0.06, _ENF),
    "186": Profil("ITEP", (15, 35, 80), (60_000, 70_000, 82_000), 0.06, _ENF),
    "188": Profil("EEAP", (10, 25, 60), (78_000, 92_000, 110_000), 0.10, _ENF),
    "192": Profil("IEM", (20, 50, 120), (62_000, 76_000, 95_000), 0.05, _ENF),
    "194": Profil("Institut pour déficients visuels", (30, 60, 150), (48_000, 60_000, 72_000),
                  0.25, _ETAT),
    "195": Profil("Institut pour déficients auditifs", (20, 60, 200), (44_000, 56_000, 70_000),
                  0.12, _ETAT),
    "196": Profil("Centre pour enfants sourds-aveugles", (10, 20, 40),
                  (68_000, 82_000, 98_000), 0.0),
    "390": Profil("Accueil temporaire enfants", (5, 10, 20), (58_000, 72_000, 90_000), 0.05,
                  annees=(1995, 2010)),
    "377": Profil("Établissement expérimental enfants", (6, 15, 40), (40_000, 52_000, 72_000),
                  0.05, annees=(2005, 2018)),
    # enfants : services
    "182": Profil("SESSAD", (8, 18, 45), (18_000, 24_000, 31_000), 0.05, _ENF,
                  annees=(1980, 2005)),
    "238": Profil("CAFS", (6, 12, 25), (30_000, 39_000, 48_000), 0.0),
    "189": Profil("CMPP", (0, 0, 0), (300_000, 700_000, 1_800_000), 0.10,
                  (("collectivite", 0.6), ("hopital", 0.4)), annees=(1960, 1980)),
    "190": Profil("CAMSP", (0, 0, 0), (400_000, 800_000, 1_500_000), 0.35,
                  (("hopital", 0.8), ("collectivite", 0.2)), annees=(1976, 1995)),
    # adultes
    "246": Profil("ESAT", (20, 55, 140), (0, 0, 0), 0.04, (("esms_public", 1.0),)),
    "249": Profil("ESRP", (30, 80, 200), (22_000, 29_000, 38_000), 0.05,
                  (("esms_public", 1.0),)),
    "255": Profil("MAS", (15, 35, 85), (80_000, 93_000, 110_000), 0.18, _HOSP,
                  annees=(1978, 2000)),
    "437": Profil("FAM", (12, 30, 70), (35_000, 43_000, 55_000), 0.12, _HOSP,
                  annees=(1986, 2005)),
    "448": Profil("EAM", (10, 28, 70), (36_000, 45_000, 57_000), 0.12, _HOSP,
                  annees=(1986, 2012)),
    "395": Profil("Accueil temporaire adultes", (6, 10, 20), (68_000, 82_000, 100_000), 0.10,
                  _HOSP, annees=(1995, 2010)),
    "379": Profil("Établissement expérimental adultes", (6, 15, 40), (35_000, 52_000, 78_000),
                  0.05, annees=(2005, 2018)),
    "445": Profil("SAMSAH", (8, 20, 60), (15_000, 19_500, 25_000), 0.05,
                  (("hopital", 0.5), ("esms_public", 0.5)), annees=(2005, 2012)),
    "354": Profil("SSIAD", (3, 8, 25), (12_000, 14_000, 16_000), 0.30,
                  (("ccas", 0.6), ("hopital", 0.4)), part_lucratif=0.05, annees=(1980, 1995)),
    # personnes âgées (générateur national)
    "209": Profil("SAAS", (10, 30, 80), (11_000, 13_500, 16_000), 0.25,
                  (("ccas", 0.7), ("hopital", 0.3)), part_lucratif=0.10, annees=(2002, 2010)),
    "500": Profil("EHPAD", (30, 80, 200), (9_000, 12_500, 17_000), 0.45,
                  (("esms_public", 0.45), ("hopital", 0.35), ("ccas", 0.2)),
                  part_lucratif=0.25, annees=(1970, 2002)),
    "501": Profil("EHPA", (20, 50, 90), (3_000, 5_000, 8_000), 0.40,
                  (("ccas", 0.7), ("esms_public", 0.3)), part_lucratif=0.10),
    "207": Profil("Accueil de jour", (6, 12, 30), (9_000, 13_000, 17_000), 0.30,
                  (("ccas", 0.5), ("hopital", 0.5)), part_lucratif=0.05, annees=(2002, 2012)),
    "381": Profil("Établissement expérimental personnes âgées", (5, 15, 40),
                  (10_000, 20_000, 35_000), 0.20, annees=(2005, 2018)),
}

# Nombre d'ESMS par catégorie du portefeuille IDF (115 CAMSP + CMPP [ROB24 §7]).
IDF_COUNTS: dict[str, int] = {
    "183": 280, "186": 50, "188": 38, "192": 20, "194": 4, "195": 9, "196": 1, "390": 6,
    "377": 40, "182": 360, "238": 6, "189": 85, "190": 30,
    "246": 235, "249": 18, "255": 100, "437": 60, "448": 110, "395": 12, "379": 35,
    "445": 100, "354": 240,
}

# Poids des catégories du portefeuille national (ordres de grandeur France entière).
NATIONAL_MIX: dict[str, int] = {
    "183": 1200, "186": 450, "188": 200, "192": 130, "194": 30, "195": 60, "196": 5,
    "390": 40, "377": 200, "182": 1800, "238": 50, "189": 300, "190": 350,
    "246": 1400, "249": 100, "255": 750, "437": 500, "448": 700, "395": 80, "379": 300,
    "445": 400, "354": 2100, "209": 300,
    "500": 7400, "501": 150, "207": 250, "381": 150,
}

# Populations légales (milliers, ordres de grandeur INSEE 2021) : poids des départements.
POPULATION_MILLIERS: dict[str, int] = {
    "01": 657, "02": 529, "03": 335, "04": 166, "05": 141, "06": 1098, "07": 329, "08": 270,
    "09": 155, "10": 310, "11": 375, "12": 279, "13": 2055, "14": 697, "15": 144, "16": 352,
    "17": 656, "18": 298, "19": 240, "2A": 160, "2B": 182, "21": 535, "22": 602, "23": 116,
    "24": 413, "25": 545, "26": 520, "27": 599, "28": 431, "29": 918, "30": 752, "31": 1435,
    "32": 192, "33": 1665, "34": 1202, "35": 1095, "36": 218, "37": 611, "38": 1282,
    "39": 259, "40": 418, "41": 329, "42": 767, "43": 228, "44": 1453, "45": 683, "46": 174,
    "47": 331, "48": 77, "49": 821, "50": 491, "51": 563, "52": 171, "53": 307, "54": 733,
    "55": 181, "56": 765, "57": 1047, "58": 199, "59": 2611, "60": 830, "61": 279,
    "62": 1461, "63": 665, "64": 687, "65": 229, "66": 482, "67": 1152, "68": 767,
    "69": 1883, "70": 235, "71": 551, "72": 566, "73": 439, "74": 835, "75": 2133,
    "76": 1255, "77": 1421, "78": 1448, "79": 375, "80": 570, "81": 390, "82": 261,
    "83": 1081, "84": 562, "85": 688, "86": 438, "87": 372, "88": 362, "89": 335, "90": 141,
    "91": 1306, "92": 1625, "93": 1655, "94": 1407, "95": 1249,
    "9A": 384, "9B": 361, "9C": 286, "9D": 868, "9F": 256,
}

COMMUNES_IDF: dict[str, tuple[str, ...]] = {
    "75": ("Paris 10e", "Paris 11e", "Paris 12e", "Paris 13e", "Paris 14e", "Paris 15e",
           "Paris 17e", "Paris 18e", "Paris 19e", "Paris 20e"),
    "77": ("Meaux", "Melun", "Chelles", "Pontault-Combault", "Savigny-le-Temple", "Torcy",
           "Fontainebleau", "Provins", "Coulommiers", "Nemours", "Montereau-Fault-Yonne"),
    "78": ("Versailles", "Saint-Germain-en-Laye", "Mantes-la-Jolie", "Poissy", "Sartrouville",
           "Rambouillet", "Trappes", "Les Mureaux", "Plaisir", "Houilles"),
    "91": ("Évry-Courcouronnes", "Corbeil-Essonnes", "Massy", "Palaiseau", "Savigny-sur-Orge",
           "Étampes", "Brétigny-sur-Orge", "Draveil", "Athis-Mons", "Ris-Orangis"),
    "92": ("Nanterre", "Boulogne-Billancourt", "Colombes", "Asnières-sur-Seine",
           "Rueil-Malmaison", "Antony", "Clamart", "Issy-les-Moulineaux", "Gennevilliers",
           "Suresnes"),
    "93": ("Saint-Denis", "Montreuil", "Aubervilliers", "Aulnay-sous-Bois", "Bobigny",
           "Noisy-le-Grand", "Drancy", "Pantin", "Bondy", "Sevran"),
    "94": ("Créteil", "Vitry-sur-Seine", "Champigny-sur-Marne", "Saint-Maur-des-Fossés",
           "Ivry-sur-Seine", "Villejuif", "Fontenay-sous-Bois", "Maisons-Alfort", "Vincennes",
           "Choisy-le-Roi"),
    "95": ("Cergy", "Argenteuil", "Sarcelles", "Pontoise", "Garges-lès-Gonesse", "Franconville",
           "Goussainville", "Bezons", "Ermont", "Gonesse"),
}
_COMMUNES_GENERIQUES = (
    "Saint-Martin", "Villeneuve", "Beaulieu", "Montigny", "Fontaine", "Bellevue",
    "Saint-Pierre", "Sainte-Marie", "Châteauneuf", "Saint-Laurent", "Beaumont", "Villefranche",
    "Saint-Julien", "Neuville", "Champagne", "Mont-Saint-Jean", "Saint-Paul", "Boissy",
)
_NOMS = (
    "Les Tilleuls", "Les Peupliers", "Le Moulin", "La Source", "Les Lilas", "Le Chêne",
    "Les Cèdres", "La Roseraie", "Les Glycines", "Le Clos", "Les Marronniers", "L'Orangerie",
    "La Passerelle", "L'Envol", "Le Phare", "La Boussole", "L'Arc-en-ciel", "Les Hirondelles",
    "Le Colombier", "Les Acacias", "La Colline", "Le Verger", "Les Jardins", "La Clairière",
    "Les Saules", "L'Horizon", "Le Tremplin", "Les Oliviers", "Les Érables", "Le Petit Prince",
    "Jean Moulin", "Marie Curie", "Louis Braille", "Simone Veil", "Françoise Dolto",
    "Georges Brassens", "Victor Hugo", "Jules Verne", "Camille Claudel", "Paul Éluard",
    "Rosa Parks", "Albert Camus", "Saint-Exupéry", "Jean Jaurès", "Maria Montessori",
    "Helen Keller", "Valentin Haüy", "Abbé de l'Épée", "Le Bois Joli", "La Ferme",
    "Le Château", "Les Coquelicots", "Les Bleuets", "Les Mouettes", "Le Pommier",
    "La Maison Bleue", "Les Sources", "Le Parc", "La Vallée", "Les Charmilles",
)
_ASSOCIATIONS = (
    "Horizon Handicap", "Vivre Ensemble", "Les Amis de l'Enfance", "Autonomie et Citoyenneté",
    "Agir pour l'Inclusion", "Solidarité Handicap", "Trait d'Union", "Chemins d'Avenir",
    "Main Tendue", "Envol et Partage", "La Chrysalide", "Le Fil d'Ariane", "Accueil et Vie",
    "Pas à Pas", "Cap Autonomie", "Entraide et Accompagnement", "Grandir Ensemble",
    "L'Étoile du Berger", "Les Compagnons du Travail", "Parcours de Vie",
)

# --- Organismes gestionnaires : statuts juridiques FINESS, fonction publique, convention ------
_STATUTS_PUBLICS: dict[str, tuple[tuple[tuple[str, float], ...], str]] = {
    # genre : ((statut FINESS, poids)…), fonction publique
    "hopital": ((("13", 0.5), ("14", 0.3), ("11", 0.2)), "FPH"),  # EPS communal, interco…
    "esms_public": ((("21", 0.35), ("22", 0.3), ("19", 0.3), ("20", 0.05)), "FPH"),
    "ccas": ((("17", 0.85), ("08", 0.15)), "FPT"),  # CCAS, CIAS
    "collectivite": ((("03", 0.6), ("02", 0.4)), "FPT"),  # commune, département
    "etat": ((("18", 1.0),), "FPE"),  # établissement social et médico-social national
}
_STATUTS_NON_LUCRATIFS = (("60", 0.62), ("61", 0.22), ("63", 0.08), ("47", 0.05), ("66", 0.03))
_STATUTS_LUCRATIFS = (("95", 0.55), ("72", 0.25), ("73", 0.15), ("75", 0.05))
_CONVENTIONS = (("CC66", 0.80), ("CC51", 0.09), ("CC65", 0.04), ("AUTRE", 0.07))
_ALSACE_MOSELLE = frozenset({"57", "67", "68"})  # associations de droit local (statut 62)
_PART_CROIX_ROUGE = 0.03  # des ESMS privés non lucratifs : un seul EJ, convention CCCRF

# Tailles des organismes (nombre d'ESMS) : ((min, max), poids).
_TAILLES: dict[str, tuple[tuple[tuple[int, int], float], ...]] = {
    "non_lucratif": (((1, 1), 0.40), ((2, 2), 0.20), ((3, 5), 0.20), ((6, 12), 0.13),
                     ((13, 30), 0.05), ((31, 60), 0.01)),
    "lucratif": (((1, 1), 0.30), ((2, 5), 0.30), ((6, 20), 0.25), ((21, 120), 0.15)),
    "hopital": (((1, 1), 0.45), ((2, 4), 0.40), ((5, 8), 0.15)),
    "esms_public": (((1, 1), 0.70), ((2, 3), 0.30)),
    "ccas": (((1, 1), 0.90), ((2, 2), 0.10)),
    "collectivite": (((1, 1), 0.80), ((2, 3), 0.20)),
    "etat": (((1, 1), 1.0),),
}

_ENFANTS_ETABLISSEMENTS = frozenset({"183", "186", "188", "192", "194", "195", "196", "377"})
_PART_INTERNAT = {"183": 0.35, "186": 0.6, "188": 0.45, "192": 0.4, "194": 0.5, "195": 0.5,
                  "196": 0.8, "377": 0.2}
_ADULTES_HEBERGEMENT = frozenset({"255", "437", "448"})
_PUI = {"255": 0.30, "188": 0.10, "448": 0.08, "437": 0.05, "500": 0.05}
_PJ_POSSIBLE = frozenset({"183", "186", "188", "192", "255"})  # prix de journée hors CPOM
_CRETON = frozenset({"183", "186", "188", "192"})  # établissements pour enfants (IME…)
_SSIAD = frozenset({"354", "209"})
_COFINANCES = frozenset({"437", "448", "445", "500", "501"})  # FAM, EAM, SAMSAH, EHPAD, EHPA
_FIN_INSTALLATIONS_2024 = date(2024, 11, 30)  # places installées en 2024 (deux phases)
_SSIAD_RECENT = date(2022, 1, 1)  # ouvert après : moins de deux ans au 01/01/2024 [ROB24 §4]
_SANS_PLACES_NOUVELLES = frozenset({"246", "189", "190", "354", "209"})

# Lignes de mesures nouvelles de la DRL 2024 [ROB24 §2] (euros) et part mobilisée par les
# places installées en 2024 dans la démo ; premières lignes préférées par public.
LIGNES_PLAN: dict[str, int] = {"fongibilite": 5_170_000, "cnh_socle": 14_939_332,
                               "cnh_reperage_precoce": 3_607_068}
_PART_LIGNES_PLAN = 0.9
_LIGNES_ENFANTS = ("cnh_socle", "fongibilite")
_LIGNES_REPERAGE = ("cnh_reperage_precoce", "cnh_socle", "fongibilite")  # SESSAD, expérimental
_LIGNES_ADULTES = ("fongibilite", "cnh_socle")


# --- Outils ------------------------------------------------------------------------------------
def largest_remainder(total: int, weights: list[int]) -> list[int]:
    """Partage l'entier ``total`` au prorata de poids entiers ; somme exacte (plus fort reste,
    égalité départagée par le rang)."""
    w = sum(weights)
    if w <= 0:
        raise ValueError("poids nuls : rien à partager")
    shares = [total * x // w for x in weights]
    rest = total - sum(shares)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % w), i))
    for i in order[:rest]:
        shares[i] += 1
    return shares


@cache
def _table(options: tuple[tuple[object, float], ...]) -> tuple[list, list[float]]:
    """Valeurs et poids cumulés d'une loi discrète (calculés une fois)."""
    return [o for o, _ in options], list(accumulate(p for _, p in options))


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    values, cum = _table(options)
    return rng.choices(values, cum_weights=cum)[0]


def _size(rng: random.Random, kind: str) -> int:
    values, cum = _table(_TAILLES[kind])
    low, high = rng.choices(values, cum_weights=cum)[0]
    return rng.randint(low, high)


def _tri(rng: random.Random, spec: tuple[int, int, int]) -> float:
    low, mode, high = spec
    return rng.triangular(low, high, mode)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=int(rng.random() * ((last - first).days + 1)))


@cache
def _partial_key(padded: str) -> int:
    return int(check_digit(padded))


def _key(first_eight: str) -> str:
    """Clé de Luhn par :func:`check_digit`, calculée par morceaux mis en cache : la somme de
    Luhn est additive position par position et un zéro n'y compte pas, donc la clé du
    numéro est la somme (mod 10) des clés de ses morceaux complétés par des zéros."""
    head, middle, tail = first_eight[:3], first_eight[3:6], first_eight[6:]
    return str((_partial_key(head + "00000") + _partial_key("000" + middle + "00")
                + _partial_key("000000" + tail)) % 10)


def _prefix(dep: str) -> str:
    """Les 4 premiers caractères d'un FINESS (DROM : 97 + 0 + chiffre, ex. 9701)."""
    insee = departements()[dep].code_insee
    return "970" + insee[2] if len(insee) == 3 else dep


def _finess_numbers(rng: random.Random, dep: str, count: int, ej: bool) -> list[str]:
    """Numéros uniques d'un département : ET en 0xxxxx/8xxxxx, EJ en 07xxxx (DROM : 4 chiffres,
    ET 0000–6999, EJ 7000–9999)."""
    prefix = _prefix(dep)
    if len(prefix) == 4:
        pool = range(7000, 10_000) if ej else range(0, 7000)
        bodies = [f"{v:04d}" for v in rng.sample(pool, count)]
    elif ej:
        bodies = [f"07{v:04d}" for v in rng.sample(range(10_000), count)]
    else:  # ET : 0 suivi de 5 chiffres hors 7xxxx (réservés aux EJ), ou 8 suivi de 5 chiffres
        values = rng.sample(range(190_000), count)
        bodies = [f"0{v:05d}" if v < 70_000 else f"0{v + 10_000:05d}" if v < 90_000
                  else f"8{v - 90_000:05d}" for v in values]
    return [prefix + b + _key(prefix + b) for b in bodies]


# --- Génération --------------------------------------------------------------------------------
@dataclass
class _Og:
    kind: str  # non_lucratif, lucratif, croix_rouge ou genre public
    members: list[int]
    departement: str = ""
    statut: str = ""
    fonction_publique: str | None = None
    convention: str | None = None
    cpom: bool = False
    cpom_debut: date | None = None
    cpom_fin: date | None = None
    nom: str = ""
    finess: str = ""
    agregat: str | None = None  # public, prive_non_lucratif, prive_lucratif


def _ownership(rng: random.Random, code: str) -> str:
    p = PROFILS[code]
    u = rng.random()
    if u < p.part_public:
        return _pick(rng, p.genres_publics)
    if u < p.part_public + p.part_lucratif:
        return "lucratif"
    return "croix_rouge" if rng.random() < _PART_CROIX_ROUGE else "non_lucratif"


def _commune(rng: random.Random, dep: str) -> str:
    if dep in COMMUNES_IDF:
        return rng.choice(COMMUNES_IDF[dep])
    return f"{rng.choice(_COMMUNES_GENERIQUES)} ({departements()[dep].libelle})"


def _build_ogs(rng: random.Random, kinds: list[str], deps: list[str]) -> list[_Og]:
    """Regroupe les ESMS en organismes : par région et par genre d'organisme, triés par
    département puis découpés en paquets de tailles tirées (quelques très gros organismes)."""
    deps_info = departements()
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    ogs: list[_Og] = []
    croix_rouge = _Og("croix_rouge", [])
    for i, kind in enumerate(kinds):
        if kind == "croix_rouge":
            croix_rouge.members.append(i)
        else:
            groups[(deps_info[deps[i]].region, kind)].append(i)
    for (_, kind), members in sorted(groups.items()):
        members.sort(key=lambda i: deps[i])  # tri stable : ordre tiré conservé par département
        start = 0
        while start < len(members):
            size = _size(rng, kind)
            ogs.append(_Og(kind, members[start:start + size]))
            start += size
    if croix_rouge.members:
        ogs.append(croix_rouge)
    for og in ogs:
        _describe_og(rng, og, deps)
    return ogs


def _describe_og(rng: random.Random, og: _Og, deps: list[str]) -> None:
    counts = Counter(deps[i] for i in og.members)
    # siège : département le plus représenté (à égalité, celui du premier ESMS)
    og.departement = "75" if og.kind == "croix_rouge" else counts.most_common(1)[0][0]
    commune = _commune(rng, og.departement)
    n = len(og.members)
    if og.kind in _STATUTS_PUBLICS:
        statuts, og.fonction_publique = _STATUTS_PUBLICS[og.kind]
        og.statut = _pick(rng, statuts)
        og.nom = {
            "hopital": f"Centre hospitalier de {commune}",
            "esms_public": f"Établissement public médico-social de {commune}",
            "ccas": f"{'CIAS' if og.statut == '08' else 'CCAS'} de {commune}",
            "collectivite": (f"Département – {departements()[og.departement].libelle}"
                             if og.statut == "02" else f"Commune de {commune}"),
            "etat": f"Institut national d'éducation sensorielle de {commune}",
        }[og.kind]
        p_cpom = 0.45
    elif og.kind == "lucratif":
        og.statut = _pick(rng, _STATUTS_LUCRATIFS)
        og.convention = "AUTRE"
        og.nom = f"{rng.choice(('SAS', 'Groupe'))} {rng.choice(_NOMS)} Santé"
        p_cpom = 0.6
    elif og.kind == "croix_rouge":
        og.statut, og.convention, og.nom = "61", "CCCRF", "Croix-Rouge française"
        p_cpom = 1.0
    else:
        og.statut = _pick(rng, _STATUTS_NON_LUCRATIFS)
        if og.statut == "60" and og.departement in _ALSACE_MOSELLE and rng.random() < 0.7:
            og.statut = "62"
        if og.statut == "63":
            og.convention = "CC51" if rng.random() < 0.5 else "CC66"
            og.nom = f"Fondation {rng.choice(_NOMS[30:48])}"
        else:
            og.convention = _pick(rng, _CONVENTIONS)
            og.nom = rng.choice((
                f"Association {rng.choice(_ASSOCIATIONS)}", f"APEI de {commune}",
                f"Les Papillons Blancs de {commune}", f"Association {rng.choice(_NOMS)}",
            ))
            if og.statut == "47":
                og.nom = f"Mutualité {rng.choice(_ASSOCIATIONS)}"
            elif og.statut == "66":
                og.nom = f"GCSMS {rng.choice(_ASSOCIATIONS)}"
        p_cpom = 0.35 if n == 1 else 0.6 if n <= 5 else 0.85
    og.agregat = statut_agregat(og.statut)
    if rng.random() < p_cpom:  # CPOM de 5 ans en cours en 2024
        year = rng.randint(2020, 2024)
        og.cpom, og.cpom_debut, og.cpom_fin = True, date(year, 1, 1), date(year + 4, 12, 31)


def _opening(rng: random.Random, code: str) -> tuple[date, date | None]:
    """Date d'ouverture (quelques ouvertures 2022–2024) et date d'installation des dernières
    places (extensions, dont 2022 pour les revalorisations des places nouvelles [ROB24 §6.1]
    et 2024 pour les mesures nouvelles des deux phases [ROB24 §1])."""
    u = rng.random()
    if u < 0.025:
        opened = _day(rng, date(2022, 1, 1), date(2022, 12, 31))
    elif u < 0.040:
        opened = _day(rng, date(2023, 1, 1), date(2023, 12, 31))
    elif u < 0.047 and code not in ("246", "189", "190"):  # pas d'ouverture d'ESAT, CAMSP…
        opened = _day(rng, date(2024, 1, 1), _FIN_INSTALLATIONS_2024)
    else:
        first, mode = PROFILS[code].annees
        year = min(int(rng.triangular(first, 2022, mode)), 2021)
        opened = _day(rng, date(year, 1, 1), date(year, 12, 31))
    if opened.year >= 2022:
        return opened, opened
    if rng.random() < 0.12:
        year = rng.choices(range(2018, 2025), (1, 1, 1, 1, 3, 2, 1))[0]
        first = max(date(year, 1, 1), opened + timedelta(days=1))
        last = _FIN_INSTALLATIONS_2024 if year == 2024 else date(year, 12, 31)
        if first <= last:
            return opened, _day(rng, first, last)
    return opened, None


def _modalities(rng: random.Random, code: str, cap: int, row: dict) -> None:
    """Capacités par modalité, jours/semaines d'ouverture, continuité (ROB24 annexe III :
    enfants ≥ 210 jours, ESAT/ESRP ≥ 225, MAS/EAM 365, SESSAD ≥ 42 semaines, SAMSAH ≥ 250)."""
    continuite = False
    if code in _ENFANTS_ETABLISSEMENTS:
        internat = externat = temporaire = 0
        jours = rng.randint(210, 240)
        if rng.random() < _PART_INTERNAT[code]:
            internat = max(1, round(cap * rng.uniform(0.15, 0.5)))
            if rng.random() < 0.4:  # internat complet, ouvert toute l'année
                continuite, jours = True, 365
        if code in ("192", "194", "195") and rng.random() < 0.4:
            externat = round((cap - internat) * rng.uniform(0.1, 0.4))
        if cap - internat - externat >= 8 and rng.random() < 0.15:
            temporaire = rng.randint(1, 3)
        row.update(capacite_internat=internat or None, capacite_externat=externat or None,
                   capacite_accueil_temporaire=temporaire or None,
                   capacite_semi_internat=(cap - internat - externat - temporaire) or None,
                   jours_ouverture=jours)
    elif code in ("390", "395"):
        continuite = code == "395" or rng.random() < 0.5
        row.update(capacite_accueil_temporaire=cap,
                   jours_ouverture=365 if continuite else rng.randint(220, 260))
    elif code in _ADULTES_HEBERGEMENT or code in ("500", "501"):
        jour = round(cap * rng.uniform(0.05, 0.2)) if rng.random() < 0.4 else 0
        temporaire = rng.randint(1, 4) if cap - jour > 8 and rng.random() < 0.45 else 0
        continuite = True
        row.update(capacite_hebergement=cap - jour - temporaire,
                   capacite_accueil_jour=jour or None,
                   capacite_accueil_temporaire=temporaire or None, jours_ouverture=365)
    elif code in ("379", "381"):
        continuite = rng.random() < 0.5
        if continuite:
            row.update(capacite_hebergement=cap, jours_ouverture=365)
        else:
            row.update(capacite_accueil_jour=cap, jours_ouverture=rng.randint(220, 260))
    elif code == "249":
        internat = round(cap * rng.uniform(0.3, 0.7)) if rng.random() < 0.6 else 0
        row.update(capacite_internat=internat or None, capacite_externat=cap - internat,
                   jours_ouverture=rng.randint(225, 245))
    elif code == "246":
        row["jours_ouverture"] = rng.randint(225, 235)
    elif code == "207":
        row.update(capacite_accueil_jour=cap, jours_ouverture=rng.randint(250, 300))
    elif code in ("182", "189", "190"):
        row["semaines_ouverture"] = rng.randint(42, 47)
    elif code == "238":
        row.update(capacite_hebergement=cap, jours_ouverture=365)
    elif code == "445":
        row["jours_ouverture"] = rng.choice((250, 253, 300, 365, 365))
    elif code in _SSIAD:
        row["jours_ouverture"] = 365
    row["continuite_nuit_weekend"] = continuite


def _esat(rng: random.Random, row: dict) -> int:
    """Populations accueillies et coût à la place (euros entiers) autour des plafonds 2024
    [ROB24 §5] : ~30 % au-dessus de leur plafond (gel), ~20 % sous 90 %, le reste entre."""
    parts = {"imc": rng.uniform(0, 15), "autisme": rng.uniform(0, 25),
             "lesion_cerebrale": rng.uniform(0, 10), "handicap_physique": rng.uniform(0, 20)}
    u = rng.random()
    dominant = None
    if u < 0.17:  # une population ≥ 70 % : plafond spécifique
        dominant = _pick(rng, (("imc", 0.35), ("autisme", 0.3), ("lesion_cerebrale", 0.15),
                               ("handicap_physique", 0.2)))
        parts[dominant] = rng.uniform(ESAT_SEUIL, 95)
    elif u < 0.21:  # juste sous le seuil : plafond de référence
        key = rng.choice(tuple(parts))
        parts[key] = rng.uniform(60, 69.9)
    if max(parts.values()) >= 60:
        top = max(parts, key=parts.__getitem__)
        rest = 100 - parts[top]
        for k in parts:
            if k != top:
                parts[k] = rng.uniform(0, rest / 3)
    for k, v in parts.items():
        row["part_" + k] = float(round(v, 1))
    plafond = ESAT_PLAFONDS[dominant] if dominant else ESAT_PLAFOND_REFERENCE
    v = rng.random()
    if v < 0.30:
        ratio = rng.uniform(1.003, 1.18)
    elif v < 0.50:
        ratio = rng.uniform(0.80, 0.895)
    else:
        ratio = rng.uniform(0.905, 0.997)
    return round(plafond * ratio)


def _assign_finess(rng: random.Random, deps: list[str], ogs: list[_Og]) -> list[str]:
    """Numéros FINESS uniques : ET de chaque ESMS (rendus), EJ de chaque organisme."""
    et_by_dep: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(deps):
        et_by_dep[d].append(i)
    ej_by_dep: dict[str, list[_Og]] = defaultdict(list)
    for og in ogs:
        ej_by_dep[og.departement].append(og)
    et_numbers = [""] * len(deps)
    for d in sorted(et_by_dep):
        for i, num in zip(et_by_dep[d], _finess_numbers(rng, d, len(et_by_dep[d]), False),
                          strict=True):
            et_numbers[i] = num
    for d in sorted(ej_by_dep):
        for og, num in zip(ej_by_dep[d], _finess_numbers(rng, d, len(ej_by_dep[d]), True),
                           strict=True):
            og.finess = num
    return et_numbers


def _mode(rng: random.Random, code: str, cpom: bool) -> str:
    """DGC sous CPOM (FGS pour les EHPAD) ; FGS pour EHPAD et SSIAD ; PJ pour quelques
    établissements hors CPOM ; DG sinon."""
    if cpom:
        return "FGS" if code in ("500", "501") else "DGC"
    if code in ("500", "501") or code in _SSIAD:
        return "FGS"
    if code in _PJ_POSSIBLE and rng.random() < 0.12:
        return "PJ"
    return "DG"


def _generate(rng: random.Random, codes: list[str], deps: list[str],
              places: dict[str, int] | None, total_base_cents: int | None) -> pl.DataFrame:
    n = len(codes)
    rules = category_rules()
    deps_info = departements()
    # capacités tirées, puis totaux exacts par public (plus fort reste) [ROB24 §7]
    raw = [0 if PROFILS[c].capacite[2] == 0 else _tri(rng, PROFILS[c].capacite) for c in codes]
    caps = [round(x) for x in raw]
    if places:
        for group, total in places.items():
            idx = [i for i, c in enumerate(codes) if _group(c) == group]
            for i, v in zip(idx, largest_remainder(total, [round(raw[i] * 1000) for i in idx]),
                            strict=True):
                caps[i] = v
    kinds = [_ownership(rng, c) for c in codes]
    ogs = _build_ogs(rng, kinds, deps)
    og_of: list[_Og] = [ogs[0]] * n
    for og in ogs:
        for i in og.members:
            og_of[i] = og
    et_numbers = _assign_finess(rng, deps, ogs)

    rows: list[dict] = []
    budget = _PlanBudget()
    fixed: list[int | None] = []  # base en euros fixée d'avance (ESAT, SSIAD), sinon None
    weights: list[int] = []
    for i, code in enumerate(codes):
        og, cap, dep = og_of[i], caps[i], deps[i]
        prof = PROFILS[code]
        rule = rules[code]
        opened, installed = _opening(rng, code)
        row: dict = {
            "finess": et_numbers[i], "finess_ej": og.finess,
            "raison_sociale": f"{prof.prefixe} {rng.choice(_NOMS)} – {_commune(rng, dep)}",
            "categorie": code, "statut_juridique": og.statut, "departement": dep,
            "region": deps_info[dep].region, "secteur": rule.secteur, "public": rule.public,
            "nature": rule.nature, "famille": rule.famille,
            "statut_agregat": og.agregat, "capacite": cap,
            "fonction_publique": og.fonction_publique,
            "convention_collective": og.convention, "cpom": og.cpom,
            "cpom_debut": og.cpom_debut, "cpom_fin": og.cpom_fin,
            "cofinance": code in _COFINANCES or (code == "379" and rng.random() < 0.3),
            "pui": rng.random() < _PUI.get(code, 0.0),
            "date_ouverture": opened, "date_installation": installed,
        }
        _modalities(rng, code, cap, row)
        row["mode_tarification"] = _mode(rng, code, og.cpom)
        if _new_places(rng, code, row, budget):  # ouvert en 2024 : base nulle
            fixed.append(0)
            weights.append(0)
        elif code == "246":
            fixed.append(_esat(rng, row) * cap)
            weights.append(0)
        elif code in _SSIAD:
            fixed.append(round(_tri(rng, prof.cout)) * cap)
            weights.append(0)
        else:  # coût à la place × places, ou dotation des CAMSP/CMPP (sans places)
            fixed.append(None)
            weights.append(round(_tri(rng, prof.cout) * max(cap, 1)))
        if og.cpom and code in _CRETON and rng.random() < 0.35:
            # jeunes adultes × journées × prix de journée de l'orientation (au centime)
            row["recettes_creton_n1"] = (rng.randint(1, 3) * rng.randint(30, 365)
                                         * rng.randint(15_000, 23_000))
        rows.append(row)

    bases = _bases(fixed, weights, total_base_cents)
    for i, row in enumerate(rows):
        row["base_reconductible"] = bases[i] * 100
        if codes[i] in _SSIAD:
            _ssiad(rng, row, bases[i])
        if places is None:  # national : données des campagnes 2005 et 2010
            _pa_2010(row)
    return pl.DataFrame(rows, schema=SCHEMA).sort("finess")


# Équipes spécialisées Alzheimer : x places globales + y partielles avec x + y/3 = 10
# (x × 15 000 € + y × 5 000 € = 150 000 €, C2010 annexe II §2).
_ESA_SPLITS = ((10, 0), (7, 9), (4, 18), (1, 27))


def _pa_2010(row: dict) -> None:
    """EHPAD (GMP, PMP, option tarifaire, convergence, PASA, UHR) et équipes Alzheimer des
    SSIAD, pour calculer la campagne 2010 sur le portefeuille national. Tirage propre à
    chaque ESMS (graine = son FINESS) : les autres colonnes ne bougent pas."""
    rng = random.Random(f"2010-{row['finess']}")
    if row["categorie"] == "500":
        row.update(gmp=rng.randint(550, 850), tarif_soins="GLOBAL" if rng.random() < 0.25
                   else "PARTIEL", pmp=None if rng.random() < 0.15 else rng.randint(150, 260),
                   avenant_convergence=rng.random() < 0.3)
        if row["pmp"] is not None and rng.random() < 0.5:
            row["gmps_reference"] = row["gmp"] + round(2.59 * row["pmp"]) + rng.randint(-80, 80)
        if row["avenant_convergence"] and rng.random() < 0.5:
            row["taux_reconduction_contractuel"] = Decimal(rng.choice((0, 2, 3, 5))) / 1000
        if row["avenant_convergence"] and rng.random() < 0.5:
            row["fraction_reduction_contractuelle"] = Decimal(rng.choice((7, 10, 15))) / 100
        if rng.random() < 0.15:
            row["places_pasa"] = rng.choice((12, 14))
        if rng.random() < 0.03:
            row["places_uhr_nouvelles"] = 14
        row["experimentation_infirmiere_nuit"] = rng.random() < 0.002 or None
    elif row["categorie"] == "354" and rng.random() < 0.05:
        x, y = rng.choice(_ESA_SPLITS)
        row.update(esa_equipes=1, esa_places_globales=x, esa_places_partielles=y)


def _bases(fixed: list[int | None], weights: list[int], total_cents: int | None) -> list[int]:
    """Bases en euros : fixées (ESAT, SSIAD) ou tirées ; avec un total, le reste du total est
    partagé au prorata des bases tirées (plus fort reste, à l'euro)."""
    if total_cents is None:
        return [f if f is not None else w for f, w in zip(fixed, weights, strict=True)]
    if total_cents % 100:
        raise ValueError("le total des bases doit tomber à l'euro")
    rest = total_cents // 100 - sum(f for f in fixed if f is not None)
    free = [i for i, f in enumerate(fixed) if f is None]
    shares = largest_remainder(rest, [weights[i] for i in free])
    out = [f or 0 for f in fixed]
    for i, v in zip(free, shares, strict=True):
        out[i] = v
    return out


def _ssiad(rng: random.Random, row: dict, base_euros: int) -> None:
    """[ROB24 §4] Services de moins de deux ans (et extensions de 2024) : montant forfaitaire
    CNSA (12 500 à 15 500 € la place). Les autres : forfait cible de 75 % à 130 % de la base,
    plancher 2022 juste sous la base (il joue quand la cible est basse)."""
    installed: date | None = row["date_installation"]
    if row["date_ouverture"] > _SSIAD_RECENT or (installed and installed.year == 2024):
        row["ssiad_forfait_cnsa"] = round(row["capacite"] * rng.uniform(12_500, 15_500)) * 100
    if row["date_ouverture"] > _SSIAD_RECENT:
        return
    row["ssiad_dotation_plancher"] = round(base_euros * rng.uniform(0.94, 0.995)) * 100
    row["ssiad_forfait_cible"] = round(base_euros * rng.uniform(0.75, 1.30)) * 100


class _PlanBudget:
    """Crédits de mesures nouvelles encore disponibles par ligne de la DRL (euros)."""

    def __init__(self) -> None:
        self.left = {k: int(v * _PART_LIGNES_PLAN) for k, v in LIGNES_PLAN.items()}

    def take(self, code: str, euros: int) -> str | None:
        """La première ligne préférée qui peut financer ``euros`` (débitée), sinon ``None``."""
        lines = (_LIGNES_REPERAGE if code in ("182", "377") else
                 _LIGNES_ENFANTS if code in CATEGORIES_ENFANTS else _LIGNES_ADULTES)
        for line in lines:
            if self.left[line] >= euros:
                self.left[line] -= euros
                return line
        return None


def _new_places(rng: random.Random, code: str, row: dict, budget: _PlanBudget) -> bool:
    """Places installées en 2024 (mesures nouvelles [ROB24 §1, §7]), comprises dans
    ``capacite`` : toutes celles d'un ESMS ouvert en 2024 (base au 01/01/2024 nulle), ou une
    extension. Une ouverture que les lignes ne peuvent plus financer est reportée à 2023.
    Rend vrai si la base de l'ESMS est nulle (ouvert en 2024)."""
    opened: date = row["date_ouverture"]
    installed: date | None = row["date_installation"]
    if code in _SANS_PLACES_NOUVELLES or installed is None or installed.year != 2024:
        return code in _SSIAD and opened.year == 2024
    cap = row["capacite"]
    places = cap if opened.year == 2024 else rng.randint(1, max(1, cap // 4))
    cost = round(_tri(rng, PROFILS[code].cout))
    line = budget.take(code, places * cost)
    if line is not None:
        row.update(places_nouvelles=places, cout_place_nouvelle=cost * 100, ligne_plan=line)
        return opened.year == 2024
    if opened.year == 2024:
        # le 29 février 2024 n'a pas d'équivalent en 2023 : il devient le 28
        moved = opened.replace(year=2023, day=min(opened.day, 28) if opened.month == 2
                               else opened.day)
        row.update(date_ouverture=moved, date_installation=moved)
    return False


def _group(code: str) -> str:
    if code in CATEGORIES_ENFANTS:
        return "enfants"
    if code in CATEGORIES_ADULTES:
        return "adultes"
    return "hors_places"


def _weighted_deps(rng: random.Random, deps: list[str], k: int) -> list[str]:
    cum = list(accumulate(POPULATION_MILLIERS[d] for d in deps))
    total = cum[-1]
    return [deps[bisect_right(cum, rng.random() * total)] for _ in range(k)]


def generate_idf_ph(seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """Portefeuille PH fictif d'Île-de-France calibré sur le ROB 2024 [ROB24 §2, §7].

    Somme des bases = 2 347 523 971,00 € ; places : 32 541 adultes + 24 780 enfants =
    57 321 ; 85 CMPP + 30 CAMSP = 115 (capacite 0). Même graine, même tableau.
    """
    rng = random.Random(seed)
    codes = [c for c, k in IDF_COUNTS.items() for _ in range(k)]
    rng.shuffle(codes)
    deps = _weighted_deps(rng, sorted(d.code_finess for d in departements_of_region(IDF)),
                          len(codes))
    places = {"enfants": ROB24_PLACES_ENFANTS, "adultes": ROB24_PLACES_ADULTES}
    return _generate(rng, codes, deps, places, ROB24_BASE_RECONDUCTIBLE_CENTS)


def generate_national(n: int = NATIONAL_SIZE, seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """``n`` ESMS fictifs PH et PA (EHPAD…) dans les 18 régions et tous leurs départements,
    pondérés par la population ; mêmes colonnes et types que :func:`generate_idf_ph`."""
    if not 1 <= n <= NATIONAL_MAX:
        raise ValueError(f"le nombre d'ESMS doit être entre 1 et {NATIONAL_MAX}")
    rng = random.Random(seed)
    mix = sorted(NATIONAL_MIX)
    counts = largest_remainder(n, [NATIONAL_MIX[c] for c in mix])
    codes = [c for c, k in zip(mix, counts, strict=True) for _ in range(k)]
    rng.shuffle(codes)
    deps = _weighted_deps(rng, sorted(POPULATION_MILLIERS), n)
    return _generate(rng, codes, deps, None, None)


# --- Écriture ----------------------------------------------------------------------------------
def _cell(name: str, value: object) -> str:
    if value is None:
        return ""
    if name in MONEY_COLUMNS:
        euros, cents = divmod(int(value), 100)  # montants ≥ 0
        return f"{euros},{cents:02d}"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, Decimal):  # taux : saisis en pourcentage (docs/portefeuille.md)
        return f"{(value * 100).normalize():f}".replace(".", ",")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.15g}".replace(".", ",")
    return str(value)


def write_demo_csv(df: pl.DataFrame, path: Path | str) -> Path:
    """Écrit le portefeuille au format d'entrée (docs/portefeuille.md) : ``;``, UTF-8 avec BOM,
    euros à deux décimales avec virgule, booléens oui/non, dates AAAA-MM-JJ, fins de ligne LF."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for row in df.select(CSV_COLUMNS).iter_rows():
            writer.writerow([_cell(c, v) for c, v in zip(CSV_COLUMNS, row, strict=True)])
    return path
