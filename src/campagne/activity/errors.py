"""Erreurs de l'activité : toutes signalées d'un coup, chacune avec l'ESMS (FINESS), le champ,
le problème et la correction ; rien n'est importé tant qu'il en reste une."""

from __future__ import annotations

from dataclasses import dataclass

from campagne.errors import CampagneError

MAX_SHOWN = 50
FILE_LINE = 0  # problème qui porte sur tout le fichier


@dataclass(frozen=True)
class ActivityIssue:
    """Un problème : ligne (en-têtes = 1, fichier = 0), FINESS, champ, problème, correction."""

    line: int
    finess: str | None
    field: str
    problem: str
    fix: str

    def __str__(self) -> str:
        place = "fichier" if self.line == FILE_LINE else f"ligne {self.line}"
        if self.finess:
            place += f", ESMS {self.finess}"
        return f"{place}, champ « {self.field} » : {self.problem}. Correction : {self.fix}"

    def to_row(self) -> dict[str, str | int | None]:
        return {"ligne": self.line, "finess": self.finess, "champ": self.field,
                "probleme": self.problem, "correction": self.fix}


class ActivityError(CampagneError):
    """Fichier d'activité refusé en entier ; ``issues`` liste tous les problèmes."""

    def __init__(self, issues: list[ActivityIssue], source: str) -> None:
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


class RetentionDecisionError(CampagneError):
    """Décision sur une retenue refusée (renoncement sans motif, ESMS sans proposition…)."""
