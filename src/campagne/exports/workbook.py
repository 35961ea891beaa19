"""Le classeur complet d'une campagne (XLSX) : la campagne, les synthèses de
``exports.campaign`` (mesures, phases, départements, familles, catégories, DRL et marge,
rapprochement, CNR proposés), les résultats par ESMS et les tableaux de notification.

Formats : montants ``# ##0,00 €``, taux en pourcentage, dates ``JJ/MM/AAAA``, nombres entiers
groupés par milliers, en-têtes figés, une feuille par tableau.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from campagne import __version__
from campagne.engine import CampaignResult
from campagne.engine.inputs import input_label
from campagne.exports.campaign import synthesis_sheets
from campagne.exports.notification import notification_tables
from campagne.exports.results import IDENTITY, result_columns
from campagne.exports.tables import Column, Sheet, write_workbook
from campagne.pipeline import CampaignRun
from campagne.referentiel.departements import regions

# Colonnes du portefeuille qui situent l'ESMS dans le temps (dates) et dans son contrat.
CONTEXT = (Column("capacite", input_label("capacite"), "nombre"),
           Column("date_ouverture", input_label("date_ouverture"), "date"),
           Column("date_installation", input_label("date_installation"), "date"),
           Column("cpom", input_label("cpom"), "booleen"),
           Column("cpom_debut", "Début du CPOM", "date"),
           Column("cpom_fin", "Fin du CPOM", "date"))
CAMPAIGN = (Column("id", "Campagne"), Column("libelle", "Libellé"),
            Column("annee", "Année"), Column("region", "Région"),
            Column("date_reference", "Date de référence", "date"),
            Column("scenario", "Scénario"), Column("esms", "ESMS calculés", "nombre"),
            Column("drl", "DRL", "euro"), Column("accorde", "Accordé", "euro"),
            Column("marge", "Marge", "euro"), Column("moteur", "Moteur"))


def results_sheet(result: CampaignResult) -> Sheet:
    """Une ligne par ESMS : identité, contexte daté, puis chaque étape dans son unité."""
    present = [c for c in CONTEXT if c.key in result.frame.columns]
    columns = result_columns(result)
    columns = columns[:len(IDENTITY)] + present + columns[len(IDENTITY):]
    rows = result.frame.select([c.key for c in columns]).to_dicts()
    return ("Résultats par ESMS", columns, rows)


def campaign_sheet(run: CampaignRun) -> Sheet:
    c = run.result.campaign
    row: dict[str, Any] = {
        "id": c.id, "libelle": c.libelle, "annee": str(c.annee),
        "region": regions().get(c.region or "", "toutes"), "date_reference": c.date_reference,
        "scenario": run.result.scenario or "", "esms": run.result.frame.height,
        "drl": run.margin.drl, "accorde": run.margin.accorde, "marge": run.margin.marge,
        "moteur": f"campagne {__version__}",
    }
    return ("Campagne", CAMPAIGN, [row])


def workbook_sheets(run: CampaignRun) -> list[Sheet]:
    sheets: list[Sheet] = [campaign_sheet(run)]
    sheets += synthesis_sheets(run)
    sheets.append(results_sheet(run.result))
    sheets += [t.sheet() for t in notification_tables(run.result)]
    return sheets


def write_campaign_workbook(run: CampaignRun, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, workbook_sheets(run))
    return path


def campaign_workbook_bytes(run: CampaignRun) -> bytes:
    """Le classeur en mémoire (téléchargement depuis l'application web)."""
    with tempfile.TemporaryDirectory() as folder:
        return write_campaign_workbook(run, Path(folder) / "campagne.xlsx").read_bytes()
