"""Erreurs des documents budgétaires : toutes signalées d'un coup, chacune avec l'ET
(FINESS), le compte s'il y en a un, le champ, le problème et la correction ; rien n'est
importé tant qu'il en reste une."""

from __future__ import annotations

from dataclasses import dataclass

from campagne.errors import CampagneError

MAX_SHOWN = 50
FILE_LINE = 0  # problème qui porte sur tout le fichier


@dataclass(frozen=True)
class BudgetIssue:
    """Un problème : ligne (en-têtes = 1, fichier = 0), FINESS, compte, champ, problème,
    correction."""

    line: int
    finess: str | None
    field: str
    problem: str
    fix: str
    compte: str | None = None

    def __str__(self) -> str:
        place = "fichier" if self.line == FILE_LINE else f"ligne {self.line}"
        if self.finess:
            place += f", ET {self.finess}"
        if self.compte:
            place += f", compte {self.compte}"
        return f"{place}, champ « {self.field} » : {self.problem}. Correction : {self.fix}"

    def to_row(self) -> dict[str, str | int | None]:
        return {"ligne": self.line, "finess": self.finess, "compte": self.compte,
                "champ": self.field, "probleme": self.problem, "correction": self.fix}


class BudgetFileError(CampagneError):
    """Fichier budgétaire refusé en entier ; ``issues`` liste tous les problèmes."""

    def __init__(self, issues: list[BudgetIssue], source: str) -> None:
        self.issues = sorted(issues, key=lambda i: (i.line, i.finess or "", i.field))
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.issues)
        lines = [f"{self.source} : {n} erreur{'s' if n > 1 else ''} ; rien n'a été importé."]
        lines += [f"  - {i}" for i in self.issues[:MAX_SHOWN]]
        if n > MAX_SHOWN:
            lines.append(f"  … et {n - MAX_SHOWN} autres erreurs.")
        return "\n".join(lines)

    def to_rows(self) -> list[dict[str, str | int | None]]:
        return [i.to_row() for i in self.issues]


class ChartError(CampagneError):
    """Fichier du plan de comptes invalide (schéma, source, règles concurrentes)."""


class BudgetDataError(CampagneError):
    """Donnée budgétaire inexploitable pour un calcul (ex. deux comptes de résultat pour un
    même ET quand il faut en choisir un)."""
