"""``campagne budget`` : import, contrôle et comparaison des documents budgétaires
(BP, CA, EPRD, ERRD). Contrat des fichiers : ``docs/budget.md``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from campagne.cli import activite_output as out
from campagne.cli import budget_output as cols
from campagne.cli.app import app, console, handles_errors
from campagne.money import format_euros

budget_app = typer.Typer(help="Documents budgétaires (BP, CA, EPRD, ERRD) : import, contrôles, "
                         "coûts à la place, collecte.", no_args_is_help=True)
app.add_typer(budget_app, name="budget")

FichiersArg = Annotated[list[Path], typer.Argument(
    help="Comptes de résultat CSV/XLSX (par compte, par groupe ou extrait national).",
    exists=True)]
PortefeuilleOpt = Annotated[Path | None, typer.Option(
    "--portefeuille", "-p", help="Portefeuille CSV/XLSX (défaut : la démo).", exists=True)]
DocumentOpt = Annotated[str | None, typer.Option(
    "--document", "-d", help="BP, CA, EPRD ou ERRD, si le fichier n'a pas de colonne document.")]
ExerciceOpt = Annotated[int | None, typer.Option(
    "--exercice", "-e", help="Année de l'exercice, si le fichier n'a pas de colonne exercice.")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="texte, json ou xlsx.")]
SortieOpt = Annotated[Path | None, typer.Option("--sortie", "-o", help="Fichier de sortie.")]


def _eur(cents: int | None) -> str:
    return "—" if cents is None else format_euros(cents, always_cents=True)


def _document(value: str | None) -> Any:
    from campagne.budget import Document

    if value is None:
        return None
    try:
        return Document(value.upper())
    except ValueError:
        raise typer.BadParameter("BP, CA, EPRD ou ERRD", param_hint="--document") from None


def _portfolio(path: Path | None) -> Any:
    from campagne.cli.campaign_cmds import load_portfolio

    return load_portfolio(path)


def _read(fichiers: list[Path], document: str | None, exercice: int | None,
          portfolio: Any) -> Any:
    from campagne.budget import plans_of, read_many

    plans = plans_of(portfolio) if portfolio is not None else None
    return read_many(fichiers, document=_document(document), exercice=exercice, plans=plans)


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dates en texte ISO (JSON)."""
    return [{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in r.items()}
            for r in rows]


def _print_statements(frame: Any) -> None:
    table = Table(title="Comptes de résultat : groupes fonctionnels et résultat "
                        "[C2005 annexe VII]")
    for col in ("Document", "ET", "I", "II", "III", "1", "2", "3", "Charges", "Produits",
                "Résultat"):
        table.add_column(col, justify="left" if col in ("Document", "ET") else "right")
    for r in frame.iter_rows(named=True):
        table.add_row(f"{r['document']} {r['exercice']}", r["finess"],
                      *(_eur(r[c.key]) for c in cols.STATEMENTS[7:13]),
                      _eur(r["total_charges"]), _eur(r["total_produits"]),
                      f"{_eur(r['resultat'])} ({r['nature_resultat']})")
    console.print(table)


