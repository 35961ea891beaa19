"""Erreurs des tableaux : toutes les anomalies d'une lecture sont rapportées d'un coup."""

from __future__ import annotations

from collections.abc import Sequence

from campagne.errors import CampagneError


class TableError(CampagneError):
    """Tableau, texte ou structure inutilisable ; ``problemes`` liste chaque anomalie."""

    consequence = "rien n'est vérifié"

    def __init__(self, source: str, problemes: Sequence[str]) -> None:
        self.source = source
        self.problemes = tuple(problemes)
        n = len(self.problemes)
        head = f"{source} : {n} problème{'s' if n > 1 else ''}, {self.consequence}"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problemes)]))


class TableStructureError(TableError):
    """Fichier de structure invalide (YAML, clé inconnue, colonne ou formule incohérente)."""


class PdfTextError(TableError):
    """Texte de tableau illisible (nombre de valeurs, cellule non numérique…)."""

    consequence = "rien n'est écrit"


class NotificationError(TableError):
    """Résultats inutilisables pour produire un tableau de notification."""

    consequence = "aucun tableau n'est produit"
