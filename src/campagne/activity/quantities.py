"""Quantités d'activité exactes : entiers de centièmes d'unité (journées, actes, UA…).

Comme l'argent en centimes, une activité est stockée en centièmes entiers (``Int64``) et tout
produit par un coefficient décimal (0,17 UA par acte, 1,22 file active par place, 1,058…)
est calculé en rationnel exact puis arrondi par une étape nommée. Les tableaux rendus à
l'utilisateur portent des ``Decimal(38, 2)`` exacts.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import polars as pl

from campagne.money import Rounding, rate_fraction

HUNDREDTHS = 100
ACTIVITY_DTYPE = pl.Decimal(38, 2)
HUNDREDTH = Rounding(
    "arrondi_activite_centieme", "activité arrondie au centième d'unité (0,005 au-dessus)", 1
)


def scaled(value: pl.Expr, factor: Decimal, rounding: Rounding = HUNDREDTH) -> pl.Expr:
    """``value × factor`` (entiers) arrondi à l'entier par l'étape nommée, en exact."""
    num, den = rate_fraction(factor)
    return rounding.expr_ratio(value.cast(pl.Int128) * pl.lit(num, pl.Int128), den)


def as_decimal(hundredths: pl.Expr) -> pl.Expr:
    """Centièmes entiers → décimal exact à deux chiffres (8 400,00)."""
    return hundredths.cast(ACTIVITY_DTYPE) / HUNDREDTHS


def to_hundredths(value: pl.Expr) -> pl.Expr:
    """Décimal à deux chiffres → centièmes entiers (exact)."""
    return (value.cast(ACTIVITY_DTYPE) * HUNDREDTHS).cast(pl.Int64)


def text(hundredths: pl.Expr) -> pl.Expr:
    """Écriture française d'une quantité : « 8400 », « 48,8 », « 3780,72 »."""
    whole = (hundredths // HUNDREDTHS).cast(pl.String)
    frac = (hundredths % HUNDREDTHS).cast(pl.String).str.zfill(2).str.strip_suffix("0")
    return pl.when(hundredths % HUNDREDTHS == 0).then(whole).otherwise(
        pl.format("{},{}", whole, frac)
    )


def decimal_text(value: Decimal) -> str:
    """Écriture française d'un décimal : ``Decimal('1.22')`` → « 1,22 »."""
    return f"{value.normalize():f}".replace(".", ",")


_NUMBER_RE = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def parse_number(raw: str, decimals: int) -> Decimal:
    """Lit un nombre écrit à la française (``1 234,5``) ; ``ValueError`` en français sinon."""
    cleaned = raw.replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not _NUMBER_RE.match(cleaned):
        raise ValueError(f"« {raw} » n'est pas un nombre")
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - exclu par l'expression régulière
        raise ValueError(f"« {raw} » n'est pas un nombre") from exc
    if value != value.quantize(Decimal(1).scaleb(-decimals)):
        what = "un nombre entier" if decimals == 0 else f"{decimals} décimales au plus"
        raise ValueError(f"« {raw} » : {what} attendu")
    return value
