"""Petits portefeuilles et fichiers écrits à la main pour les tests budgétaires."""

from pathlib import Path

import polars as pl

from campagne.referentiel.finess import check_digit
from tests.support import make_portfolio

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "budget"


def finess(n: int, dep: str = "75") -> str:
    """Numéro FINESS fictif à clé de Luhn valide : ``finess(1)`` → 750000014…"""
    head = f"{dep}{n:06d}"[:8]
    return head + check_digit(head)


EJ_PRIVE = finess(900)
EJ_EPS = finess(901)
ET_IME = finess(1)  # IME 183, privé
ET_MAS = finess(2)  # MAS 255, privé
ET_SAMSAH = finess(3)  # SAMSAH 445, privé
ET_SSIAD_EPS = finess(4)  # SSIAD 354 d'un établissement public de santé


def portfolio(extra: list[dict] | None = None) -> pl.DataFrame:
    rows = [
        {"finess": ET_IME, "finess_ej": EJ_PRIVE, "categorie": "183", "statut_juridique": "60",
         "capacite": 20, "base_reconductible": 100_000_000, "convention_collective": "CC66"},
        {"finess": ET_MAS, "finess_ej": EJ_PRIVE, "categorie": "255", "statut_juridique": "60",
         "capacite": 30, "base_reconductible": 300_000_000, "convention_collective": "CC51"},
        {"finess": ET_SAMSAH, "finess_ej": EJ_PRIVE, "categorie": "445",
         "statut_juridique": "60", "capacite": 10, "base_reconductible": 50_000_000,
         "convention_collective": "CC65"},
        {"finess": ET_SSIAD_EPS, "finess_ej": EJ_EPS, "categorie": "354",
         "statut_juridique": "13", "statut_agregat": "public", "capacite": 40,
         "base_reconductible": 45_000_000, "fonction_publique": "FPH"},
    ]
    return make_portfolio(rows + (extra or []))


def write_csv(path: Path, header: str, *lines: str) -> Path:
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path
