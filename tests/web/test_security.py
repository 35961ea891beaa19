"""Sécurité : tentatives de connexion limitées, en-têtes, CSRF, mots de passe, jetons."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from campagne.store.models import AuditEntry


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_login_is_throttled_after_five_failures(db):
    client = Client()
    for _ in range(5):
        r = client.post("/connexion/", {"username": "ars.idf", "password": "mauvais"})
        assert r.status_code == 200
    # Même le bon mot de passe est refusé pendant le blocage ; c'est journalisé.
    r = client.post("/connexion/", {"username": "ars.idf", "password": "campagne-demo-2024"})
    assert r.status_code == 429 and "réessayez dans 15 minutes" in r.content.decode()
    assert AuditEntry.objects.filter(action="connexion_bloquee").exists()
    assert AuditEntry.objects.filter(action="connexion_refusee").count() >= 5
    # Un autre compte n'est pas bloqué.
    ok = client.post("/connexion/", {"username": "auditeur", "password": "campagne-demo-2024"})
    assert ok.status_code == 302


def test_security_headers_on_every_page(client_for):
    r = client_for("ars.idf").get("/parametres/")
    csp = r["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "'nonce-" in csp
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Referrer-Policy"] == "same-origin"


def test_forms_require_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="ars.idf"))
    r = client.post("/campagnes/ph-2024-idf/scenarios/nouveau/", {"nom": "x", "valeurs": ""})
    assert r.status_code == 403


def test_password_policy_refuses_short_and_common_passwords(db):
    for weak in ("campagne", "123456789012", "motdepasse"):
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Tarification-ESMS-2024!")


def test_a_zip_bomb_uploaded_as_portfolio_is_refused_and_nothing_imported(client_for, tmp_path):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from campagne.store.models import Esms

    before = Esms.objects.count()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (8 * 1024 * 1024))
    r = client_for("ars.idf").post("/portefeuille/importer/", {"fichier": SimpleUploadedFile(
        "bombe.xlsx", buffer.getvalue())})
    assert r.status_code == 200
    assert "bombe ZIP probable" in r.content.decode()
    assert Esms.objects.count() == before
