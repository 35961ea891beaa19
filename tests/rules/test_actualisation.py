"""Actualisation 2024 [ROB24 §3] : taux construit, montant arrondi à l'euro."""

from decimal import Decimal

from campagne.engine import run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio


def test_rate_2024_ph_is_one_percent(params, campaign):
    # ROB24 §3 : 0,75 × 0,5 % + 0,25 × 2,5 % = 0,375 % + 0,625 % = 1,00 %
    # (affiché 0,38 % + 0,25 % + 0,38 % au tableau du §3).
    frame = make_portfolio([{"finess": "750000001", "base_reconductible": 100}])
    result = run_campaign(frame, campaign, params, all_rules())
    assert result.frame["taux_actualisation"][0] == Decimal("0.01")


def test_drl_reconduction_line_is_one_percent_of_the_base(params, campaign):
    # ROB24 §2 : « Base reconductible au 01/01/2024 2 347 523 971 € » et
    # « Reconduction DRL (+1%) 23 475 240 € » : 23 475 239,71 € arrondi à l'euro.
    frame = make_portfolio([{"finess": "750000001", "base_reconductible": 2_347_523_971_00}])
    result = run_campaign(frame, campaign, params, all_rules())
    assert result.frame["actualisation"][0] == 23_475_240_00


def test_each_esms_is_rounded_to_the_euro(params, campaign):
    # 123 456,78 € × 1 % = 1 234,5678 € → 1 235 € ; 149,99 € × 1 % = 1,4999 € → 1 €
    frame = make_portfolio([{"finess": "750000001", "base_reconductible": 12_345_678},
                            {"finess": "750000019", "base_reconductible": 14_999}])
    result = run_campaign(frame, campaign, params, all_rules())
    assert result.frame.sort("finess")["actualisation"].to_list() == [1_235_00, 1_00]
