"""``campagne activite`` : activité théorique, réalisée, retenues et plateformes.

ROB24 annexe III (normes, cibles, plateformes) et C2005 annexe VII (décompte des journées).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from campagne.activity.norms import UNIT_LABELS
from campagne.cli import activite_output as out
from campagne.cli.app import app, console, handles_errors
from campagne.money import format_euros, format_rate

activite_app = typer.Typer(help="Activité des ESMS : théorique, réalisée, retenues, plateformes.",
                           no_args_is_help=True)
app.add_typer(activite_app, name="activite")

PortefeuilleOpt = Annotated[Path | None, typer.Option(
    "--portefeuille", "-p", help="Portefeuille CSV/XLSX (défaut : la démo).", exists=True)]
ConditionsOpt = Annotated[Path | None, typer.Option(
    "--conditions", help="Conditions CPOM par ESMS (docs/activite.md).", exists=True)]
CampagneOpt = Annotated[str, typer.Option("--campagne", "-c", help="Identifiant de campagne.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="texte, json ou xlsx.")]
SortieOpt = Annotated[Path | None, typer.Option("--sortie", "-o", help="Fichier de sortie.")]


def _context(portefeuille: Path | None, conditions: Path | None, campagne: str):  # type: ignore[no-untyped-def]
    from campagne.activity import read_conditions
    from campagne.cli.campaign_cmds import load_portfolio
    from campagne.pipeline import prepare

    portfolio = load_portfolio(portefeuille)
    campaign, params = prepare(campagne)
    cond = read_conditions(conditions, portfolio) if conditions else None
    return portfolio, campaign, params, cond


def _q(value: Decimal | None) -> str:
    """Quantité à la française : « 8 400 », « 48,8 »."""
    if value is None:
        return "—"
    return f"{value.normalize():,f}".replace(",", "\u202f").replace(".", ",")


def _r(value: Decimal | None) -> str:
    """Taux en pourcentage, au centième de point : « 81,23 % »."""
    return "—" if value is None else format_rate(value.quantize(Decimal("0.0001")))


@activite_app.command("theorique")
@handles_errors
def theorique(portefeuille: PortefeuilleOpt = None, conditions: ConditionsOpt = None,
              campagne: CampagneOpt = "ph-2024-idf", format: FormatOpt = "texte",
              sortie: SortieOpt = None,
              finess: Annotated[list[str] | None, typer.Option(
                  "--finess", help="Détail (formule, cible, sources) de cet ESMS.")] = None,
              ) -> None:
    """Activité théorique et cible de chaque ESMS (normes régionales, ROB24 annexe III)."""
    from campagne.activity import theoretical_activity

    portfolio, campaign, params, cond = _context(portefeuille, conditions, campagne)
    frame = theoretical_activity(portfolio, params, campaign, cond)
    fmt = out.check_format(format)
    if fmt != "texte":
        out.emit(fmt, sortie, "activite_theorique", [("esms", out.THEORIQUE, frame.to_dicts())],
                 {"campagne": campaign.id, "esms": frame.height})
        return
    table = Table(title=f"Activité théorique — {campaign.libelle} [ROB24 annexe III]")
    for col in ("Norme", "Unité", "ESMS", "Activité théorique", "Activité cible"):
        table.add_column(col, justify="left" if col in ("Norme", "Unité") else "right")
    done = frame.filter(pl.col("statut") == "calculee")
    for r in done.group_by("libelle_norme", "unite_activite").agg(
            pl.len(), pl.col("activite_theorique").sum(), pl.col("activite_cible").sum()
    ).sort("libelle_norme").iter_rows(named=True):
        table.add_row(r["libelle_norme"], UNIT_LABELS[r["unite_activite"]], str(r["len"]),
                      _q(r["activite_theorique"]), _q(r["activite_cible"]))
    console.print(table)
    others = frame.filter(pl.col("statut") != "calculee")
    for r in others.group_by("statut", "motif").len().sort("statut", "motif").iter_rows(named=True):
        label = "non applicable" if r["statut"] == "non_applicable" else "à compléter"
        console.print(f"{r['len']} ESMS {label} : {r['motif']}", highlight=False)
    for number in finess or []:
        rows = frame.filter(pl.col("finess") == number)
        if rows.height == 0:
            raise KeyError(f"l'ESMS {number} n'est pas dans le portefeuille")
        r = rows.row(0, named=True)
        norm = r["libelle_norme"] or "sans norme"
        console.print(f"\n[bold]{r['finess']} — {r['raison_sociale']}[/] ({norm})",
                      highlight=False)
        console.print(f"  {r['formule'] or r['motif']}", highlight=False)
        if r["statut"] == "calculee":
            console.print(f"  Cible : {_q(r['activite_cible'])} {UNIT_LABELS[r['unite_activite']]} "
                          f"({r['origine_cible']})\n  Sources : {r['references']}", highlight=False)


@activite_app.command("realisee")
@handles_errors
def realisee(
    rapport: Annotated[Path, typer.Argument(help="Rapport d'activité CSV/XLSX.", exists=True)],
    portefeuille: PortefeuilleOpt = None, conditions: ConditionsOpt = None,
    decisions: Annotated[Path | None, typer.Option(
        "--decisions", help="Décisions finess;decision;motif (confirmer / renoncer).",
        exists=True)] = None,
    retenues: Annotated[Path | None, typer.Option(
        "--retenues-confirmees", help="Écrit finess;retenue_activite_confirmee (CSV).")] = None,
    campagne: CampagneOpt = "ph-2024-idf", format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Taux de réalisation, écart à la cible du CPOM et retenues proposées ou décidées."""
    from campagne.activity import (
        assess_activity,
        confirmed_frame,
        proposals,
        read_activity_report,
        read_decisions,
        theoretical_activity,
    )

    portfolio, campaign, params, cond = _context(portefeuille, conditions, campagne)
    report = read_activity_report(rapport, portfolio["finess"].to_list())
    theo = theoretical_activity(portfolio, params, campaign, cond)
    frame = assess_activity(theo, report, params, campaign,
                            f"Rapport d'activité « {rapport.name} »")
    chosen = read_decisions(decisions, proposals(frame)) if decisions else []
    if retenues is not None:
        from campagne.exports.tables import Column, write_csv
        write_csv(retenues, (Column("finess", "finess"), Column(
            "retenue_activite_confirmee", "retenue_activite_confirmee", "euro")),
            confirmed_frame(chosen).to_dicts())
    fmt = out.check_format(format)
    rows = frame.to_dicts()
    decided = [d.to_dict() for d in chosen]
    if fmt != "texte":
        out.emit(fmt, sortie, "activite_realisee",
                 [("esms", out.REALISEE, rows), ("decisions", out.DECISIONS, decided)],
                 {"campagne": campaign.id, "rapport": rapport.name,
                  "retenues_proposees": out.json_value(
                      sum(r["retenue_proposee"] or 0 for r in rows), "euro"),
                  "retenues_confirmees": out.json_value(-sum(d.retenue for d in chosen), "euro")})
        return
    _print_realisee(rows, chosen)


