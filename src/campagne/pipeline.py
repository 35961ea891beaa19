"""Enchaînement type : paramètres + scénario + portefeuille → résultat de campagne, puis
DRL, CNR dans la marge et contrôle de la marge.

Point d'entrée commun à la ligne de commande, aux tests et à l'application web.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from campagne.cnr.instruction import GRANT_COLUMNS, REGIONAL, Proposal, assess, propose
from campagne.cnr.requests import CnrRequest
from campagne.engine import Campaign, CampaignResult, Scenario, load_scenario, run_campaign
from campagne.envelopes.drl import Drl, Gap, load_drl
from campagne.envelopes.margin import MarginReport, Override, check_margin, margin_report
from campagne.errors import CampagneError
from campagne.params import ParameterSet
from campagne.rules import all_rules

DEFAULT_CAMPAIGN = "ph-2024-idf"
ALL_REGIONS = "toutes"


@functools.cache
def default_parameters() -> ParameterSet:
    """Les paramètres embarqués, lus une fois par processus (ils ne changent pas ; un
    scénario en fait une copie surchargée)."""
    return ParameterSet.load()


def prepare(
    campaign_id: str = DEFAULT_CAMPAIGN,
    region: str | None = None,
    scenario: Scenario | Path | None = None,
    params: ParameterSet | None = None,
) -> tuple[Campaign, ParameterSet]:
    """La campagne (éventuellement pour une autre région, ou ``toutes``) et ses paramètres."""
    params = params or default_parameters()
    campaign = Campaign.from_params(params, campaign_id)
    if region is not None:
        campaign = replace(campaign, region=None if region == ALL_REGIONS else region)
    if isinstance(scenario, Path):
        scenario = load_scenario(scenario)
    if scenario is not None:
        params = scenario.apply(params)
    return campaign, params


def with_grants(portfolio: pl.DataFrame, grants: pl.DataFrame | None) -> pl.DataFrame:
    """Ajoute au portefeuille les CNR accordés (colonnes vides s'il n'y en a pas)."""
    frame = portfolio.drop([c for c in GRANT_COLUMNS.values() if c in portfolio.columns])
    if grants is None or grants.height == 0:
        return frame.with_columns(pl.lit(None, dtype=pl.Int64).alias(c)
                                  for c in GRANT_COLUMNS.values())
    return frame.join(grants, on="finess", how="left")


def with_decisions(portfolio: pl.DataFrame, decisions: pl.DataFrame) -> pl.DataFrame:
    """Joint au portefeuille des décisions par ESMS (``finess`` + colonnes de décision, par
    exemple les retenues d'activité confirmées) ; un FINESS inconnu est une erreur."""
    unknown = sorted(set(decisions["finess"]) - set(portfolio["finess"]))
    if unknown:
        raise CampagneError(
            f"{len(unknown)} ESMS des décisions absents du portefeuille (ex. "
            f"{', '.join(unknown[:5])}) : corrigez le fichier de décisions ou le portefeuille")
    columns = [c for c in decisions.columns if c != "finess"]
    return portfolio.drop([c for c in columns if c in portfolio.columns]).join(
        decisions, on="finess", how="left")


def compute(
    portfolio: pl.DataFrame,
    campaign_id: str = DEFAULT_CAMPAIGN,
    region: str | None = None,
    scenario: Scenario | Path | None = None,
    params: ParameterSet | None = None,
    grants: pl.DataFrame | None = None,
) -> CampaignResult:
    campaign, params = prepare(campaign_id, region, scenario, params)
    return run_campaign(with_grants(portfolio, grants), campaign, params, all_rules())


@dataclass
class CampaignRun:
    """Une campagne complète : résultats, DRL, rapprochement, CNR et marge."""

    result: CampaignResult
    drl: Drl
    gaps: list[Gap]
    margin: MarginReport
    proposal: Proposal | None


def run_full(
    portfolio: pl.DataFrame,
    campaign_id: str = DEFAULT_CAMPAIGN,
    scenario: Scenario | Path | None = None,
    cnr_requests: list[CnrRequest] | None = None,
    override: Override | None = None,
    params: ParameterSet | None = None,
    grants: pl.DataFrame | None = None,
) -> CampaignRun:
    """Calcule la campagne, applique les CNR, puis contrôle la marge.

    ``grants`` : les CNR déjà décidés (par ESMS et par ligne de la DRL), appliqués tels quels.
    Sinon, avec ``cnr_requests``, la proposition d'attribution est calculée et appliquée
    (simulation) : les CNR nationaux puisent dans leurs lignes de la DRL, les CNR régionaux
    dans la marge qui reste une fois toutes les autres mesures calculées.
    """
    campaign, params = prepare(campaign_id, None, scenario, params)
    drl = load_drl(campaign_id)
    result = run_campaign(with_grants(portfolio, grants), campaign, params, all_rules())
    proposal = None
    if cnr_requests and grants is None:
        before = margin_report(result, drl)
        national = {line: drl.line(line).cents() for line in GRANT_COLUMNS if line != REGIONAL}
        pools = {**national, REGIONAL: max(before.marge - sum(national.values()), 0)}
        proposal = propose(assess(cnr_requests, result.frame, campaign, params), pools)
        result = run_campaign(with_grants(portfolio, proposal.by_finess()), campaign, params,
                              all_rules())
    report = check_margin(margin_report(result, drl), override)
    return CampaignRun(result, drl, drl.reconcile(), report, proposal)
