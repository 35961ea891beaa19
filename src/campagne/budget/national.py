"""Extraits nationaux annuels par ET (``ANN_ERRD_EJ_ET_*``, ``ANN_CA_EJ_ET_*``) : résultat,
ETP, recettes et dépenses par groupe (dépenses en négatif), montants écrits en flottants.

Seules les colonnes du compte de résultat sont lues ; les indicateurs (taux d'occupation,
de CAF, de vétusté…) sont ignorés. Un extrait national qui ne porte pas de compte de
résultat par ET (``ANN_ERRD_EJ``, ``ANN_PER_ERRD_EPRD``, ``ANN_MS_TDP``) est reconnu et
refusé en le nommant.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from campagne.budget.cells import Cells
from campagne.budget.errors import BudgetIssue
from campagne.budget.model import CHARGES, PRODUITS, Document, Group, Statement

_ROMAN = ("i", "ii", "iii")

# Extraits nationaux reconnus qui ne sont pas des comptes de résultat par ET.
OTHER_EXTRACTS = {
    "fonds de roulement net global errd": "indicateurs financiers de l'ERRD par EJ (ANN_ERRD_EJ)",
    "nombre de cdd de remplacement": "tableau de bord de la performance (ANN_MS_TDP)",
}


def national_kind(header: list[str]) -> Document | None:
    """ERRD ou CA selon les colonnes de groupes de l'extrait, sinon ``None``."""
    for doc in (Document.ERRD, Document.CA):
        if f"dépenses groupe i {doc.value.lower()}" in header:
            return doc
    return None


def other_extract(header: list[str]) -> str | None:
    for col, label in OTHER_EXTRACTS.items():
        if col in header:
            return label
    if set(header) == {"finess ej", "finess", "année", "id dépôt"}:
        return "périmètre des dépôts EPRD/ERRD (ANN_PER_ERRD_EPRD)"
    return None


def _columns(doc: Document) -> dict[Group, str]:
    tag = doc.value.lower()
    cols = {g: f"dépenses groupe {r} {tag}" for g, r in zip(CHARGES, _ROMAN, strict=True)}
    cols.update({g: f"recettes groupe {r} {tag}" for g, r in zip(PRODUITS, _ROMAN, strict=True)})
    return cols


def _signed(cells: Cells, col: str, charge: bool) -> int | None:
    """Dépense (négative dans l'extrait) ou recette (positive), rendue positive."""
    value = cells.national_cents(col)
    if value is None:
        return None
    if (value > 0 and charge) or (value < 0 and not charge):
        what = "dépense positive" if charge else "recette négative"
        cells.bad(col, f"{what} ({cells.raw(col)})", "les extraits nationaux portent les "
                  "dépenses en négatif et les recettes en positif : vérifiez l'extrait")
        return None
    return -value if charge else value


def _etp(cells: Cells, col: str) -> Decimal | None:
    text = cells.raw(col)
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        cells.bad(col, f"ETP illisible « {text} »", "vérifiez l'extrait")
        return None


def read_national(rows: list[dict[str, str]], source: str, doc: Document,
                  issues: list[BudgetIssue]) -> tuple[list[Statement], list[tuple[str, int, str]]]:
    cells = Cells(issues)
    cols = _columns(doc)
    tag = doc.value.lower()
    out, empty = [], []
    for n, row in enumerate(rows, start=2):
        cells.start(n, row)
        before = len(issues)
        et = cells.finess_number("finess", "de l'ET")
        ej = cells.finess_number("finess ej", "de l'EJ")
        year = cells.year("année", None)
        groups = {g: _signed(cells, c, g.is_charge) for g, c in cols.items()}
        totals = None
        declared_col = f"ms résultat net comptable {tag}" + (" ph" if doc is Document.CA else "")
        filled = [g for g, v in groups.items() if v is not None]
        if not filled and doc is Document.CA:
            charges = _signed(cells, "charges ca pa", True)
            produits = _signed(cells, "produits ca pa", False)
            if charges is not None and produits is not None:
                totals, declared_col = (charges, produits), "ms résultat net comptable ca pa"
        elif filled and len(filled) < len(groups):
            for g, c in cols.items():
                if groups[g] is None:
                    cells.bad(c, "groupe vide alors que d'autres groupes sont renseignés",
                              "complétez l'extrait (0 si le groupe est nul)")
        declared = cells.national_cents(declared_col)
        etp = _etp(cells, f"nombre etp total réalisé {tag}")
        if len(issues) > before:
            continue
        assert et and ej and year is not None
        if not filled and totals is None:
            empty.append((source, n, et))
            continue
        depot = cells.raw("id dépôt")
        out.append(Statement(
            doc, year, et, ej, source, n,
            groups={g: v or 0 for g, v in groups.items()} if totals is None else {},
            totals=totals, compte_resultat=f"dépôt {depot}" if depot else None,
            resultat_declare=declared, etp=etp))
    return out, empty
