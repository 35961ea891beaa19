"""Colonnes des exports de ``campagne budget`` (JSON, XLSX)."""

from __future__ import annotations

from campagne.exports.tables import Column

_GROUPS = (
    Column("charges_groupe_i", "Charges groupe I", "euro"),
    Column("charges_groupe_ii", "Charges groupe II", "euro"),
    Column("charges_groupe_iii", "Charges groupe III", "euro"),
    Column("produits_groupe_1", "Produits groupe 1", "euro"),
    Column("produits_groupe_2", "Produits groupe 2", "euro"),
    Column("produits_groupe_3", "Produits groupe 3", "euro"),
)
STATEMENTS = (
    Column("document", "Document"), Column("exercice", "Exercice", "nombre"),
    Column("finess", "FINESS ET"), Column("finess_ej", "FINESS EJ"),
    Column("compte_resultat", "Compte de résultat"), Column("source", "Fichier"),
    Column("ligne", "Ligne", "nombre"), *_GROUPS,
    Column("total_charges", "Total des charges", "euro"),
    Column("total_produits", "Total des produits", "euro"),
    Column("resultat", "Résultat (produits − charges)", "euro"),
    Column("nature_resultat", "Nature du résultat"),
    Column("resultat_declare", "Résultat déclaré", "euro"),
    Column("deficit_incorpore", "Déficit N-2 incorporé", "euro"),
    Column("excedent_incorpore", "Excédent N-2 incorporé", "euro"),
    Column("recettes_creton", "Dont recettes Creton (7312132)", "euro"),
)
ACCOUNTS = (
    Column("document", "Document"), Column("exercice", "Exercice", "nombre"),
    Column("finess", "FINESS ET"), Column("compte", "Compte"), Column("sens", "Sens"),
    Column("montant", "Montant", "euro"), Column("groupe", "Groupe"),
    Column("contribution", "Compté dans le groupe", "euro"), Column("regle", "Règle"),
    Column("ligne", "Ligne", "nombre"),
)
FINDINGS = (
    Column("controle", "Contrôle"), Column("bloquant", "Bloquant", "booleen"),
    Column("finess", "FINESS ET"), Column("finess_ej", "FINESS EJ"),
    Column("document", "Document"), Column("exercice", "Exercice", "nombre"),
    Column("message", "Constat"), Column("correction", "Correction"),
    Column("reference", "Source"), Column("fixation_office", "Fixation d'office", "booleen"),
    Column("ecart", "Écart", "euro"),
)
SUMMARY = (
    Column("controle", "Contrôle"), Column("libelle", "Libellé"), Column("source", "Source"),
    Column("controles", "Objets contrôlés", "nombre"), Column("constats", "Constats", "nombre"),
    Column("bloquants", "Bloquants", "nombre"),
)
DEPOSITS = (
    Column("finess_ej", "FINESS EJ"), Column("document", "Document"),
    Column("exercice", "Exercice", "nombre"), Column("type_gestionnaire", "Type de gestionnaire"),
    Column("esms", "ESMS", "nombre"), Column("date_depot", "Date de dépôt"),
    Column("echeance", "Échéance"), Column("fixation_office", "Fixation d'office", "booleen"),
    Column("pieces_manquantes", "Pièces manquantes"),
)
INVESTMENTS = (
    Column("document", "Document"), Column("exercice", "Exercice", "nombre"),
    Column("finess", "FINESS ET"), Column("comptes", "Comptes"),
    Column("dotations", "Dotations (68142, 68725)", "euro"),
    Column("reprises", "Reprises (78742, 78725)", "euro"),
    Column("charge_nette", "Charge nette", "euro"),
)
COSTS = (
    Column("niveau", "Niveau"), Column("territoire", "Territoire"),
    Column("libelle_territoire", "Libellé"), Column("categorie", "Catégorie"),
    Column("libelle_categorie", "Libellé de la catégorie"), Column("esms", "ESMS", "nombre"),
    Column("places", "Places", "nombre"), Column("montant", "Montant", "euro"),
    Column("cout_moyen", "Coût moyen à la place", "euro"),
    Column("cout_median", "Coût médian à la place", "euro"),
    Column("cout_min", "Coût minimal", "euro"), Column("cout_max", "Coût maximal", "euro"),
    Column("cout_global", "Montant ÷ places", "euro"),
)
COST_ESMS = (
    Column("finess", "FINESS"), Column("raison_sociale", "ESMS"),
    Column("categorie", "Catégorie"), Column("departement", "Département"),
    Column("region", "Région"), Column("capacite", "Places", "nombre"),
    Column("montant", "Montant", "euro"), Column("cout_place", "Coût à la place", "euro"),
    Column("exclusion", "Exclusion"),
)
COLLECTION = (
    Column("niveau", "Niveau"), Column("region", "Région"), Column("departement", "Département"),
    Column("categorie", "Code catégorie"), Column("finess", "N° FINESS"),
    Column("raison_sociale", "Établissement"), Column("places", "Places autorisées et financées",
                                                      "nombre"),
    Column("etp", "ETP", "nombre"), Column("statut_personnel", "Statut majoritaire du personnel"),
    Column("charges_groupe_i", "Groupe 1 charges d'exploitation courante", "euro"),
    Column("charges_groupe_ii", "Groupe 2 charges de personnel", "euro"),
    Column("charges_groupe_iii", "Groupe 3 charges de structure", "euro"),
    Column("deficit_incorpore", "Déficit incorporé N-2", "euro"),
    Column("cnr", "Dont crédits non reconductibles", "euro"),
    Column("produits_731", "Groupe 1 produits de la tarification (731)", "euro"),
    Column("produits_732", "Groupe 1 forfaits journaliers (732)", "euro"),
    Column("produits_groupe_2", "Groupe 2 autres produits", "euro"),
    Column("produits_groupe_3", "Groupe 3 produits financiers et non encaissables", "euro"),
    Column("excedent_incorpore", "Excédent incorporé N-2", "euro"),
    Column("journees_internat", "Journées internat", "nombre"),
    Column("journees_semi_internat", "Journées semi-internat", "nombre"),
    Column("journees_externat", "Journées externat", "nombre"),
    Column("seances", "Séances", "nombre"), Column("actes", "Actes / interventions", "nombre"),
    Column("file_active", "File active", "nombre"), Column("observations", "Observations"),
)
CRETON = (Column("finess", "finess"), Column("recettes_creton_n1", "recettes_creton_n1", "euro"))
