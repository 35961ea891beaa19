"""``campagne parametres [NOM]`` : la liste des paramètres, ou l'historique sourcé de l'un."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from campagne.cli.app import app, console, handles_errors
from campagne.params import ParameterSet


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k} : {v}" for k, v in value.items())
    return str(value)


def history(params: ParameterSet, name: str) -> list[dict[str, str]]:
    param = params.get(name)
    rows = []
    for entry, value in sorted(param.values, key=lambda ev: ev[0].interval()[0]):
        src = params.sources[entry.reference.source]
        rows.append({
            "periode": entry.periode_label(),
            "portee": entry.portee,
            "valeur": _show(value),
            "reference": f"[{entry.reference.source} {entry.reference.section}]",
            "source": src.titre,
            "note": entry.reference.note or "",
        })
    return rows


@app.command()
@handles_errors
def parametres(
    nom: Annotated[str | None, typer.Argument(help="Nom du paramètre (sinon : la liste).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="texte ou json.")] = "texte",
) -> None:
    """Liste les paramètres, ou montre l'historique d'un paramètre avec ses sources."""
    params = ParameterSet.load()
    if nom is None:
        rows = [{"nom": n, "libelle": p.decl.libelle, "unite": p.decl.unite.value,
                 "famille": p.famille, "valeurs": str(len(p.values))}
                for n, p in sorted(params.parameters.items())]
        if format == "json":
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        table = Table(title="Paramètres")
        for col in ("Nom", "Libellé", "Unité", "Famille", "Valeurs"):
            table.add_column(col)
        for r in rows:
            table.add_row(*r.values())
        console.print(table)
        return
    param = params.get(nom)
    rows = history(params, nom)
    if format == "json":
        typer.echo(json.dumps({"nom": nom, "libelle": param.decl.libelle,
                               "unite": param.decl.unite.value, "historique": rows},
                              ensure_ascii=False, indent=2))
        return
    table = Table(title=f"{nom} — {param.decl.libelle} ({param.decl.unite.value})")
    for col in ("Période", "Portée", "Valeur", "Référence", "Source", "Note"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*r.values())
    console.print(table)
