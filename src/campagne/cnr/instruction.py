"""Instruction des demandes de CNR : éligibilité selon les priorités de l'année, rang de
priorité (les ESMS sous CPOM sont non prioritaires), proposition d'attribution dans la marge
disponible, puis suivi de la dépense et reprise des crédits non employés [ROB24 §10]."""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import polars as pl

from campagne.cnr.requests import CATEGORIES, NATIONAL, CnrRequest, CnrRequestError
from campagne.engine.rule import Campaign
from campagne.money import EURO_DOWN, format_euros
from campagne.params import ParameterSet
from campagne.params.errors import ParameterNotFoundError
from campagne.params.registry import Resolved

REGIONAL = "marge_regionale"
# Colonne du portefeuille qui reçoit les CNR accordés, pour chaque ligne qui les finance.
GRANT_COLUMNS = {
    "cnr_gratification_stages": "cnr_accordes_gratification_stages",
    "cnr_permanents_syndicaux": "cnr_accordes_permanents_syndicaux",
    REGIONAL: "cnr_accordes_regionaux",
}
CPOM_PENALTY = 10  # un ESMS sous CPOM passe après toutes les demandes prioritaires


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("®", "").split())


@cache
def molecules() -> dict[str, dict[str, str]]:
    """Les molécules onéreuses de l'annexe IV du ROB 2024, indexées par DCI normalisée."""
    text = resources.files("campagne.cnr").joinpath("data", "molecules_onereuses_rob24.csv")
    rows = csv.DictReader(text.read_text("utf-8").splitlines(), delimiter=";")
    return {_norm(r["dci"]): r for r in rows}


@dataclass(frozen=True)
class Assessment:
    request: CnrRequest
    raison_sociale: str
    departement: str
    famille: str
    cpom: bool
    eligible: bool
    motif: str
    priorite: int
    ligne: str  # ligne de la DRL qui finance : CNR national, ou la marge régionale


def _esms_index(portfolio: pl.DataFrame) -> dict[str, dict[str, Any]]:
    cols = ["finess", "raison_sociale", "departement", "famille", "cpom", "pui"]
    return {r["finess"]: r for r in portfolio.select(cols).iter_rows(named=True)}


def _optional(params: ParameterSet, name: str, at: Any) -> Resolved | None:
    """Un critère que seules certaines campagnes fixent (fenêtre de dépôt, plafond de
    travaux) : sans valeur pour la campagne, le texte de l'année ne l'impose pas."""
    try:
        return params.resolve(name, at)
    except ParameterNotFoundError:
        return None


def _rank(req: CnrRequest, params: ParameterSet, at: Any) -> int | None:
    """Rang de priorité de la catégorie pour la campagne ; None : catégorie non ouverte."""
    resolved = params.resolve("cnr_rang_priorite", at)
    value = resolved.value.get(req.categorie)
    return None if value is None else int(value)


def _ineligibility(req: CnrRequest, esms: dict[str, Any], campaign: Campaign,
                   params: ParameterSet) -> str | None:
    at = campaign.at(esms["departement"])
    rules = params.resolve("cnr_rang_priorite", at).citation()
    if req.cout_permanent:
        return f"les CNR ne peuvent pas financer des dépenses pérennes {rules}"
    if req.categorie == "gratification_stages":
        duree = params.resolve("cnr_duree_min_stage", at)
        if req.duree_stage_mois is None:
            return "durée du stage non renseignée (« duree_stage_mois »)"
        if req.duree_stage_mois <= int(duree.value):
            return f"stage de {req.duree_stage_mois} mois : seuls les stages de plus de " \
                   f"{int(duree.value)} mois sont financés {duree.citation()}"
        return None
    if req.categorie in NATIONAL:
        return None
    if _rank(req, params, at) is None:
        return (f"catégorie « {CATEGORIES[req.categorie]} » non ouverte aux CNR de cette "
                f"campagne {rules}")
    start, end = (_optional(params, n, at) for n in ("cnr_fenetre_debut", "cnr_fenetre_fin"))
    if start is not None and end is not None:
        if req.date_demande is None:
            return ("date de dépôt non renseignée : le respect de la fenêtre de dépôt ne peut "
                    "être vérifié")
        if not start.value <= req.date_demande <= end.value:
            return (f"demande déposée le {req.date_demande:%d/%m/%Y}, hors de la fenêtre du "
                    f"{start.value:%d/%m/%Y} au {end.value:%d/%m/%Y} {start.citation()}")
    plafond = _optional(params, "cnr_plafond_investissement", at)
    if req.categorie == "investissement" and plafond is not None:
        if req.retenu_pai:
            return "projet retenu au titre du PAI : il relève du plan d'aide à l'investissement"
        if req.cout_travaux_ttc is None:
            return "coût des travaux TTC non renseigné (« cout_travaux_ttc »)"
        if req.cout_travaux_ttc >= plafond.cents():
            return (f"travaux de {format_euros(req.cout_travaux_ttc)} TTC : l'aide hors PAI vise "
                    f"les travaux de moins de {format_euros(plafond.cents())} TTC "
                    f"{plafond.citation()}")
    if req.categorie == "molecules_onereuses":
        if not esms["pui"]:
            return f"l'ESMS n'a pas de pharmacie à usage intérieur {rules}"
        if req.molecule is None or _norm(req.molecule) not in molecules():
            return (f"molécule « {req.molecule or '(non renseignée)'} » absente de la liste de "
                    "l'annexe IV du ROB 2024")
    return None


