"""Numéros FINESS : clé de Luhn sur des numéros réels, 2A/2B, version vectorisée."""

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from campagne.referentiel.extract import read_extract
from campagne.referentiel.finess import check_digit, finess_problem, is_valid_finess
from campagne.referentiel.parsing import finess_value
from tests.referentiel.helpers import SAMPLE


def test_every_number_of_the_real_extract_sample_is_valid():
    et = read_extract([SAMPLE]).structureet
    numbers = et["nofinesset"].to_list() + et["nofinessej"].to_list()
    assert len(numbers) == 28
    assert [n for n in numbers if finess_problem(n)] == []


def test_a_wrong_key_is_refused_naming_the_number_and_the_expected_digit():
    # 010000024 est réel (CH de Fleyriat) : même numéro, clé 5 au lieu de 4.
    problem = finess_problem("010000025")
    assert problem is not None
    assert "010000025" in problem and "devrait être 4" in problem


def test_corsica_2a_is_read_as_21_for_the_key():
    head = "2A001234"
    number = head + check_digit(head)
    assert is_valid_finess(number)
    assert check_digit("21001234") == check_digit(head)
    assert check_digit("2B001234") == check_digit("22001234")
    assert not is_valid_finess("2A001234" + str((int(check_digit(head)) + 1) % 10))


@given(st.from_regex(r"([0-9]{2}|2A|2B)[0-9]{7}", fullmatch=True))
def test_vectorised_luhn_agrees_with_finess_problem(number):
    got = pl.select(finess_value(pl.lit(number, pl.String))).item()
    assert (got is not None) == (finess_problem(number) is None)


@pytest.mark.parametrize("bad", ["", "12345678", "1234567890", "3A0000001", "75 000000"])
def test_malformed_numbers_are_refused(bad):
    assert pl.select(finess_value(pl.lit(bad, pl.String))).item() is None
    assert finess_problem(bad)
