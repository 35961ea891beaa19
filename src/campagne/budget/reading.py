"""Import d'un BP, CA, EPRD ou ERRD : par compte, par groupe, ou extrait national.

Le format se reconnaît aux en-têtes (``docs/budget.md``). Tout ou rien : toutes les erreurs
du fichier sont rassemblées (ET, compte, champ, problème, correction) et rien n'est importé
tant qu'il en reste une.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import polars as pl

from campagne.budget import accounts_format, groups_format
from campagne.budget.cells import header_issues, load
from campagne.budget.chart import Chart, default_chart
from campagne.budget.errors import FILE_LINE, BudgetFileError, BudgetIssue
from campagne.budget.model import Document, Plan, Statement, StatementBatch
from campagne.budget.national import national_kind, other_extract, read_national

FORMATS = "par compte (compte, montant), par groupe (charges_groupe_i…) ou extrait national " \
          "ANN_ERRD_EJ_ET / ANN_CA_EJ_ET"


def plans_of(portfolio: pl.DataFrame) -> dict[str, Plan]:
    """Plan comptable de chaque ET : M22 pour un organisme public, M22 bis pour un privé
    [C2010 annexe VIII] ; rien pour un statut inconnu (personne morale étrangère)."""
    out = {}
    for finess, agregat in portfolio.select("finess", "statut_agregat").iter_rows():
        if agregat == "public":
            out[finess] = Plan.M22
        elif agregat in ("prive_non_lucratif", "prive_lucratif"):
            out[finess] = Plan.M22bis
    return out


def _fail(problem: str, fix: str, label: str) -> BudgetFileError:
    return BudgetFileError([BudgetIssue(FILE_LINE, None, "fichier", problem, fix)], label)


def read_statements(path: Path, *, chart: Chart | None = None,
                    document: Document | None = None, exercice: int | None = None,
                    plans: Mapping[str, Plan] | None = None) -> StatementBatch:
    """Lit un fichier de comptes de résultat ; :class:`BudgetFileError` sinon."""
    label = f"Compte de résultat « {path.name} »"
    rows = load(path, "Compte de résultat")
    if not rows:
        raise _fail("le fichier ne contient aucune ligne de données",
                    "ajoutez une ligne par compte ou par ET sous les en-têtes", label)
    header = list(rows[0])
    issues: list[BudgetIssue] = []
    empty: list[tuple[str, int, str]] = []
    nat = national_kind(header)
    if nat is not None:
        if document not in (None, nat):
            raise _fail(f"extrait national d'{nat.value}, document demandé {document}",
                        f"retirez l'option --document ou demandez {nat.value}", label)
        statements, empty = read_national(rows, path.name, nat, issues)
    elif (other := other_extract(header)) is not None:
        raise _fail(f"extrait national « {other} » : il ne contient pas de compte de résultat "
                    "par ET", f"importez un extrait ANN_ERRD_EJ_ET ou ANN_CA_EJ_ET ({FORMATS})",
                    label)
    elif "compte" in header:
        issues = header_issues(header, accounts_format.REQUIRED, accounts_format.OPTIONAL)
        statements = [] if issues else accounts_format.read_accounts(
            rows, path.name, chart or default_chart(), document=document,
            exercice=exercice, plans=plans, issues=issues)
    elif set(header) & set(groups_format.GROUP_COLUMNS):
        issues = header_issues(header, groups_format.REQUIRED, groups_format.OPTIONAL)
        if "produits_groupe_1" not in header and "produits_731" not in header:
            issues.append(BudgetIssue(FILE_LINE, None, "produits_groupe_1", "colonne du groupe "
                                      "1 de produits absente", "ajoutez produits_groupe_1, ou "
                                      "produits_731 et produits_732"))
        statements = [] if issues else groups_format.read_groups(
            rows, path.name, document=document, exercice=exercice, issues=issues)
    else:
        raise _fail("format non reconnu d'après les en-têtes", f"fournissez un fichier "
                    f"{FORMATS} (docs/budget.md)", label)
    if issues:
        raise BudgetFileError(issues, label)
    return StatementBatch(tuple(statements), (path.name,), tuple(empty))


def read_many(paths: Iterable[Path], **kwargs) -> StatementBatch:  # type: ignore[no-untyped-def]
    """Plusieurs fichiers ; toutes les erreurs de tous les fichiers, rien d'importé sinon."""
    batch = StatementBatch((), ())
    errors: list[BudgetFileError] = []
    for path in paths:
        try:
            batch = batch + read_statements(path, **kwargs)
        except BudgetFileError as exc:
            errors.append(exc)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        issues = [BudgetIssue(i.line, i.finess, f"{e.source} → {i.field}", i.problem, i.fix,
                              i.compte) for e in errors for i in e.issues]
        raise BudgetFileError(issues, f"{len(errors)} fichiers")
    return batch


def statements_of(batch: StatementBatch | Iterable[Statement]) -> tuple[Statement, ...]:
    return batch.statements if isinstance(batch, StatementBatch) else tuple(batch)
