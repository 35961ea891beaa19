"""``campagne cnr reprises`` : suivi des CNR accordés et reprise des crédits non employés."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from campagne.cli.app import app, console, handles_errors
from campagne.money import format_euros

cnr_app = typer.Typer(help="Crédits non reconductibles : suivi et reprises.",
                      no_args_is_help=True)
app.add_typer(cnr_app, name="cnr")


@cnr_app.command("reprises")
@handles_errors
def reprises(
    fichier: Annotated[Path, typer.Argument(
        help="Suivi (CSV/XLSX) : identifiant;finess;accorde;depense;provision_autorisee.",
        exists=True)],
    format: Annotated[str, typer.Option("--format", "-f", help="texte ou json.")] = "texte",
) -> None:
    """Calcule la reprise de chaque CNR non employé (accordé − dépense justifiée − provision
    autorisée) [ROB24 §10]."""
    from campagne.cnr.followup import read_followup

    backs = read_followup(fichier)
    total = sum(t.reprise for t in backs)
    if format == "json":
        typer.echo(json.dumps({"reprises": [t.to_dict() for t in backs], "total_repris": total},
                              ensure_ascii=False, indent=2))
        return
    table = Table(title="Reprise des CNR non employés [ROB24 §10]")
    for col in ("Demande", "FINESS", "Accordé", "Dépense justifiée", "Provision", "Reprise"):
        table.add_column(col, justify="left" if col in ("Demande", "FINESS") else "right")
    for t in backs:
        table.add_row(t.identifiant, t.finess, format_euros(t.accorde), format_euros(t.depense),
                      format_euros(t.provision), format_euros(t.reprise))
    console.print(table)
    console.print(f"{sum(1 for t in backs if t.reprise)} CNR à reprendre, pour "
                  f"{format_euros(total)} au total.", highlight=False)
