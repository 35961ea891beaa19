"""``allocate()`` : partage exact d'une enveloppe au prorata de poids, avec planchers et plafonds.

Résolution exacte, sans recherche numérique :

1. **Remplissage par niveaux** : on cherche la valeur du point λ (montant par unité de poids)
   telle que Σ min(max(λ × poids, plancher), plafond) = enveloppe. La somme est affine par
   morceaux en λ ; on parcourt les points de rupture (plancher/poids, plafond/poids) triés,
   puis on résout λ en rationnel exact sur le bon segment.
2. **Plus forts restes** : chaque part idéale (rationnelle) est tronquée à l'unité ; les unités
   restantes vont aux plus forts restes (à reste égal : au plus fort poids, puis dans l'ordre
   des éléments). Les bornes étant des unités entières, une part fractionnaire est strictement
   entre son plancher et son plafond : l'unité ajoutée ne les franchit jamais.

La somme des parts est donc exactement l'enveloppe ; un poids plus fort (à bornes égales) ne
reçoit jamais moins.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from campagne.errors import CampagneError
from campagne.money import CENTS_PER_EURO, format_euros


class AllocationError(CampagneError):
    """Répartition impossible (enveloppe hors des bornes, poids négatif, borne incohérente…)."""


@dataclass(frozen=True)
class AllocationUnit:
    """Unité des parts : ``quantum`` est la taille d'une unité dans la grandeur manipulée
    (centimes pour l'argent, nombre pour les unités entières)."""

    name: str
    label: str
    quantum: int
    money: bool

    def show(self, value: int) -> str:
        return format_euros(value) if self.money else f"{value}"


CENT = AllocationUnit("centime", "au centime", 1, True)
EURO = AllocationUnit("euro", "à l'euro", CENTS_PER_EURO, True)
WHOLE = AllocationUnit("unite", "en unités entières", 1, False)


@dataclass(frozen=True)
class AllocationExplanation:
    """Ce que la répartition a fait, lisible par un agent."""

    envelope: int
    unit: AllocationUnit
    total_weight: Decimal
    point_value: Fraction | None
    items: int
    floored: tuple[str, ...]
    capped: tuple[str, ...]
    remainder_units: int
    remainder_to: tuple[str, ...]
    zero_weight: tuple[str, ...] = field(default=())

    def point_text(self) -> str:
        if self.point_value is None:
            return "sans objet (aucun élément libre)"
        value = Decimal(self.point_value.numerator) / Decimal(self.point_value.denominator)
        if self.unit.money:
            return f"{value / CENTS_PER_EURO:.6f} € par unité de poids".replace(".", ",")
        return f"{value:.6f} unité par unité de poids".replace(".", ",")

    def to_dict(self) -> dict[str, Any]:
        return {
            "methode": "remplissage par niveaux puis plus forts restes",
            "enveloppe": self.unit.show(self.envelope),
            "unite": self.unit.name,
            "elements": self.items,
            "somme_des_poids": str(self.total_weight),
            "valeur_du_point": self.point_text(),
            "au_plancher": list(self.floored),
            "au_plafond": list(self.capped),
            "poids_nul": list(self.zero_weight),
            "unites_attribuees_au_plus_fort_reste": self.remainder_units,
            "beneficiaires_des_restes": list(self.remainder_to),
        }

    def to_text(self) -> str:
        step = f" de {self.unit.show(self.unit.quantum)}" if self.unit.money else ""
        lines = [
            f"Répartition de {self.unit.show(self.envelope)} entre {self.items} élément(s), "
            f"{self.unit.label}, au prorata des poids (somme des poids : {self.total_weight}).",
            f"Valeur du point : {self.point_text()}.",
        ]
        if self.floored:
            lines.append(f"{len(self.floored)} élément(s) relevé(s) à leur plancher : "
                         + _names(self.floored) + ".")
        if self.capped:
            lines.append(f"{len(self.capped)} élément(s) limité(s) à leur plafond : "
                         + _names(self.capped) + ".")
        if self.zero_weight:
            lines.append(f"{len(self.zero_weight)} élément(s) de poids nul (plancher seul) : "
                         + _names(self.zero_weight) + ".")
        if self.remainder_units:
            lines.append(
                f"Parts tronquées {self.unit.label} ; les {self.remainder_units} unité(s) "
                f"restante(s){step} sont allées aux plus forts restes : "
                f"{_names(self.remainder_to)}."
            )
        else:
            lines.append("Aucun reste à distribuer : les parts tombent juste.")
        return "\n".join(lines)


def _names(keys: Sequence[str], limit: int = 10) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f" et {len(keys) - limit} autre(s)" if len(keys) > limit else "")


