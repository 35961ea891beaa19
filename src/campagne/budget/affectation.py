"""Affectation du résultat d'un CA ou d'un ERRD (excédent ou déficit).

Les affectations que nomment les textes sont des données sourcées (section
``affectations`` de ``parameters/budget/plan_comptes.yml``) : excédent incorporé (repris en
recettes du budget N+2) et déficit incorporé (repris en dépenses) [C2005 annexes V-VI] ;
excédent affecté à l'investissement, compte 10682 [C2010 annexe IX, R. 314-52 2° CASF] ;
part d'un excédent correspondant à des sommes perçues à tort, reprise [C2010 annexe XI].
Le contrôle : chaque affectation suit le signe du résultat, et leur somme égale le
résultat. Sous CPOM, l'affectation respecte aussi les modalités du contrat [ROB24 annexe I],
que les fichiers ne portent pas.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from campagne.budget.cells import Cells, header_issues, load
from campagne.budget.chart import Chart
from campagne.budget.errors import BudgetFileError
from campagne.budget.findings import CONTROLS, ControlReport, Finding
from campagne.budget.model import Document, Statement
from campagne.money import format_euros

REQUIRED = ("finess", "document", "exercice", "affectation", "montant")
_SIGN = {"excedent": "excédent", "deficit": "déficit"}
_IS = {"excedent": "un excédent", "deficit": "un déficit", "": "nul"}


@dataclass(frozen=True)
class Allocation:
    finess: str
    document: Document
    exercice: int
    code: str
    montant: int
    line: int


def read_allocations(path: Path, chart: Chart) -> list[Allocation]:
    """``finess;document;exercice;affectation;montant`` (CA ou ERRD), tout ou rien."""
    rows = load(path, "Affectations")
    issues = header_issues(list(rows[0]) if rows else [], REQUIRED, ())
    cells, out = Cells(issues), []
    codes = ", ".join(chart.affectations)
    for n, row in enumerate(rows if not issues else [], start=2):
        cells.start(n, row)
        before = len(issues)
        et = cells.finess_number("finess", "de l'ET")
        doc = cells.document("document", None)
        if doc is not None and doc.forecast:
            cells.bad("document", f"{doc.value} : on n'affecte que le résultat d'un CA ou "
                      "d'un ERRD", "écrivez CA ou ERRD")
        year = cells.year("exercice", None)
        code = cells.raw("affectation").lower()
        if code not in chart.affectations:
            cells.bad("affectation", f"affectation « {cells.raw('affectation')} » inconnue",
                      f"écrivez l'une de : {codes}")
        montant = cells.euros("montant", required=True)
        if len(issues) == before:
            assert et and doc and year is not None and montant is not None
            out.append(Allocation(et, doc, year, code, montant, n))
    if issues:
        raise BudgetFileError(issues, f"Affectations « {path.name} »")
    return out


def _eur(cents: int) -> str:
    return format_euros(cents, always_cents=True)


def check_allocations(allocations: list[Allocation], statements: tuple[Statement, ...],
                      chart: Chart) -> ControlReport:
    report = ControlReport()
    by_key: dict[tuple[Document, int, str], list[Statement]] = defaultdict(list)
    for s in statements:
        by_key[s.key].append(s)
    grouped: dict[tuple[Document, int, str], list[Allocation]] = defaultdict(list)
    for a in allocations:
        grouped[(a.document, a.exercice, a.finess)].append(a)

    def bad(key: tuple[Document, int, str], message: str, fix: str) -> None:
        doc, year, finess = key
        report.findings.append(Finding("affectation_resultat", True, message, fix,
                                       CONTROLS["affectation_resultat"][1], finess, None,
                                       doc.value, year))

    for key, items in grouped.items():
        report.checked["affectation_resultat"] += 1
        doc, year, finess = key
        found = by_key.get(key, [])
        if len(found) != 1:
            if not found:
                bad(key, f"affectation du résultat du {doc.value} {year} de l'ET {finess}, "
                    "absent des comptes de résultat contrôlés",
                    "importez le compte de résultat de cet ET ou corrigez la ligne")
            continue  # plusieurs comptes de résultat : le contrôle d'unicité le signale
        result = found[0].resultat
        sign = "excedent" if result > 0 else "deficit" if result < 0 else None
        wrong = [a for a in items if chart.affectations[a.code].resultat != sign]
        for a in wrong:
            bad(key, f"{found[0].where} : l'affectation « {a.code} » (ligne {a.line}) "
                f"s'applique à un {_SIGN[chart.affectations[a.code].resultat]}, or le "
                f"résultat ({_eur(result)}) est {_IS[sign or '']}",
                "choisissez une affectation qui suit le signe du résultat")
        total = sum(a.montant for a in items)
        if not wrong and total != abs(result):
            bad(key, f"{found[0].where} : affectations {_eur(total)} ≠ résultat à affecter "
                f"{_eur(abs(result))} (écart {_eur(total - abs(result))})",
                "répartissez exactement le résultat entre ses affectations")
    return report
