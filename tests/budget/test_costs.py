"""Coût à la place par catégorie comparable, moyenne et médiane, par région et par
département [C2005 §II], sur un petit portefeuille calculé à la main."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campagne.budget import BudgetDataError, compare_costs, cost_per_place
from campagne.budget.costs import median
from tests.budget.support import finess
from tests.support import make_portfolio


def _esms(n, dep, cat, base, cap):
    return {"finess": finess(n, dep), "departement": dep, "region": "11", "categorie": cat,
            "base_reconductible": base, "capacite": cap}


PORTFOLIO = make_portfolio([
    _esms(1, "75", "183", 10_000_000, 20),      # 100 000,00 € / 20 = 5 000,00 €
    _esms(2, "75", "183", 21_000_000, 30),      # 210 000,00 € / 30 = 7 000,00 €
    _esms(3, "75", "183", 10_000_001, 3),       # 100 000,01 € / 3 = 33 333,3366… €
    _esms(4, "75", "255", 30_000_000, 30),      # MAS : 10 000,00 €
    _esms(5, "75", "189", 50_000_000, 0),       # CMPP sans places : exclu
    _esms(6, "92", "183", 1_000_000, 1),        # 10 000,00 €
    _esms(7, "92", "183", 1_200_001, 1),        # 12 000,01 €
    _esms(8, "92", "183", 1_300_000, 1),        # 13 000,00 €
    _esms(9, "92", "183", 3_000_100, 1),        # 30 001,00 €
])


def _row(frame, niveau, territoire, categorie):
    (row,) = frame.filter((frame["niveau"] == niveau) & (frame["territoire"] == territoire)
                          & (frame["categorie"] == categorie)).to_dicts()
    return row


def test_mean_and_median_by_department_and_region_computed_by_hand():
    frame = compare_costs(PORTFOLIO)
    paris = _row(frame, "departement", "75", "183")
    # Moyenne : (5 000 + 7 000 + 33 333,3366…) / 3 = 15 111,1122… → 15 111,11 €.
    assert (paris["cout_moyen"], paris["cout_median"]) == (1_511_111, 700_000)
    assert (paris["cout_min"], paris["cout_max"]) == (500_000, 3_333_334)
    # Coût global : 410 000,01 € / 53 places = 7 735,849… → 7 735,85 €.
    assert (paris["esms"], paris["places"], paris["cout_global"]) == (3, 53, 773_585)
    assert paris["libelle_territoire"] == "Paris"
    hauts_de_seine = _row(frame, "departement", "92", "183")
    # Nombre pair : médiane = (12 000,01 + 13 000,00) / 2 = 12 500,005 → 12 500,01 €
    # (arrondi au centime, 0,5 au-dessus) ; moyenne 65 001,01 / 4 = 16 250,2525 → 16 250,25 €.
    assert (hauts_de_seine["cout_median"], hauts_de_seine["cout_moyen"]) == (1_250_001,
                                                                              1_625_025)
    region = _row(frame, "region", "11", "183")
    # 7 IME : médiane 12 000,01 € ; moyenne 110 334,346… / 7 = 15 762,0495… → 15 762,05 €.
    assert (region["esms"], region["cout_median"], region["cout_moyen"]) == (7, 1_200_001,
                                                                             1_576_205)
    assert region["libelle_territoire"] == "Île-de-France"
    mas = _row(frame, "region", "11", "255")
    assert mas["cout_moyen"] == mas["cout_median"] == 1_000_000
    assert frame.filter(frame["categorie"] == "189").height == 0  # aucune place


def test_cost_per_place_of_each_esms_and_exclusions():
    frame = cost_per_place(PORTFOLIO)
    costs = dict(frame.select("finess", "cout_place").iter_rows())
    assert costs[finess(3, "75")] == 3_333_334 and costs[finess(5, "75")] is None
    assert frame.filter(frame["finess"] == finess(5, "75"))["exclusion"][0] == \
        "capacité nulle ou absente"


def test_another_amount_column_and_bad_arguments():
    pf = PORTFOLIO.with_columns(PORTFOLIO["base_reconductible"].alias("ssiad_forfait_cible"))
    assert compare_costs(pf, "ssiad_forfait_cible").height == compare_costs(pf).height
    with pytest.raises(BudgetDataError, match="pas un montant du portefeuille"):
        compare_costs(PORTFOLIO, "capacite")
    with pytest.raises(BudgetDataError, match="niveau"):
        compare_costs(PORTFOLIO, levels=("commune",))


@given(st.lists(st.tuples(st.integers(0, 10**10), st.integers(1, 500)), min_size=1,
                max_size=30))
def test_statistics_stay_between_min_and_max(pairs):
    rows = [_esms(i, "75", "183", v, c) for i, (v, c) in enumerate(pairs)]
    row = _row(compare_costs(make_portfolio(rows), levels=("region",)), "region", "11", "183")
    assert row["cout_min"] <= row["cout_median"] <= row["cout_max"]
    assert row["cout_min"] <= row["cout_moyen"] <= row["cout_max"]
    assert row["cout_min"] <= row["cout_global"] <= row["cout_max"]
    assert row["esms"] == len(pairs) and row["places"] == sum(c for _, c in pairs)


def test_median_of_exact_fractions():
    assert median([Fraction(3), Fraction(1), Fraction(2)]) == 2
    assert median([Fraction(1), Fraction(2)]) == Fraction(3, 2)
