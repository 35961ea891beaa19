"""Les conversions vectorisées disent la même chose que les fonctions de référence."""

import datetime as dt

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campagne.money import MoneyError, parse_euros
from campagne.referentiel.parsing import boolean_value, date_value, money_value, percent_value


def _one(expr: pl.Expr):
    return pl.select(expr).item()


amounts = st.one_of(
    st.text(alphabet="0123456789,. -+€EUR\xa0\u202fa", max_size=14),
    st.builds(lambda sign, e, c, sep, unit: f"{sign}{e:,}".replace(",", " ") + (
        f"{sep}{c}" if c else "") + unit,
        st.sampled_from(["", "-", "+"]), st.integers(0, 10**12),
        st.sampled_from(["", "5", "05", "50", "123"]), st.sampled_from([",", "."]),
        st.sampled_from(["", " €", "€", " EUR"])),
)


@given(amounts)
def test_money_value_agrees_with_parse_euros(text):
    try:
        expected = parse_euros(text)
    except MoneyError:
        expected = None
    if not text.strip():
        expected = None  # cellule vide : nulle, pas une erreur de montant
    got = _one(money_value(pl.lit(text.strip(), pl.String)))
    assert got == expected


def test_money_too_large_for_int64_is_refused():
    assert _one(money_value(pl.lit("1" * 16, pl.String))) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("72,5", 72.5), ("72.5", 72.5), ("100 %", 100.0), ("0", 0.0), ("7,2,5", None), ("x", None),
])
def test_percent_value(text, expected):
    assert _one(percent_value(pl.lit(text, pl.String))) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-02-29", dt.date(2024, 2, 29)), ("29/02/2024", dt.date(2024, 2, 29)),
    ("2023-02-29", None), ("31/04/2024", None), ("2024/01/01", None), ("hier", None),
])
def test_date_value(text, expected):
    assert _one(date_value(pl.lit(text, pl.String))) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("OUI", True), ("n", False), ("1", True), ("Faux", False), ("true", True), ("peut-être", None),
])
def test_boolean_value(text, expected):
    assert _one(boolean_value(pl.lit(text, pl.String))) is expected
