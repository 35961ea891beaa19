"""Commandes de calcul : ``demo``, ``calculer``, ``expliquer``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.progress import Progress
from rich.table import Table

from campagne.cli.app import app, console, handles_errors
from campagne.engine import CampaignResult, explain
from campagne.exports.results import write_results
from campagne.money import format_euros
from campagne.pipeline import DEFAULT_CAMPAIGN, CampaignRun, compute, run_full, with_decisions
from campagne.summary import by_key

CampagneOpt = Annotated[str, typer.Option("--campagne", "-c", help="Identifiant de campagne.")]
RegionOpt = Annotated[
    str | None,
    typer.Option("--region", "-r", help="Code INSEE de région, ou « toutes » (défaut : celle "
                                         "de la campagne)."),
]
ScenarioOpt = Annotated[
    Path | None, typer.Option("--scenario", "-s", help="Fichier YAML de scénario.", exists=True)
]
PortefeuilleOpt = Annotated[
    Path | None,
    typer.Option("--portefeuille", "-p", help="Fichier portefeuille CSV/XLSX (défaut : la démo).",
                 exists=True),
]


def load_portfolio(path: Path | None) -> pl.DataFrame:
    from campagne.demo import demo_portfolio_path
    from campagne.referentiel.portfolio import read_portfolio

    return read_portfolio(path or demo_portfolio_path())


def read_amounts(path: Path, column: str) -> pl.DataFrame:
    """Un fichier ``finess;<colonne>`` de montants en euros → centimes, toutes les erreurs
    d'un coup."""
    from campagne.errors import CampagneError
    from campagne.money import MoneyError, parse_euros
    from campagne.referentiel.tabular import read_rows

    rows, problems = [], []
    for i, row in enumerate(read_rows(path), start=2):
        try:
            rows.append({"finess": row["finess"].upper(), column: parse_euros(row[column])})
        except KeyError as exc:
            raise CampagneError(f"{path.name} : colonne {exc} absente (colonnes attendues : "
                                f"finess;{column})") from None
        except MoneyError as exc:
            problems.append(f"ligne {i}, ESMS {row.get('finess')} : {exc}")
    if problems:
        raise CampagneError(f"{path.name} : {len(problems)} erreur(s), rien n'est pris en "
                            "compte :\n  - " + "\n  - ".join(problems))
    return pl.DataFrame(rows, schema={"finess": pl.String, column: pl.Int64})


def summary_table(result: CampaignResult) -> Table:
    title = f"{result.campaign.libelle}" + (f" — scénario « {result.scenario} »"
                                            if result.scenario else "")
    table = Table(title=title)
    for col in ("Famille", "ESMS", "Places", "Base N-1", "Mesures pérennes", "Non pérennes",
                "Dotation N"):
        table.add_column(col, justify="left" if col == "Famille" else "right")
    rows = by_key(result, "famille").to_dicts()
    for r in rows:
        table.add_row(str(r["famille"]), _n(r["esms"]), _n(r["places"]),
                      format_euros(r["base_reconductible"]), format_euros(r["mesures_perennes"]),
                      format_euros(r["non_perenne"]), format_euros(r["dotation_totale"]))
    tot = {k: sum(r[k] or 0 for r in rows) for k in rows[0] if k != "famille"} if rows else {}
    if tot:
        table.add_row("[bold]Total[/]", _n(tot["esms"]), _n(tot["places"]),
                      format_euros(tot["base_reconductible"]),
                      format_euros(tot["mesures_perennes"]), format_euros(tot["non_perenne"]),
                      f"[bold]{format_euros(tot['dotation_totale'])}[/]")
    return table


def _n(value: int | None) -> str:
    return f"{value or 0:,}".replace(",", " ")


