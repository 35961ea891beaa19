"""ESAT 2024 [ROB24 §5] : plafonds lus dans les paramètres, gel, taux préférentiel."""

import datetime as dt
from decimal import Decimal

import pytest

from campagne.engine import MissingInputError, explain, run_campaign
from campagne.params import At
from campagne.rules import all_rules
from tests.support import make_portfolio

NO_POP = {"part_imc": 0.0, "part_autisme": 0.0, "part_lesion_cerebrale": 0.0,
          "part_handicap_physique": 0.0}


def _esat(finess, base_euros, **over):
    return {"finess": finess, "categorie": "246", "famille": "ESAT", "capacite": 100,
            "base_reconductible": base_euros * 100, **NO_POP, **over}


def _run(params, campaign, rows):
    result = run_campaign(make_portfolio(rows), campaign, params, all_rules())
    return {r["finess"]: r for r in result.frame.iter_rows(named=True)}, result


def test_the_five_2024_caps_are_read_from_parameters(params):
    # ROB24 §5 : 14 302 € (référence), 17 875 € (IMC ≥ 70 %), 17 158 € (TSA ≥ 70 %),
    # 15 016 € (lésion cérébrale ≥ 70 %), 15 016 € (fonctions physiques ≥ 70 %).
    caps = params.value("tarif_plafond_esat", At(2024, dt.date(2024, 1, 1), "11"))
    assert caps == {"reference": Decimal("14302"), "imc": Decimal("17875"),
                    "autisme": Decimal("17158"), "lesion_cerebrale": Decimal("15016"),
                    "handicap_physique": Decimal("15016")}


def test_population_share_of_70_percent_selects_the_cap(params, campaign):
    rows, _ = _run(params, campaign, [
        _esat("750000001", 1_000_000, part_imc=70.0),
        _esat("750000019", 1_000_000, part_autisme=69.9),
        _esat("750000027", 1_000_000, part_lesion_cerebrale=80.0),
        _esat("750000035", 1_000_000, part_handicap_physique=100.0),
    ])
    assert rows["750000001"]["tarif_plafond_esat"] == 17_875_00
    assert rows["750000019"]["tarif_plafond_esat"] == 14_302_00  # 69,9 % < 70 %
    assert rows["750000027"]["tarif_plafond_esat"] == 15_016_00
    assert rows["750000035"]["tarif_plafond_esat"] == 15_016_00


def test_freeze_above_cap_and_preferential_rate_below_90_percent(params, campaign):
    # 100 places au plafond de référence 14 302 € : plafond 1 430 200 €, 90 % = 1 287 180 €.
    # A 1 500 000 € (au-dessus) : gel, 0 €.
    # B 1 300 000 € (entre 90 et 100 %) : 1 % = 13 000 € (le plafond est à 130 200 €).
    # C 1 000 000 € et D 1 200 000 € (sous 90 %) : enveloppe préférentielle =
    #   1 % de toutes les bases (15 000 + 13 000 + 10 000 + 12 000 = 50 000 €) − 13 000 € pris
    #   par B = 37 000 €, partagés au prorata 1 000 000 : 1 200 000 →
    #   C 16 818,18 €, D 20 181,82 € → à l'euro au plus fort reste : C 16 818 €, D 20 182 €.
    rows, _ = _run(params, campaign, [
        _esat("750000001", 1_500_000), _esat("750000019", 1_300_000),
        _esat("750000027", 1_000_000), _esat("750000035", 1_200_000),
    ])
    assert rows["750000001"]["actualisation_esat"] == 0
    assert rows["750000019"]["actualisation_esat"] == 13_000_00
    assert rows["750000027"]["enveloppe_preferentielle_esat"] == 37_000_00
    assert rows["750000027"]["actualisation_esat"] == 16_818_00
    assert rows["750000035"]["actualisation_esat"] == 20_182_00
    # la reconduction des ESAT reste égale à 1 % de leurs bases : 50 000 €
    assert sum(r["actualisation_esat"] for r in rows.values()) == 50_000_00
    assert all(r["actualisation"] is None for r in rows.values())  # pas de double actualisation


def test_preferential_rate_never_exceeds_90_percent_of_the_cap(params, campaign):
    # A gelé libère 1 % de 3 000 000 € = 30 000 € ; E à 1 280 000 € n'a que 7 180 € d'écart
    # à 90 % (1 287 180 €) : il reçoit 7 180 €, pas plus ; F à 1 000 000 € reçoit le reste
    # dans la limite de son écart (287 180 €) : 30 000 + 12 800 + 10 000 − 7 180 = 45 620 €.
    rows, _ = _run(params, campaign, [
        _esat("750000001", 3_000_000), _esat("750000019", 1_280_000),
        _esat("750000027", 1_000_000),
    ])
    assert rows["750000019"]["actualisation_esat"] == 7_180_00
    assert rows["750000019"]["base_reconductible"] + 7_180_00 == 1_287_180_00
    assert rows["750000027"]["actualisation_esat"] == 45_620_00


def test_esat_without_population_shares_is_named(params, campaign):
    row = _esat("750000001", 1_000_000, raison_sociale="ESAT Les Ateliers")
    row["part_autisme"] = None
    with pytest.raises(MissingInputError) as exc:
        _run(params, campaign, [row])
    assert {(i.finess, i.field) for i in exc.value.issues} == {("750000001", "part_autisme")}
    assert "ESAT Les Ateliers" in str(exc.value)


def test_explanation_cites_rob24_s5_with_the_cap(params, campaign):
    _, result = _run(params, campaign, [_esat("750000001", 1_000_000, part_autisme=75.0),
                                        _esat("750000019", 2_000_000)])
    text = explain(result, "750000001").to_text()
    assert "[ROB24 §5]" in text
    assert "Tarif plafond ESAT par place autorisée (autisme) = 17\u202f158 €" in text
