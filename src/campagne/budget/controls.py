"""Contrôles d'un dépôt de comptes de résultat : identité FINESS de l'ET et de son EJ, un seul
compte de résultat par ET, équilibre réel des prévisions, résultat déclaré."""

from __future__ import annotations

from collections import defaultdict

import polars as pl

from campagne.budget.findings import CONTROLS, ControlReport, Finding
from campagne.budget.model import Statement, StatementBatch
from campagne.money import format_euros


def _eur(cents: int) -> str:
    return format_euros(cents, always_cents=True)


def _finding(code: str, s: Statement, message: str, correction: str, *,
             blocking: bool = True, ecart: int | None = None) -> Finding:
    return Finding(code, blocking, message, correction, CONTROLS[code][1], s.finess,
                   s.finess_ej, s.document.value, s.exercice, ecart=ecart)


def check_identity(statements: tuple[Statement, ...], portfolio: pl.DataFrame,
                   report: ControlReport) -> None:
    """L'ET est au portefeuille et rattaché à l'EJ déclaré (la clé de Luhn de l'un et de
    l'autre est contrôlée à l'import)."""
    ej_of = dict(portfolio.select("finess", "finess_ej").iter_rows())
    for s in statements:
        report.checked["et_inconnu"] += 1
        if s.finess not in ej_of:
            report.findings.append(_finding(
                "et_inconnu", s, f"{s.where} : ET absent du portefeuille ({s.source}, ligne "
                f"{s.line}) : le document est rejeté",
                "corrigez le numéro FINESS de l'ET ou ajoutez l'ESMS au portefeuille"))
            continue
        report.checked["ej_rattachement"] += 1
        if ej_of[s.finess] != s.finess_ej:
            report.findings.append(_finding(
                "ej_rattachement", s, f"{s.where} : déclaré sous l'EJ {s.finess_ej}, mais "
                f"rattaché à l'EJ {ej_of[s.finess]} au portefeuille",
                "déposez le document sous l'EJ gestionnaire de l'ET, ou corrigez le "
                "portefeuille"))


def check_unique(statements: tuple[Statement, ...], report: ControlReport) -> None:
    """Un seul compte de résultat par ET, document et exercice."""
    by_key: dict[tuple[object, ...], list[Statement]] = defaultdict(list)
    for s in statements:
        by_key[s.key].append(s)
    for items in by_key.values():
        report.checked["compte_resultat_unique"] += 1
        if len(items) > 1:
            s = items[0]
            where = ", ".join(f"{i.source} ligne {i.line}"
                              + (f" ({i.compte_resultat})" if i.compte_resultat else "")
                              for i in items)
            report.findings.append(_finding(
                "compte_resultat_unique", s, f"{s.where} : {len(items)} comptes de résultat "
                f"pour le même ET ({where})",
                "un ET figure dans un seul compte de résultat : retirez les doublons ou "
                "rattachez l'ET à un seul compte de résultat"))


def check_balance(statements: tuple[Statement, ...], report: ControlReport) -> None:
    """Équilibre réel [ROB24 annexe I, R. 314-221 CASF] : les charges d'un compte de
    résultat prévisionnel (reprise d'un déficit N-2 comprise) ne dépassent pas ses produits
    (reprise d'un excédent N-2 comprise)."""
    for s in statements:
        if not s.document.forecast:
            continue
        report.checked["equilibre_reel"] += 1
        charges = s.charges + (s.deficit_incorpore or 0)
        produits = s.produits + (s.excedent_incorpore or 0)
        if charges > produits:
            gap = charges - produits
            reprises = " (reprises de résultats N-2 comprises)" if (
                s.deficit_incorpore or s.excedent_incorpore) else ""
            report.findings.append(_finding(
                "equilibre_reel", s, f"{s.where} n'est pas en équilibre réel : charges "
                f"{_eur(charges)} > produits {_eur(produits)}{reprises}, écart {_eur(gap)}",
                f"réduisez les charges ou justifiez des produits à hauteur de {_eur(gap)} : "
                "chaque compte de résultat prévisionnel doit respecter l'équilibre réel",
                ecart=gap))


def check_declared(statements: tuple[Statement, ...], report: ControlReport) -> None:
    for s in statements:
        if s.resultat_declare is None:
            continue
        report.checked["resultat_declare"] += 1
        if s.resultat_declare != s.resultat:
            gap = s.resultat_declare - s.resultat
            report.findings.append(_finding(
                "resultat_declare", s, f"{s.where} : résultat déclaré "
                f"{_eur(s.resultat_declare)} ≠ produits − charges {_eur(s.resultat)} (écart "
                f"{_eur(gap)})", "corrigez le résultat ou les groupes", ecart=gap))


def check_statements(batch: StatementBatch, portfolio: pl.DataFrame | None) -> ControlReport:
    """Les contrôles qui ne portent que sur les comptes de résultat (et le portefeuille)."""
    report = ControlReport()
    statements = batch.statements
    if portfolio is not None:
        check_identity(statements, portfolio, report)
    check_unique(statements, report)
    check_balance(statements, report)
    check_declared(statements, report)
    for source, line, finess in batch.empty:
        report.checked["sans_montants"] += 1
        report.findings.append(Finding(
            "sans_montants", False, f"{source}, ligne {line} : ET {finess} sans recettes ni "
            "dépenses (ligne d'indicateurs seulement)", "aucune : la ligne n'est pas importée",
            CONTROLS["sans_montants"][1], finess))
    return report
