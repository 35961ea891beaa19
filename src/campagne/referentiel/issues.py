"""Erreurs d'un portefeuille : toutes signalées d'un coup, en français, ligne par ligne."""

from __future__ import annotations

from dataclasses import dataclass

from campagne.errors import CampagneError

MAX_SHOWN = 50  # au-delà, le message résume ; la liste complète reste dans ``issues``

FILE_LINE = 0
"""Numéro de ligne d'un problème qui concerne tout le fichier (illisible, vide…)."""


@dataclass(frozen=True)
class PortfolioIssue:
    """Un problème : ligne du fichier (en-têtes = ligne 1), FINESS, champ, problème, correction."""

    line: int
    finess: str | None
    field: str
    problem: str
    fix: str

    def where(self) -> str:
        place = "fichier" if self.line == FILE_LINE else f"ligne {self.line}"
        if self.finess:
            place += f", FINESS {self.finess}"
        return f"{place}, champ « {self.field} »"

    def to_row(self) -> dict[str, str | int | None]:
        return {"ligne": self.line, "finess": self.finess, "champ": self.field,
                "probleme": self.problem, "correction": self.fix}


class PortfolioError(CampagneError):
    """Portefeuille refusé : rien n'est chargé ; ``issues`` liste tous les problèmes."""

    def __init__(self, issues: list[PortfolioIssue], source: str | None = None) -> None:
        self.issues = sorted(issues, key=lambda i: i.line)
        self.source = source
        super().__init__(str(self))

    def __str__(self) -> str:
        n = len(self.issues)
        what = f"Le portefeuille « {self.source} »" if self.source else "Le portefeuille"
        head = f"{what} contient {n} erreur{'s' if n > 1 else ''} ; rien n'a été chargé :"
        lines = [head]
        for i in self.issues[:MAX_SHOWN]:
            lines.append(f"- {i.where()} : {i.problem}. Correction : {i.fix}")
        if n > MAX_SHOWN:
            lines.append(f"… et {n - MAX_SHOWN} autres erreurs (voir la liste complète).")
        return "\n".join(lines)

    def to_rows(self) -> list[dict[str, str | int | None]]:
        """Les problèmes en lignes (ligne, finess, champ, probleme, correction) pour un rapport."""
        return [i.to_row() for i in self.issues]


def file_error(problem: str, fix: str, source: str | None = None,
               field: str = "fichier") -> PortfolioError:
    """Une erreur qui porte sur le fichier entier (format, contenu illisible, vide)."""
    return PortfolioError([PortfolioIssue(FILE_LINE, None, field, problem, fix)], source)
