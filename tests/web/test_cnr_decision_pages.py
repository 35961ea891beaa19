"""Les écrans des demandes de CNR et des décisions : dépôt par l'organisme, instruction,
décision, suivi ; proposition, revue, validation, notification avec progression, arrêté
téléchargeable dans le seul périmètre de l'utilisateur."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campagne.store.models import AuditEntry, CnrRequestRecord, Decision, Notification, Run
from campagne.store.runs import execute_run, start_run

CAMPAIGN = "ph-2024-idf"


def test_cnr_request_through_the_screens(client_for, places):
    org, ars = client_for("organisme"), client_for("ars.idf")
    r = org.post("/cnr/nouvelle/", {
        "esms": places["propre"], "campagne": CAMPAIGN, "categorie": "qvt_confort",
        "montant": "18 500", "justification": "lève-personnes",
        "pieces": SimpleUploadedFile("devis.pdf", b"%PDF-1.4 devis")})
    assert r.status_code == 302, r.content[:300]
    demande = CnrRequestRecord.objects.get(justification="lève-personnes")
    assert demande.montant == 18_500_00 and demande.pieces.count() == 1
    # Un autre organisme ou une autre délégation ne la voient pas (404, rien ne fuit).
    assert client_for("dd.paris").get(f"/cnr/{demande.pk}/").status_code == 404
    # L'organisme ne peut ni instruire ni décider, même en forgeant la requête.
    org.post(f"/cnr/{demande.pk}/", {"action": "decider", "decision": "accorder",
                                     "motif": "moi", "version": demande.version})
    demande.refresh_from_db()
    assert demande.statut == "deposee"
    ars.post(f"/cnr/{demande.pk}/", {"action": "instruire", "avis": "favorable",
                                     "version": demande.version})
    demande.refresh_from_db()
    ars.post(f"/cnr/{demande.pk}/", {"action": "decider", "decision": "accorder",
                                     "montant_accorde": "15 000", "motif": "partiel",
                                     "version": demande.version})
    demande.refresh_from_db()
    assert demande.statut == "accordee" and demande.details["montant_accorde"] == 15_000_00
    page = org.get(f"/cnr/{demande.pk}/")
    assert "15\u202f000 €" in page.content.decode()
    assert org.get(f"/cnr/{demande.pk}/pieces/{demande.pieces.first().pk}/").status_code == 200
    assert Notification.objects.filter(destinataire__username="organisme").count() >= 2


def test_decision_pages_propose_review_validate_notify_download(client_for, places,
                                                                 monkeypatch):
    from campagne.store import arretes

    def fake(decision):
        numero = f"2024-PH-IDF-{decision.pk:06d}"
        pdf = b"%PDF-1.4 " + numero.encode()
        return numero, pdf, hashlib.sha256(pdf).hexdigest()

    monkeypatch.setattr(arretes, "render_decision", fake)
    run = execute_run(start_run(CAMPAIGN, None, None), canal="test")
    ars, dd = client_for("ars.idf"), client_for("dd.paris")
    url = f"/campagnes/{CAMPAIGN}/decisions/action/"
    assert dd.post(url, {"action": "proposer", "phase": 1, "calcul": run.pk}
                   ).status_code == 302
    assert not Decision.objects.exists()  # refusé : message d'erreur, rien d'écrit
    ars.post(url, {"action": "proposer", "phase": 1, "calcul": run.pk})
    assert Decision.objects.filter(phase=1).count() == 1839
    dd.post(url, {"action": "revoir", "phase": 1})
    assert Decision.objects.filter(statut="revue").count() == \
        Decision.objects.filter(esms__departement="75").count()
    ars.post(url, {"action": "revoir", "phase": 1})
    ars.post(url, {"action": "valider", "phase": 1})
    r = ars.post(url, {"action": "notifier", "phase": 1})
    assert r.status_code == 302 and "/taches/" in r["Location"]
    status = ars.get(r["Location"] + "?format=json").json()
    assert status["statut"] == "termine" and status["progression"] == 100
    assert Decision.objects.filter(statut="notifiee").count() == 1839
    own = Decision.objects.get(esms_id=places["propre"])
    pdf = client_for("organisme").get(f"/decisions/{own.pk}/arrete.pdf")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    other = Decision.objects.get(esms_id=places["paris"])
    assert client_for("organisme").get(f"/decisions/{other.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="notification_decisions").exists()
    assert Run.objects.filter(pk=run.pk).exists()


@pytest.mark.parametrize("username", ["organisme", "dd.paris", "auditeur"])
def test_only_the_regional_office_notifies(client_for, username):
    r = client_for(username).post(f"/campagnes/{CAMPAIGN}/decisions/action/",
                                  {"action": "notifier", "phase": 1})
    assert r.status_code in (302, 403)
    assert not Decision.objects.filter(statut="notifiee").exists()
