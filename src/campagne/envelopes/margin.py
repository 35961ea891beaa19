"""Contrôle de la marge : tout ce qui est notifié aux ESMS s'impute sur la DRL.

Le rapport donne la marge totale, pérenne et non pérenne, la consommation de chaque ligne de
la DRL (par les étapes qui lui sont rattachées), et la répartition des crédits par département
et par famille de catégories. Un calcul qui dépasserait la DRL est refusé, sauf dérogation
explicite motivée, qui est consignée.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl

from campagne.engine.run import CampaignResult
from campagne.envelopes.drl import Drl
from campagne.errors import CampagneError
from campagne.money import format_euros
from campagne.summary import by_key

# Lignes de la DRL et étapes qui s'y imputent (les lignes de mesures nouvelles sont imputées
# selon la colonne « ligne_plan » des places installées).
MESURES_NOUVELLES = ("mesures_nouvelles_phase1", "mesures_nouvelles_phase2")
PLAN_PARENT = "mesures_nouvelles"


class MarginExceededError(CampagneError):
    """La campagne dépasserait la DRL ; rien n'est notifiable sans dérogation motivée."""


@dataclass(frozen=True)
class Override:
    raison: str
    auteur: str = "non précisé"
    date: str = field(default_factory=lambda: dt.date.today().isoformat())


@dataclass(frozen=True)
class LineUse:
    id: str
    libelle: str
    nature: str
    enveloppe: int  # centimes
    consomme: int
    depth: int

    @property
    def marge(self) -> int:
        return self.enveloppe - self.consomme


@dataclass
class MarginReport:
    drl: int
    accorde: int
    perenne: tuple[int, int]  # (enveloppe, accordé)
    non_perenne: tuple[int, int]
    lines: list[LineUse]
    non_rattache: dict[str, int]
    by_departement: pl.DataFrame
    by_famille: pl.DataFrame
    depassement: dict[str, Any] | None = None

    @property
    def marge(self) -> int:
        return self.drl - self.accorde

    @property
    def exceeded(self) -> bool:
        return self.marge < 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "drl": self.drl, "accorde": self.accorde, "marge": self.marge,
            "perenne": {"enveloppe": self.perenne[0], "accorde": self.perenne[1],
                        "marge": self.perenne[0] - self.perenne[1]},
            "non_perenne": {"enveloppe": self.non_perenne[0], "accorde": self.non_perenne[1],
                            "marge": self.non_perenne[0] - self.non_perenne[1]},
            "lignes": [{**asdict(u), "marge": u.marge} for u in self.lines],
            "non_rattache": self.non_rattache,
            "par_departement": self.by_departement.to_dicts(),
            "par_famille": self.by_famille.to_dicts(),
            "depassement": self.depassement,
        }


def _sum(frame: pl.DataFrame, col: str, where: pl.Expr | None = None) -> int:
    if col not in frame.columns:
        return 0
    data = frame.filter(where) if where is not None else frame
    return int(data[col].sum() or 0)


def _consumption(result: CampaignResult, drl: Drl) -> tuple[dict[str, int], set[str]]:
    frame = result.frame
    used: dict[str, int] = {}
    imputed: set[str] = set()
    plan_ids = {c.id for c in drl.line(PLAN_PARENT).lignes} if _has(drl, PLAN_PARENT) else set()
    for leaf in drl.leaves():
        total = sum(_sum(frame, step) for step in leaf.imputation)
        imputed.update(leaf.imputation)
        if leaf.id in plan_ids and "ligne_plan" in frame.columns:
            total += sum(_sum(frame, s, pl.col("ligne_plan") == leaf.id) for s in MESURES_NOUVELLES)
        used[leaf.id] = total
    if plan_ids:
        imputed.update(MESURES_NOUVELLES)
    return used, imputed


def _has(drl: Drl, line_id: str) -> bool:
    try:
        drl.line(line_id)
    except KeyError:
        return False
    return True


def margin_report(result: CampaignResult, drl: Drl) -> MarginReport:
    used, imputed = _consumption(result, drl)
    lines = []
    for line, depth, _ in drl.lines():
        consumed = sum(used[leaf.id] for leaf, _, _ in line.walk() if leaf.leaf)
        lines.append(LineUse(line.id, line.libelle, line.nature_label(), line.cents(), consumed,
                             depth))
    step_names = [r.name for r in result.rules if r.nature is not None
                  and not r.name.startswith("dotation_")]
    non_rattache = {n: _sum(result.frame, n) for n in step_names if n not in imputed}
    natures = drl.by_nature()
    return MarginReport(
        drl=drl.root.cents(),
        accorde=result.total("dotation_totale"),
        perenne=(natures["perenne"] * 100, result.total("dotation_perenne")),
        non_perenne=(natures["non_perenne"] * 100, result.total("dotation_non_perenne")),
        lines=lines,
        non_rattache={k: v for k, v in non_rattache.items() if v},
        by_departement=by_key(result, "departement"),
        by_famille=by_key(result, "famille"),
    )


def check_margin(report: MarginReport, override: Override | None = None) -> MarginReport:
    """Refuse un dépassement de la DRL, sauf dérogation motivée (alors consignée)."""
    if not report.exceeded:
        return report
    excess = -report.marge
    if override is None or not override.raison.strip():
        raise MarginExceededError(
            f"la campagne dépasse la DRL de {format_euros(excess)} "
            f"(DRL {format_euros(report.drl)}, accordé {format_euros(report.accorde)}). "
            "Réduisez des mesures ou des CNR, ou forcez le calcul avec une dérogation motivée "
            "(option --derogation « raison »)."
        )
    report.depassement = {"montant": excess, "raison": override.raison.strip(),
                          "auteur": override.auteur, "date": override.date}
    return report
