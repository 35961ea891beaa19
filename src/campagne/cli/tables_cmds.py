"""``campagne verifier-table`` et ``campagne lire-table`` : tableaux publiés."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from campagne.cli.app import app, console, handles_errors
from campagne.exports.tables import Column, write_csv
from campagne.tables import (
    TableError,
    TableReport,
    check_file,
    format_number,
    load_structure,
    read_pdf_text,
)
from campagne.tables.pdf_text import SEPARATORS


@app.command("verifier-table")
@handles_errors
def verifier_table(
    fichier: Annotated[Path, typer.Argument(help="Tableau CSV ou XLSX (première feuille).")],
    structure: Annotated[Path, typer.Option("--structure", "-s",
                                            help="Structure YAML (docs/tableaux.md).")],
    format: Annotated[str, typer.Option("--format", "-f", help="texte ou json.")] = "texte",
) -> None:
    """Vérifie chaque total et chaque formule d'un tableau ; code 1 si une incohérence
    dépasse la tolérance déclarée."""
    if format not in ("texte", "json"):
        raise TableError("--format", [f"format inconnu « {format} » (texte ou json)"])
    report = check_file(fichier, load_structure(structure))
    if format == "json":
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    if not report.ok:
        raise typer.Exit(code=1)


def _print_report(report: TableReport) -> None:
    """Un bloc de trois lignes par incohérence : lisible à toute largeur de terminal."""
    console.print(f"[bold]{escape(report.titre)}[/] — {escape(report.source)}",
                  highlight=False)
    for f in report.constats:
        u = f.unite
        verdict = ("[green]dans la tolérance[/]" if f.dans_tolerance
                   else "[bold red]HORS tolérance[/]")
        console.print(f"\n[bold]{f.cellule}[/]  « {escape(f.ligne)} » / "
                      f"« {escape(f.colonne)} » — {f.regle}", highlight=False)
        console.print(f"    publié {format_number(f.publie, u)} · recalculé "
                      f"{format_number(f.recalcule, u)} · écart "
                      f"{format_number(f.ecart, u, signed=True)} · {verdict} (tolérance "
                      f"{format_number(f.tolerance, u)})", highlight=False)
        console.print(f"    {f.calcul}", highlight=False, markup=False)
    style = "green" if report.ok else "bold red"
    console.print(f"\n[{style}]{report.summary()}.[/]", highlight=False)


@app.command("lire-table")
@handles_errors
def lire_table(
    fichier: Annotated[Path, typer.Argument(help="Texte du tableau, extrait d'un PDF.",
                                            exists=True, dir_okay=False)],
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="CSV à écrire (; UTF-8 BOM).")],
    structure: Annotated[Path | None, typer.Option(
        "--structure", "-s", help="Structure YAML : donne les noms des colonnes.")] = None,
    colonnes: Annotated[str | None, typer.Option(
        "--colonnes", "-c", help="Noms des colonnes séparés par « ; » (libellés d'abord).")]
    = None,
    separateur: Annotated[str, typer.Option(
        "--separateur", help="auto, tabulation, espaces ou simple.")] = "auto",
) -> None:
    """Transforme le texte d'un tableau extrait d'un PDF en CSV exact (sans la structure ni
    --colonnes, la première ligne du texte est l'en-tête)."""
    if structure is not None and colonnes is not None:
        raise TableError("lire-table", ["--structure et --colonnes s'excluent : choisissez-en un"])
    if separateur not in SEPARATORS:
        raise TableError("--separateur", [f"séparateur inconnu « {separateur} » "
                                          f"(possibles : {', '.join(SEPARATORS)})"])
    names: list[str] | None = None
    if structure is not None:
        s = load_structure(structure)
        names = [s.libelles, *(c.nom for c in s.colonnes.values())]
    elif colonnes is not None:
        names = [c.strip() for c in colonnes.split(";")]
    table = read_pdf_text(fichier, names, separator=separateur)
    keys = [f"c{i}" for i in range(len(table.columns))]
    columns = [Column(k, title, "texte" if i == 0 else "nombre")
               for i, (k, title) in enumerate(zip(keys, table.columns, strict=True))]
    rows = [dict(zip(keys, [r.label, *r.values], strict=True)) for r in table.rows]
    sortie.parent.mkdir(parents=True, exist_ok=True)
    write_csv(sortie, columns, rows)
    console.print(f"{len(table.rows)} lignes, {len(table.columns) - 1} colonnes de valeurs "
                  f"(séparateur : {table.separator}) → {sortie}", highlight=False)
