"""Compte de résultat saisi par groupe (format large, ``docs/budget.md``) : une ligne par ET,
les six groupes fonctionnels et, pour la collecte de C2005 annexes V-VI, les ETP, les
reprises de résultat N-2, les CNR et l'activité."""

from __future__ import annotations

from campagne.budget.cells import Cells
from campagne.budget.errors import BudgetIssue
from campagne.budget.model import Document, Group, Statement
from campagne.money import format_euros

GROUP_COLUMNS = {
    "charges_groupe_i": Group.charges_I, "charges_groupe_ii": Group.charges_II,
    "charges_groupe_iii": Group.charges_III, "produits_groupe_1": Group.produits_1,
    "produits_groupe_2": Group.produits_2, "produits_groupe_3": Group.produits_3,
}
ACTIVITY = ("journees_internat", "journees_semi_internat", "journees_externat", "seances",
            "actes", "file_active")
REQUIRED = ("finess", "finess_ej", "charges_groupe_i", "charges_groupe_ii",
            "charges_groupe_iii", "produits_groupe_2", "produits_groupe_3")
OPTIONAL = ("document", "exercice", "compte_resultat", "raison_sociale", "produits_groupe_1",
            "produits_731", "produits_732", "recettes_creton", "resultat_declare",
            "deficit_incorpore", "excedent_incorpore", "cnr", "etp", *ACTIVITY, "observations")


def _group_1(cells: Cells) -> tuple[int | None, int | None, int | None]:
    """Groupe 1 de produits : en total, ou par compte 731 et 732 [C2005 annexe VII : « doit
    être renseigné au niveau du compte »] ; les deux, s'ils sont donnés, doivent concorder."""
    total = cells.euros("produits_groupe_1")
    p731, p732 = cells.euros("produits_731"), cells.euros("produits_732")
    if p731 is None and p732 is None:
        if total is None and not cells.raw("produits_groupe_1"):
            cells.bad("produits_groupe_1", "groupe 1 de produits absent",
                      "renseignez produits_groupe_1, ou produits_731 et produits_732")
        return total, None, None
    split = (p731 or 0) + (p732 or 0)
    if total is not None and total != split:
        cells.bad("produits_groupe_1", f"groupe 1 ({format_euros(total, always_cents=True)}) "
                  f"différent de 731 + 732 ({format_euros(split, always_cents=True)})",
                  "corrigez le total ou le détail par compte")
        return None, None, None
    return split, p731, p732


def read_groups(rows: list[dict[str, str]], source: str, *, document: Document | None,
                exercice: int | None, issues: list[BudgetIssue]) -> list[Statement]:
    cells = Cells(issues)
    out = []
    for n, row in enumerate(rows, start=2):
        cells.start(n, row)
        before = len(issues)
        et = cells.finess_number("finess", "de l'ET")
        ej = cells.finess_number("finess_ej", "de l'EJ")
        doc = cells.document("document", document)
        year = cells.year("exercice", exercice)
        groups = {g: cells.euros(c, required=c in REQUIRED) for c, g in GROUP_COLUMNS.items()
                  if c != "produits_groupe_1"}
        groups[Group.produits_1], p731, p732 = _group_1(cells)
        creton = cells.euros("recettes_creton")
        base = p731 if p731 is not None else groups[Group.produits_1]
        if creton is not None and base is not None and creton > base:
            cells.bad("recettes_creton", "recettes Creton (compte 7312132) supérieures aux "
                      "produits de la tarification qui les contiennent",
                      "corrigez le montant : il est compris dans le compte 731")
        extras = {c: cells.euros(c) for c in ("deficit_incorpore", "excedent_incorpore", "cnr")}
        declared = cells.euros("resultat_declare", signed=True)
        etp = cells.decimal("etp")
        activity = {c: v for c in ACTIVITY if (v := cells.decimal(c)) is not None}
        charges = sum(v or 0 for g, v in groups.items() if g.is_charge)
        charges += extras["deficit_incorpore"] or 0
        if extras["cnr"] is not None and extras["cnr"] > charges:
            cells.bad("cnr", "crédits non reconductibles supérieurs aux dépenses dont ils font "
                      "partie", "corrigez le montant (colonne « dont CNR »)")
        if len(issues) > before:
            continue
        assert et and ej and doc and year is not None
        out.append(Statement(
            doc, year, et, ej, source, n, groups={g: v or 0 for g, v in groups.items()},
            compte_resultat=cells.raw("compte_resultat") or None, produits_731=p731,
            produits_732=p732, recettes_creton=creton, resultat_declare=declared,
            deficit_incorpore=extras["deficit_incorpore"],
            excedent_incorpore=extras["excedent_incorpore"], cnr=extras["cnr"], etp=etp,
            activite=activity, observations=cells.raw("observations") or None))
    return out