@budget_app.command("importer")
@handles_errors
def importer(
    fichiers: FichiersArg, document: DocumentOpt = None, exercice: ExerciceOpt = None,
    portefeuille: Annotated[Path | None, typer.Option(
        "--portefeuille", "-p", help="Portefeuille : plan comptable M22 / M22 bis de chaque "
        "ET (sinon colonne « plan »).", exists=True)] = None,
    detail: Annotated[bool, typer.Option("--detail", help="Le détail par compte et sa règle.")]
    = False,
    creton: Annotated[Path | None, typer.Option(
        "--recettes-creton", help="Écrit finess;recettes_creton_n1 (CSV) pour la campagne "
        "--annee (CA/ERRD de l'année précédente, compte 7312132).")] = None,
    annee: Annotated[int | None, typer.Option("--annee", help="Année de campagne (Creton).")]
    = None,
    format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Lit des comptes de résultat (tout ou rien) et affiche groupes, totaux et résultat."""
    from campagne.budget import accounts_frame, creton_revenue, statements_frame

    fmt = out.check_format(format)
    portfolio = _portfolio(portefeuille) if portefeuille else None
    batch = _read(fichiers, document, exercice, portfolio)
    frame, detail_frame = statements_frame(batch.statements), accounts_frame(batch.statements)
    if creton is not None:
        from campagne.exports.tables import write_csv

        if annee is None:
            raise typer.BadParameter("indiquez l'année de campagne", param_hint="--annee")
        write_csv(creton, cols.CRETON, creton_revenue(batch.statements, annee).to_dicts())
    if fmt != "texte":
        sheets = [("comptes_de_resultat", cols.STATEMENTS, frame.to_dicts())]
        if detail or fmt == "xlsx":
            sheets.append(("comptes", cols.ACCOUNTS, detail_frame.to_dicts()))
        out.emit(fmt, sortie, "budget_import", sheets,
                 {"fichiers": list(batch.sources), "comptes_de_resultat": frame.height})
        return
    _print_statements(frame)
    if detail:
        for r in detail_frame.iter_rows(named=True):
            console.print(f"{r['finess']} {r['compte']} {_eur(r['montant'])} → {r['groupe']} "
                          f"{r['regle']}", highlight=False, markup=False)
    for source, line, finess in batch.empty:
        console.print(f"{source}, ligne {line} : ET {finess} sans montants (non importé)",
                      highlight=False, markup=False)
    console.print(f"{frame.height} compte(s) de résultat importé(s).", highlight=False,
                  markup=False)
    if creton is not None:
        console.print(f"Écrit : {creton}", highlight=False, markup=False)


@budget_app.command("controler")
@handles_errors
def controler(
    fichiers: FichiersArg, portefeuille: PortefeuilleOpt = None,
    depots: Annotated[Path | None, typer.Option(
        "--depots", help="Dépôts EPRD/ERRD : date et pièces (docs/budget.md).",
        exists=True)] = None,
    affectations: Annotated[Path | None, typer.Option(
        "--affectations", help="Affectation des résultats (docs/budget.md).", exists=True)]
    = None,
    date: Annotated[str | None, typer.Option(
        "--date", help="Date du contrôle AAAA-MM-JJ (défaut : aujourd'hui).")] = None,
    document: DocumentOpt = None, exercice: ExerciceOpt = None,
    format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Contrôles d'une plateforme de dépôt ; code de sortie 1 si un contrôle bloquant échoue."""
    from campagne.budget import control, default_chart, read_allocations, read_deposits
    from campagne.pipeline import default_parameters

    fmt = out.check_format(format)
    try:
        on = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise typer.BadParameter("date AAAA-MM-JJ", param_hint="--date") from None
    portfolio = _portfolio(portefeuille)
    params = default_parameters()
    batch = _read(fichiers, document, exercice, portfolio)
    deps = read_deposits(depots, params) if depots else None
    allocs = read_allocations(affectations, default_chart()) if affectations else None
    result = control(batch, portfolio, params=params, deposits=deps, allocations=allocs, on=on)
    report = result.report
    if fmt != "texte":
        out.emit(fmt, sortie, "budget_controle", [
            ("controles", cols.SUMMARY, report.summary()),
            ("constats", cols.FINDINGS, report.to_rows()),
            ("comptes_de_resultat", cols.STATEMENTS, result.statements.to_dicts()),
            ("depots", cols.DEPOSITS, _plain(result.deposits)),
            ("investissement", cols.INVESTMENTS, (result.investments.to_dicts()
                                                  if result.investments is not None else [])),
        ], {"date_controle": on.isoformat(), "accepte": report.accepted,
            "bloquants": len(report.blocking),
            "fixation_office": len(report.fixation_office)})
    else:
        _print_report(report, result)
    if not report.accepted:
        raise typer.Exit(code=1)


def _print_report(report: Any, result: Any) -> None:
    table = Table(title="Contrôles du dépôt")
    for col in ("Contrôle", "Source", "Contrôlés", "Constats", "Bloquants"):
        table.add_column(col, justify="left" if col in ("Contrôle", "Source") else "right")
    for r in report.summary():
        table.add_row(r["libelle"], r["source"], str(r["controles"]), str(r["constats"]),
                      str(r["bloquants"]))
    console.print(table)
    for f in report.findings:
        console.print(f"- {f}", highlight=False, markup=False)
    for r in result.investments.iter_rows(named=True) if result.investments is not None else []:
        console.print(f"Investissement {r['finess']} ({r['comptes']}) : dotations "
                      f"{_eur(r['dotations'])}, reprises {_eur(r['reprises'])}, charge nette "
                      f"{_eur(r['charge_nette'])} [C2010 annexe IX]", highlight=False, markup=False)
    verdict = "accepté" if report.accepted else f"refusé ({len(report.blocking)} constat(s) " \
        "bloquant(s))"
    office = len(report.fixation_office)
    console.print(f"Dépôt {verdict}" + (f" ; fixation d'office à instruire : {office}"
                                         if office else "") + ".", highlight=False, markup=False)


@budget_app.command("comparer")
@handles_errors
def comparer(
    portefeuille: PortefeuilleOpt = None,
    montant: Annotated[str, typer.Option(
        "--montant", help="Colonne en euros du portefeuille divisée par la capacité.")]
    = "base_reconductible",
    niveau: Annotated[list[str] | None, typer.Option(
        "--niveau", help="region et/ou departement (défaut : les deux).")] = None,
    categorie: Annotated[list[str] | None, typer.Option(
        "--categorie", help="Seulement ces catégories FINESS.")] = None,
    format: FormatOpt = "texte", sortie: SortieOpt = None,
) -> None:
    """Coût à la place par catégorie comparable : moyenne et médiane, par territoire."""
    import polars as pl

    from campagne.budget import compare_costs, cost_per_place

    fmt = out.check_format(format)
    portfolio = _portfolio(portefeuille)
    if categorie:
        portfolio = portfolio.filter(pl.col("categorie").is_in(categorie))
    frame = compare_costs(portfolio, montant, tuple(niveau or ("region", "departement")))
    if fmt != "texte":
        out.emit(fmt, sortie, "budget_couts", [
            ("couts", cols.COSTS, frame.to_dicts()),
            ("esms", cols.COST_ESMS, cost_per_place(portfolio, montant).to_dicts())],
            {"montant": montant, "arrondi": "arrondi_centime", "source": "C2005 §II"})
        return
    table = Table(title=f"Coût à la place ({montant} ÷ capacité) par catégorie [C2005 §II]")
    for col in ("Territoire", "Catégorie", "ESMS", "Places", "Moyen", "Médian", "Min", "Max"):
        table.add_column(col, justify="left" if col in ("Territoire", "Catégorie") else "right")
    for r in frame.iter_rows(named=True):
        table.add_row(f"{r['niveau']} {r['territoire']} {r['libelle_territoire'] or ''}",
                      f"{r['categorie']} {r['libelle_categorie'] or ''}", str(r["esms"]),
                      str(r["places"]), _eur(r["cout_moyen"]), _eur(r["cout_median"]),
                      _eur(r["cout_min"]), _eur(r["cout_max"]))
    console.print(table)
    console.print("Moyenne des coûts par ESMS ; médiane (demi-somme des deux du milieu pour un "
                  "nombre pair) ; arrondi au centime (arrondi_centime). ESMS sans capacité ou "
                  "sans montant exclus.", highlight=False, markup=False)


@budget_app.command("collecte")
@handles_errors
def collecte(
    fichiers: FichiersArg,
    document: Annotated[str, typer.Option("--document", "-d", help="CA (annexe V) ou BP "
                                          "(annexe VI).")],
    exercice: Annotated[int, typer.Option("--exercice", "-e", help="Année de l'exercice.")],
    portefeuille: PortefeuilleOpt = None, format: FormatOpt = "xlsx", sortie: SortieOpt = None,
) -> None:
    """Tableaux de collecte CA/BP de C2005 (annexes V et VI) consolidés par région."""
    from campagne.budget import ANNEXES, collection_table

    fmt = out.check_format(format)
    doc = _document(document)
    portfolio = _portfolio(portefeuille)
    batch = _read(fichiers, None, None, portfolio)
    frame = collection_table(batch.statements, portfolio, doc, exercice)
    title = ANNEXES.get(doc, "C2005 annexes V-VI (présentation appliquée à un "
                        f"{doc.value})")
    if fmt != "texte":
        out.emit(fmt, sortie, f"collecte_{doc.value.lower()}_{exercice}",
                 [("collecte", cols.COLLECTION, frame.to_dicts())],
                 {"tableau": title, "document": doc.value, "exercice": exercice})
        return
    table = Table(title=f"{doc.value} {exercice} — tableau de {title}")
    for col in ("Niveau", "Région", "Dép.", "Cat.", "FINESS", "Places", "Groupes I-III",
                "731", "732", "Groupes 2-3"):
        table.add_column(col, justify="right" if col in ("Places",) or col[0].isdigit()
                         or col.startswith("Groupes") else "left")
    for r in frame.iter_rows(named=True):
        charges = [r[k] for k in ("charges_groupe_i", "charges_groupe_ii", "charges_groupe_iii")]
        produits = [r[k] for k in ("produits_groupe_2", "produits_groupe_3")]
        table.add_row(r["niveau"], r["region"] or "", r["departement"] or "", r["categorie"] or "",
                      r["finess"] or "", str(r["places"] or ""),
                      _eur(sum(c or 0 for c in charges)), _eur(r["produits_731"]),
                      _eur(r["produits_732"]), _eur(sum(p or 0 for p in produits)))
    console.print(table)
