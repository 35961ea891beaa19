"""Une règle : un petit objet déclaré, avec sa source, ses entrées, ses paramètres et une
fonction vectorisée polars calculée d'un coup sur tout le portefeuille."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

import polars as pl

from campagne.money import RATE_DTYPE, Rounding
from campagne.params import At, ParameterSet


class Unit(str, Enum):
    euro = "euro"  # centimes entiers (Int64)
    taux = "taux"  # Decimal(38, 12)
    nombre = "nombre"
    booleen = "booleen"
    texte = "texte"


class Nature(str, Enum):
    perenne = "perenne"
    non_perenne = "non_perenne"


@dataclass(frozen=True)
class Ref:
    """Référence juridique d'une règle : ``Ref("ROB24", "§3")``."""

    source: str
    section: str

    def __str__(self) -> str:
        return f"[{self.source} {self.section}]"


@dataclass(frozen=True)
class Campaign:
    id: str
    libelle: str
    annee: int
    secteurs: frozenset[str]
    region: str | None
    date_reference: dt.date

    def at(self, departement: str | None = None) -> At:
        return At(self.annee, self.date_reference, self.region, departement)

    @classmethod
    def from_params(cls, params: ParameterSet, cid: str) -> Campaign:
        decl = params.campaign(cid)
        return cls(cid, decl.libelle, decl.annee, frozenset(decl.secteurs), decl.region,
                   decl.date_reference)


@dataclass(frozen=True)
class Applicability:
    """À quels ESMS une règle s'applique ; ``None`` = pas de restriction sur ce critère."""

    campagnes: frozenset[int] | None = None
    secteurs: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    condition: Callable[[RuleContext], pl.Expr] | None = None
    condition_label: str | None = None

    def runs_in(self, campaign: Campaign) -> bool:
        if self.campagnes is not None and campaign.annee not in self.campagnes:
            return False
        return self.secteurs is None or bool(self.secteurs & campaign.secteurs)


@dataclass(frozen=True)
class Rule:
    name: str
    label: str
    references: tuple[Ref, ...]
    compute: Callable[[RuleContext], pl.Expr | pl.Series]
    unit: Unit = Unit.euro
    inputs: tuple[str, ...] = ()
    optional_inputs: tuple[str, ...] = ()
    parameters: Mapping[str, str | None] = field(default_factory=dict)
    applies: Applicability = field(default_factory=Applicability)
    formula: str | None = None
    rounding: Rounding | None = None
    nature: Nature | None = None
    phase: int | None = None  # 1 = mai–juillet, 2 = automne [ROB24 §1]
    # Colonnes issues des décisions de la campagne (CNR accordés, reprises confirmées…) et
    # non du portefeuille : absentes, elles valent « rien de décidé » (vides), pas une erreur.
    decisions: tuple[str, ...] = ()

    @property
    def all_inputs(self) -> tuple[str, ...]:
        return self.inputs + self.optional_inputs

    def citation(self) -> str:
        return " ".join(str(r) for r in self.references)


class RuleContext:
    """Ce qu'une règle voit : le tableau courant, la campagne et ses paramètres."""

    def __init__(self, frame: pl.DataFrame, campaign: Campaign, params: ParameterSet) -> None:
        self.frame = frame
        self.campaign = campaign
        self.params = params

    def param(self, name: str, key: str | None = None) -> Any:
        """Valeur régionale (ou nationale) d'un paramètre, pour toute la campagne."""
        return self.params.value(name, self.campaign.at(), key)

    def param_cents(self, name: str, key: str | None = None) -> int:
        return self.params.resolve(name, self.campaign.at()).cents(key)

    def param_expr(self, name: str, key_col: str | None = None) -> pl.Expr:
        """Valeur ligne à ligne : clé d'index lue dans ``key_col``, valeurs départementales
        prioritaires. Les taux sont des Decimal exacts, les montants des centimes."""
        at = self.campaign.at()
        resolved = self.params.resolve(name, at)
        overrides = self.params.departement_overrides(name, at)
        dtype, conv = _dtype_for(resolved.unite)
        expr = _lookup(resolved.value, key_col, dtype, conv)
        for dep, value in overrides.items():
            expr = pl.when(pl.col("departement") == dep).then(
                _lookup(value, key_col, dtype, conv)
            ).otherwise(expr)
        return expr


def _dtype_for(unite: str) -> tuple[pl.DataType, Callable[[Any], Any]]:
    if unite == "taux":
        return RATE_DTYPE, lambda v: Decimal(v)
    if unite.startswith("euro"):
        return pl.Int64(), lambda v: int(Decimal(v) * 100)
    if unite in ("nombre", "jours", "semaines", "points", "mois"):
        return pl.Decimal(38, 12), lambda v: Decimal(v)
    if unite == "date":
        return pl.Date(), lambda v: v
    return pl.String(), str


def _lookup(value: Any, key_col: str | None, dtype: pl.DataType,
            conv: Callable[[Any], Any]) -> pl.Expr:
    if not isinstance(value, dict):
        return pl.lit(conv(value), dtype=dtype)
    if key_col is None:
        raise ValueError("paramètre indexé utilisé sans colonne de clé")
    mapping = {k: conv(v) for k, v in value.items()}
    return pl.col(key_col).replace_strict(mapping, default=None, return_dtype=dtype)