def margin_table(run: CampaignRun) -> Table:
    table = Table(title=f"{run.drl.libelle} — imputation et marge")
    for col in ("Ligne", "Nature", "Publié", "Imputé", "Marge"):
        table.add_column(col, justify="left" if col in ("Ligne", "Nature") else "right")
    for u in run.margin.lines:
        label = "  " * u.depth + u.libelle
        table.add_row(label if u.depth else f"[bold]{label}[/]", u.nature,
                      format_euros(u.enveloppe), format_euros(u.consomme),
                      format_euros(u.marge))
    m = run.margin
    table.add_row("[bold]Accordé au total (toutes étapes)[/]", "", format_euros(m.drl),
                  format_euros(m.accorde), f"[bold]{format_euros(m.marge)}[/]")
    table.add_row("  dont pérenne", "", format_euros(m.perenne[0]), format_euros(m.perenne[1]),
                  format_euros(m.perenne[0] - m.perenne[1]))
    table.add_row("  dont non pérenne", "", format_euros(m.non_perenne[0]),
                  format_euros(m.non_perenne[1]), format_euros(m.non_perenne[0] - m.non_perenne[1]))
    return table


def print_run(run: CampaignRun) -> None:
    console.print(summary_table(run.result))
    console.print(margin_table(run))
    for gap in run.gaps:
        console.print(f"[yellow]Rapprochement de la DRL :[/] {gap}", highlight=False)
    if run.margin.non_rattache:
        parts = ", ".join(f"{run.result.rule(k).label} {format_euros(v)}"
                          for k, v in run.margin.non_rattache.items())
        console.print(f"Étapes sans ligne de DRL dédiée (imputées sur la marge) : {parts}",
                      highlight=False)
    if run.proposal:
        granted = sum(g.accorde for g in run.proposal.grants)
        n = sum(1 for g in run.proposal.grants if g.accorde)
        console.print(f"CNR proposés : {n} demande(s) sur {len(run.proposal.grants)}, "
                      f"{format_euros(granted)}.", highlight=False)
    np_gap = run.margin.non_perenne[1] - run.margin.non_perenne[0]
    if np_gap > 0:
        console.print(
            f"Les crédits non pérennes dépassent les lignes non pérennes de la DRL de "
            f"{format_euros(np_gap)} : ils sont financés par la marge pérenne non employée "
            "de l'année (disponibilité temporaire, ROB24 §10.2).", highlight=False)
    if run.margin.depassement:
        d = run.margin.depassement
        console.print(f"[bold red]Dépassement de la DRL de {format_euros(d['montant'])} "
                      f"autorisé par dérogation :[/] {d['raison']}", highlight=False)


def write_explanations(result: CampaignResult, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "explications.jsonl"
    text = folder / "explications.txt"
    finesses = result.frame["finess"].to_list()
    with Progress(console=console, transient=True) as progress, \
            jsonl.open("w", encoding="utf-8") as fj, text.open("w", encoding="utf-8") as ft:
        task = progress.add_task("Explications", total=len(finesses))
        for finess in finesses:
            exp = explain(result, finess)
            fj.write(json.dumps(exp.to_dict(), ensure_ascii=False) + "\n")
            ft.write(exp.to_text() + "\n" + "─" * 100 + "\n")
            progress.advance(task)
    return jsonl


def write_run(run: CampaignRun, sortie: Path, formats: tuple[str, ...]) -> list[Path]:
    from campagne.exports.campaign import write_synthesis

    paths = [write_results(run.result, sortie, fmt) for fmt in formats]
    return paths + write_synthesis(run, sortie)


@app.command()
@handles_errors
def demo(
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Dossier de sortie.")] = Path(
        "sortie/demo"
    ),
) -> None:
    """Calcule la campagne 2024 PH d'Île-de-France sur le portefeuille de démonstration."""
    from campagne.cnr.requests import read_requests
    from campagne.demo import demo_cnr_requests_path

    with console.status("Chargement du portefeuille de démonstration…"):
        portfolio = load_portfolio(None)
        requests = read_requests(demo_cnr_requests_path())
    with console.status("Calcul de la campagne, des CNR et de la marge…"):
        run = run_full(portfolio, DEFAULT_CAMPAIGN, cnr_requests=requests)
    print_run(run)
    paths = write_run(run, sortie, ("csv", "xlsx", "json"))
    paths.append(write_explanations(run.result, sortie))
    console.print(f"{run.result.frame.height} ESMS calculés. Fichiers écrits :")
    for p in paths:
        console.print(f"  • {p}")


