"""``campagne remise-a-niveau``, ``campagne aecp`` et ``campagne fjh`` : outils du niveau
national et régional (C2005 §I.C.1 et annexe IV ; C2010 §1.2, §3.2.2 et §3.3)."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from campagne.cli.app import app, console, handles_errors
from campagne.cli.national_tables import (
    AECP_DEPARTEMENTS,
    AECP_EXERCICES,
    AECP_RESTITUTIONS,
    AECP_RETRAITS,
    ANNEXE_IV,
    ANNEXE_IV_TEXTE,
    FJH_ESMS,
    FJH_RESIDENTS,
    FJH_RESIDENTS_TEXTE,
    PROJETS,
    aecp_retrait_rows,
    annexe_rows,
    fjh_resident_rows,
    project_rows,
)
from campagne.exports.tables import Column, Sheet, write_workbook
from campagne.money import format_euros, format_rate

FORMATS = ("texte", "json", "xlsx")
SHEETS = {"annexe_iv": "Annexe IV", "projets": "Projets", "departements": "Départements",
          "exercices": "Exercices", "retraits": "Retraits", "restitutions": "Restitutions",
          "esms": "ESMS", "residents": "Résidents"}
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="texte, json ou xlsx.")]
SortieOpt = Annotated[Path | None, typer.Option(
    "--sortie", "-o", help="Fichier de sortie (XLSX ; JSON : sortie standard par défaut).")]


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise typer.BadParameter(f"format attendu : {', '.join(FORMATS)}", param_hint="--format")
    return fmt


def _json_cell(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == "euro":
        return f"{(Decimal(int(value)) / 100).quantize(Decimal('0.01'))}"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return value


def _emit(fmt: str, sortie: Path | None, default: str, sheets: Sequence[Sheet],
          meta: dict[str, Any]) -> None:
    """JSON (sortie standard ou fichier) ou classeur XLSX, une feuille par tableau."""
    if fmt == "json":
        payload = {"meta": meta, **{
            name: [{c.key: _json_cell(r.get(c.key), c.kind) for c in cols} for r in rows]
            for name, cols, rows in sheets}}
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if sortie is None:
            typer.echo(text)
            return
        sortie.write_text(text, encoding="utf-8")
        typer.echo(f"Écrit : {sortie}")
        return
    target = sortie or Path(f"{default}.xlsx")
    write_workbook(target, [(SHEETS.get(name, name), cols, rows) for name, cols, rows in sheets])
    typer.echo(f"Écrit : {target}")


def _table(title: str, columns: Sequence[Column], rows: Sequence[dict[str, Any]]) -> Table:
    table = Table(title=title)
    for c in columns:
        table.add_column(c.title, justify="left" if c.kind == "texte" else "right")
    for r in rows:
        cells = []
        for c in columns:
            v = r.get(c.key)
            if v is None:
                cells.append("nc" if c.key.startswith("etp") else "")
            elif c.kind == "euro":
                cells.append(format_euros(v))
            elif isinstance(v, Decimal):
                cells.append(f"{v:f}".replace(".", ","))
            else:
                cells.append(str(v))
        table.add_row(*cells)
    return table


@app.command("remise-a-niveau")
@handles_errors
def remise_a_niveau(
    populations: Annotated[Path, typer.Option(
        "--populations", help="Population de 0 à 59 ans par région (CSV/XLSX : region;population).",
        exists=True)],
    demandes: Annotated[Path, typer.Option(
        "--demandes", help="Demandes (CSV/XLSX : region;projet;finess;rang;euros;etp).",
        exists=True)],
    annee: Annotated[int, typer.Option("--annee", help="Année de l'enveloppe (paramètre daté).")]
    = 2005,
    format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Répartit l'enveloppe de remise à niveau prioritaire entre les régions (population de
    0 à 59 ans, plafonnée aux demandes) puis entre leurs demandes par priorité : le tableau de
    l'annexe IV [C2005 §I.C.1]."""
    from campagne.national import distribute, envelope_parameter, read_demands, read_populations
    from campagne.params import ParameterSet

    fmt = _check_format(format)
    envelope = envelope_parameter(ParameterSet.load(), annee)
    pops = read_populations(populations)
    result = distribute(envelope.cents(), pops, read_demands(demandes, pops))
    rows = annexe_rows(result)
    title = (f"Mesure de remise à niveau prioritaire : {format_euros(result.envelope)} "
             f"{envelope.citation()}")
    if fmt != "texte":
        _emit(fmt, sortie, "remise_a_niveau",
              [("annexe_iv", ANNEXE_IV, rows), ("projets", PROJETS, project_rows(result))],
              {"titre": title, "source": result.citation, "notes": result.notes()})
        return
    console.print(_table(title, ANNEXE_IV_TEXTE, rows))
    for note in result.notes():
        console.print(note, highlight=False)


