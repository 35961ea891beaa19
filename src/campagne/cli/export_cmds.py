"""``campagne exporter hapi|notification|classeur`` : des fichiers qu'une ARS échange avec
ses outils (format HAPI, tableaux de notification, classeur complet ; ``docs/exports.md``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from campagne.cli.app import app, console, handles_errors
from campagne.errors import CampagneError
from campagne.pipeline import DEFAULT_CAMPAIGN

exporter_app = typer.Typer(help="Exports pour les outils de l'ARS (HAPI, tableaux de "
                                "notification, classeur complet).", no_args_is_help=True)
app.add_typer(exporter_app, name="exporter")

PortefeuilleOpt = Annotated[Path | None, typer.Option(
    "--portefeuille", "-p", help="Fichier portefeuille CSV/XLSX (défaut : la démo).",
    exists=True)]
CampagneOpt = Annotated[str, typer.Option("--campagne", "-c", help="Identifiant de campagne.")]


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CampagneError(f"--date « {text} » : date AAAA-MM-JJ attendue "
                            "(ex. 2024-07-01)") from None


@exporter_app.command("hapi")
@handles_errors
def hapi(
    portefeuille: PortefeuilleOpt = None,
    campagne: CampagneOpt = DEFAULT_CAMPAIGN,
    sortie: Annotated[Path | None, typer.Option(
        "--sortie", "-o", help="Fichier écrit (défaut : sortie/ENGAGEMENTS_PAR_BENEFICIAIRE_"
                               "<année>_<horodatage>.csv).")] = None,
    arretes: Annotated[Path | None, typer.Option(
        "--arretes", exists=True, help="Numéros d'arrêté par FINESS (finess;numero, ou le "
                                       "registre de « campagne arretes generer »).")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date des arrêtés AAAA-MM-JJ (DATE_DOCUMENT ; défaut : vide).")] = None,
    code_ars: Annotated[str | None, typer.Option(
        "--code-ars", help="CODE_ARS attendu par l'outil destinataire (défaut : code INSEE "
                           "de la région).")] = None,
) -> None:
    """Engagements par bénéficiaire au format HAPI : une ligne par ESMS et par montant non
    nul de sa dotation (séparateur « | », UTF-8)."""
    from campagne.cli.campaign_cmds import load_portfolio
    from campagne.exports.hapi import campaign_drl, hapi_filename, read_arretes, write_hapi
    from campagne.pipeline import compute

    numbers = read_arretes(arretes) if arretes else None
    day = _date(date)
    result = compute(load_portfolio(portefeuille), campagne)
    target = sortie or Path("sortie") / hapi_filename(result, dt.datetime.now())
    drl = campaign_drl(result)
    write_hapi(result, target, drl, arretes=numbers, date_document=day, code_ars=code_ars)
    if drl is None:
        console.print(f"Pas de DRL pour la campagne « {campagne} » : MESURE_NIV1 donne la "
                      "nature de la mesure (pérenne ou non).")
    console.print(f"Écrit : {target}")


@exporter_app.command("notification")
@handles_errors
def notification(
    portefeuille: PortefeuilleOpt = None,
    campagne: CampagneOpt = DEFAULT_CAMPAIGN,
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Dossier de sortie.")] = Path(
        "sortie/notification"),
    format: Annotated[str, typer.Option("--format", "-f", help="xlsx ou csv.")] = "xlsx",
    places: Annotated[str, typer.Option(
        "--places", help="Colonne des places du tableau par département.")] = "capacite",
    credits: Annotated[str, typer.Option(
        "--credits", help="Colonne des crédits du tableau par département.")] = "dotation_totale",
) -> None:
    """Tableaux de notification par région (C2005 annexe I) et par département (C2005
    annexe II), chacun avec la structure YAML qui le vérifie (campagne verifier-table)."""
    from campagne.cli.campaign_cmds import load_portfolio
    from campagne.exports.notification import NOTIFICATION_FORMATS, write_notification
    from campagne.pipeline import compute

    if format not in NOTIFICATION_FORMATS:
        raise typer.BadParameter("format attendu : xlsx ou csv", param_hint="--format")
    result = compute(load_portfolio(portefeuille), campagne)
    for path in write_notification(result, sortie, format, places=places, credits=credits):
        console.print(f"Écrit : {path}")


@exporter_app.command("classeur")
@handles_errors
def classeur(
    portefeuille: PortefeuilleOpt = None,
    campagne: CampagneOpt = DEFAULT_CAMPAIGN,
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Classeur écrit.")] = Path(
        "sortie/campagne.xlsx"),
) -> None:
    """Le classeur complet de la campagne (synthèses, DRL et marge, résultats par ESMS,
    tableaux de notification), aux formats de nombre soignés."""
    from campagne.cli.campaign_cmds import load_portfolio
    from campagne.envelopes.drl import drl_exists
    from campagne.exports.workbook import write_campaign_workbook
    from campagne.pipeline import run_full

    if not drl_exists(campagne):
        raise CampagneError(f"pas de DRL déclarée pour la campagne « {campagne} » : le classeur "
                            "complet présente la marge ; utilisez « campagne calculer » "
                            "--format xlsx pour les seuls résultats")
    run = run_full(load_portfolio(portefeuille), campagne)
    console.print(f"Écrit : {write_campaign_workbook(run, sortie)}")
