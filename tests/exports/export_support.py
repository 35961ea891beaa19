"""Outils communs des tests d'exports : la campagne de démo, avec deux CNR accordés pour que
l'export porte aussi des crédits non reconductibles."""

from __future__ import annotations

from functools import cache

import polars as pl

from campagne.demo import demo_portfolio_path
from campagne.engine import CampaignResult
from campagne.pipeline import CampaignRun, compute, run_full
from campagne.referentiel.portfolio import read_portfolio

CAMPAIGN = "ph-2024-idf"
# Deux CNR accordés (centimes) : la gratification des stages à l'ESAT 750018319 (ligne
# « CNR - Gratification des stages » de la DRL, ROB24 §2) et un CNR régional au SSIAD
# 750007726 (sans ligne de DRL : il s'impute sur la marge, ROB24 §10.2).
GRANTS = pl.DataFrame(
    {"finess": ["750018319", "750007726"],
     "cnr_accordes_gratification_stages": [150_000, None],
     "cnr_accordes_permanents_syndicaux": [None, None],
     "cnr_accordes_regionaux": [None, 500_000]},
    schema={"finess": pl.String, "cnr_accordes_gratification_stages": pl.Int64,
            "cnr_accordes_permanents_syndicaux": pl.Int64, "cnr_accordes_regionaux": pl.Int64})


@cache
def demo_portfolio() -> pl.DataFrame:
    return read_portfolio(demo_portfolio_path())


@cache
def demo_result() -> CampaignResult:
    """Le calcul de la démo exigé par l'issue : ``compute(portefeuille, "ph-2024-idf")``."""
    return compute(demo_portfolio(), CAMPAIGN)


@cache
def granted_result() -> CampaignResult:
    return compute(demo_portfolio(), CAMPAIGN, grants=GRANTS)


@cache
def demo_run() -> CampaignRun:
    return run_full(demo_portfolio(), CAMPAIGN)
