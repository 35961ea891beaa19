"""Montants exacts en centimes entiers, et arrondis nommés.

Tout montant stocké, additionné ou affiché est un entier de centimes (``int`` en Python,
``Int64`` dans les tableaux polars). Les taux sont des ``Decimal`` exacts : un produit
montant × taux est calculé en rationnel exact (entiers 128 bits dans polars), puis arrondi
par une étape nommée (:class:`Rounding`), jamais par un flottant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

import polars as pl

from campagne.errors import CampagneError

CENTS_PER_EURO = 100


class MoneyError(CampagneError):
    """Montant illisible ou inexact (plus de deux décimales, texte non numérique…)."""


class RoundingMode(str, Enum):
    HALF_UP = "demi_superieur"  # 0,5 s'arrondit en s'éloignant de zéro (ROUND_HALF_UP)
    DOWN = "troncature"  # vers zéro
    UP = "superieur"  # en s'éloignant de zéro


@dataclass(frozen=True)
class Rounding:
    """Une étape d'arrondi nommée, citée dans les explications."""

    name: str
    label: str
    unit_cents: int
    mode: RoundingMode = RoundingMode.HALF_UP

    def apply_ratio(self, num: int, den: int) -> int:
        """Arrondit le rationnel exact ``num / den`` (en centimes) à l'unité de l'étape."""
        if den <= 0:
            raise MoneyError("dénominateur nul ou négatif dans un arrondi")
        sign = -1 if num < 0 else 1
        n = abs(num)
        scale = den * self.unit_cents
        if self.mode is RoundingMode.HALF_UP:
            units = (2 * n + scale) // (2 * scale)
        elif self.mode is RoundingMode.DOWN:
            units = n // scale
        else:
            units = -(-n // scale)
        return sign * units * self.unit_cents

    def expr_ratio(self, num: pl.Expr, den: pl.Expr | int) -> pl.Expr:
        """Version vectorisée de :meth:`apply_ratio` (entiers 128 bits, exacte)."""
        num128 = num.cast(pl.Int128)
        den128 = den.cast(pl.Int128) if isinstance(den, pl.Expr) else pl.lit(den, pl.Int128)
        scale = den128 * self.unit_cents
        n = num128.abs()
        if self.mode is RoundingMode.HALF_UP:
            units = (2 * n + scale) // (2 * scale)
        elif self.mode is RoundingMode.DOWN:
            units = n // scale
        else:
            units = (n + scale - 1) // scale
        signed = pl.when(num128 < 0).then(pl.lit(0, pl.Int128) - units).otherwise(units)
        return (signed * self.unit_cents).cast(pl.Int64)


EURO = Rounding("arrondi_euro", "arrondi à l'euro le plus proche (0,50 € arrondi au-dessus)", 100)
CENT = Rounding("arrondi_centime", "arrondi au centime le plus proche", 1)
EURO_DOWN = Rounding(
    "arrondi_euro_inferieur", "arrondi à l'euro inférieur (pour ne jamais dépasser la cible)",
    100, RoundingMode.DOWN,
)


def rate_fraction(rate: Decimal) -> tuple[int, int]:
    """Écrit un taux décimal exact sous forme ``(numérateur, dénominateur)`` entiers."""
    if not rate.is_finite():
        raise MoneyError(f"taux non fini : {rate}")
    sign, digits, exponent = rate.as_tuple()
    assert isinstance(exponent, int)
    num = int("".join(map(str, digits)) or "0")
    if exponent >= 0:
        num *= 10**exponent
        den = 1
    else:
        den = 10 ** (-exponent)
    return (-num if sign else num), den


def mul_rate(cents: int, rate: Decimal, rounding: Rounding) -> int:
    """``cents × rate`` arrondi par l'étape nommée."""
    num, den = rate_fraction(rate)
    return rounding.apply_ratio(cents * num, den)


def expr_mul_rate(cents: pl.Expr, rate: Decimal, rounding: Rounding) -> pl.Expr:
    """Produit vectorisé montant (centimes) × taux exact, arrondi par l'étape nommée."""
    num, den = rate_fraction(rate)
    return rounding.expr_ratio(cents.cast(pl.Int128) * pl.lit(num, pl.Int128), den)


_AMOUNT_RE = re.compile(r"^[+-]?\d+(\.\d{1,2})?$")


def to_cents(value: Decimal | int | str) -> int:
    """Convertit des euros exacts en centimes ; refuse plus de deux décimales."""
    if isinstance(value, bool):
        raise MoneyError(f"montant invalide : {value!r}")
    if isinstance(value, int):
        return value * CENTS_PER_EURO
    if isinstance(value, float):
        raise MoneyError("un montant ne peut pas être un flottant : écrivez-le en texte exact")
    try:
        d = Decimal(value) if isinstance(value, str) else value
    except InvalidOperation as exc:
        raise MoneyError(f"montant illisible : « {value} »") from exc
    if not d.is_finite():
        raise MoneyError(f"montant illisible : « {value} »")
    cents = d * CENTS_PER_EURO
    if cents != cents.to_integral_value():
        raise MoneyError(f"montant au-delà du centime : « {value} » (deux décimales au plus)")
    return int(cents)


def parse_euros(text: str) -> int:
    """Lit un montant écrit à la française ou à l'anglaise : ``1 234 567,89 €``, ``1234.5``."""
    raw = str(text).strip()
    cleaned = (
        raw.replace("€", "")
        .replace("\u202f", "")
        .replace("\xa0", "")
        .replace(" ", "")
        .replace("EUR", "")
    )
    if "," in cleaned:
        if "." in cleaned:
            raise MoneyError(f"montant ambigu : « {raw} » (virgule et point à la fois)")
        cleaned = cleaned.replace(",", ".")
    if not _AMOUNT_RE.match(cleaned):
        raise MoneyError(
            f"montant illisible : « {raw} » (attendu : un nombre en euros, "
            "deux décimales au plus, par exemple 1234567,89)"
        )
    return to_cents(cleaned)


def cents_to_decimal(cents: int) -> Decimal:
    return (Decimal(cents) / CENTS_PER_EURO).quantize(Decimal("0.01"))


def format_euros(cents: int, *, always_cents: bool = False) -> str:
    """Affichage français : ``2 347 523 971 €`` ou ``1 234,50 €`` (espace fine insécable)."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), CENTS_PER_EURO)
    grouped = f"{euros:,}".replace(",", "\u202f")
    if rest or always_cents:
        return f"{sign}{grouped},{rest:02d} €"
    return f"{sign}{grouped} €"


def format_rate(rate: Decimal) -> str:
    """Taux en pourcentage à la française : ``Decimal('0.01')`` → ``1,00 %``."""
    pct = (rate * 100).normalize()
    text = f"{pct:f}"
    if "." in text:
        whole, frac = text.split(".")
        frac = frac.ljust(2, "0")
    else:
        whole, frac = text, "00"
    return f"{whole},{frac} %"


RATE_SCALE = 12
RATE_DTYPE = pl.Decimal(38, RATE_SCALE)
"""Type polars des taux : décimal exact à 12 chiffres après la virgule."""


def expr_mul_rate_col(cents: pl.Expr, rate: pl.Expr, rounding: Rounding) -> pl.Expr:
    """Produit vectorisé montant × taux ligne à ligne (taux en :data:`RATE_DTYPE`), exact."""
    num = (rate.cast(RATE_DTYPE) * pl.lit(10**RATE_SCALE, pl.Int64)).cast(pl.Int128)
    return rounding.expr_ratio(cents.cast(pl.Int128) * num, 10**RATE_SCALE)
