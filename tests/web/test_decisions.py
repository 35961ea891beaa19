"""Validation et notification des décisions par phase [ROB24 §1], immuabilité des décisions
notifiées (ORM, SQL, administration, API), décisions modificatives motivées."""

import hashlib

import polars as pl
import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction

from campagne.store import decisions as wf
from campagne.store.models import Decision, ImmutableError, Notification, Run
from campagne.store.runs import execute_run, run_result, start_run

CAMPAIGN = "ph-2024-idf"


def _user(name):
    return get_user_model().objects.get(username=name)


def fake_render(decision):
    """Rendu minimal pour les tests du parcours (le vrai arrêté PDF est testé à part)."""
    numero = f"2024-PH-IDF-{decision.pk:06d}"
    pdf = f"%PDF-1.4 arrêté {numero}".encode()
    return numero, pdf, hashlib.sha256(pdf).hexdigest()


@pytest.fixture
def run(db):
    return execute_run(start_run(CAMPAIGN, None, None), canal="test")


def test_phase_one_leaves_autumn_measures_for_phase_two(run):
    ars = _user("ars.idf")
    assert wf.propose(run, 1, ars) == 1839
    rules = wf._money_rules(run)
    # Un SSIAD de plus de deux ans : l'actualisation de 1 % est notifiée en première phase,
    # le pas de convergence et le plancher à l'automne [ROB24 §1 et §4].
    frame = run_result(run).frame
    ssiad = frame.filter(pl.col("pas_convergence_ssiad").is_not_null()).row(0, named=True)
    d1 = Decision.objects.get(phase=1, esms_id=ssiad["finess"])
    steps = {line["etape"] for line in d1.lignes}
    assert "actualisation" in steps and "pas_convergence_ssiad" not in steps
    assert d1.dotation_totale == ssiad["base_reconductible"] + ssiad["actualisation"]
    full = wf.amounts(ssiad, rules, 2)
    assert full["dotation_totale"] == ssiad["dotation_totale"]  # la 2de phase : toute l'année
    assert all(d.dotation_totale == d.dotation_perenne + d.dotation_non_perenne
               for d in Decision.objects.filter(phase=1)[:300])


def test_full_path_review_validate_notify_and_immutability(run):
    ars, dd, org = _user("ars.idf"), _user("dd.paris"), _user("organisme")
    wf.propose(run, 1, ars)
    phase1 = Decision.objects.filter(campagne_id=CAMPAIGN, phase=1)
    # La délégation de Paris ne revoit que ses ESMS ; le reste attend sa délégation.
    reviewed = wf.review(phase1, dd)
    assert reviewed == phase1.filter(esms__departement="75").count()
    with pytest.raises(wf.WorkflowError, match="siège régional"):
        wf.validate(phase1, dd)  # une délégation ne valide pas
    with pytest.raises(wf.WorkflowError):
        wf.review(phase1, org)  # un organisme ne revoit rien
    wf.review(phase1, ars)  # le siège revoit le reste
    assert wf.validate(phase1, ars) == 1839
    paris = phase1.filter(esms__departement="75")
    assert wf.notify(paris, ars, fake_render) == paris.count()
    notified = Decision.objects.filter(statut=Decision.Status.NOTIFIED).first()
    assert notified.numero_arrete.startswith("2024-PH-IDF-")
    assert notified.empreinte_arrete == hashlib.sha256(notified.arrete.read()).hexdigest()
    # Immuable : par l'ORM…
    notified.dotation_totale += 100
    with pytest.raises(ImmutableError):
        notified.save()
    with pytest.raises(ImmutableError):
        notified.delete()
    # … même par une mise à jour de masse ou du SQL direct : la base refuse.
    with pytest.raises(DatabaseError), transaction.atomic():
        Decision.objects.filter(pk=notified.pk).update(dotation_totale=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM store_decision WHERE id = %s", [notified.pk])
    notified.refresh_from_db()
    assert notified.statut == Decision.Status.NOTIFIED


def test_correction_is_a_new_linked_decision_with_its_reason(run):
    ars = _user("ars.idf")
    wf.propose(run, 1, ars)
    qs = Decision.objects.filter(phase=1, esms__departement="93")
    wf.review(qs, ars)
    wf.validate(qs, ars)
    wf.notify(qs, ars, fake_render)
    old = qs.filter(statut=Decision.Status.NOTIFIED).first()
    with pytest.raises(wf.WorkflowError, match="motif"):
        wf.correct(old, run, "  ", ars)
    new = wf.correct(old, run, "erreur de capacité autorisée", ars)
    assert new.remplace_id == old.pk and new.statut == Decision.Status.PROPOSED
    assert new.motif == "erreur de capacité autorisée"
    assert list(old.modificatifs.all()) == [new]


def test_notified_decisions_are_read_only_in_the_admin_and_have_no_api_to_edit(run,
                                                                              client_for):
    ars = _user("ars.idf")
    wf.propose(run, 1, ars)
    qs = Decision.objects.filter(phase=1, esms__departement="94")
    wf.review(qs, ars)
    wf.validate(qs, ars)
    wf.notify(qs, ars, fake_render)
    d = qs.first()
    admin = client_for("admin")
    page = admin.post(f"/admin/store/decision/{d.pk}/change/", {"dotation_totale": "1"})
    assert page.status_code in (302, 403)  # lecture seule : rien n'est enregistré
    d.refresh_from_db()
    assert d.dotation_totale != 1
    r = admin.put(f"/api/decisions/{d.pk}", data="{}", content_type="application/json")
    assert r.status_code in (404, 405, 409)


def test_organisations_are_notified_of_their_decisions(run):
    ars = _user("ars.idf")
    org = _user("organisme")
    wf.propose(run, 1, ars)
    own = Decision.objects.filter(esms__organisme__in=org.profil.organismes.all(), phase=1)
    wf.review(own, ars)
    wf.validate(own, ars)
    wf.notify(own, ars, fake_render)
    notes = Notification.objects.filter(destinataire=org)
    assert notes.count() == own.count() > 0
    assert "notifié" in notes.first().message


def test_a_rendering_failure_notifies_nothing(run):
    ars = _user("ars.idf")
    wf.propose(run, 1, ars)
    qs = Decision.objects.filter(phase=1, esms__departement="95")
    wf.review(qs, ars)
    wf.validate(qs, ars)
    calls = []

    def broken(decision):
        calls.append(decision.pk)
        if len(calls) == 3:
            raise RuntimeError("police introuvable")
        return fake_render(decision)

    with pytest.raises(RuntimeError):
        wf.notify(qs, ars, broken)
    assert not qs.filter(statut=Decision.Status.NOTIFIED).exists()
    assert Run.objects.filter(pk=run.pk).exists()
