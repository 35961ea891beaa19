"""Affectation du résultat [C2005 annexes V-VI, C2010 annexes IX et XI], recettes Creton
[ROB24 annexe II] jointes au portefeuille pour la règle existante, comptes d'investissement
[C2010 annexe IX]."""

import polars as pl
import pytest

from campagne.budget import (
    BudgetDataError,
    BudgetFileError,
    check_allocations,
    creton_revenue,
    default_chart,
    investment_frame,
    read_allocations,
    read_statements,
)
from campagne.rules.creton import REPRISE_CRETON
from tests.budget.support import EJ_PRIVE, ET_IME, ET_MAS, ET_SAMSAH, portfolio, write_csv

ACCOUNTS = "finess;finess_ej;document;exercice;compte;sens;montant"
ALLOC = "finess;document;exercice;affectation;montant"


@pytest.fixture
def errd(tmp_path):
    # IME : produits 1 200 − charges 1 000 = excédent 200 € ; MAS : 900 − 1 000 = déficit 100 €.
    return read_statements(write_csv(
        tmp_path / "errd.csv", ACCOUNTS,
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;6411;;1000",
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;7311;;1150",
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;7312132;;50",
        f"{ET_MAS};{EJ_PRIVE};ERRD;2023;6411;;1000",
        f"{ET_MAS};{EJ_PRIVE};ERRD;2023;7311;;900",
        f"{ET_SAMSAH};{EJ_PRIVE};ERRD;2023;6411;;100",
        f"{ET_SAMSAH};{EJ_PRIVE};ERRD;2023;68725;;30",
        f"{ET_SAMSAH};{EJ_PRIVE};ERRD;2023;78725;;10",
        f"{ET_SAMSAH};{EJ_PRIVE};ERRD;2023;7311;;120",
    )).statements


def _alloc(tmp_path, *lines):
    return read_allocations(write_csv(tmp_path / "aff.csv", ALLOC, *lines), default_chart())


def test_allocations_that_follow_the_sign_and_sum_to_the_result(tmp_path, errd):
    allocations = _alloc(tmp_path, f"{ET_IME};ERRD;2023;investissement;150",
                         f"{ET_IME};ERRD;2023;excedent_incorpore;50",
                         f"{ET_MAS};ERRD;2023;deficit_incorpore;100")
    report = check_allocations(allocations, errd, default_chart())
    assert report.findings == [] and report.checked["affectation_resultat"] == 2


def test_allocations_that_do_not_match_the_result(tmp_path, errd):
    allocations = _alloc(tmp_path, f"{ET_IME};ERRD;2023;investissement;150",
                         f"{ET_MAS};ERRD;2023;investissement;100",
                         f"{ET_SAMSAH};CA;2023;excedent_incorpore;1")
    findings = check_allocations(allocations, errd, default_chart()).findings
    by_et = {f.finess: f for f in findings}
    assert all(f.blocking for f in findings) and len(findings) == 3
    # IME : 150 € affectés pour un excédent de 200 € : écart −50 €.
    assert "affectations 150,00 € ≠ résultat à affecter 200,00 €" in by_et[ET_IME].message
    # MAS : l'investissement (compte 10682) ne finance qu'un excédent.
    assert "s'applique à un excédent, or le résultat (-100,00 €) est un déficit" in \
        by_et[ET_MAS].message
    assert "absent des comptes de résultat" in by_et[ET_SAMSAH].message


def test_allocation_file_errors(tmp_path):
    with pytest.raises(BudgetFileError) as info:
        _alloc(tmp_path, f"{ET_IME};BP;2023;reserve;10")
    assert [i.field for i in info.value.issues] == ["affectation", "document"]
    assert "investissement" in str(info.value)


def test_creton_revenue_of_n_minus_1_joins_the_portfolio_for_the_existing_rule(errd):
    frame = creton_revenue(errd, 2024)
    # Seul l'IME a un compte 7312132 (50 €) ; MAS et SAMSAH, détaillés par compte sans
    # 7312132, ont une recette Creton nulle.
    assert frame.to_dicts() == [{"finess": ET_IME, "recettes_creton_n1": 5_000},
                                {"finess": ET_MAS, "recettes_creton_n1": 0},
                                {"finess": ET_SAMSAH, "recettes_creton_n1": 0}]
    assert creton_revenue(errd, 2025).height == 0  # ERRD 2023 = N-1 de la campagne 2024
    pf = portfolio().drop("recettes_creton_n1").join(frame, on="finess", how="left")
    pf = pf.with_columns(pl.lit(True).alias("cpom"))
    reprise = pf.select("finess", REPRISE_CRETON.compute(None).alias("reprise"))
    assert dict(reprise.iter_rows())[ET_IME] == -5_000  # part maladie = DGC − Creton N-1


def test_creton_refuses_two_statements_for_one_et(tmp_path, errd):
    other = read_statements(write_csv(tmp_path / "ca.csv", ACCOUNTS,
                                      f"{ET_IME};{EJ_PRIVE};CA;2023;7312132;;10")).statements
    with pytest.raises(BudgetDataError, match=f"plusieurs CA/ERRD pour les ET {ET_IME}"):
        creton_revenue(errd + other, 2024)


def test_investment_accounts_of_c2010_annexe_ix(errd):
    (row,) = investment_frame(errd).to_dicts()
    # SAMSAH : dotation 68725 de 30 €, reprise 78725 de 10 € : charge nette 20 €.
    assert row == {"document": "ERRD", "exercice": 2023, "finess": ET_SAMSAH,
                   "comptes": "68725, 78725", "dotations": 3_000, "reprises": 1_000,
                   "charge_nette": 2_000}
