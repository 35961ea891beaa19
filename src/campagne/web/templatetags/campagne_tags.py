"""Filtres de gabarit : montants en euros (centimes en entrée), barres proportionnelles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from campagne.money import format_euros, format_rate

register = template.Library()


@register.filter
def euros(cents: Any) -> str:
    return "—" if cents is None or cents == "" else format_euros(int(cents))


@register.filter
def taux(value: Any) -> str:
    return "—" if value in (None, "") else format_rate(Decimal(str(value)))


@register.filter
def largeur(value: Any, maximum: Any) -> int:
    """Largeur (en %) d'une barre : valeur rapportée au maximum du tableau."""
    try:
        v, m = abs(int(value)), abs(int(maximum))
    except (TypeError, ValueError):
        return 0
    return 0 if m == 0 else max(1, round(100 * v / m)) if v else 0


@register.filter
def cle(mapping: Any, key: str) -> Any:
    return mapping.get(key) if isinstance(mapping, dict) else None
