"""``campagne finess verifier|importer`` et ``campagne portefeuille verifier``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from campagne.cli.app import console, err_console, finess_app, handles_errors, portefeuille_app
from campagne.referentiel.finess import finess_problem


@finess_app.command("verifier")
def finess_verifier(
    numeros: Annotated[list[str], typer.Argument(help="Un ou plusieurs numéros FINESS.")],
) -> None:
    """Vérifie des numéros FINESS (clé de Luhn) ; code de sortie 0 seulement si tous sont
    valides."""
    bad = 0
    for n in numeros:
        problem = finess_problem(n)
        if problem:
            bad += 1
            err_console.print(f"[red]✗[/] {problem}", highlight=False)
        else:
            console.print(f"[green]✓[/] {n.strip().upper()} : numéro valide", highlight=False)
    if bad:
        raise typer.Exit(code=1)


@finess_app.command("importer")
@handles_errors
def finess_importer(
    extraits: Annotated[list[Path], typer.Argument(help="Fichiers d'extraction FINESS.",
                                                   exists=True)],
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Portefeuille CSV à écrire.")] = (
        Path("portefeuille_finess.csv")
    ),
    categories: Annotated[str | None, typer.Option(
        "--categories", help="Codes de catégories à garder, séparés par des virgules.")] = None,
) -> None:
    """Transforme un extrait FINESS (open data) en portefeuille à compléter (montants vides)."""
    from campagne.referentiel.extract import extract_to_portfolio, read_extract
    from campagne.referentiel.portfolio import write_portfolio_csv

    cats = {c.strip() for c in categories.split(",")} if categories else None
    result = read_extract(list(extraits))
    frame = extract_to_portfolio(result, cats)
    write_portfolio_csv(frame, sortie)
    console.print(f"{frame.height} ESMS écrits dans {sortie}. Complétez les montants "
                  "(base_reconductible…) avant de calculer une campagne.")


@portefeuille_app.command("verifier")
def portefeuille_verifier(
    fichier: Annotated[Path, typer.Argument(help="Fichier portefeuille CSV ou XLSX.", exists=True)],
    format: Annotated[str, typer.Option("--format", "-f", help="texte ou json.")] = "texte",
) -> None:
    """Vérifie un portefeuille : toutes les erreurs d'un coup (ligne, FINESS, champ, correction)."""
    from campagne.referentiel.portfolio import PortfolioError, read_portfolio

    try:
        frame = read_portfolio(fichier)
    except PortfolioError as exc:
        if format == "json":
            typer.echo(json.dumps({"valide": False, "erreurs": exc.to_rows()},
                                  ensure_ascii=False, indent=2))
        else:
            table = Table(title=f"{len(exc.issues)} erreur(s) : rien n'a été chargé")
            for col in ("Ligne", "FINESS", "Champ", "Problème", "Correction"):
                table.add_column(col, overflow="fold")
            for i in exc.issues:
                table.add_row(str(i.line), i.finess or "", i.field, i.problem, i.fix)
            err_console.print(table)
        raise typer.Exit(code=1) from None
    if format == "json":
        typer.echo(json.dumps({"valide": True, "esms": frame.height}, ensure_ascii=False))
    else:
        console.print(f"[green]✓[/] {fichier} : {frame.height} ESMS, aucune erreur.")
