"""``allocate`` : partage exact au prorata, planchers et plafonds, plus forts restes."""

import csv
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from campagne.allocation import CENT, EURO, WHOLE, AllocationError, allocate

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "repartition" / "ald_regions_2010.csv"

# C2010 annexe IV, colonne « NOMBRE D'ÉQUIPE SSIAD renforcées (500) », dans l'ordre du texte.
ANNEXE_IV_EQUIPES = {
    "Alsace": 11, "Aquitaine": 31, "Auvergne": 11, "Bourgogne": 14, "Bretagne": 28,
    "Centre": 21, "Champagne-Ardenne": 10, "Corse": 2, "Franche-Comté": 8, "Île-de-France": 72,
    "Languedoc-Roussillon": 28, "Limousin": 9, "Lorraine": 15, "Midi-Pyrénées": 29,
    "Nord-Pas-de-Calais": 27, "Basse-Normandie": 13, "Haute-Normandie": 12,
    "Pays de la Loire": 25, "Picardie": 13, "Poitou-Charentes": 14,
    "Provence-Alpes-Côte d'Azur": 53, "Rhône-Alpes": 46, "D.O.M.": 8,
}


def test_c2010_annexe_iv_500_ssiad_teams_by_ald_counts_exactly():
    rows = list(csv.DictReader(EXAMPLE.open(encoding="utf-8"), delimiter=";"))
    weights = [int(r["poids"]) for r in rows]
    assert sum(weights) == 366_499  # « Total France entière » de l'annexe IV
    alloc = allocate(500, weights, unit=WHOLE, keys=[r["cle"] for r in rows])
    assert alloc.by_key() == ANNEXE_IV_EQUIPES
    assert sum(alloc.shares) == 500
    # 490 équipes tombent des parties entières, 10 vont aux plus forts restes.
    assert alloc.explanation.remainder_units == 10
    assert "Île-de-France" in alloc.explanation.remainder_to
    assert "Alsace" not in alloc.explanation.remainder_to


def test_floors_and_caps_water_filling_by_hand():
    # 1 000 € pour des poids 1, 2, 3, 4 : sans bornes 100 / 200 / 300 / 400 €.
    # Le 4e est plafonné à 300 €, le 1er relevé à son plancher de 150 € ; il reste
    # 1 000 − 300 − 150 = 550 € pour les poids 2 et 3 : point = 110 € → 220 € et 330 €.
    alloc = allocate(1000_00, [1, 2, 3, 4], floors=[150_00, None, None, None],
                     caps=[None, None, None, 300_00], unit=EURO, keys=list("ABCD"))
    assert alloc.shares == (150_00, 220_00, 330_00, 300_00)
    assert alloc.explanation.floored == ("A",)
    assert alloc.explanation.capped == ("D",)
    assert alloc.explanation.point_value == Fraction(110_00)
    text = alloc.explanation.to_text()
    assert "plancher : A" in text and "plafond : D" in text and "110,000000 €" in text


def test_largest_remainder_ties_go_to_the_first_item():
    # 100 € en trois parts égales : 33,33 € chacune → 34 + 33 + 33 à l'euro.
    assert allocate(100_00, [1, 1, 1], unit=EURO).shares == (34_00, 33_00, 33_00)
    # 1 € au centime : 34 + 33 + 33 centimes.
    assert allocate(100, [1, 1, 1], unit=CENT).shares == (34, 33, 33)


def test_decimal_weights_are_exact():
    # Poids 0,5 / 1,25 / 1,25 (somme 3) : 300 € → 50 / 125 / 125 €.
    alloc = allocate(300_00, [Decimal("0.5"), Decimal("1.25"), Decimal("1.25")], unit=EURO)
    assert alloc.shares == (50_00, 125_00, 125_00)
    assert alloc.explanation.remainder_units == 0


