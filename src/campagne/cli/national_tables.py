"""Colonnes et lignes des tableaux de ``campagne remise-a-niveau``, ``aecp`` et ``fjh`` : le
cœur rend des données (centimes, centièmes d'ETP), ce module les met en forme."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from campagne.envelopes.aecp import NATURES, AecpReport
from campagne.exports.tables import Column
from campagne.national import RemiseANiveau
from campagne.rules.fjh import REGIMES, REGIMES_COURTS, FjhReport

ANNEXE_IV = (
    Column("region", "Région"),
    Column("population", "Population 0-59 ans", "nombre"),
    Column("euros_demandes", "Euros demandés", "euro"),
    Column("etp_demandes", "ETP demandés", "nombre"),
    Column("projets_demandes", "Nombre de projets demandés", "nombre"),
    Column("part_theorique", "Part théorique (prorata population)", "euro"),
    Column("part", "Part après plafonds (demandes)", "euro"),
    Column("euros_attribues", "Euros attribués", "euro"),
    Column("etp_attribues", "ETP correspondants", "nombre"),
    Column("projets_finances", "Nombre de projets financés", "nombre"),
    Column("reste", "Reste non consommé", "euro"),
)
# Affichage en terminal : les seules colonnes de l'annexe IV, titres courts.
ANNEXE_IV_TEXTE = (
    Column("region", "Région"), Column("euros_demandes", "Euros demandés", "euro"),
    Column("etp_demandes", "ETP", "nombre"), Column("projets_demandes", "Projets", "nombre"),
    Column("euros_attribues", "Euros attribués", "euro"),
    Column("etp_attribues", "ETP", "nombre"), Column("projets_finances", "Financés", "nombre"),
)
PROJETS = (
    Column("region", "Région"), Column("rang", "Rang", "nombre"), Column("projet", "Projet"),
    Column("finess", "FINESS"), Column("libelle", "Libellé"),
    Column("euros", "Euros demandés", "euro"), Column("etp", "ETP demandés", "nombre"),
    Column("accorde", "Euros attribués", "euro"),
    Column("etp_finance", "ETP correspondants", "nombre"), Column("motif", "Motif"),
)
AECP_DEPARTEMENTS = (
    Column("departement", "Département"),
    Column("supprime_definitif", "Retraits définitifs (supprimés)", "euro"),
    Column("ae", "AE : retraits temporaires (gagés)", "euro"),
    Column("cp_restitues", "CP restitués", "euro"),
    Column("reste_a_restituer", "Reste à restituer", "euro"),
    Column("places_gagees", "Places gagées", "nombre"),
    Column("places_installees", "Places installées", "nombre"),
)
AECP_EXERCICES = (
    Column("departement", "Département"), Column("exercice", "Exercice", "nombre"),
    Column("cp_prevus", "CP prévus (échéancier)", "euro"),
    Column("cp_restitues", "CP restitués", "euro"),
    Column("ecart", "Écart restitués − prévus", "euro"),
)
AECP_RETRAITS = (
    Column("departement", "Département"), Column("projet", "Projet"),
    Column("finess", "FINESS"), Column("libelle", "Libellé"), Column("nature", "Nature"),
    Column("exercice", "Exercice du retrait", "nombre"), Column("montant", "Montant", "euro"),
    Column("ae", "AE", "euro"), Column("places", "Places gagées", "nombre"),
    Column("places_prevues", "Places à l'échéancier", "nombre"),
    Column("places_installees", "Places installées", "nombre"),
    Column("cp_prevus", "CP prévus", "euro"), Column("cp_restitues", "CP restitués", "euro"),
    Column("reste_a_restituer", "Reste à restituer", "euro"),
)
AECP_RESTITUTIONS = (
    Column("departement", "Département"), Column("projet", "Projet"),
    Column("exercice", "Exercice", "nombre"),
    Column("places", "Places installées", "nombre"), Column("cp", "CP restitués", "euro"),
    Column("places_cumulees", "Places installées (cumul)", "nombre"),
    Column("cp_cumules", "CP restitués (cumul)", "euro"),
    Column("reste", "Reste à restituer", "euro"),
)
FJH_RESIDENTS = (
    Column("finess", "FINESS"), Column("categorie", "Catégorie"),
    Column("identifiant", "Résident"), Column("age", "Âge", "nombre"),
    Column("ressources", "Ressources mensuelles", "euro"), Column("jours", "Jours", "nombre"),
    Column("fjh_du", "FJH dû", "euro"), Column("minimum", "Minimum laissé", "euro"),
    Column("fjh_facture", "FJH facturé", "euro"),
    Column("manque_a_gagner", "Manque à gagner", "euro"),
    Column("reste_a_vivre", "Reste à vivre", "euro"), Column("regime", "Régime"),
    Column("motif", "Règle appliquée"),
)
FJH_RESIDENTS_TEXTE = (
    Column("finess", "FINESS"), Column("identifiant", "Résident"), Column("age", "Âge", "nombre"),
    Column("ressources", "Ressources", "euro"), Column("jours", "Jours", "nombre"),
    Column("fjh_du", "FJH dû", "euro"), Column("fjh_facture", "Facturé", "euro"),
    Column("manque_a_gagner", "Manque", "euro"), Column("regime", "Régime"),
)
FJH_ESMS = (
    Column("finess", "FINESS"), Column("categorie", "Catégorie"),
    Column("residents", "Résidents", "nombre"), Column("jours", "Jours", "nombre"),
    Column("fjh_du", "FJH dû", "euro"), Column("fjh_facture", "FJH facturé", "euro"),
    Column("manque_a_gagner", "Manque à gagner", "euro"),
)


def etp(hundredths: int | None) -> Decimal | None:
    """Centièmes d'ETP → ETP décimal exact (« 6225 » → 62,25)."""
    return None if hundredths is None else (Decimal(hundredths) / 100).quantize(Decimal("0.01"))


