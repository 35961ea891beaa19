"""Erreurs du moteur, en français, qui nomment l'ESMS, le champ et la correction.

EngineError
 ├── RuleDefinitionError   règles mal déclarées (cycle, entrée introuvable)
 └── MissingInputError     données manquantes pour des ESMS concernés par une règle
"""

from __future__ import annotations

from dataclasses import dataclass

from campagne.errors import CampagneError


class EngineError(CampagneError):
    """Racine des erreurs du moteur."""


class RuleDefinitionError(EngineError):
    pass


@dataclass(frozen=True)
class InputIssue:
    finess: str
    raison_sociale: str
    field: str
    rule: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return (
            f"ESMS {self.finess} ({self.raison_sociale}) — champ « {self.field} » : "
            f"{self.problem} (règle « {self.rule} »). Correction : {self.fix}"
        )


class MissingInputError(EngineError):
    """Tous les manques constatés, en une fois ; rien n'est calculé."""

    def __init__(self, issues: list[InputIssue]) -> None:
        self.issues = issues
        shown = "\n".join(f"  - {i}" for i in issues[:50])
        more = f"\n  … et {len(issues) - 50} autres" if len(issues) > 50 else ""
        super().__init__(
            f"{len(issues)} donnée(s) manquante(s) : le calcul n'a pas été fait.\n{shown}{more}"
        )