def test_zero_weight_gets_its_floor_only():
    alloc = allocate(10, [0, 1], floors=[3, None], unit=WHOLE, keys=["vide", "plein"])
    assert alloc.shares == (3, 7)
    assert alloc.explanation.zero_weight == ("vide",)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"envelope": 10, "weights": [1, 1], "floors": [6, 6], "unit": WHOLE},
         "inférieure à la somme des planchers"),
        ({"envelope": 10, "weights": [1, 1], "caps": [4, 4], "unit": WHOLE},
         "supérieure à ce que les éléments peuvent recevoir"),
        ({"envelope": 10, "weights": [1, -1], "unit": WHOLE, "keys": ["a", "IME B"]},
         "IME B : poids négatif"),
        ({"envelope": 10, "weights": [1, 1], "floors": [5, None], "caps": [4, None],
          "unit": WHOLE, "keys": ["SESSAD A", "b"]}, "SESSAD A : plafond"),
        ({"envelope": 1050, "weights": [1], "unit": EURO}, "pas un multiple"),
        ({"envelope": 10, "weights": [0.5], "unit": WHOLE}, "non exact"),
        ({"envelope": 10, "weights": [], "unit": WHOLE}, "aucun élément"),
        ({"envelope": 10, "weights": [0, 0], "unit": WHOLE}, "peuvent recevoir"),
    ],
)
def test_impossible_allocations_are_explained(kwargs, message):
    with pytest.raises(AllocationError, match=message):
        allocate(**kwargs)


weights_st = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(weights=weights_st, envelope=st.integers(min_value=0, max_value=10**9))
def test_parts_always_add_up_and_stay_within_one_unit_of_the_quota(weights, envelope):
    assume(sum(weights) > 0)
    alloc = allocate(envelope, weights, unit=WHOLE)
    assert sum(alloc.shares) == envelope
    total = sum(weights)
    for w, s in zip(weights, alloc.shares, strict=True):
        assert abs(Fraction(envelope * w, total) - s) < 1


@settings(max_examples=300, deadline=None)
@given(weights=weights_st, envelope=st.integers(min_value=0, max_value=10**9))
def test_a_larger_weight_never_gets_less(weights, envelope):
    assume(sum(weights) > 0)
    shares = allocate(envelope, weights, unit=WHOLE).shares
    for i, wi in enumerate(weights):
        for j, wj in enumerate(weights):
            if wi > wj:
                assert shares[i] >= shares[j]


@st.composite
def bounded_problems(draw):
    n = draw(st.integers(min_value=1, max_value=25))
    weights = draw(st.lists(st.integers(min_value=0, max_value=10**6), min_size=n, max_size=n))
    floors, caps = [], []
    for _ in range(n):
        low = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)))
        high = draw(st.one_of(st.none(), st.integers(min_value=low or 0, max_value=2 * 10**6)))
        floors.append(low)
        caps.append(high)
    lo = sum(f or 0 for f in floors)
    reachable = [c if c is not None else (None if w > 0 else (f or 0))
                 for c, w, f in zip(caps, weights, floors, strict=True)]
    hi = None if any(r is None for r in reachable) else sum(reachable)
    envelope = draw(st.integers(min_value=lo, max_value=hi if hi is not None else lo + 10**8))
    return envelope, weights, floors, caps


@settings(max_examples=400, deadline=None)
@given(bounded_problems())
def test_floors_and_caps_are_respected_and_total_exact(problem):
    envelope, weights, floors, caps = problem
    alloc = allocate(envelope, weights, floors=floors, caps=caps, unit=WHOLE)
    assert sum(alloc.shares) == envelope
    for s, f, c in zip(alloc.shares, floors, caps, strict=True):
        assert s >= (f or 0)
        assert c is None or s <= c


@settings(max_examples=200, deadline=None)
@given(bounded_problems())
def test_euro_unit_gives_whole_euros(problem):
    envelope, weights, floors, caps = problem
    to_cents = [None if v is None else v * 100 for v in floors], \
        [None if v is None else v * 100 for v in caps]
    alloc = allocate(envelope * 100, weights, floors=to_cents[0], caps=to_cents[1], unit=EURO)
    assert sum(alloc.shares) == envelope * 100
    assert all(s % 100 == 0 for s in alloc.shares)


@settings(max_examples=200, deadline=None)
@given(weights=weights_st, envelope=st.integers(min_value=0, max_value=10**8),
       floor=st.integers(min_value=0, max_value=1000), extra=st.integers(0, 10**6))
def test_same_bounds_larger_weight_never_gets_less(weights, envelope, floor, extra):
    assume(any(weights))
    n = len(weights)
    cap = floor + extra
    assume(floor * n <= envelope <= cap * n)
    shares = allocate(envelope, weights, floors=[floor] * n, caps=[cap] * n, unit=WHOLE).shares
    for i, wi in enumerate(weights):
        for j, wj in enumerate(weights):
            if wi > wj:
                assert shares[i] >= shares[j]