@app.command("aecp")
@handles_errors
def aecp(
    fichier: Annotated[Path, typer.Argument(
        help="Registre CSV/XLSX : mouvement;departement;projet;finess;nature;exercice;places;"
             "montant (voir docs/aecp.md).", exists=True)],
    format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Suivi AE/CP des crédits retirés de la base : retraits définitifs et temporaires,
    restitution au prorata des places installées, reste à restituer [C2010 §1.2]."""
    from campagne.envelopes.aecp_files import read_aecp

    fmt = _check_format(format)
    report = read_aecp(fichier)
    deps = [vars(d) for d in report.departements()]
    years = report.by_exercice()
    if fmt != "texte":
        restitutions = [vars(r) for r in report.restitutions]
        _emit(fmt, sortie, "aecp", [
            ("departements", AECP_DEPARTEMENTS, deps), ("exercices", AECP_EXERCICES, years),
            ("retraits", AECP_RETRAITS, aecp_retrait_rows(report)),
            ("restitutions", AECP_RESTITUTIONS, restitutions)],
            {"source": report.citation})
        return
    console.print(_table(f"Débasage et suivi AE/CP [{report.citation}]", AECP_DEPARTEMENTS,
                         deps))
    console.print(_table("Crédits de paiement par exercice : prévus à l'échéancier et restitués",
                         AECP_EXERCICES, years))


@app.command("fjh")
@handles_errors
def fjh(
    fichier: Annotated[Path, typer.Argument(
        help="Résidents CSV/XLSX : finess;categorie;identifiant;age;ressources_mensuelles;jours "
             "(voir docs/fjh.md).", exists=True)],
    mois: Annotated[str, typer.Option("--mois", help="Mois facturé, AAAA-MM.")] = "2010-01",
    detail: Annotated[bool, typer.Option("--detail", help="Affiche chaque résident.")] = False,
    format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Forfait journalier facturable à chaque résident (minimum de ressources de 30 % de l'AAH
    en MAS, pas de FJH avant 20 ans en établissement pour enfants) et manque à gagner par ESMS
    [C2010 §3.2.2, §3.3]."""
    from campagne.params import ParameterSet
    from campagne.rules.fjh import bill_all, fjh_parameters, read_residents

    fmt = _check_format(format)
    try:
        month = dt.date.fromisoformat(f"{mois}-01")
    except ValueError:
        raise typer.BadParameter("mois attendu au format AAAA-MM (par ex. 2010-06)",
                                 param_hint="--mois") from None
    days = calendar.monthrange(month.year, month.month)[1]
    report = bill_all(read_residents(fichier), fjh_parameters(ParameterSet.load(), month), days)
    p = report.parameters
    residents = fjh_resident_rows(report)
    esms = [vars(t) for t in report.by_esms()]
    facts = (f"FJH {format_euros(p.fjh_jour)} par jour {p.citations['fjh_montant_journalier']} ; "
             f"minimum laissé en MAS : {format_rate(p.taux_minimum)} × AAH "
             f"{format_euros(p.aah)} = {format_euros(p.minimum)} (arrondi au centime) "
             f"{p.citations['mas_minimum_ressources_taux']} ; pas de FJH avant "
             f"{p.age_exoneration} ans en établissement pour enfants "
             f"{p.citations['fjh_age_exoneration_enfants']}.")
    if fmt != "texte":
        _emit(fmt, sortie, "fjh", [("esms", FJH_ESMS, esms), ("residents", FJH_RESIDENTS,
                                                             residents)],
              {"mois": mois, "parametres": facts})
        return
    if detail:
        console.print(_table(f"FJH par résident, {mois}", FJH_RESIDENTS_TEXTE, residents))
    console.print(_table(f"FJH et manque à gagner par ESMS, {mois}", FJH_ESMS, esms))
    console.print(facts, highlight=False)
