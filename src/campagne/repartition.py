"""Répartir une enveloppe entre des éléments lus dans un fichier (régions, départements,
ESMS…) : colonnes ``cle;poids`` et, facultatives, ``plancher;plafond``.

Les montants (enveloppe, planchers, plafonds) sont en euros pour les unités « euro » et
« centime », en nombre entier pour « unite ». Les poids sont des nombres exacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from campagne.allocation import CENT, EURO, WHOLE, Allocation, AllocationUnit, allocate
from campagne.errors import CampagneError
from campagne.money import MoneyError, parse_euros
from campagne.referentiel.tabular import TabularError, read_rows

UNITS: dict[str, AllocationUnit] = {"euro": EURO, "centime": CENT, "unite": WHOLE}


class RepartitionFileError(CampagneError):
    """Fichier d'éléments à répartir invalide (toutes les erreurs, ligne par ligne)."""


@dataclass(frozen=True)
class Items:
    keys: list[str]
    weights: list[Decimal]
    floors: list[int | None]
    caps: list[int | None]


def _amount(text: str, unit: str) -> int:
    if unit == "unite":
        value = Decimal(text.replace(" ", "").replace("\xa0", "").replace(",", "."))
        if value != value.to_integral_value():
            raise ValueError("nombre entier attendu")
        return int(value)
    return parse_euros(text)


def parse_envelope(text: str, unit: str) -> int:
    if unit not in UNITS:
        raise RepartitionFileError(f"unité inconnue « {unit} » (unités : euro, centime, unite)")
    try:
        return _amount(text, unit)
    except (ValueError, InvalidOperation, MoneyError) as exc:
        raise RepartitionFileError(f"enveloppe illisible « {text} » : {exc}") from exc


def read_items(path: Path, unit: str) -> Items:
    try:
        rows = read_rows(path)
    except TabularError as exc:
        raise RepartitionFileError(str(exc)) from None
    fields = list(rows[0]) if rows else []
    if "cle" not in fields or "poids" not in fields:
        raise RepartitionFileError(
            f"{path.name} : colonnes « cle » et « poids » obligatoires (trouvées : {fields})"
        )
    unknown = set(fields) - {"cle", "poids", "plancher", "plafond"}
    if unknown:
        raise RepartitionFileError(f"{path.name} : colonnes inconnues {sorted(unknown)}")
    errors: list[str] = []
    items = Items([], [], [], [])
    for lineno, row in enumerate(rows, start=2):
        key = row.get("cle", "")
        if not key:
            errors.append(f"ligne {lineno} : « cle » vide")
            continue
        try:
            weight = Decimal(row["poids"].replace(" ", "").replace("\xa0", "").replace(",", "."))
            if not weight.is_finite() or weight < 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(f"ligne {lineno} ({key}) : poids « {row['poids']} » invalide "
                          "(nombre positif ou nul attendu)")
            continue
        bounds: list[int | None] = []
        for col in ("plancher", "plafond"):
            value = row.get(col, "")
            try:
                bounds.append(_amount(value, unit) if value else None)
            except (ValueError, InvalidOperation, MoneyError) as exc:
                errors.append(f"ligne {lineno} ({key}) : {col} « {value} » illisible : {exc}")
                bounds.append(None)
        items.keys.append(key)
        items.weights.append(weight)
        items.floors.append(bounds[0])
        items.caps.append(bounds[1])
    if errors:
        raise RepartitionFileError(f"{path.name} : {len(errors)} erreur(s) :\n  - "
                                   + "\n  - ".join(errors))
    if not items.keys:
        raise RepartitionFileError(f"{path.name} : aucun élément à répartir")
    return items


def repartir(envelope: int, items: Items, unit: str) -> Allocation:
    has_floor = any(f is not None for f in items.floors)
    has_cap = any(c is not None for c in items.caps)
    return allocate(
        envelope, items.weights,
        floors=items.floors if has_floor else None,
        caps=items.caps if has_cap else None,
        unit=UNITS[unit], keys=items.keys,
    )
