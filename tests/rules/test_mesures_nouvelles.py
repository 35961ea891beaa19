"""Mesures nouvelles 2024 [ROB24 §1, §7] : année pleine pérenne, reprise des mois non ouverts."""

import datetime as dt

from campagne.engine import run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio


def test_places_installed_first_semester_are_phase_one_with_prorata(params, campaign):
    # 10 places × 50 000 € = 500 000 € en année pleine (pérenne, 1re phase : installées le
    # 01/03/2024 ≤ 30/06) ; ouvertes 10 mois → reprise non pérenne 500 000 × 2/12 = 83 333,33 €
    # arrondie à 83 333 €. Sans autre mesure : base 1 000 000 € + 1 % = 1 010 000 €.
    frame = make_portfolio([{
        "finess": "750000001", "base_reconductible": 1_000_000_00, "places_nouvelles": 10,
        "cout_place_nouvelle": 50_000_00, "date_installation": dt.date(2024, 3, 1),
        "ligne_plan": "cnh_socle"}])
    r = run_campaign(frame, campaign, params, all_rules()).frame.row(0, named=True)
    assert r["mesures_nouvelles_phase1"] == 500_000_00
    assert r["mesures_nouvelles_phase2"] is None
    assert r["mois_ouverture_places_nouvelles"] == 10
    assert r["reprise_mois_non_ouverts"] == -83_333_00
    assert r["dotation_perenne"] == 1_510_000_00
    assert r["dotation_non_perenne"] == -83_333_00
    assert r["dotation_totale"] == 1_426_667_00


def test_places_installed_mid_september_are_autumn_with_three_months(params, campaign):
    # installées le 15/09/2024 : à l'automne ; décompte à partir d'octobre → 3 mois ;
    # reprise 500 000 × 9/12 = 375 000 €.
    frame = make_portfolio([{
        "finess": "750000001", "base_reconductible": 0, "places_nouvelles": 10,
        "cout_place_nouvelle": 50_000_00, "date_installation": dt.date(2024, 9, 15),
        "ligne_plan": "cnh_socle"}])
    r = run_campaign(frame, campaign, params, all_rules()).frame.row(0, named=True)
    assert r["mesures_nouvelles_phase2"] == 500_000_00
    assert r["mois_ouverture_places_nouvelles"] == 3
    assert r["reprise_mois_non_ouverts"] == -375_000_00
