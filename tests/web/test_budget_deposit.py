"""Dépôt des EPRD et ERRD [ROB24 annexe I] : l'organisme dépose ses comptes de résultat et ses
pièces, les contrôles de ``campagne.budget`` s'appliquent aussitôt et leur rapport s'affiche,
l'ARS accepte ou refuse avec un motif ; tout est journalisé, rien n'est écrit d'un dépôt
refusé à la lecture, et un organisme ne dépose ni ne décide pour un autre."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campagne.store import budget_deposits as bd
from campagne.store.decisions import WorkflowError
from campagne.store.models import (
    AuditEntry,
    BudgetDocument,
    Esms,
    ManagingBody,
    Notification,
    Profile,
    Role,
)

HEADER = ("finess;finess_ej;document;exercice;charges_groupe_i;charges_groupe_ii;"
          "charges_groupe_iii;produits_731;produits_732;produits_groupe_2;produits_groupe_3")


@pytest.fixture
def body(db) -> ManagingBody:
    return Profile.objects.get(role=Role.ORGANISME).organismes.first()


def _line(finess: str, ej: str, doc: str, year: int, charges: tuple[str, str, str],
          produits: tuple[str, str, str, str]) -> str:
    return ";".join([finess, ej, doc, str(year), *charges, *produits])


def _errd(body: ManagingBody) -> bytes:
    """Un ERRD 2023 par groupe pour le premier ET de l'organisme : charges 100 000 +
    800 000 + 100 000 = 1 000 000 € ; produits 950 000 + 0 + 30 000 + 5 000 = 985 000 € ;
    résultat −15 000 € (déficit), calculé à la main."""
    et = body.esms.order_by("finess").first().finess
    row = _line(et, body.finess, "ERRD", 2023, ("100000,00", "800000,00", "100000,00"),
                ("950000,00", "0", "30000,00", "5000,00"))
    return f"{HEADER}\n{row}\n".encode()


def _all_pieces(document: str) -> dict[str, SimpleUploadedFile]:
    return {f"piece_{code}": SimpleUploadedFile(f"{code}.pdf", b"%PDF-1.4 piece")
            for code in bd.pieces_for(document)}


def _post(client, document: str, body: ManagingBody, content: bytes, name="comptes.csv",
          pieces=None, exercice=2023):
    return client.post("/documents/deposer/", {
        "document": document, "organisme": body.pk, "exercice": str(exercice),
        "fichier": SimpleUploadedFile(name, content), **(pieces or {})})


def test_an_errd_is_deposited_controlled_and_accepted_by_the_ars(client_for, body):
    organisme = client_for("organisme")
    r = _post(organisme, "ERRD", body, _errd(body), pieces=_all_pieces("ERRD"))
    assert r.status_code == 302
    doc = BudgetDocument.objects.get()
    assert (doc.type_document, doc.exercice, doc.statut, doc.bloquant) == (
        "ERRD", 2023, "depose", False)
    (comptes,) = doc.rapport["comptes"]
    assert comptes["total_charges"] == 100_000_000  # centimes
    assert comptes["total_produits"] == 98_500_000
    assert comptes["resultat"] == -1_500_000
    assert comptes["nature_resultat"] == "déficit"
    # Toutes les pièces jointes : aucune pièce exigée ne manque ; un ERRD 2023 déposé
    # après le 30 avril 2024 relève de la fixation d'office (signalée, non bloquante).
    codes = {c["controle"] for c in doc.rapport["constats"]}
    assert "pieces_exigees" not in codes
    assert any(c["fixation_office"] for c in doc.rapport["constats"])
    assert doc.pieces_jointes.count() == len(bd.pieces_for("ERRD"))
    page = organisme.get(f"/documents/{doc.pk}/").content.decode()
    plain = page.replace("\u202f", " ").replace("\xa0", " ")
    assert "Aucun contrôle bloquant" in page and "-15 000 € (déficit)" in plain
    assert 'id="decider"' not in page  # l'organisme ne décide pas
    assert organisme.post(f"/documents/{doc.pk}/", {"decision": "accepter",
                                                    "version": doc.version}).status_code == 302
    doc.refresh_from_db()
    assert doc.statut == "depose"  # refusé : l'organisme n'est pas l'ARS

    ars = client_for("ars.idf")
    assert 'id="decider"' in ars.get(f"/documents/{doc.pk}/").content.decode()
    ars.post(f"/documents/{doc.pk}/", {"decision": "accepter", "version": doc.version,
                                       "motif": ""})
    doc.refresh_from_db()
    assert doc.statut == "accepte" and doc.decide_par.username == "ars.idf"
    entries = AuditEntry.objects.filter(objet_type="document_budgetaire", objet_id=str(doc.pk))
    actions = list(entries.order_by("pk").values_list("action", flat=True))
    assert actions == ["depot_document_budgetaire", "acceptation_document_budgetaire"]
    assert Notification.objects.filter(destinataire=doc.depose_par,
                                       message__contains="accepté").exists()
    # Une seconde décision sur la version déjà décidée est refusée (pas de décision perdue).
    with pytest.raises(WorkflowError, match="a changé depuis"):
        bd.decide(doc, doc.decide_par, False, "erreur")


def test_an_unbalanced_eprd_is_blocking_and_can_only_be_refused_with_a_reason(client_for,
                                                                              body):
    et = body.esms.order_by("finess").first().finess
    # Charges 1 370 000 € > produits 1 319 183 € : l'équilibre réel n'est pas respecté.
    row = _line(et, body.finess, "EPRD", 2024, ("150000,00", "1100000,00", "120000,00"),
                ("1309183,00", "0", "10000,00", "0"))
    r = _post(client_for("organisme"), "EPRD", body, f"{HEADER}\n{row}\n".encode(),
              exercice=2024)
    doc = BudgetDocument.objects.get()
    assert r.status_code == 302 and doc.bloquant
    blocking = {c["controle"] for c in doc.rapport["constats"] if c["bloquant"]}
    assert {"equilibre_reel", "pieces_exigees"} <= blocking
    ars = client_for("ars.idf")
    page = ars.get(f"/documents/{doc.pk}/").content.decode()
    assert "contrôle bloquant a échoué" in page and 'id="accepter"' not in page
    ars_user = Profile.objects.get(utilisateur__username="ars.idf").utilisateur
    with pytest.raises(WorkflowError, match="ne peut qu'être refusé"):
        bd.decide(doc, ars_user, True, "")
    with pytest.raises(WorkflowError, match="motif du refus est obligatoire"):
        bd.decide(doc, ars_user, False, "  ")
    bd.decide(doc, ars_user, False, "Équilibre réel non respecté : 50 817 € de charges "
                                    "sans financement")
    doc.refresh_from_db()
    assert doc.statut == "refuse" and "Équilibre réel" in doc.motif
    # Après un refus, l'organisme dépose un document corrigé.
    fixed = _line(et, body.finess, "EPRD", 2024, ("150000,00", "1100000,00", "120000,00"),
                  ("1360000,00", "0", "10000,00", "0"))
    _post(client_for("organisme"), "EPRD", body, f"{HEADER}\n{fixed}\n".encode(),
          pieces=_all_pieces("EPRD"), exercice=2024)
    latest = BudgetDocument.objects.order_by("-pk").first()
    assert latest.pk != doc.pk and not latest.bloquant


def test_a_new_deposit_replaces_the_pending_one(client_for, body):
    organisme = client_for("organisme")
    _post(organisme, "ERRD", body, _errd(body))
    first = BudgetDocument.objects.get()
    _post(organisme, "ERRD", body, _errd(body), pieces=_all_pieces("ERRD"))
    first.refresh_from_db()
    assert first.statut == "remplace"
    assert BudgetDocument.objects.filter(statut="depose").count() == 1


def test_a_bad_file_lists_every_error_and_stores_nothing(client_for, body):
    et = body.esms.order_by("finess").first().finess
    bad = f"{HEADER}\n{et};{body.finess};ERRD;2023;cent;800000;100000;950000;0;30000;abc\n"
    r = _post(client_for("organisme"), "ERRD", body, bad.encode())
    page = r.content.decode()
    assert r.status_code == 200 and "rien n&#x27;a été déposé" in page
    assert "charges_groupe_i" in page and "produits_groupe_3" in page
    assert not BudgetDocument.objects.exists()
    assert not AuditEntry.objects.filter(objet_type="document_budgetaire").exists()


def test_a_body_cannot_deposit_for_another_bodys_establishment(client_for, body, places):
    other = Esms.objects.get(finess=places["paris"])
    row = _line(other.finess, body.finess, "ERRD", 2023, ("1", "1", "1"), ("3", "0", "0", "0"))
    r = _post(client_for("organisme"), "ERRD", body, f"{HEADER}\n{row}\n".encode())
    assert f"ET {other.finess}" in r.content.decode()
    assert not BudgetDocument.objects.exists()
    # ni pour un autre organisme choisi dans le formulaire
    r = _post(client_for("organisme"), "ERRD", other.organisme, _errd(body))
    assert "choisissez un de vos organismes" in r.content.decode()
    assert not BudgetDocument.objects.exists()


def test_scopes_of_reading_and_deciding(client_for, body, places):
    _post(client_for("organisme"), "ERRD", body, _errd(body), pieces=_all_pieces("ERRD"))
    doc = BudgetDocument.objects.get()
    departement = doc.esms.get().departement
    dd = Profile.objects.filter(role=Role.ARS_DEPARTEMENT).first()
    own_dd = departement in (dd.departements or [])
    assert (client_for(dd.utilisateur.username).get(f"/documents/{doc.pk}/").status_code
            == (200 if own_dd else 404))
    assert bd.can_decide(dd.utilisateur, doc) is own_dd
    auditor = Profile.objects.get(utilisateur__username="auditeur").utilisateur
    assert client_for("auditeur").get(f"/documents/{doc.pk}/").status_code == 200
    assert not bd.can_decide(auditor, doc)
    listing = client_for("organisme").get("/documents/").content.decode()
    assert f"/documents/{doc.pk}/" in listing
