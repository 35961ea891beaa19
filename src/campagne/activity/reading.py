"""Lecture commune des fichiers d'activité (CSV ou XLSX) : toutes les erreurs d'un coup.

Chaque lecteur déclare ses colonnes ; :class:`RowReader` contrôle les en-têtes, le FINESS
(clé de Luhn, présence au portefeuille, doublons) et convertit les valeurs en collectant les
problèmes au lieu de s'arrêter au premier.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from pathlib import Path

from campagne.activity.errors import FILE_LINE, ActivityError, ActivityIssue
from campagne.activity.quantities import parse_number
from campagne.money import MoneyError, parse_euros
from campagne.referentiel.finess import finess_problem
from campagne.referentiel.schema import BOOLEAN_WORDS
from campagne.referentiel.tabular import TabularError, read_rows


def load_rows(path: Path, required: Sequence[str], optional: Sequence[str],
              label: str) -> tuple[list[dict[str, str]], list[ActivityIssue]]:
    """Les lignes du fichier et les problèmes d'en-tête (colonnes inconnues ou absentes)."""
    try:
        rows = read_rows(path)
    except (TabularError, OSError) as exc:
        raise ActivityError([ActivityIssue(FILE_LINE, None, "fichier", str(exc),
                                           "fournissez un fichier CSV (;) ou XLSX lisible")],
                            f"{label} « {path.name} »") from exc
    issues: list[ActivityIssue] = []
    if not rows:
        issues.append(ActivityIssue(FILE_LINE, None, "fichier", "le fichier ne contient aucune "
                                    "ligne de données", "ajoutez une ligne par ESMS"))
        return rows, issues
    header = set(rows[0])
    known = ", ".join((*required, *optional))
    for col in sorted(header - set(required) - set(optional)):
        issues.append(ActivityIssue(FILE_LINE, None, col, "colonne inconnue",
                                    f"renommez-la ou retirez-la (colonnes : {known})"))
    for col in required:
        if col not in header:
            issues.append(ActivityIssue(FILE_LINE, None, col, "colonne obligatoire absente",
                                        "ajoutez-la (voir docs/activite.md)"))
    return rows, issues


class RowReader:
    """Convertit les champs d'une ligne ; chaque problème est consigné dans ``issues``."""

    def __init__(self, issues: list[ActivityIssue], known_finess: Collection[str] | None,
                 portfolio_label: str = "portefeuille") -> None:
        self.issues = issues
        self.known = known_finess
        self.portfolio_label = portfolio_label
        self.line = 0
        self.row: dict[str, str] = {}
        self.finess: str | None = None

    def start(self, line: int, row: dict[str, str]) -> str | None:
        """Ligne suivante ; renvoie le FINESS s'il est valide et connu, sinon ``None``."""
        self.line, self.row = line, row
        raw = (row.get("finess") or "").strip().upper()
        self.finess = raw or None
        if not raw:
            self.bad("finess", "FINESS vide", "indiquez le numéro FINESS de l'établissement")
            return None
        problem = finess_problem(raw)
        if problem:
            self.bad("finess", problem, "corrigez le numéro")
            return None
        if self.known is not None and raw not in self.known:
            self.bad("finess", f"ESMS absent du {self.portfolio_label}",
                     f"corrigez le numéro ou ajoutez l'ESMS au {self.portfolio_label}")
            return None
        return raw

    def bad(self, field: str, problem: str, fix: str) -> None:
        self.issues.append(ActivityIssue(self.line, self.finess, field, problem, fix))

    def raw(self, field: str) -> str:
        return (self.row.get(field) or "").strip()

    def number(self, field: str, decimals: int = 0, minimum: int = 0,
               maximum: int | None = None) -> Decimal | None:
        text = self.raw(field)
        if not text:
            return None
        try:
            value = parse_number(text, decimals)
        except ValueError as exc:
            what = ("un nombre entier" if decimals == 0
                    else f"un nombre ({decimals} décimales au plus)")
            self.bad(field, str(exc), f"écrivez {what}, sans unité")
            return None
        if value < minimum:
            problem = "valeur négative" if value < 0 else f"valeur inférieure à {minimum}"
            self.bad(field, f"{problem} ({text})",
                     f"une activité ne peut être inférieure à {minimum} : corrigez la valeur")
            return None
        if maximum is not None and value > maximum:
            self.bad(field, f"valeur supérieure à {maximum} ({text})", "corrigez la valeur")
            return None
        return value

    def integer(self, field: str, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = self.number(field, 0, minimum, maximum)
        return None if value is None else int(value)

    def euros(self, field: str) -> int | None:
        text = self.raw(field)
        if not text:
            return None
        try:
            cents = parse_euros(text)
        except MoneyError as exc:
            self.bad(field, str(exc), "écrivez un montant en euros, ex. 1 234 567,89")
            return None
        if cents < 0:
            self.bad(field, f"montant négatif ({text})", "écrivez un montant positif")
            return None
        return cents

    def boolean(self, field: str) -> bool | None:
        text = self.raw(field).lower()
        if not text:
            return None
        if text not in BOOLEAN_WORDS:
            self.bad(field, f"« {self.raw(field)} » n'est ni oui ni non", "écrivez oui ou non")
            return None
        return BOOLEAN_WORDS[text]

    def percent(self, field: str) -> Decimal | None:
        """Pourcentage saisi (85 ou 85,5) lu en fraction exacte (0,85)."""
        value = self.number(field, 10)
        if value is None:
            return None
        if value <= 0:
            self.bad(field, "pourcentage nul", "écrivez un pourcentage positif, ex. 85")
            return None
        return value / 100
