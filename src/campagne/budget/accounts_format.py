"""Compte de résultat saisi par compte (format long, ``docs/budget.md``) : une ligne par ET
et par compte, classée dans son groupe par le plan de comptes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from campagne.budget.cells import Cells
from campagne.budget.chart import AccountProblem, Chart
from campagne.budget.errors import BudgetIssue
from campagne.budget.model import AccountLine, Document, Group, Plan, Sens, Statement

REQUIRED = ("finess", "finess_ej", "compte", "montant")
OPTIONAL = ("document", "exercice", "sens", "plan", "compte_resultat", "libelle")

_SENS = {"d": Sens.debit, "debit": Sens.debit, "débit": Sens.debit,
         "c": Sens.credit, "credit": Sens.credit, "crédit": Sens.credit}
_PLANS = {"m22": Plan.M22, "m22bis": Plan.M22bis, "m22 bis": Plan.M22bis}

Key = tuple[Document, int, str, str]


def _contribution(montant: int, sens: Sens | None, groupe: Group) -> int:
    """Un solde dans le sens contraire de son groupe (charge au crédit, produit au débit)
    vient en déduction du groupe ; sans sens, le montant est pris dans le sens du groupe."""
    natural = Sens.debit if groupe.is_charge else Sens.credit
    return montant if sens in (None, natural) else -montant


def _sens(cells: Cells) -> tuple[bool, Sens | None]:
    raw = cells.raw("sens").lower()
    if not raw:
        return True, None
    if raw not in _SENS:
        cells.bad("sens", f"sens « {cells.raw('sens')} » inconnu",
                  "écrivez D (débit) ou C (crédit)")
        return False, None
    return True, _SENS[raw]


def _plan(cells: Cells, finess: str | None, plans: Mapping[str, Plan] | None) -> Plan | None:
    raw = cells.raw("plan").lower().replace("_", " ").strip()
    if raw:
        if raw.replace(" ", "") not in _PLANS:
            cells.bad("plan", f"plan « {cells.raw('plan')} » inconnu", "écrivez M22 ou M22bis")
            return None
        return _PLANS[raw.replace(" ", "")]
    return (plans or {}).get(finess or "")


def read_accounts(rows: list[dict[str, str]], source: str, chart: Chart, *,
                  document: Document | None, exercice: int | None,
                  plans: Mapping[str, Plan] | None,
                  issues: list[BudgetIssue]) -> list[Statement]:
    cells = Cells(issues)
    lines: dict[Key, list[AccountLine]] = {}
    first: dict[Key, tuple[int, str]] = {}
    seen: dict[tuple[Key, str, Sens | None], int] = {}
    for n, row in enumerate(rows, start=2):
        cells.start(n, row)
        et = cells.finess_number("finess", "de l'ET")
        ej = cells.finess_number("finess_ej", "de l'EJ")
        doc = cells.document("document", document)
        year = cells.year("exercice", exercice)
        cells.compte = cells.raw("compte").replace(" ", "").replace(".", "") or None
        montant = cells.euros("montant", required=True)
        ok_sens, sens = _sens(cells)
        plan = _plan(cells, et, plans)
        if not cells.compte:
            cells.bad("compte", "numéro de compte vide", "indiquez le compte (ex. 6411)")
            continue
        if None in (et, ej, doc, year, montant) or not ok_sens:
            continue
        assert et and ej and doc and year is not None and montant is not None
        try:
            match = chart.classify(cells.compte, sens, plan, dt.date(year, 1, 1))
        except AccountProblem as exc:
            cells.bad("compte", f"{exc.problem} ({doc.value} {year})", exc.fix)
            continue
        key = (doc, year, et, cells.raw("compte_resultat"))
        dup = seen.get((key, cells.compte, sens))
        if dup is not None:
            cells.bad("compte", f"compte saisi deux fois pour ce compte de résultat (lignes "
                      f"{dup} et {n})", "additionnez les montants sur une seule ligne")
            continue
        seen[(key, cells.compte, sens)] = n
        first.setdefault(key, (n, ej))
        if first[key][1] != ej:
            cells.bad("finess_ej", f"EJ {ej} différent de l'EJ {first[key][1]} de la ligne "
                      f"{first[key][0]} pour le même ET", "un ET n'a qu'un EJ : corrigez l'un")
            continue
        lines.setdefault(key, []).append(AccountLine(
            cells.compte, montant, sens, match.groupe,
            _contribution(montant, sens, match.groupe), match.citation, match.rule.nature, n))
    statements = []
    for key, items in lines.items():
        doc, year, et, cr = key
        groups = {g: sum(i.contribution for i in items if i.groupe is g) for g in Group}
        by_prefix = {p: sum(i.contribution for i in items if i.compte.startswith(p))
                     for p in ("731", "732")}
        creton = chart.accounts_of("creton", dt.date(year, 1, 1))
        statements.append(Statement(
            doc, year, et, first[key][1], source, first[key][0], groups=groups,
            compte_resultat=cr or None, lines=tuple(items),
            produits_731=by_prefix["731"], produits_732=by_prefix["732"],
            recettes_creton=sum(i.contribution for i in items
                                if i.compte.startswith(creton)) if creton else None))
    return statements

