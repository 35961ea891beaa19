"""``campagne arretes generer`` : les arrêtés de tarification en PDF, un par ESMS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from campagne.cli.app import app, console, handles_errors
from campagne.errors import CampagneError
from campagne.pipeline import DEFAULT_CAMPAIGN

arretes_app = typer.Typer(help="Arrêtés de tarification (PDF).", no_args_is_help=True)
app.add_typer(arretes_app, name="arretes")


def _date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CampagneError(f"--date « {text} » : date AAAA-MM-JJ attendue "
                            "(ex. 2024-07-01)") from None


@arretes_app.command("generer")
@handles_errors
def generer(
    portefeuille: Annotated[Path | None, typer.Option(
        "--portefeuille", "-p", help="Fichier portefeuille CSV/XLSX (défaut : la démo).",
        exists=True)] = None,
    campagne: Annotated[str, typer.Option("--campagne", "-c",
                                          help="Identifiant de campagne.")] = DEFAULT_CAMPAIGN,
    finess: Annotated[list[str] | None, typer.Option(
        "--finess", "-f", help="FINESS ET d'un ESMS (répétable ; défaut : tous les ESMS).")] = None,
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Dossier des PDF.")] = Path(
        "sortie/arretes"),
    premier: Annotated[int, typer.Option(
        "--premier", help="Numéro d'ordre du premier arrêté du lot (les suivants se suivent).")
    ] = 1,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date de signature AAAA-MM-JJ (défaut : aujourd'hui).")] = None,
    autorite: Annotated[str | None, typer.Option(
        "--autorite", help="Autorité signataire (défaut : le directeur général de l'ARS).")
    ] = None,
    lieu: Annotated[str | None, typer.Option("--lieu", help="Lieu de signature (« Fait à … »).")
                    ] = None,
    modifie: Annotated[str | None, typer.Option(
        "--modifie", help="Numéro de l'arrêté modifié (arrêté modificatif, un seul --finess).")
    ] = None,
    motif: Annotated[str | None, typer.Option("--motif", help="Motif de la modification.")
                     ] = None,
    remplacer: Annotated[bool, typer.Option(
        "--remplacer", help="Réécrit les PDF déjà présents (brouillons seulement).")] = False,
) -> None:
    """Écrit un arrêté PDF par ESMS (visas, articles, décomposition sourcée, voies de recours,
    explication en annexe), puis le registre des empreintes SHA-256 (docs/arretes.md)."""
    from campagne.cli.campaign_cmds import load_portfolio
    from campagne.exports.arrete import Modification, Numerotation, generate_batch, write_registre
    from campagne.pipeline import compute

    signed = _date(date)
    modifications = {}
    if modifie or motif:
        if not (modifie and motif) or not finess or len(finess) != 1:
            raise CampagneError("arrêté modificatif : donnez --modifie NUMÉRO, --motif TEXTE et "
                                "un seul --finess")
        modifications[finess[0].strip().upper()] = Modification(modifie, motif)
    result = compute(load_portfolio(portefeuille), campagne)
    targets = [f.strip().upper() for f in finess] if finess else result.frame["finess"].to_list()
    columns = (TextColumn("Arrêtés"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("arretes", total=len(targets))
        items = generate_batch(
            result, targets, sortie, Numerotation(result.campaign, premier),
            progress=lambda done, total, item: bar.update(task, completed=done),
            date=signed, autorite=autorite, lieu=lieu, modifications=modifications,
            replace=remplacer)
    registre = write_registre(items, sortie)
    console.print(f"{len(items)} arrêté(s) écrit(s) dans {sortie} (n° {items[0].numero} à "
                  f"{items[-1].numero}) ; registre des empreintes : {registre}", highlight=False)
