"""Base de test : la démonstration chargée une fois par session (portefeuille, DRL, demandes de
CNR, comptes de démonstration, un calcul de référence) ; chaque test s'exécute dans une
transaction annulée à la fin. Les calculs lancés depuis l'interface sont synchrones."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from campagne.store.demo import DEMO_CAMPAIGN, load_demo
from campagne.store.models import Esms, Profile, Role

PASSWORD = "campagne-demo-2024"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: F811 (surcharge pytest-django)
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def _synchronous_runs(settings):
    settings.CAMPAGNE_CALCUL_SYNCHRONE = True


@pytest.fixture
def client_for(db):
    def make(username: str | None) -> Client:
        client = Client()
        if username:  # force_login : sans hachage de mot de passe (la connexion réelle est
            # éprouvée par le parcours dans le navigateur)
            client.force_login(get_user_model().objects.get(username=username))
        return client
    return make


@pytest.fixture
def places(db):
    """ESMS remarquables de la démo : un de Paris (75) hors de l'organisme de démonstration,
    un de Seine-Saint-Denis (93), un de l'organisme de démonstration."""
    org = Profile.objects.get(role=Role.ORGANISME).organismes.first()
    own = Esms.objects.filter(organisme=org).order_by("finess").first()
    paris = Esms.objects.filter(departement="75").exclude(organisme=org).order_by("finess").first()
    other = Esms.objects.filter(departement="93").exclude(organisme=org).order_by("finess").first()
    return {"propre": own.finess, "paris": paris.finess, "autre": other.finess,
            "campagne": DEMO_CAMPAIGN}
