"""Enchaînement des contrôles d'une plateforme de dépôt : comptes de résultat, dépôts
(pièces, échéances, fixation d'office), affectation du résultat."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from campagne.budget.affectation import Allocation, check_allocations
from campagne.budget.chart import Chart, default_chart
from campagne.budget.controls import check_statements
from campagne.budget.creton import investment_frame
from campagne.budget.deposits import Deposit, check_deposits
from campagne.budget.findings import ControlReport
from campagne.budget.model import StatementBatch
from campagne.budget.totals import statements_frame
from campagne.params import ParameterSet


@dataclass
class Outcome:
    report: ControlReport
    statements: pl.DataFrame
    deposits: list[dict[str, object]] = field(default_factory=list)
    investments: pl.DataFrame | None = None


def control(batch: StatementBatch, portfolio: pl.DataFrame | None, *,
            params: ParameterSet | None = None, deposits: list[Deposit] | None = None,
            allocations: list[Allocation] | None = None, chart: Chart | None = None,
            on: dt.date | None = None) -> Outcome:
    """Tous les contrôles ; ``on`` : date du contrôle (échéances des dépôts manquants)."""
    report = check_statements(batch, portfolio)
    deposit_rows: list[dict[str, object]] = []
    if deposits:
        if portfolio is None or params is None:
            raise ValueError("le contrôle des dépôts demande le portefeuille et les paramètres")
        perimeters: dict[tuple[str, str, int], set[str]] = defaultdict(set)
        for s in batch.statements:
            perimeters[(s.finess_ej, s.document.value, s.exercice)].add(s.finess)
        dep_report, deposit_rows = check_deposits(deposits, portfolio, params,
                                                  on or dt.date.today(), perimeters)
        report.add(dep_report)
    if allocations:
        report.add(check_allocations(allocations, batch.statements, chart or default_chart()))
    return Outcome(report, statements_frame(batch.statements), deposit_rows,
                   investment_frame(batch.statements))
