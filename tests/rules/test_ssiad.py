"""SSIAD 2024 [ROB24 §4] : cas calculés à la main."""

import datetime as dt

import pytest

from campagne.engine import MissingInputError, explain, run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio

SSIAD = {"categorie": "354", "famille": "Services pour adultes",
         "date_ouverture": dt.date(2010, 1, 1)}


def _run(params, campaign, rows):
    result = run_campaign(make_portfolio([{**SSIAD, **r} for r in rows]), campaign, params,
                          all_rules())
    return {r["finess"]: r for r in result.frame.iter_rows(named=True)}, result


def test_convergence_step_is_one_fifth_of_the_gap_to_target(params, campaign):
    # base 500 000 € ; 1re phase : +1 % = 5 000 € → forfait 2024 = 505 000 € ;
    # cible 2027 = 555 000 € → pas = 1/5 × 50 000 € = 10 000 € ; plancher 2022 480 000 € sans
    # effet → dotation pérenne = 515 000 €.
    rows, _ = _run(params, campaign, [{
        "finess": "750000001", "base_reconductible": 500_000_00,
        "ssiad_forfait_cible": 555_000_00, "ssiad_dotation_plancher": 480_000_00}])
    r = rows["750000001"]
    assert r["actualisation"] == 5_000_00
    assert r["forfait_ssiad_premiere_phase"] == 505_000_00
    assert r["pas_convergence_ssiad"] == 10_000_00
    assert r["plancher_ssiad"] == 0
    assert r["dotation_perenne"] == 515_000_00


def test_negative_step_is_stopped_by_the_2022_floor(params, campaign):
    # base 400 000 € → 404 000 € après 1 % ; cible 354 000 € → pas = 1/5 × (−50 000) = −10 000 €
    # → 394 000 € < dotation pérenne 2022 (400 000 €) : le forfait est fixé à 400 000 €.
    rows, _ = _run(params, campaign, [{
        "finess": "750000001", "base_reconductible": 400_000_00,
        "ssiad_forfait_cible": 354_000_00, "ssiad_dotation_plancher": 400_000_00}])
    r = rows["750000001"]
    assert r["pas_convergence_ssiad"] == -10_000_00
    assert r["plancher_ssiad"] == 6_000_00
    assert r["dotation_perenne"] == 400_000_00


def test_service_younger_than_two_years_gets_the_cnsa_flat_amount(params, campaign):
    # ouvert le 01/03/2023 (< 2 ans au 01/01/2024) : base 200 000 € + 1 % = 202 000 € ;
    # montant forfaitaire CNSA 250 000 € → ajustement 48 000 € ; ni pas de convergence ni plancher.
    rows, _ = _run(params, campaign, [{
        "finess": "750000001", "base_reconductible": 200_000_00,
        "date_ouverture": dt.date(2023, 3, 1), "ssiad_forfait_cnsa": 250_000_00}])
    r = rows["750000001"]
    assert r["ajustement_forfait_cnsa_ssiad"] == 48_000_00
    assert r["pas_convergence_ssiad"] is None and r["plancher_ssiad"] is None
    assert r["dotation_perenne"] == 250_000_00


def test_ssiad_without_its_2022_amount_is_named(params, campaign):
    with pytest.raises(MissingInputError) as exc:
        _run(params, campaign, [{
            "finess": "750000001", "raison_sociale": "SSIAD du Marais",
            "base_reconductible": 400_000_00, "ssiad_forfait_cible": 354_000_00}])
    issues = {(i.finess, i.field) for i in exc.value.issues}
    assert issues == {("750000001", "ssiad_dotation_plancher")}
    assert "SSIAD du Marais" in str(exc.value)


def test_explanation_cites_rob24_s4_with_parameters(params, campaign):
    _, result = _run(params, campaign, [{
        "finess": "750000001", "base_reconductible": 500_000_00,
        "ssiad_forfait_cible": 555_000_00, "ssiad_dotation_plancher": 480_000_00}])
    data = explain(result, "750000001").to_dict()
    text = explain(result, "750000001").to_text()
    assert "[ROB24 §4]" in text
    assert "Fraction de l'écart au forfait global de soins cible" in text and "20,00 %" in text
    assert data["montant"]["valeur"]["euros"] == "515000.00"