@dataclass(frozen=True)
class Allocation:
    keys: tuple[str, ...]
    shares: tuple[int, ...]
    explanation: AllocationExplanation

    def by_key(self) -> dict[str, int]:
        return dict(zip(self.keys, self.shares, strict=True))


def _integer_weights(
    weights: Sequence[int | Decimal], keys: Sequence[str]
) -> tuple[list[int], int]:
    """Poids exacts ramenés à des entiers, et le facteur commun appliqué (rapports gardés)."""
    exact: list[Fraction] = []
    for key, w in zip(keys, weights, strict=True):
        if isinstance(w, bool | float):
            raise AllocationError(f"{key} : poids {w!r} non exact (entier ou Decimal attendu)")
        value = Fraction(w)
        if value < 0:
            raise AllocationError(f"{key} : poids négatif ({w}) ; un poids est positif ou nul")
        exact.append(value)
    den = math.lcm(*(v.denominator for v in exact))
    return [int(v * den) for v in exact], den


def _in_units(value: int, unit: AllocationUnit, what: str) -> int:
    if value % unit.quantum:
        raise AllocationError(
            f"{what} ({unit.show(value)}) n'est pas un multiple de l'unité de répartition "
            f"({unit.label}) : arrondissez-le d'abord"
        )
    return value // unit.quantum


def _bounds(
    values: Sequence[int | None] | None, n: int, unit: AllocationUnit, keys: Sequence[str],
    what: str,
) -> list[int | None]:
    if values is None:
        return [None] * n
    if len(values) != n:
        raise AllocationError(f"{len(values)} {what}s pour {n} éléments")
    return [None if v is None else _in_units(v, unit, f"{what} de {k}")
            for k, v in zip(keys, values, strict=True)]


def _point_value(
    envelope: int, weights: list[int], floors: list[int], caps: list[int | None]
) -> Fraction:
    """λ tel que Σ clamp(λ·w, plancher, plafond) = enveloppe (enveloppe réalisable)."""
    if not any(floors) and all(c is None for c in caps):
        return Fraction(envelope, sum(weights))  # cas courant : prorata pur, sans tri
    # Événements : à λ = plancher/poids l'élément devient libre, à λ = plafond/poids il sature.
    events: list[tuple[Fraction, int, int]] = []  # (λ, +1 entrée / -1 sortie, indice)
    for i, w in enumerate(weights):
        if w > 0:
            events.append((Fraction(floors[i], w), 1, i))
            cap = caps[i]
            if cap is not None:
                events.append((Fraction(cap, w), -1, i))
    events.sort(key=lambda e: e[0])
    fixed = sum(floors)  # S(λ) = fixed + λ × free_weight
    free_weight = 0
    previous = Fraction(0)
    for at, kind, i in events:
        if fixed + at * free_weight >= envelope:
            break
        previous = at
        if kind == 1:
            fixed -= floors[i]
            free_weight += weights[i]
        else:
            fixed += caps[i]  # type: ignore[operator]
            free_weight -= weights[i]
    if free_weight == 0:  # toutes les bornes atteintes pile : n'importe quel λ du palier
        return previous
    return Fraction(envelope - fixed, free_weight)


