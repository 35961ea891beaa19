"""Amendement Creton [ROB24 annexe II] : part maladie = DGC − recettes Creton facturées en N-1."""

from campagne.engine import run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio


def test_creton_revenue_is_taken_back_for_cpom_only(params, campaign):
    # IME sous CPOM : base 2 000 000 € + 1 % = 2 020 000 € ; recettes Creton 2023 facturées
    # 120 000 € → part maladie 2024 = 2 020 000 − 120 000 = 1 900 000 €.
    # Le même IME hors CPOM : pas de reprise par la dotation (la récupération passe par le CA).
    frame = make_portfolio([
        {"finess": "750000001", "base_reconductible": 2_000_000_00, "cpom": True,
         "recettes_creton_n1": 120_000_00},
        {"finess": "750000019", "base_reconductible": 2_000_000_00, "cpom": False,
         "recettes_creton_n1": 120_000_00},
    ])
    rows = {r["finess"]: r for r in
            run_campaign(frame, campaign, params, all_rules()).frame.iter_rows(named=True)}
    assert rows["750000001"]["reprise_creton"] == -120_000_00
    assert rows["750000001"]["dotation_totale"] == 1_900_000_00
    assert rows["750000001"]["dotation_perenne"] == 2_020_000_00  # la base N+1 n'est pas touchée
    assert rows["750000019"]["reprise_creton__applicable"] is False
    assert rows["750000019"]["dotation_totale"] == 2_020_000_00
