"""Nombres des tableaux publiés : lecture exacte (``Decimal``) et affichage à la française.

Un tableau administratif écrit ``171 227 831``, ``2,24 %``, ``10 026 €``, ``-200 000`` ; les
milliers sont séparés par des espaces (ordinaires, insécables, fines) ou par des points, la
virgule est décimale. Rien ne passe jamais par un flottant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

# Espaces de groupement des milliers : ordinaire, insécable, fine insécable, fine, chiffre.
GROUPING = " \u00a0\u202f\u2009\u2007"
EMPTY_MARKS = frozenset({"", "-", "\u2013", "\u2014"})  # cellule vide, ou « néant »
_DIGITS = re.compile(r"^\d+$")
_NUMBER_HINT = "attendu : un nombre comme 1 234, -200 000, 2,24 % ou 10 026 €"


class Unite(StrEnum):
    """Unité d'une colonne de tableau : elle dit comment lire, comparer et afficher."""

    euros = "euros"
    nombre = "nombre"
    pourcentage = "pourcentage"  # en points : « 2,24 % » vaut 2,24


@dataclass(frozen=True)
class Number:
    value: Decimal
    symbol: str | None  # « % » ou « € » lus dans la cellule, pour contrôler l'unité


class NumberFormatError(ValueError):
    """Texte qui n'est pas un nombre ; l'appelant ajoute la position de la cellule."""


def _strip_symbol(raw: str) -> tuple[str, str | None]:
    for sym, canon in (("%", "%"), ("€", "€"), ("EUR", "€")):
        if raw.endswith(sym):
            return raw[: -len(sym)].rstrip(GROUPING), canon
    return raw, None


def _groups_ok(groups: list[str]) -> bool:
    if not all(_DIGITS.match(g) for g in groups):
        return False
    return len(groups) == 1 or (len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:]))


def parse_number(text: str) -> Number | None:
    """Lit une cellule ; ``None`` pour une cellule vide (ou « - »), sinon valeur exacte.

    Règles : une virgule est décimale (points et espaces groupent alors les milliers) ; sans
    virgule, un point seul est décimal et plusieurs points groupent les milliers ; un groupe
    de milliers a exactement trois chiffres, ce qui détecte deux nombres collés.
    """
    raw = text.strip(GROUPING + "\t\r\n")
    if raw.startswith("'"):  # préfixe « texte » d'un tableur
        raw = raw[1:].strip(GROUPING)
    raw, symbol = _strip_symbol(raw)
    if raw in EMPTY_MARKS:
        return None
    negative = raw[:1] in ("-", "\u2212")
    if raw[:1] in ("-", "+", "\u2212"):
        raw = raw[1:].lstrip(GROUPING)
    if raw.count(",") > 1:
        raise NumberFormatError(f"« {text.strip()} » n'est pas un nombre ({_NUMBER_HINT})")
    if "," in raw:
        whole, frac = raw.split(",")
        grouping = GROUPING + "."
    elif raw.count(".") > 1:
        whole, frac, grouping = raw, None, GROUPING + "."
    else:
        whole, _, frac = raw.partition(".")
        frac = frac if "." in raw else None
        grouping = GROUPING
    groups = re.split(f"[{re.escape(grouping)}]", whole)
    if not _groups_ok(groups) or (frac is not None and not _DIGITS.match(frac)):
        raise NumberFormatError(f"« {text.strip()} » n'est pas un nombre ({_NUMBER_HINT})")
    digits = "".join(groups) + (f".{frac}" if frac is not None else "")
    value = Decimal(digits)
    return Number(-value if negative else value, symbol)


DISPLAY_PLACES = 6  # au-delà, un quotient est affiché arrondi (la valeur exacte reste en JSON)


def _group(whole: str) -> str:
    return f"{int(whole):,}".replace(",", "\u202f")


def format_number(value: Decimal | None, unite: Unite, *, signed: bool = False) -> str:
    """``171 227 831 €``, ``2,24 %``, ``614`` (espace fine insécable) ; « vide » pour rien."""
    if value is None:
        return "vide"
    prefix = ""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DISPLAY_PLACES:
        value = value.quantize(Decimal(1).scaleb(-DISPLAY_PLACES), rounding=ROUND_HALF_UP)
        value = value.normalize() if value == value.to_integral_value() else value
        prefix = "≈ "
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    whole, _, frac = f"{abs(value):f}".partition(".")
    text = _group(whole) + (f",{frac}" if frac else "")
    suffix = {Unite.euros: " €", Unite.pourcentage: " %", Unite.nombre: ""}[unite]
    return f"{prefix}{sign}{text}{suffix}"


def decimal_text(value: Decimal | None) -> str | None:
    """Valeur exacte en texte (JSON) : ``"-200000"``, ``"2.24"``."""
    return None if value is None else f"{value:f}"
