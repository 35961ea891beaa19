"""Montants exacts et arrondis nommés."""

from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campagne.money import (
    CENT,
    EURO,
    MoneyError,
    expr_mul_rate,
    expr_mul_rate_col,
    format_euros,
    format_rate,
    mul_rate,
    parse_euros,
    rate_fraction,
    to_cents,
)


def test_reconduction_drl_2024_rob24_s2():
    # ROB24 §2 : base reconductible 2 347 523 971 € × 1 % = 23 475 239,71 €,
    # publiée « Reconduction DRL (+1%) 23 475 240 € » : arrondi à l'euro.
    assert mul_rate(2_347_523_971_00, Decimal("0.01"), EURO) == 23_475_240_00


def test_half_up_is_away_from_zero_on_ties():
    assert EURO.apply_ratio(150, 1) == 200
    assert EURO.apply_ratio(149, 1) == 100
    assert EURO.apply_ratio(-150, 1) == -200
    assert CENT.apply_ratio(5, 10) == 1  # 0,5 centime → 1 centime


def test_vectorised_rounding_matches_scalar():
    values = [-250, -150, -149, 0, 49, 50, 150, 2_347_523_971_00]
    frame = pl.DataFrame({"a": values})
    out = frame.select(expr_mul_rate(pl.col("a"), Decimal("0.01"), EURO).alias("x"))["x"].to_list()
    assert out == [mul_rate(v, Decimal("0.01"), EURO) for v in values]


@given(st.integers(-10**13, 10**13), st.decimals("-1", "1", places=6))
def test_vectorised_column_rate_equals_scalar(cents, rate):
    frame = pl.DataFrame({"a": [cents], "r": [rate]}, schema={"a": pl.Int64,
                                                              "r": pl.Decimal(38, 12)})
    got = frame.select(expr_mul_rate_col(pl.col("a"), pl.col("r"), EURO).alias("x"))["x"][0]
    assert got == mul_rate(cents, rate, EURO)


def test_parse_french_and_english_amounts():
    assert parse_euros("1 234 567,89") == 123456789
    assert parse_euros("1\u202f234,5 €") == 123450
    assert parse_euros("989100") == 98910000
    assert parse_euros("-12.30") == -1230


@pytest.mark.parametrize("bad", ["12,345", "abc", "1,2.3", "", "1e5"])
def test_parse_refuses_inexact_or_illegible(bad):
    with pytest.raises(MoneyError):
        parse_euros(bad)


def test_to_cents_refuses_floats_and_sub_cents():
    with pytest.raises(MoneyError):
        to_cents(0.1)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        to_cents(Decimal("0.001"))
    assert to_cents(Decimal("10.5")) == 1050


def test_formatting():
    assert format_euros(2_347_523_971_00) == "2\u202f347\u202f523\u202f971 €"
    assert format_euros(-123450) == "-1\u202f234,50 €"
    assert format_rate(Decimal("0.01")) == "1,00 %"
    assert format_rate(Decimal("0.00375")) == "0,375 %"
    assert rate_fraction(Decimal("0.025")) == (25, 1000)
