"""Colonnes du fichier portefeuille (contrat : ``docs/portefeuille.md``).

Une colonne = un nom exact, un type de valeur (:class:`Kind`), obligatoire ou non, et ses
bornes. Ajouter une colonne au portefeuille, c'est ajouter une ligne à :data:`COLUMNS` (et au
document).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import polars as pl


class Kind(StrEnum):
    finess = "finess"
    text = "texte"
    categorie = "categorie"
    statut = "statut"
    departement = "departement"
    region = "region"
    integer = "entier"
    money = "euros"
    percent = "pourcentage"
    rate = "taux"  # saisi en pourcentage (0,5 = 0,5 %), lu en décimal exact (0.005)
    date = "date"
    boolean = "booleen"
    choice = "choix"


DTYPES: dict[Kind, pl.DataType] = {
    Kind.integer: pl.Int64(), Kind.money: pl.Int64(), Kind.percent: pl.Float64(),
    Kind.rate: pl.Decimal(38, 12),
    Kind.date: pl.Date(), Kind.boolean: pl.Boolean(),
}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: Kind
    required: bool = False
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    draft_optional: bool = False  # peut rester vide dans un brouillon issu d'un extrait FINESS

    @property
    def dtype(self) -> pl.DataType:
        return DTYPES.get(self.kind, pl.String())


FONCTIONS_PUBLIQUES = ("FPH", "FPT", "FPE")
CONVENTIONS_COLLECTIVES = ("CC66", "CC51", "CCCRF", "CC65", "AUTRE")
MODES_TARIFICATION = ("DG", "PJ", "DGC", "FGS")
TARIFS_SOINS = ("GLOBAL", "PARTIEL")  # option tarifaire des EHPAD [C2010 §2.2.4]

_CAPACITES = ("capacite_internat", "capacite_semi_internat", "capacite_externat",
              "capacite_accueil_jour", "capacite_accueil_temporaire", "capacite_hebergement")
_PARTS = ("part_imc", "part_autisme", "part_lesion_cerebrale", "part_handicap_physique")

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("finess", Kind.finess, required=True),
    ColumnSpec("finess_ej", Kind.finess, required=True),
    ColumnSpec("raison_sociale", Kind.text, required=True),
    ColumnSpec("categorie", Kind.categorie, required=True),
    ColumnSpec("statut_juridique", Kind.statut, required=True, draft_optional=True),
    ColumnSpec("departement", Kind.departement, required=True),
    ColumnSpec("region", Kind.region),
    ColumnSpec("capacite", Kind.integer, required=True, minimum=0, draft_optional=True),
    ColumnSpec("base_reconductible", Kind.money, required=True, minimum=0, draft_optional=True),
    ColumnSpec("fonction_publique", Kind.choice, choices=FONCTIONS_PUBLIQUES),
    ColumnSpec("convention_collective", Kind.choice, choices=CONVENTIONS_COLLECTIVES),
    *(ColumnSpec(c, Kind.integer, minimum=0) for c in _CAPACITES),
    ColumnSpec("jours_ouverture", Kind.integer, minimum=1, maximum=366),
    ColumnSpec("semaines_ouverture", Kind.integer, minimum=1, maximum=53),
    ColumnSpec("mode_tarification", Kind.choice, choices=MODES_TARIFICATION),
    ColumnSpec("cpom", Kind.boolean),
    ColumnSpec("cpom_debut", Kind.date),
    ColumnSpec("cpom_fin", Kind.date),
    ColumnSpec("cofinance", Kind.boolean),
    ColumnSpec("continuite_nuit_weekend", Kind.boolean),
    ColumnSpec("pui", Kind.boolean),
    ColumnSpec("date_ouverture", Kind.date),
    ColumnSpec("date_installation", Kind.date),
    *(ColumnSpec(c, Kind.percent, minimum=0, maximum=100) for c in _PARTS),
    ColumnSpec("ssiad_dotation_plancher", Kind.money, minimum=0),
    ColumnSpec("ssiad_forfait_cible", Kind.money, minimum=0),
    ColumnSpec("ssiad_forfait_cnsa", Kind.money, minimum=0),
    ColumnSpec("recettes_creton_n1", Kind.money, minimum=0),
    ColumnSpec("places_nouvelles", Kind.integer, minimum=0),
    ColumnSpec("cout_place_nouvelle", Kind.money, minimum=0),
    ColumnSpec("ligne_plan", Kind.text),
    # C2005 §I.B.3 et annexe III : accord UCANSS du 30 novembre 2004
    ColumnSpec("ucanss_reclassement", Kind.money, minimum=0),
    ColumnSpec("ucanss_prime", Kind.money, minimum=0),
    # C2010 §2.2.1 et annexe VI : EHPAD, équation GMPS et convergence
    ColumnSpec("gmp", Kind.integer, minimum=0, maximum=1000),
    ColumnSpec("pmp", Kind.integer, minimum=0, maximum=1500),
    ColumnSpec("gmps_reference", Kind.integer, minimum=0),
    ColumnSpec("tarif_soins", Kind.choice, choices=TARIFS_SOINS),
    ColumnSpec("avenant_convergence", Kind.boolean),
    ColumnSpec("taux_reconduction_contractuel", Kind.rate, minimum=0),
    ColumnSpec("fraction_reduction_contractuelle", Kind.rate, minimum=0),
    # C2010 §2.1 et annexes I, II, V : plan Alzheimer, accueils de jour, infirmière de nuit
    ColumnSpec("places_pasa", Kind.integer, minimum=0),
    ColumnSpec("places_uhr_nouvelles", Kind.integer, minimum=0),
    ColumnSpec("esa_equipes", Kind.integer, minimum=0),
    ColumnSpec("esa_places_globales", Kind.integer, minimum=0),
    ColumnSpec("esa_places_partielles", Kind.integer, minimum=0),
    ColumnSpec("experimentation_infirmiere_nuit", Kind.boolean),
)

SPECS: dict[str, ColumnSpec] = {c.name: c for c in COLUMNS}
INPUT_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)

# Colonnes ajoutées au chargement (depuis la nomenclature embarquée) ; ``region`` est à la
# fois saisissable et déduite.
DEDUCED_COLUMNS: tuple[str, ...] = ("secteur", "public", "nature", "famille", "statut_agregat")

_OUTPUT_ORDER = (
    "finess", "finess_ej", "raison_sociale", "categorie", "statut_juridique", "departement",
    "region", *DEDUCED_COLUMNS,
)

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    **{n: (SPECS[n].dtype if n in SPECS else pl.String()) for n in _OUTPUT_ORDER},
    **{c.name: c.dtype for c in COLUMNS if c.name not in _OUTPUT_ORDER},
}
"""Colonnes et types du tableau chargé, dans l'ordre (montants en centimes ``Int64``)."""

KNOWN_NAMES: tuple[str, ...] = (*INPUT_COLUMNS, *DEDUCED_COLUMNS)

BOOLEAN_WORDS: dict[str, bool] = {
    "oui": True, "non": False, "o": True, "n": False, "1": True, "0": False,
    "vrai": True, "faux": False, "true": True, "false": False,
}

LABELS: dict[Kind, str] = {
    Kind.integer: "un nombre entier",
    Kind.money: "un montant en euros (deux décimales au plus, ex. 1 234 567,89)",
    Kind.percent: "un pourcentage entre 0 et 100 (ex. 72,5)",
    Kind.rate: "un taux en pourcentage, dix décimales au plus (ex. 0,5 pour 0,5 %)",
    Kind.date: "une date AAAA-MM-JJ ou JJ/MM/AAAA",
    Kind.boolean: "oui ou non (o/n, 1/0, vrai/faux, true/false)",
}
"""Ce qu'attend chaque type, avec son article, pour les messages d'erreur."""