def allocate(
    envelope: int,
    weights: Sequence[int | Decimal],
    *,
    floors: Sequence[int | None] | None = None,
    caps: Sequence[int | None] | None = None,
    unit: AllocationUnit = EURO,
    keys: Sequence[str] | None = None,
) -> Allocation:
    """Partage ``envelope`` au prorata de ``weights``, total exact.

    ``envelope``, ``floors`` et ``caps`` sont en centimes pour les unités monétaires (et
    doivent être des multiples de l'unité : 100 pour l'euro), en nombre pour ``WHOLE``.
    Un plancher ou un plafond ``None`` signifie « sans borne ».
    """
    n = len(weights)
    names = list(keys) if keys is not None else [f"élément n° {i + 1}" for i in range(n)]
    if len(names) != n:
        raise AllocationError(f"{len(names)} clés pour {n} poids")
    if n == 0:
        raise AllocationError("aucun élément entre lesquels répartir l'enveloppe")
    if envelope < 0:
        raise AllocationError(f"enveloppe négative ({unit.show(envelope)})")
    total = _in_units(envelope, unit, "l'enveloppe")
    w, scale = _integer_weights(weights, names)
    lows = [f or 0 for f in _bounds(floors, n, unit, names, "plancher")]
    highs = _bounds(caps, n, unit, names, "plafond")
    for name, low, high in zip(names, lows, highs, strict=True):
        if low < 0:
            raise AllocationError(f"{name} : plancher négatif")
        if high is not None and high < low:
            raise AllocationError(
                f"{name} : plafond ({unit.show(high * unit.quantum)}) inférieur au plancher "
                f"({unit.show(low * unit.quantum)}) : corrigez l'une des deux bornes")
    if sum(lows) > total:
        raise AllocationError(
            f"enveloppe de {unit.show(envelope)} inférieure à la somme des planchers "
            f"({unit.show(sum(lows) * unit.quantum)}) : augmentez l'enveloppe ou baissez les "
            "planchers")
    free_max = [h if h is not None else (None if wi > 0 else lo)
                for h, wi, lo in zip(highs, w, lows, strict=True)]
    if all(m is not None for m in free_max) and sum(free_max) < total:  # type: ignore[arg-type]
        raise AllocationError(
            f"enveloppe de {unit.show(envelope)} supérieure à ce que les éléments peuvent "
            f"recevoir ({unit.show(sum(free_max) * unit.quantum)}, plafonds et poids nuls "  # type: ignore[arg-type]
            "compris) : baissez l'enveloppe ou relevez les plafonds")

    lam = _point_value(total, w, lows, highs) if any(w) else Fraction(0)
    # Parts idéales p·w/q : partie entière et reste entiers (même dénominateur q pour tous).
    p, q = lam.numerator, lam.denominator
    base: list[int] = []
    rests: list[int] = []
    floored: list[str] = []
    capped: list[str] = []
    for i in range(n):
        whole, rest = divmod(p * w[i], q)
        high = highs[i]
        if whole < lows[i] or (whole == lows[i] and rest == 0):
            whole, rest = lows[i], 0
            if w[i] > 0 and lows[i] > 0:
                floored.append(names[i])
        elif high is not None and whole >= high:
            whole, rest = high, 0
            capped.append(names[i])
        base.append(whole)
        rests.append(rest)
    remainder = total - sum(base)
    order = sorted((i for i in range(n) if rests[i] > 0), key=lambda i: (-rests[i], -w[i], i))
    winners = sorted(order[:remainder])
    for i in winners:
        base[i] += 1
    explanation = AllocationExplanation(
        envelope=envelope,
        unit=unit,
        total_weight=sum((Decimal(x) for x in weights), Decimal(0)),
        point_value=lam * scale * unit.quantum if any(w) else None,
        items=n,
        floored=tuple(floored),
        capped=tuple(capped),
        remainder_units=len(winners),
        remainder_to=tuple(names[i] for i in winners),
        zero_weight=tuple(names[i] for i in range(n) if w[i] == 0),
    )
    return Allocation(tuple(names), tuple(s * unit.quantum for s in base), explanation)


__all__ = ["CENT", "EURO", "WHOLE", "Allocation", "AllocationError", "AllocationExplanation",
           "AllocationUnit", "allocate"]
