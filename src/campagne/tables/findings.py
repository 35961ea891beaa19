"""Constats du vérificateur : une incohérence par cellule et par règle, avec sa position."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from campagne.tables.numbers import Unite, decimal_text, format_number


@dataclass(frozen=True)
class Finding:
    regle: str  # « total de lignes », « total de colonnes », « formule »
    ligne: str  # libellé de la ligne
    colonne: str  # nom de la colonne (en-tête)
    colonne_id: str
    numero_ligne: int  # dans le fichier
    lettre_colonne: str
    unite: Unite
    publie: Decimal | None  # None : cellule vide (comptée pour zéro)
    recalcule: Decimal
    tolerance: Decimal
    calcul: str  # ce qui a été recalculé, en clair

    @property
    def cellule(self) -> str:
        return f"{self.lettre_colonne}{self.numero_ligne}"

    @property
    def ecart(self) -> Decimal:
        """Publié moins recalculé."""
        return (self.publie or Decimal(0)) - self.recalcule

    @property
    def dans_tolerance(self) -> bool:
        return abs(self.ecart) <= self.tolerance

    def to_dict(self) -> dict[str, Any]:
        return {
            "regle": self.regle, "ligne": self.ligne, "colonne": self.colonne,
            "colonne_id": self.colonne_id, "cellule": self.cellule,
            "numero_ligne": self.numero_ligne, "lettre_colonne": self.lettre_colonne,
            "unite": self.unite.value, "publie": decimal_text(self.publie),
            "recalcule": decimal_text(self.recalcule), "ecart": decimal_text(self.ecart),
            "tolerance": decimal_text(self.tolerance), "dans_tolerance": self.dans_tolerance,
            "calcul": self.calcul,
        }

    def to_text(self) -> str:
        verdict = "dans la tolérance" if self.dans_tolerance else "HORS tolérance"
        u = self.unite
        return (f"{self.cellule} « {self.ligne} » / « {self.colonne} » ({self.regle}) : publié "
                f"{format_number(self.publie, u)}, recalculé {format_number(self.recalcule, u)}"
                f", écart {format_number(self.ecart, u, signed=True)} — {verdict} "
                f"(tolérance {format_number(self.tolerance, u)}) ; {self.calcul}")


@dataclass(frozen=True)
class TableReport:
    titre: str
    source: str  # fichier vérifié
    controles: int  # nombre de cellules recalculées
    constats: tuple[Finding, ...]

    @property
    def hors_tolerance(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.constats if not f.dans_tolerance)

    @property
    def ok(self) -> bool:
        """Vrai si aucune incohérence ne dépasse la tolérance déclarée."""
        return not self.hors_tolerance

    def summary(self) -> str:
        n, k = len(self.constats), len(self.hors_tolerance)
        return (f"{self.controles} cellules recalculées, {n} incohérence{'s' if n > 1 else ''}"
                f" dont {k} hors tolérance")

    def to_dict(self) -> dict[str, Any]:
        return {"titre": self.titre, "fichier": self.source, "controles": self.controles,
                "incoherences": len(self.constats), "hors_tolerance": len(self.hors_tolerance),
                "conforme": self.ok, "constats": [f.to_dict() for f in self.constats]}
