"""Seconde notification 2005 [C2005 §I] : mesure salariale 0,23 %, SSIAD PH (10 026 € la
place, forfait plafond 39,45 € / 34,84 €), accord UCANSS, remise à niveau."""

import datetime as dt

import polars as pl
import pytest

from campagne.engine import Campaign, MissingInputError, run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio

SSIAD = {"categorie": "354", "famille": "Services pour adultes", "capacite": 20,
         "base_reconductible": 250_000_00}


@pytest.fixture(scope="module")
def campaign(params):
    return Campaign.from_params(params, "ph-2005")


def _rows(frame, campaign, params):
    result = run_campaign(make_portfolio(frame), campaign, params, all_rules())
    return {r["finess"]: r for r in result.frame.iter_rows(named=True)}


def test_salary_measure_reproduces_annexe_i(campaign, params):
    # C2005 annexe I, Alsace : 171 227 831 € × 0,23 % = 393 823,91 → 393 824 € publié.
    # Aquitaine : (350 191 442 + 273 279 de reclassement UCANSS) × 0,23 % = 806 068,86
    # → 806 069 € publié : le reclassement reconductible entre dans l'assiette.
    rows = _rows([
        {"finess": "670000009", "base_reconductible": 171_227_831_00},
        {"finess": "330000001", "base_reconductible": 350_191_442_00,
         "ucanss_reclassement": 273_279_00},
    ], campaign, params)
    assert rows["670000009"]["actualisation"] == 393_824_00
    assert rows["330000001"]["actualisation"] == 806_069_00
    assert rows["330000001"]["ucanss_reclassement_2005"] == 273_279_00


def test_ucanss_reclassification_is_renewable_and_the_bonus_is_not(campaign, params):
    # C2005 annexe III, Aquitaine, Dordogne, Bayot Sarrazi : prime de 4 points 36 006 €,
    # reclassement 56 484 €. Base 1 000 000 € : mesure salariale (1 056 484) × 0,23 % = 2 429,91
    # → 2 430 € ; pérenne = 1 000 000 + 2 430 + 56 484 ; non pérenne = la prime.
    rows = _rows([{"finess": "240000001", "base_reconductible": 1_000_000_00,
                   "ucanss_reclassement": 56_484_00, "ucanss_prime": 36_006_00}],
                 campaign, params)
    r = rows["240000001"]
    assert r["dotation_perenne"] == 1_000_000_00 + 2_430_00 + 56_484_00
    assert r["dotation_non_perenne"] == 36_006_00
    assert r["dotation_totale"] == 1_094_920_00


def test_ssiad_new_places_and_the_private_daily_cap(campaign, params):
    # C2005 §I.A. SSIAD privé de 20 places (dont 2 installées en 2005), base 250 000 € :
    # mesure salariale 250 000 × 0,23 % = 575 € ; places nouvelles 2 × 10 026 = 20 052 € ;
    # plafond 34,84 € × 20 × 365 = 254 332 € ; avant plafond 270 627 € → écrêtement −16 295 €.
    # Le même SSIAD public : plafond 39,45 × 20 × 365 = 287 985 €, pas d'écrêtement.
    new = {"places_nouvelles": 2, "date_installation": dt.date(2005, 9, 1)}
    rows = _rows([
        {"finess": "750000002", **SSIAD, **new},
        {"finess": "750000010", **SSIAD, **new, "statut_agregat": "public"},
    ], campaign, params)
    prive, public = rows["750000002"], rows["750000010"]
    assert prive["mesures_nouvelles_ssiad_ph"] == 20_052_00
    assert prive["plafond_ssiad"] == 254_332_00
    assert prive["ecretement_plafond_ssiad"] == -16_295_00
    assert prive["dotation_perenne"] == 254_332_00
    assert public["plafond_ssiad"] == 287_985_00
    assert public["ecretement_plafond_ssiad"] == 0
    assert public["dotation_perenne"] == 250_000_00 + 575_00 + 20_052_00


def test_c2005_annexe_ii_credits_are_places_times_10_026(campaign, params):
    # C2005 annexe II : Gironde 29 places → 290 754 € ; Pas-de-Calais 36 places → 360 936 €.
    rows = _rows([
        {"finess": "330000001", **SSIAD, "capacite": 29, "base_reconductible": 0,
         "statut_agregat": "public", "places_nouvelles": 29,
         "date_installation": dt.date(2005, 12, 1)},
        {"finess": "620000001", **SSIAD, "capacite": 36, "base_reconductible": 0,
         "statut_agregat": "public", "places_nouvelles": 36,
         "date_installation": dt.date(2005, 12, 1)},
    ], campaign, params)
    assert rows["330000001"]["mesures_nouvelles_ssiad_ph"] == 290_754_00
    assert rows["620000001"]["mesures_nouvelles_ssiad_ph"] == 360_936_00


def test_granted_staff_reinforcement_enters_the_base(campaign, params):
    frame = make_portfolio([{"finess": "750000002", "base_reconductible": 1_000_000_00}])
    frame = frame.with_columns(remise_a_niveau_accordee=pl.lit(45_000_00))
    result = run_campaign(frame, campaign, params, all_rules())
    row = result.frame.row(0, named=True)
    assert row["remise_a_niveau_2005"] == 45_000_00
    assert row["dotation_perenne"] == 1_000_000_00 + 2_300_00 + 45_000_00


def test_ssiad_without_capacity_is_named(campaign, params):
    with pytest.raises(MissingInputError) as exc:
        run_campaign(make_portfolio([{"finess": "750000002", **SSIAD, "capacite": None}]),
                     campaign, params, all_rules())
    assert ("750000002", "capacite") in {(i.finess, i.field) for i in exc.value.issues}
