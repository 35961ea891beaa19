"""Numéro FINESS : 9 caractères, clé de Luhn calculée avec 2A lu 21 et 2B lu 22."""

from __future__ import annotations

import re

from campagne.errors import CampagneError

_FORMAT = re.compile(r"^([0-9]{2}|2A|2B)[0-9]{7}$")


class FinessError(CampagneError):
    """Numéro FINESS invalide (format ou clé)."""


def _digits_for_key(number: str) -> str:
    head = number[:2]
    if head == "2A":
        return "21" + number[2:]
    if head == "2B":
        return "22" + number[2:]
    return number


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def check_digit(first_eight: str) -> str:
    """Clé de Luhn à ajouter aux 8 premiers caractères d'un numéro FINESS."""
    base = _digits_for_key(first_eight.upper())
    for key in "0123456789":
        if luhn_valid(base + key):
            return key
    raise FinessError(f"aucune clé possible pour « {first_eight} »")  # pragma: no cover


def finess_problem(number: str) -> str | None:
    """Le problème d'un numéro FINESS en français, ou ``None`` s'il est valide."""
    n = (number or "").strip().upper()
    if len(n) != 9:
        return f"le numéro FINESS « {number} » doit compter 9 caractères (il en a {len(n)})"
    if not _FORMAT.match(n):
        return (
            f"le numéro FINESS « {number} » est mal formé : 2 caractères de département "
            "(chiffres, 2A ou 2B) puis 7 chiffres"
        )
    if not luhn_valid(_digits_for_key(n)):
        expected = check_digit(n[:8])
        return (
            f"la clé de contrôle du numéro FINESS « {number} » est fausse : "
            f"le dernier chiffre devrait être {expected} (vérifiez la saisie)"
        )
    return None


def is_valid_finess(number: str) -> bool:
    return finess_problem(number) is None


def validate_finess(number: str) -> str:
    """Renvoie le numéro normalisé (majuscules) ou lève :class:`FinessError`."""
    problem = finess_problem(number)
    if problem:
        raise FinessError(problem)
    return number.strip().upper()
