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