def assess(requests: list[CnrRequest], portfolio: pl.DataFrame, campaign: Campaign,
           params: ParameterSet) -> list[Assessment]:
    index = _esms_index(portfolio)
    unknown = [f"demande {r.identifiant} : ESMS {r.finess} absent du portefeuille de la campagne"
               for r in requests if r.finess not in index]
    if unknown:
        raise CnrRequestError(unknown)
    out = []
    for req in requests:
        esms = index[req.finess]
        motif = _ineligibility(req, esms, campaign, params)
        cpom = bool(esms["cpom"])
        if req.categorie in NATIONAL:
            rank, ligne = 0, NATIONAL[req.categorie]
        else:
            rank = _rank(req, params, campaign.at(esms["departement"])) or 0
            rank += CPOM_PENALTY if cpom else 0
            ligne = REGIONAL
        out.append(Assessment(
            req, esms["raison_sociale"], esms["departement"], esms["famille"], cpom,
            motif is None, motif or "éligible", rank, ligne,
        ))
    return out


@dataclass(frozen=True)
class Grant:
    assessment: Assessment
    accorde: int  # centimes
    motif: str


@dataclass(frozen=True)
class Proposal:
    grants: list[Grant]
    pools: dict[str, int]  # enveloppe de départ de chaque ligne
    remaining: dict[str, int]

    def by_finess(self) -> pl.DataFrame:
        """Les montants accordés par ESMS, une colonne par ligne de la DRL qui finance."""
        schema = {"finess": pl.String, **{c: pl.Int64 for c in GRANT_COLUMNS.values()}}
        rows = [{"finess": g.assessment.request.finess,
                 **{c: (g.accorde if g.assessment.ligne == line else 0)
                    for line, c in GRANT_COLUMNS.items()}}
                for g in self.grants if g.accorde]
        if not rows:
            return pl.DataFrame(schema=schema)
        return (pl.DataFrame(rows, schema=schema).group_by("finess")
                .agg(pl.col(c).sum() for c in GRANT_COLUMNS.values()))


def propose(assessments: list[Assessment], pools: dict[str, int]) -> Proposal:
    """Accorde les demandes éligibles par ordre de priorité, tant que l'enveloppe de leur
    ligne le permet ; la dernière servie peut l'être partiellement."""
    remaining = dict(pools)
    order = sorted(
        assessments,
        key=lambda a: (a.priorite, a.request.date_demande or dt.date.max, a.request.identifiant),
    )
    grants = []
    for a in order:
        if not a.eligible:
            grants.append(Grant(a, 0, f"non éligible : {a.motif}"))
            continue
        left = remaining.get(a.ligne, 0)
        # Un accord partiel est notifié en euros entiers : le reste de l'enveloppe est
        # arrondi à l'euro inférieur pour ne jamais la dépasser.
        amount = min(a.request.montant, EURO_DOWN.apply_ratio(max(left, 0), 1))
        remaining[a.ligne] = left - amount
        if amount == a.request.montant:
            why = "accordée en totalité"
        elif amount:
            why = f"accordée partiellement : enveloppe épuisée ({format_euros(left)} restants)"
        else:
            why = "non accordée : enveloppe épuisée"
        if a.cpom and a.ligne == REGIONAL:
            why += " (ESMS sous CPOM : demande non prioritaire)"
        grants.append(Grant(a, amount, why))
    return Proposal(grants, dict(pools), remaining)