def annexe_rows(result: RemiseANiveau) -> list[dict[str, Any]]:
    """Le tableau de l'annexe IV, ligne « Total France entière » comprise."""
    out = []
    for row in (*result.rows, result.total()):
        values = row.as_dict()
        values["etp_demandes"] = etp(row.etp_demandes)
        values["etp_attribues"] = etp(row.etp_attribues)
        out.append(values)
    return out


def project_rows(result: RemiseANiveau) -> list[dict[str, Any]]:
    return [{"region": p.demand.region, "rang": p.demand.rang, "projet": p.demand.projet,
             "finess": p.demand.finess, "libelle": p.demand.libelle, "euros": p.demand.euros,
             "etp": etp(p.demand.etp), "accorde": p.accorde, "etp_finance": etp(p.etp_finance),
             "motif": p.motif} for p in result.projects]


def aecp_retrait_rows(report: AecpReport) -> list[dict[str, Any]]:
    return [{"departement": s.withdrawal.departement, "projet": s.withdrawal.projet,
             "finess": s.withdrawal.finess, "libelle": s.withdrawal.libelle,
             "nature": NATURES[s.withdrawal.nature], "exercice": s.withdrawal.exercice,
             "montant": s.withdrawal.montant, "ae": s.withdrawal.ae,
             "places": s.withdrawal.places, "places_prevues": s.places_prevues,
             "places_installees": s.places_installees, "cp_prevus": s.cp_prevus,
             "cp_restitues": s.cp_restitues, "reste_a_restituer": s.reste_a_restituer}
            for s in report.statuses]


def fjh_resident_rows(report: FjhReport) -> list[dict[str, Any]]:
    return [{**vars(b.resident), "fjh_du": b.fjh_du, "minimum": b.minimum,
             "fjh_facture": b.fjh_facture, "manque_a_gagner": b.manque_a_gagner,
             "reste_a_vivre": b.reste_a_vivre, "regime": REGIMES_COURTS[b.regime],
             "motif": REGIMES[b.regime]}
            for b in report.bills]
