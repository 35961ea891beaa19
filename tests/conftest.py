"""Fixtures communes : les paramètres embarqués et la campagne 2024 PH d'Île-de-France."""

import pytest

from campagne.engine import Campaign
from campagne.params import ParameterSet


@pytest.fixture(scope="session")
def params() -> ParameterSet:
    return ParameterSet.load()


@pytest.fixture(scope="session")
def campaign(params) -> Campaign:
    return Campaign.from_params(params, "ph-2024-idf")


def pytest_sessionstart(session):
    """Passe PostgreSQL : le serveur doit répondre. En CI (CI=true), son absence est un échec ;
    ailleurs, la passe est ignorée avec un message clair (jamais en silence)."""
    import os

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    try:
        psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                        password=cfg["PASSWORD"] or None, dbname="postgres",
                        connect_timeout=5).close()
    except psycopg.Error as exc:
        message = f"PostgreSQL injoignable ({cfg['HOST']}:{cfg['PORT']}) : {exc}"
        if os.environ.get("CI") == "true":
            pytest.exit(message + " — la CI exige la passe PostgreSQL", returncode=1)
        pytest.exit(message + " — passe PostgreSQL ignorée (hors CI)", returncode=0)
