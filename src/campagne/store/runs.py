"""Calculer une campagne depuis la base et en ranger les résultats, tout ou rien.

Le calcul lui-même est celui du cœur (``campagne.pipeline``) ; ici, on lit le portefeuille et
les demandes de CNR en base, on range une ligne par ESMS (données et étapes) en une seule
transaction, et on sait relire un résultat pour l'expliquer sans recalcul.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import Any

import polars as pl
from django.db import transaction

from campagne import __version__
from campagne.cnr.instruction import GRANT_COLUMNS, REGIONAL
from campagne.cnr.requests import NATIONAL
from campagne.engine import CampaignResult, Explanation, Scenario, explain, rehydrate
from campagne.envelopes.drl import drl_exists
from campagne.envelopes.margin import Override
from campagne.errors import CampagneError
from campagne.pipeline import compute, prepare, run_full
from campagne.rules import all_rules
from campagne.store.audit import record
from campagne.store.models import CnrRequestRecord, Result, Run, ScenarioRecord
from campagne.store.portfolio import portfolio_frame

Progress = Callable[[int, str], None]
BATCH = 2000


GRANTED = "accordee"


def decided_grants(code: str) -> pl.DataFrame:
    """Les CNR accordés par décision (demandes au statut « accordée »), par ESMS et par
    ligne de la DRL qui les finance. Les demandes seulement déposées ou instruites ne
    comptent pas : un calcul ne préjuge pas des décisions."""
    rows: dict[str, dict[str, int]] = {}
    for r in CnrRequestRecord.objects.filter(campagne_id=code, statut=GRANTED):
        line = NATIONAL.get(r.categorie, REGIONAL)
        column = GRANT_COLUMNS[line]
        amount = int((r.details or {}).get("montant_accorde", r.montant))
        row = rows.setdefault(r.esms_id, {c: 0 for c in GRANT_COLUMNS.values()})
        row[column] += amount
    schema = {"finess": pl.String, **{c: pl.Int64 for c in GRANT_COLUMNS.values()}}
    return pl.DataFrame([{"finess": k, **v} for k, v in rows.items()], schema=schema)


def start_run(code: str, scenario: ScenarioRecord | None, user: Any) -> Run:
    """Le calcul, créé « en cours » (pour suivre sa progression depuis une autre requête)."""
    return Run.objects.create(
        campagne_id=code, scenario=scenario, auteur=user if getattr(
            user, "is_authenticated", False) else None,
        scenario_nom=scenario.nom if scenario else "",
        scenario_valeurs=dict(scenario.valeurs) if scenario else {},
    )


def execute_run(run: Run, *, user: Any = None, override: Override | None = None,
                canal: str = "web", progress: Progress | None = None) -> Run:
    """Calcule et range ; en cas d'erreur, le calcul passe « en échec » sans aucun résultat."""
    step = progress or (lambda pct, msg: None)
    try:
        step(5, "Lecture du portefeuille")
        record_ = run.campagne
        portfolio = portfolio_frame(record_.region or None)
        scenario = _run_scenario(run)
        step(20, "Calcul des mesures")
        margin = None
        if drl_exists(record_.code):
            full = run_full(portfolio, record_.code, scenario=scenario, override=override,
                            grants=decided_grants(record_.code))
            result, margin = full.result, full.margin.to_dict()
        else:
            result = compute(portfolio, record_.code, scenario=scenario)
        step(60, "Enregistrement des résultats")
        _store(run, result, margin, override, user, canal)
        step(100, "Terminé")
    except Exception as exc:
        Run.objects.filter(pk=run.pk).update(statut=Run.Status.FAILED, message=str(exc),
                                             progression=100)
        run.refresh_from_db()
        raise
    run.refresh_from_db()
    return run


def _store(run: Run, result: CampaignResult, margin: dict[str, Any] | None,
           override: Override | None, user: Any, canal: str) -> None:
    frame = result.frame
    totals = {c: result.total(c) for c in ("base_reconductible", "dotation_perenne",
                                           "dotation_non_perenne", "dotation_totale")}
    columns = ("finess", "departement", "categorie", "famille", "base_reconductible",
               "dotation_perenne", "dotation_non_perenne", "dotation_totale")
    objects = [Result(calcul_id=run.pk, esms_id=f, departement=d, categorie=c, famille=fa or "",
                      base_reconductible=b, dotation_perenne=p, dotation_non_perenne=np_,
                      dotation_totale=t)
               for f, d, c, fa, b, p, np_, t in frame.select(columns).iter_rows()]
    table = io.BytesIO()
    frame.write_parquet(table, compression="zstd")
    aggregates = (frame.group_by("departement", "famille")
                  .agg(pl.len().alias("esms"), pl.col("base_reconductible").sum().alias("base"),
                       pl.col("dotation_perenne").sum().alias("perenne"),
                       pl.col("dotation_non_perenne").sum().alias("non_perenne"),
                       pl.col("dotation_totale").sum().alias("totale"))
                  .sort("departement", "famille").to_dicts())
    with transaction.atomic():
        Result.objects.bulk_create(objects, batch_size=BATCH)
        Run.objects.filter(pk=run.pk).update(
            statut=Run.Status.DONE, progression=100, nombre_esms=len(objects),
            version_moteur=__version__, totaux=totals, marge=margin,
            derogation=(margin or {}).get("depassement"), tableau=table.getvalue(),
            agregats=aggregates,
            empreinte_parametres=result.params.fingerprint(
                sorted({p for r in result.rules for p in r.parameters}), result.campaign.at()),
        )
        record(user, "calcul_campagne", "calcul", run.pk, canal=canal,
               apres={"campagne": run.campagne_id, "scenario": run.scenario_nom or None,
                      "esms": len(objects), "dotation_totale": totals["dotation_totale"],
                      "derogation": override.raison if override else None})


def _run_scenario(run: Run) -> Scenario | None:
    """Le scénario tel qu'il était au lancement du calcul (copié sur le calcul)."""
    return Scenario(run.scenario_nom, dict(run.scenario_valeurs)) if run.scenario_nom else None


@functools.lru_cache(maxsize=8)
def _frame(run_id: int, created: str) -> pl.DataFrame:
    """Le tableau d'un calcul terminé (immuable : gardé en mémoire, quelques calculs ; la
    date de création fait partie de la clé, un numéro pouvant resservir après annulation)."""
    data = Run.objects.filter(pk=run_id).values_list("tableau", flat=True).first()
    if data is None:
        raise CampagneError(f"le calcul n° {run_id} n'a pas de résultats rangés")
    return pl.read_parquet(io.BytesIO(bytes(data)))


def run_result(run: Run, finess: list[str] | None = None) -> CampaignResult:
    """Le résultat d'un calcul (ou de quelques ESMS) relu comme au jour du calcul :
    paramètres, scénario et règles de la campagne, sans rien recalculer."""
    campaign, params = prepare(run.campagne_id, None, _run_scenario(run))
    frame = _frame(run.pk, run.cree_le.isoformat())
    if finess is not None:
        frame = frame.filter(pl.col("finess").is_in(finess))
    return rehydrate(frame, campaign, params, all_rules())


def stored_result(result: Result) -> CampaignResult:
    """Le résultat d'un ESMS relu comme au jour du calcul."""
    return run_result(result.calcul, [result.esms_id])


def explain_stored(result: Result, amount: str = "dotation_totale") -> Explanation:
    return explain(stored_result(result), result.esms_id, amount)
