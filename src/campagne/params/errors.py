"""Erreurs des paramètres, toutes en français et actionnables.

ParameterError
 ├── ParameterFileError      fichier YAML invalide (nomme le fichier et le paramètre)
 ├── UnknownParameterError   paramètre inconnu (suggère le nom le plus proche)
 └── ParameterNotFoundError  pas de valeur pour cette date / campagne / portée / clé
"""

from __future__ import annotations

from pathlib import Path

from campagne.errors import CampagneError


class ParameterError(CampagneError):
    """Racine des erreurs de paramètres."""


class ParameterFileError(ParameterError):
    def __init__(self, path: Path | str, message: str) -> None:
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path.name} : {message}")


class UnknownParameterError(ParameterError, KeyError):
    def __init__(self, name: str, suggestion: str | None) -> None:
        self.name = name
        hint = f" ; vouliez-vous dire « {suggestion} » ?" if suggestion else ""
        super().__init__(f"paramètre inconnu « {name} »{hint}")

    def __str__(self) -> str:  # KeyError mettrait le message entre guillemets
        return str(self.args[0])


class ParameterNotFoundError(ParameterError, LookupError):
    def __init__(self, name: str, where: str, fix: str) -> None:
        self.name = name
        super().__init__(f"aucune valeur du paramètre « {name} » {where} : {fix}")
