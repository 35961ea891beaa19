"""``campagne repartir`` : partage exact d'une enveloppe au prorata de poids."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from campagne.cli.app import app, console, handles_errors
from campagne.money import format_euros
from campagne.repartition import parse_envelope, read_items, repartir


@app.command("repartir")
@handles_errors
def repartir_cmd(
    enveloppe: Annotated[str, typer.Option("--enveloppe", "-e",
                                           help="Montant (euros) ou nombre d'unités à répartir.")],
    fichier: Annotated[Path, typer.Option("--fichier", "-i", exists=True,
                                          help="CSV : cle;poids[;plancher;plafond].")],
    unite: Annotated[str, typer.Option("--unite", "-u",
                                       help="euro, centime ou unite (entiers).")] = "euro",
    format: Annotated[str, typer.Option("--format", "-f", help="texte ou json.")] = "texte",
) -> None:
    """Répartit une enveloppe au prorata des poids, planchers et plafonds compris, au total
    exact."""
    total = parse_envelope(enveloppe, unite)
    items = read_items(fichier, unite)
    alloc = repartir(total, items, unite)

    def show(v: int) -> str:
        return str(v) if unite == "unite" else format_euros(v)

    if format == "json":
        typer.echo(json.dumps({
            "enveloppe": show(total), "unite": unite,
            "parts": [{"cle": k, "poids": str(w), "part": show(s),
                       "part_brute": s}
                      for k, w, s in zip(items.keys, items.weights, alloc.shares, strict=True)],
            "explication": alloc.explanation.to_dict(),
        }, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Répartition de {show(total)}")
    table.add_column("Clé")
    table.add_column("Poids", justify="right")
    table.add_column("Part", justify="right")
    for k, w, s in zip(items.keys, items.weights, alloc.shares, strict=True):
        table.add_row(k, str(w), show(s))
    table.add_row("[bold]Total[/]", str(sum(items.weights)), f"[bold]{show(sum(alloc.shares))}[/]")
    console.print(table)
    console.print(alloc.explanation.to_text())
