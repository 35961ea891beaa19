"""Persistance : résultats rangés en bloc et tout-ou-rien, explication relue identique à celle
du calcul, import de portefeuille tout-ou-rien, journal d'audit en ajout seul."""

import polars as pl
import pytest
from django.db import DatabaseError, connection, transaction

from campagne.demo import demo_portfolio_path
from campagne.engine import explain
from campagne.pipeline import run_full
from campagne.referentiel.portfolio import read_portfolio
from campagne.store import runs as runs_module
from campagne.store.models import AuditEntry, Esms, ImmutableError, Result, Run
from campagne.store.portfolio import import_portfolio, portfolio_frame
from campagne.store.runs import execute_run, explain_stored, start_run

CAMPAIGN = "ph-2024-idf"


def test_stored_portfolio_reads_back_as_the_file(db):
    assert portfolio_frame("11").equals(read_portfolio(demo_portfolio_path()))


def test_a_run_stores_one_result_per_esms_and_the_totals_add_up(db):
    run = execute_run(start_run(CAMPAIGN, None, None), canal="test")
    assert run.statut == Run.Status.DONE and run.nombre_esms == 1839
    stored = Result.objects.filter(calcul=run)
    assert stored.count() == 1839
    total = sum(stored.values_list("dotation_totale", flat=True))
    assert total == run.totaux["dotation_totale"] == run.marge["accorde"]
    # ROB24 §2 : la base de la démo est exactement celle du texte.
    assert run.totaux["base_reconductible"] == 2_347_523_971_00


def test_stored_explanation_is_the_same_as_at_computation(db, places):
    run = execute_run(start_run(CAMPAIGN, None, None), canal="test")
    direct = run_full(read_portfolio(demo_portfolio_path()), CAMPAIGN).result
    for finess in (places["paris"], places["autre"]):
        stored = explain_stored(Result.objects.get(calcul=run, esms_id=finess)).to_dict()
        fresh = explain(direct, finess).to_dict()
        assert stored["montant"] == fresh["montant"]
        assert stored["estampille"] == fresh["estampille"]


def test_a_failure_while_storing_leaves_no_result(db, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("panne simulée de la base")

    monkeypatch.setattr(runs_module.Result.objects, "bulk_create", broken)
    run = start_run(CAMPAIGN, None, None)
    with pytest.raises(DatabaseError):
        execute_run(run, canal="test")
    run.refresh_from_db()
    assert run.statut == Run.Status.FAILED and "panne simulée" in run.message
    assert not Result.objects.filter(calcul=run).exists()


def test_portfolio_import_is_all_or_nothing(db, monkeypatch):
    frame = read_portfolio(demo_portfolio_path()).head(10).with_columns(
        raison_sociale=pl.lit("Renommé"))
    before = dict(Esms.objects.filter(finess__in=frame["finess"].to_list())
                  .values_list("finess", "raison_sociale"))
    from campagne.store import portfolio as module

    def broken(*args, **kwargs):
        raise DatabaseError("coupure pendant l'écriture des ESMS")

    monkeypatch.setattr(module.Esms.objects, "bulk_create", broken)
    with pytest.raises(DatabaseError):
        import_portfolio(frame)
    after = dict(Esms.objects.filter(finess__in=frame["finess"].to_list())
                 .values_list("finess", "raison_sociale"))
    assert after == before


def test_audit_log_is_append_only_in_the_orm_and_in_the_database(db):
    entry = AuditEntry.objects.create(identifiant="essai", action="essai", objet_type="t",
                                      objet_id="1")
    entry.action = "réécrit"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    for sql in ("UPDATE store_auditentry SET action = 'réécrit' WHERE id = %s",
                "DELETE FROM store_auditentry WHERE id = %s"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).action == "essai"
