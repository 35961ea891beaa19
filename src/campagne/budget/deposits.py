"""Dépôts des EPRD et ERRD [ROB24 annexe I] : lecture du fichier des dépôts, pièces exigées
selon le type de gestionnaire, échéance de l'ERRD et fixation d'office.

Fichier des dépôts (``docs/budget.md``) : ``finess_ej;document;exercice;date_depot;pieces``,
une ligne par dépôt ; ``date_depot`` vide = pas encore déposé ; ``pieces`` = codes séparés
par des virgules (ceux de ``parameters/budget/depots.yaml``, ex. ``errd_complet``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from campagne.budget.cells import Cells, header_issues, load
from campagne.budget.errors import BudgetFileError, BudgetIssue
from campagne.budget.findings import CONTROLS, ControlReport, Finding
from campagne.budget.managers import at, campaign_year, manager_type
from campagne.params import ParameterSet
from campagne.params.errors import ParameterNotFoundError

REQUIRED = ("finess_ej", "document", "exercice")
OPTIONAL = ("date_depot", "pieces")
FAMILY = "depots_errd_eprd"
DOCS = ("EPRD", "ERRD")
_MISSING_FIX = {
    "EPRD": "déposez les pièces manquantes : l'autorité de tarification peut s'opposer à un "
            "EPRD qui n'en est pas accompagné (R. 314-225 CASF)",
    "ERRD": "déposez les pièces manquantes avant l'échéance : sans transmission des "
            "documents, l'autorité de tarification fixe d'office le résultat et son affectation",
}


@dataclass(frozen=True)
class Deposit:
    finess_ej: str
    document: str
    exercice: int
    date_depot: dt.date | None
    pieces: frozenset[str]
    line: int


def piece_names(params: ParameterSet, document: str) -> dict[str, str]:
    """Code de pièce → nom du paramètre (``errd_complet`` → ``piece_errd_errd_complet``)."""
    prefix = f"piece_{document.lower()}_"
    return {n.removeprefix(prefix): n for n, p in params.parameters.items()
            if p.famille == FAMILY and n.startswith(prefix)}


def _date(cells: Cells, field: str) -> dt.date | None:
    raw = cells.raw(field)
    if not raw:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    cells.bad(field, f"date « {raw} » illisible", "écrivez AAAA-MM-JJ ou JJ/MM/AAAA")
    return None


def read_deposits(path: Path, params: ParameterSet) -> list[Deposit]:
    """Le fichier des dépôts, tout ou rien (:class:`BudgetFileError`)."""
    rows = load(path, "Dépôts")
    issues = header_issues(list(rows[0]) if rows else [], REQUIRED, OPTIONAL)
    cells, out = Cells(issues), []
    for n, row in enumerate(rows if not issues else [], start=2):
        cells.start(n, row, "finess_ej")
        before = len(issues)
        ej = cells.finess_number("finess_ej", "de l'EJ")
        doc = cells.raw("document").upper()
        if doc not in DOCS:
            cells.bad("document", f"document « {cells.raw('document')} » : le dépôt ne concerne "
                      "que les EPRD et ERRD", "écrivez EPRD ou ERRD")
        year = cells.year("exercice", None)
        deposited = _date(cells, "date_depot")
        pieces = frozenset(p.strip().lower() for p in cells.raw("pieces").replace("|", ",")
                           .split(",") if p.strip())
        if doc in DOCS:
            known = piece_names(params, doc)
            for p in sorted(pieces - set(known)):
                cells.bad("pieces", f"pièce « {p} » inconnue pour un {doc}",
                          f"pièces connues : {', '.join(sorted(known))}")
        if len(issues) == before:
            assert ej and year is not None
            out.append(Deposit(ej, doc, year, deposited, pieces, n))
    if not rows:
        issues.append(BudgetIssue(0, None, "fichier", "aucun dépôt dans le fichier",
                                  "ajoutez une ligne par dépôt"))
    if issues:
        raise BudgetFileError(issues, f"Dépôts « {path.name} »")
    return out


def _required(value: str, categories: set[str]) -> bool:
    if value.startswith("categories:"):
        return bool(set(value.removeprefix("categories:").split()) & categories)
    return value == "exigee"


def _finding(code: str, d: Deposit, message: str, correction: str, *, blocking: bool,
             office: bool = False) -> Finding:
    return Finding(code, blocking, message, correction, CONTROLS[code][1], None, d.finess_ej,
                   d.document, d.exercice, fixation_office=office)


def _deadline(d: Deposit, kind: str, params: ParameterSet, on: dt.date,
              report: ControlReport) -> dict[str, object]:
    limit = params.value("date_limite_depot_errd", at(campaign_year(d.document, d.exercice)),
                         kind)
    report.checked["echeance"] += 1
    late = d.date_depot > limit if d.date_depot is not None else on > limit
    if late:
        when = f"déposé le {d.date_depot:%d/%m/%Y}" if d.date_depot else \
            f"non déposé au {on:%d/%m/%Y}"
        report.findings.append(_finding(
            "echeance", d, f"ERRD {d.exercice} de l'EJ {d.finess_ej} {when}, après "
            f"l'échéance du {limit:%d/%m/%Y} : l'autorité de tarification fixe d'office le "
            "montant et l'affectation du ou des résultats",
            "fixation d'office à instruire ; un dépôt reste techniquement possible jusqu'à la "
            "fin de l'année", blocking=False, office=True))
    return {"echeance": limit, "fixation_office": late}


def check_deposits(deposits: list[Deposit], portfolio: pl.DataFrame, params: ParameterSet,
                   on: dt.date, perimeters: dict[tuple[str, str, int], set[str]] | None = None,
                   ) -> tuple[ControlReport, list[dict[str, object]]]:
    """Pièces exigées et échéances ; ``perimeters`` : ET de chaque dépôt vus dans les
    comptes de résultat (sinon tous les ET de l'EJ au portefeuille)."""
    report, rows = ControlReport(), []
    for d in deposits:
        report.checked["depot_ej"] += 1
        mine = portfolio.filter(pl.col("finess_ej") == d.finess_ej)
        listed = (perimeters or {}).get((d.finess_ej, d.document, d.exercice))
        if listed:
            mine = mine.filter(pl.col("finess").is_in(sorted(listed)))
        row: dict[str, object] = {"finess_ej": d.finess_ej, "document": d.document,
                                  "exercice": d.exercice, "date_depot": d.date_depot,
                                  "esms": mine.height, "type_gestionnaire": None,
                                  "echeance": None,
                                  "fixation_office": False, "pieces_manquantes": None}
        rows.append(row)
        if mine.height == 0:
            report.findings.append(_finding(
                "depot_ej", d, f"{d.document} {d.exercice} : EJ {d.finess_ej} sans ESMS au "
                f"portefeuille (ligne {d.line} du fichier des dépôts)",
                "corrigez le numéro FINESS de l'EJ ou complétez le portefeuille", blocking=True))
            continue
        year = campaign_year(d.document, d.exercice)
        kind = manager_type(mine, params, year)
        row["type_gestionnaire"] = kind.code
        report.checked["type_gestionnaire"] += 1
        if kind.code is None:
            report.findings.append(_finding(
                "type_gestionnaire", d, f"{d.document} {d.exercice} de l'EJ {d.finess_ej} : type "
                f"de gestionnaire indéterminé ({kind.reason}) : pièces et échéance non contrôlées",
                "vérifiez le statut juridique au portefeuille", blocking=False))
            continue
        try:
            if d.document == "ERRD":
                row.update(_deadline(d, kind.code, params, on, report))
        except ParameterNotFoundError as exc:
            report.findings.append(_finding(
                "echeance", d, f"ERRD {d.exercice} de l'EJ {d.finess_ej} : échéance inconnue "
                f"({exc})", "ajoutez la date limite de cette campagne dans "
                "parameters/budget/depots.yaml", blocking=False))
        if d.date_depot is None:
            continue
        try:
            categories = set(mine["categorie"].to_list())
            missing = [(code, params.get(name).decl.libelle)
                       for code, name in sorted(piece_names(params, d.document).items())
                       if _required(params.value(name, at(year), kind.code), categories)
                       and code not in d.pieces]
        except ParameterNotFoundError as exc:
            report.findings.append(_finding(
                "pieces_exigees", d, f"{d.document} {d.exercice} : {exc}",
                "ajoutez les pièces exigées de cette campagne dans "
                "parameters/budget/depots.yaml", blocking=False))
            continue
        report.checked["pieces_exigees"] += 1
        if missing:
            row["pieces_manquantes"] = ", ".join(c for c, _ in missing)
            report.findings.append(_finding(
                "pieces_exigees", d, f"{d.document} {d.exercice} de l'EJ {d.finess_ej} "
                f"({kind.reason}) : pièces exigées absentes : "
                + " ; ".join(f"{label} ({code})" for code, label in missing),
                _MISSING_FIX[d.document], blocking=True))
    return report, rows