def _print_realisee(rows: list[dict], chosen: list) -> None:  # type: ignore[type-arg]
    table = Table(title="Activité réalisée et cible du CPOM [ROB24 annexe III ; C2005 annexe VII]")
    for col in ("FINESS", "ESMS", "Unité", "Théorique", "Cible", "Réalisée", "Taux", "Écart",
                "Retenue proposée"):
        table.add_column(col, justify="left" if col in ("FINESS", "ESMS", "Unité") else "right")
    for r in rows:
        table.add_row(r["finess"], r["raison_sociale"], UNIT_LABELS.get(r["unite_activite"], "—"),
                      _q(r["activite_theorique"]),
                      f"{_q(r['activite_cible'])} ({_r(r['taux_cible'])})",
                      _q(r["activite_realisee"]), _r(r["taux_realisation"]), _q(r["ecart_cible"]),
                      format_euros(r["retenue_proposee"]) if r["retenue_proposee"] else "—")
    console.print(table)
    for r in rows:
        if r["statut_retenue"] != "cible_atteinte":
            console.print(f"{r['finess']} : {r['motif_retenue']}"
                          + (f"\n  {r['formule_retenue']}" if r["formule_retenue"] else ""),
                          highlight=False)
    total = sum(r["retenue_proposee"] or 0 for r in rows)
    console.print(f"Retenues proposées : {sum(1 for r in rows if r['retenue_proposee'])} ESMS, "
                  f"{format_euros(total)}.", highlight=False)
    for d in chosen:
        what = ("confirmée" if d.retenue else "écartée") + (f" ({d.motif})" if d.motif else "")
        console.print(f"{d.proposal.finess} : retenue de {format_euros(d.proposal.montant)} {what}",
                      highlight=False)
    if chosen:
        console.print(f"Retenues confirmées (non pérennes, 2de phase) : "
                      f"{format_euros(-sum(d.retenue for d in chosen))}.", highlight=False)


