"""L'API sous un fuzzer guidé par son schéma OpenAPI (schemathesis) : quelles que soient les
valeurs envoyées, jamais d'erreur serveur (5xx) ; les entrées fausses reçoivent 4xx."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from campagne.store.models import ApiToken
from campagne.web.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_test_connection():
    """Comme le client de test de Django : le début et la fin d'une requête ne ferment pas
    la connexion de la transaction du test (sinon PostgreSQL la perd à la requête suivante)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(db):
    _, raw = ApiToken.issue(get_user_model().objects.get(username="ars.idf"), "fuzz")
    return raw


@schema.parametrize()
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_endpoint_answers_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (case.method, case.path, response.status_code,
                                        response.text[:500])
