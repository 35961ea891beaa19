"""Lecture des cellules d'un fichier budgétaire : chaque problème est consigné (ligne, ET,
compte, champ, problème, correction) au lieu d'arrêter la lecture au premier."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from campagne.budget.errors import FILE_LINE, BudgetFileError, BudgetIssue
from campagne.budget.model import Document
from campagne.money import CENT, MoneyError, parse_euros
from campagne.referentiel.finess import finess_problem
from campagne.referentiel.tabular import TabularError, read_rows

DOCUMENTS = ", ".join(d.value for d in Document)


def load(path: Path, label: str) -> list[dict[str, str]]:
    try:
        return read_rows(path)
    except (TabularError, OSError) as exc:
        raise BudgetFileError([BudgetIssue(FILE_LINE, None, "fichier", str(exc),
                                           "fournissez un fichier CSV (;) ou XLSX lisible")],
                              f"{label} « {path.name} »") from exc


def header_issues(header: Sequence[str], required: Sequence[str],
                  optional: Sequence[str]) -> list[BudgetIssue]:
    issues = []
    known = ", ".join((*required, *optional))
    for col in sorted(set(header) - set(required) - set(optional)):
        issues.append(BudgetIssue(FILE_LINE, None, col, "colonne inconnue",
                                  f"renommez-la ou retirez-la (colonnes : {known})"))
    for col in required:
        if col not in header:
            issues.append(BudgetIssue(FILE_LINE, None, col, "colonne obligatoire absente",
                                      "ajoutez-la (voir docs/budget.md)"))
    return issues


def exact_cents(text: str) -> int:
    """Montant d'un extrait national (flottant écrit en décimal, ``595042.94999999995``)
    arrondi au centime le plus proche : étape nommée ``arrondi_centime``."""
    frac = Fraction(Decimal(text.strip()))
    return CENT.apply_ratio(frac.numerator * 100, frac.denominator)


class Cells:
    """Convertit les champs d'une ligne ; chaque problème va dans ``issues``."""

    def __init__(self, issues: list[BudgetIssue]) -> None:
        self.issues = issues
        self.line = 0
        self.row: dict[str, str] = {}
        self.finess: str | None = None
        self.compte: str | None = None

    def start(self, line: int, row: dict[str, str], finess_field: str = "finess") -> None:
        self.line, self.row, self.compte = line, row, None
        self.finess = self.raw(finess_field).upper() or None

    def bad(self, field: str, problem: str, fix: str) -> None:
        self.issues.append(BudgetIssue(self.line, self.finess, field, problem, fix, self.compte))

    def raw(self, field: str) -> str:
        return (self.row.get(field) or "").strip()

    def finess_number(self, field: str, what: str) -> str | None:
        raw = self.raw(field).upper()
        if not raw:
            self.bad(field, f"numéro FINESS {what} vide", f"indiquez le numéro FINESS {what}")
            return None
        problem = finess_problem(raw)
        if problem:
            self.bad(field, problem, f"corrigez le numéro FINESS {what}")
            return None
        return raw

    def document(self, field: str, default: Document | None) -> Document | None:
        raw = self.raw(field).upper()
        if not raw:
            if default is None:
                self.bad(field, "type de document absent",
                         f"indiquez {DOCUMENTS} (colonne « document » ou option --document)")
            return default
        try:
            return Document(raw)
        except ValueError:
            self.bad(field, f"type de document « {self.raw(field)} » inconnu",
                     f"écrivez l'un de : {DOCUMENTS}")
            return None

    def year(self, field: str, default: int | None) -> int | None:
        raw = self.raw(field)
        if not raw:
            if default is None:
                self.bad(field, "exercice absent",
                         "indiquez l'année de l'exercice (colonne « exercice » ou --exercice)")
            return default
        if not (raw.isdigit() and len(raw) == 4 and 1990 <= int(raw) <= 2100):
            self.bad(field, f"exercice « {raw} » illisible", "écrivez l'année sur 4 chiffres")
            return None
        return int(raw)

    def euros(self, field: str, *, signed: bool = False, required: bool = False) -> int | None:
        text = self.raw(field)
        if not text:
            if required:
                self.bad(field, "montant vide", "écrivez le montant en euros (0 s'il est nul)")
            return None
        try:
            cents = parse_euros(text)
        except MoneyError as exc:
            self.bad(field, str(exc), "écrivez un montant en euros, ex. 1 234 567,89")
            return None
        if cents < 0 and not signed:
            self.bad(field, f"montant négatif ({text})",
                     "écrivez le montant en positif (le sens se donne dans la colonne « sens »)")
            return None
        return cents

    def decimal(self, field: str, decimals: int = 2) -> Decimal | None:
        text = self.raw(field).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        if not text:
            return None
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value < 0:
            self.bad(field, f"nombre illisible ou négatif « {self.raw(field)} »",
                     "écrivez un nombre positif, ex. 12,5")
            return None
        if value != value.quantize(Decimal(1).scaleb(-decimals)):
            self.bad(field, f"plus de {decimals} décimales ({text})",
                     f"arrondissez à {decimals} décimales")
            return None
        return value

    def national_cents(self, field: str) -> int | None:
        text = self.raw(field)
        if not text:
            return None
        try:
            return exact_cents(text)
        except (InvalidOperation, ValueError, OverflowError):
            self.bad(field, f"montant illisible « {text} »",
                     "l'extrait national écrit les montants avec un point décimal")
            return None