@activite_app.command("plateforme")
@handles_errors
def plateforme(
    enregistrements: Annotated[Path, typer.Argument(
        help="Enregistrements hebdomadaires par personne (CSV/XLSX).", exists=True)],
    portefeuille: PortefeuilleOpt = None, conditions: ConditionsOpt = None,
    campagne: CampagneOpt = "ph-2024-idf", format: FormatOpt = "texte", sortie: SortieOpt = None,
    detail: Annotated[bool, typer.Option(
        "--detail", help="Une ligne par personne et par semaine.")] = False,
) -> None:
    """Unités d'accompagnement (modalité 1) et complexité hebdomadaire des plateformes."""
    from campagne.activity import CRITERIA, platform_activity, read_platform_records

    portfolio, campaign, params, cond = _context(portefeuille, conditions, campagne)
    records = read_platform_records(enregistrements, portfolio["finess"].to_list())
    caps = {} if cond is None else {
        r["finess"]: r["nuitees_max_semaine"] for r in cond.iter_rows(named=True)
        if r["nuitees_max_semaine"] is not None}
    rows, summary = platform_activity(records, params, campaign, caps)
    fmt = out.check_format(format)
    crit = [c for c, _ in CRITERIA]
    if fmt != "texte":
        sheets = [("plateformes", out.PLATEFORME, summary.to_dicts())]
        if detail or fmt == "xlsx":
            sheets.append(("semaines", out.detail_columns(crit), rows.to_dicts()))
        out.emit(fmt, sortie, "activite_plateforme", sheets,
                 {"campagne": campaign.id, "criteres": dict(CRITERIA)})
        return
    table = Table(title="Plateformes, modalité 1 : unités d'accompagnement [ROB24 annexe III]")
    for col in ("FINESS", "Personnes", "Actes retenus / déclarés", "Nuitées retenues / déclarées",
                "UA", "Semaines-personnes complexes"):
        table.add_column(col, justify="left" if col == "FINESS" else "right")
    for r in summary.iter_rows(named=True):
        table.add_row(r["finess"], str(r["personnes"]),
                      f"{r['actes_retenus']} / {r['actes_declares']}",
                      f"{r['nuitees_retenues']} / {r['nuitees_declarees']}", _q(r["ua"]),
                      f"{r['semaines_personnes_complexes']} / {r['semaines_personnes']}")
    console.print(table)
    console.print("Complexe la semaine : au moins 3 des 5 critères (travaux de l'AIRE) :",
                  highlight=False)
    for i, (_, label) in enumerate(CRITERIA, start=1):
        console.print(f"  {i}. {label}", highlight=False)
    if detail:
        for r in rows.iter_rows(named=True):
            console.print(f"{r['finess']} {r['semaine']} {r['personne']} : {_q(r['ua'])} UA, "
                          f"{r['criteres_reunis']} critère(s) — "
                          f"{'complexe' if r['complexe'] else 'non complexe'}", highlight=False)