@app.command()
@handles_errors
def calculer(
    portefeuille: PortefeuilleOpt = None,
    campagne: CampagneOpt = DEFAULT_CAMPAIGN,
    region: RegionOpt = None,
    scenario: ScenarioOpt = None,
    demandes_cnr: Annotated[Path | None, typer.Option(
        "--demandes-cnr", help="Demandes de CNR (CSV/XLSX) à instruire dans la marge.",
        exists=True)] = None,
    derogation: Annotated[str | None, typer.Option(
        "--derogation", help="Raison d'autoriser un dépassement de la DRL (consignée).")] = None,
    retenues: Annotated[Path | None, typer.Option(
        "--retenues-activite", exists=True,
        help="Retenues d'activité confirmées (finess;retenue_activite_confirmee), écrites "
             "par « campagne activite realisee --retenues-confirmees ».")] = None,
    sortie: Annotated[Path, typer.Option("--sortie", "-o", help="Dossier de sortie.")] = Path(
        "sortie"
    ),
    format: Annotated[str, typer.Option("--format", "-f", help="json, csv ou xlsx.")] = "csv",
) -> None:
    """Calcule une campagne sur un portefeuille (DRL, CNR, marge) et écrit les résultats.

    Avec --region, calcule seulement les mesures par ESMS (sans DRL ni marge), par exemple
    pour une autre région ou pour « toutes ».
    """
    from campagne.cnr.requests import read_requests
    from campagne.envelopes.margin import Override

    if format not in ("json", "csv", "xlsx"):
        raise typer.BadParameter("format attendu : json, csv ou xlsx", param_hint="--format")
    from campagne.envelopes.drl import drl_exists

    portfolio = load_portfolio(portefeuille)
    if retenues is not None:
        portfolio = with_decisions(portfolio, read_amounts(retenues,
                                                           "retenue_activite_confirmee"))
    if region is None and not drl_exists(campagne):
        console.print(f"Pas de DRL déclarée pour la campagne « {campagne} » (campagne "
                      "nationale) : calcul des mesures par ESMS, sans contrôle de marge.")
    if region is not None or not drl_exists(campagne):
        result = compute(portfolio, campagne, region, scenario)
        console.print(summary_table(result))
        console.print(f"Résultats écrits dans {write_results(result, sortie, format)}")
        return
    requests = read_requests(demandes_cnr) if demandes_cnr else None
    override = Override(derogation) if derogation else None
    run = run_full(portfolio, campagne, scenario, requests, override)
    print_run(run)
    if run.result.excluded:
        console.print(f"{run.result.excluded} ESMS hors du champ de la campagne (secteur ou "
                      "région) n'ont pas été calculés.")
    for p in write_run(run, sortie, (format,)):
        console.print(f"Écrit : {p}")


@app.command()
@handles_errors
def expliquer(
    finess: Annotated[str, typer.Argument(help="Numéro FINESS de l'ESMS.")],
    portefeuille: PortefeuilleOpt = None,
    campagne: CampagneOpt = DEFAULT_CAMPAIGN,
    region: RegionOpt = None,
    scenario: ScenarioOpt = None,
    montant: Annotated[str, typer.Option("--montant", "-m", help="Montant à expliquer.")] = (
        "dotation_totale"
    ),
    format: Annotated[str, typer.Option("--format", "-f", help="texte, html ou json.")] = "texte",
) -> None:
    """Explique comment un montant d'un ESMS est calculé, étape par étape, avec ses sources."""
    if format not in ("texte", "html", "json"):
        raise typer.BadParameter("format attendu : texte, html ou json", param_hint="--format")
    result = compute(load_portfolio(portefeuille), campagne, region, scenario)
    exp = explain(result, finess.strip().upper(), montant)
    out = {"texte": exp.to_text, "html": exp.to_html, "json": exp.to_json}[format]()
    typer.echo(out)
