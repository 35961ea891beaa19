"""Le parcours d'une demande de CNR [ROB24 §10] : transitions permises et interdites,
journal et notification à chaque étape, marge respectée, reprise du non employé."""

import pytest
from django.contrib.auth import get_user_model

from campagne.store import cnr_workflow as wf
from campagne.store.decisions import WorkflowError
from campagne.store.models import AuditEntry, CnrRequestRecord, Esms, Notification
from campagne.store.runs import execute_run, start_run

CAMPAIGN = "ph-2024-idf"


def _user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def own(db, places):
    return Esms.objects.get(pk=places["propre"])


@pytest.fixture
def submitted(own):
    return wf.submit(_user("organisme"), own, CAMPAIGN, "qvt_confort", 20_000_00,
                     "rails de transfert au plafond")


def test_an_organisation_submits_only_for_its_own_esms(own, places):
    org = _user("organisme")
    request = wf.submit(org, own, CAMPAIGN, "qvt_confort", 20_000_00, "rails de transfert")
    assert request.statut == wf.DEPOSEE and request.identifiant.startswith("PH-2024-IDF-")
    with pytest.raises(WorkflowError, match="vos propres ESMS"):
        wf.submit(org, Esms.objects.get(pk=places["paris"]), CAMPAIGN, "qvt_confort",
                  1_000_00, "x")
    with pytest.raises(WorkflowError, match="catégorie"):
        wf.submit(org, own, CAMPAIGN, "inconnue", 1_000_00, "x")
    assert AuditEntry.objects.filter(action="depot_demande_cnr",
                                     objet_id=request.identifiant).exists()


def test_instruction_belongs_to_the_esms_delegation(submitted):
    # L'ESMS de l'organisme de démonstration est en Seine-Saint-Denis : la délégation de Paris
    # ne l'instruit pas, l'organisme non plus ; le siège peut.
    with pytest.raises(WorkflowError, match="délégation"):
        wf.instruct(submitted, _user("dd.paris"), "favorable")
    with pytest.raises(WorkflowError):
        wf.instruct(submitted, _user("organisme"), "favorable")
    done = wf.instruct(submitted, _user("ars.idf"), "favorable", "projet utile")
    assert done.statut == wf.INSTRUITE
    # ROB24 §10.2 : la QVT est une priorité régionale (rang 1, +10 sous CPOM) ; la demande,
    # déposée aujourd'hui, est hors de la fenêtre 2024 (15 juin – 30 août) : inéligible.
    assert done.details["eligible"] is False and "fenêtre" in done.details["motif_eligibilite"]
    assert Notification.objects.filter(destinataire__username="organisme",
                                       message__contains="instruite").exists()


def test_only_the_regional_office_decides_never_the_requester(submitted):
    request = wf.instruct(submitted, _user("ars.idf"), "favorable")
    for name in ("organisme", "dd.paris", "auditeur"):
        with pytest.raises(WorkflowError, match="siège régional"):
            wf.decide(request, _user(name), True, None, "accord")
    with pytest.raises(WorkflowError, match="motivée"):
        wf.decide(request, _user("ars.idf"), True, None, "")
    with pytest.raises(WorkflowError, match="au plus le montant demandé"):
        wf.decide(request, _user("ars.idf"), True, 30_000_00, "accord")
    granted = wf.decide(request, _user("ars.idf"), True, 15_000_00, "accord partiel")
    assert granted.statut == wf.ACCORDEE and granted.details["montant_accorde"] == 15_000_00
    assert Notification.objects.filter(message__contains="accordée pour 15").exists()


def test_a_decision_above_the_margin_is_refused(submitted, db):
    run = execute_run(start_run(CAMPAIGN, None, None), canal="test")
    margin = wf.available_margin(CAMPAIGN)
    assert margin == run.marge["marge"]
    big = wf.submit(_user("ars.idf"), submitted.esms, CAMPAIGN, "investissement",
                    margin - margin % 100 + 100_00, "travaux")  # en euros entiers
    big = wf.instruct(big, _user("ars.idf"), "favorable")
    with pytest.raises(WorkflowError, match="dépasserait la marge"):
        wf.decide(big, _user("ars.idf"), True, None, "accord")


def test_states_cannot_be_skipped_and_stale_copies_are_refused(submitted):
    ars = _user("ars.idf")
    with pytest.raises(WorkflowError, match="a changé"):
        wf.decide(submitted, ars, True, None, "accord")  # pas encore instruite
    stale = CnrRequestRecord.objects.get(pk=submitted.pk)
    wf.instruct(submitted, ars, "favorable")
    with pytest.raises(WorkflowError, match="a changé"):
        wf.instruct(stale, ars, "defavorable")  # un second agent, sur une copie périmée


def test_spending_follow_up_computes_the_take_back(submitted):
    ars, org = _user("ars.idf"), _user("organisme")
    request = wf.decide(wf.instruct(submitted, ars, "favorable"), ars, True, 20_000_00, "ok")
    # ROB24 §10 : 20 000 € accordés, 12 000 € dépensés, 3 000 € en provision autorisée →
    # reprise 5 000 €.
    followed = wf.record_spending(request, org, 12_000_00, 3_000_00)
    assert followed.statut == wf.SUIVIE and followed.details["reprise"] == 5_000_00
    actions = list(AuditEntry.objects.filter(objet_id=request.identifiant)
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["depot_demande_cnr", "instruction_demande_cnr", "accord_demande_cnr",
                       "suivi_demande_cnr"]
