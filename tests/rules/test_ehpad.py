"""EHPAD 2010 : plafond par l'équation GMPS et convergence tarifaire [C2010 §2.2.1, annexe VI].

Cas communs (calculés à la main) : tarif partiel sans PUI, valeur du point 9,20 € (arrêté du
26 février 2009), GMP 700, PMP 200 → GMPS = 700 + 2,59 × 200 = 1 218 ; 80 places →
plafond = 9,20 × 1 218 × 80 = 896 448 €. Taux de reconduction 2010 : 1,20 %.
"""

from decimal import Decimal

import pytest

from campagne.engine import Campaign, MissingInputError, explain, run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio

EHPAD = {"categorie": "500", "secteur": "PA", "famille": "Personnes âgées", "capacite": 80,
         "gmp": 700, "pmp": 200, "tarif_soins": "PARTIEL", "pui": False}


@pytest.fixture(scope="module")
def campaign(params):
    return Campaign.from_params(params, "ph-pa-2010")


def _run(rows, campaign, params):
    full = [{**EHPAD, "finess": f"7500000{i:02d}", **r} for i, r in enumerate(rows)]
    result = run_campaign(make_portfolio(full), campaign, params, all_rules())
    return result, result.frame.sort("finess").to_dicts()


def test_cap_from_the_gmps_equation(campaign, params):
    _, (r,) = _run([{"base_reconductible": 900_000_00}], campaign, params)
    assert r["gmps_ehpad"] == Decimal("1218")
    assert r["plafond_ehpad"] == 896_448_00
    assert r["ecart_plafond_ehpad"] == 3_552_00


def test_default_convergence_is_one_seventh_of_the_excess(campaign, params):
    # base 1 000 000 € : dépassement 103 552 € ; 103 552 / 7 = 14 793,14 → −14 793 €.
    _, (r,) = _run([{"base_reconductible": 1_000_000_00}], campaign, params)
    assert r["convergence_ehpad"] == -14_793_00
    assert r["dotation_perenne"] == 985_207_00
    assert r["situation_convergence_ehpad"].startswith("au-dessus du plafond, sans avenant")


def test_contract_with_excess_up_to_10_percent_freezes_or_grants_at_most_half_a_percent(
        campaign, params):
    # base 950 000 € : dépassement 53 552 € = 5,97 % du plafond (≤ 10 %).
    # Taux contractuel vide → gel (0) ; 0,3 % → 2 850 € ; 0,8 % → plafonné à 0,5 % → 4 750 €.
    common = {"base_reconductible": 950_000_00, "avenant_convergence": True}
    _, rows = _run([common, {**common, "taux_reconduction_contractuel": Decimal("0.003")},
                    {**common, "taux_reconduction_contractuel": Decimal("0.008")}],
                   campaign, params)
    assert [r["convergence_ehpad"] for r in rows] == [0, 2_850_00, 4_750_00]
    assert all(r["situation_convergence_ehpad"].startswith("avenant, dépassement ≤ 10 %")
               for r in rows)


def test_contract_above_10_percent_returns_at_least_one_fifteenth(campaign, params):
    # base 1 100 000 € : dépassement 203 552 € (22,7 % > 10 %). Sans part contractuelle :
    # 203 552 / 15 = 13 570,13 → −13 570 € ; 10 % contractuels → −20 355 € (20 355,20) ;
    # 5 % contractuels (< 1/15) → le minimum d'un quinzième, −13 570 €.
    common = {"base_reconductible": 1_100_000_00, "avenant_convergence": True}
    _, rows = _run([common, {**common, "fraction_reduction_contractuelle": Decimal("0.10")},
                    {**common, "fraction_reduction_contractuelle": Decimal("0.05")}],
                   campaign, params)
    assert [r["convergence_ehpad"] for r in rows] == [-13_570_00, -20_355_00, -13_570_00]


def test_below_the_cap_the_rate_never_crosses_it(campaign, params):
    # 800 000 € : 1,20 % = 9 600 € (marge 96 448 €) ; 890 000 € : 1,20 % = 10 680 € mais il
    # ne reste que 6 448 € jusqu'au plafond.
    _, rows = _run([{"base_reconductible": 800_000_00}, {"base_reconductible": 890_000_00}],
                   campaign, params)
    assert [r["convergence_ehpad"] for r in rows] == [9_600_00, 6_448_00]
    assert rows[1]["dotation_perenne"] == 896_448_00
    assert rows[0]["actualisation__applicable"] is False  # règle propre des EHPAD


def test_not_yet_gmps_tariffed_uses_the_national_pmp_of_168(campaign, params):
    # GMPS = 700 + 2,59 × 168 = 1 135,12 ; plafond = 9,20 × 1 135,12 × 80 = 835 448,32 → 835 448 €.
    _, (r,) = _run([{"base_reconductible": 800_000_00, "pmp": None}], campaign, params)
    assert r["pmp_retenu_ehpad"] == Decimal("168")
    assert r["plafond_ehpad"] == 835_448_00


def test_gmps_moves_under_50_points_keep_the_reference(campaign, params):
    # GMPS 1 218 contre 1 190 de référence (28 points) → 1 190 : 9,20 × 1 190 × 80 = 875 840 € ;
    # contre 1 160 (58 points) → le nouveau GMPS 1 218 : 896 448 €.
    _, rows = _run([{"base_reconductible": 800_000_00, "gmps_reference": 1190},
                    {"base_reconductible": 800_000_00, "gmps_reference": 1160}],
                   campaign, params)
    assert [r["plafond_ehpad"] for r in rows] == [875_840_00, 896_448_00]


def test_overseas_point_is_raised_by_20_percent(campaign, params):
    # La Réunion, tarif global avec PUI : 12,83 × 1,2 = 15,396 → 15,40 € ;
    # 15,40 × 1 218 × 80 = 1 500 576 €.
    _, (r,) = _run([{"base_reconductible": 1_400_000_00, "departement": "974",
                     "region": "04", "tarif_soins": "GLOBAL", "pui": True}], campaign, params)
    assert r["valeur_point_ehpad"] == 15_40
    assert r["plafond_ehpad"] == 1_500_576_00


def test_explanation_cites_annex_vi_and_the_2009_decree(campaign, params):
    result, _ = _run([{"base_reconductible": 1_000_000_00}], campaign, params)
    data = explain(result, "750000000", "convergence_ehpad").to_dict()
    assert "[C2010 annexe VI]" in data["montant"]["sources"]
    assert "ARR-2009-02-26" in data["sources"] and "C2010" in data["sources"]


def test_ehpad_without_gmp_is_named(campaign, params):
    with pytest.raises(MissingInputError) as exc:
        _run([{"base_reconductible": 1_000_000_00, "gmp": None}], campaign, params)
    assert ("750000000", "gmp") in {(i.finess, i.field) for i in exc.value.issues}
