"""Portefeuilles de démonstration : la démo PH Île-de-France 2024 (calibrée sur le ROB 2024)
et un générateur national pour les mesures de performance."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from campagne.demo.generator import generate_idf_ph, generate_national, write_demo_csv

DEMO_FILE = "portefeuille_idf_ph_2024.csv"
DEMO_CNR_FILE = "demandes_cnr_2024.csv"

__all__ = ["DEMO_CNR_FILE", "DEMO_FILE", "demo_cnr_requests_path", "demo_portfolio_path",
           "generate_idf_ph", "generate_national", "write_demo_csv"]


def demo_portfolio_path() -> Path:
    """Chemin du portefeuille de démonstration embarqué (``data/portefeuille_idf_ph_2024.csv``,
    régénéré par ``examples/generer_demo.py``)."""
    return Path(str(resources.files("campagne.demo").joinpath("data", DEMO_FILE)))


def demo_cnr_requests_path() -> Path:
    """Chemin des demandes de CNR de démonstration (``data/demandes_cnr_2024.csv``, régénéré
    par ``examples/generer_demo.py``)."""
    return Path(str(resources.files("campagne.demo").joinpath("data", DEMO_CNR_FILE)))
