"""Contrôles des comptes de résultat : équilibre réel, identité FINESS de l'ET et de son EJ,
un seul compte de résultat par ET, résultat déclaré."""

import pytest

from campagne.budget import control, read_statements
from tests.budget.support import DATA, EJ_EPS, EJ_PRIVE, ET_IME, ET_MAS, portfolio, write_csv

GROUPS = ("finess;finess_ej;document;exercice;charges_groupe_i;charges_groupe_ii;"
          "charges_groupe_iii;produits_groupe_1;produits_groupe_2;produits_groupe_3")


def _control(path, pf=None):
    return control(read_statements(path), portfolio() if pf is None else pf).report


def test_a_bp_whose_charges_exceed_its_products_fails_real_balance(tmp_path):
    # Charges 120 000,00 + 850 000,00 + 95 000,50 = 1 065 000,50 € ;
    # produits 1 040 000,00 + 12 000,00 + 3 000,00 = 1 055 000,00 € ; écart 10 000,50 €.
    path = write_csv(tmp_path / "bp.csv", GROUPS,
                     f"{ET_IME};{EJ_PRIVE};BP;2025;120000;850000;95000,50;1040000;12000;3000",
                     f"{ET_MAS};{EJ_PRIVE};BP;2025;100;100;100;300;0;0")  # juste à l'équilibre
    report = _control(path)
    (f,) = report.findings
    assert f.control == "equilibre_reel" and f.blocking and not report.accepted
    assert f.finess == ET_IME and f.ecart == 1_000_050
    assert f"BP 2025 de l'ET {ET_IME} n'est pas en équilibre réel" in f.message
    assert "charges 1\u202f065\u202f000,50 €" in f.message
    assert "produits 1\u202f055\u202f000,00 €" in f.message
    assert "écart 10\u202f000,50 €" in f.message
    assert "ROB24 annexe I" in f.reference


def test_real_balance_counts_the_n2_results_taken_back(tmp_path):
    # EPRD : charges 1 000 + déficit N-2 repris 50 = 1 050 > produits 1 020 : écart 30.
    path = write_csv(tmp_path / "eprd.csv", GROUPS + ";deficit_incorpore;excedent_incorpore",
                     f"{ET_IME};{EJ_PRIVE};EPRD;2024;200;700;100;1000;20;0;50;",
                     f"{ET_MAS};{EJ_PRIVE};EPRD;2024;200;700;100;1000;20;0;;5")
    (f,) = _control(path).findings
    assert f.finess == ET_IME and f.ecart == 3_000 and "reprises de résultats N-2" in f.message


def test_realised_documents_may_show_a_deficit(tmp_path):
    path = write_csv(tmp_path / "ca.csv", GROUPS,
                     f"{ET_IME};{EJ_PRIVE};CA;2023;120000;850000;95000;1040000;12000;3000")
    report = _control(path)
    assert report.accepted and report.checked["equilibre_reel"] == 0


def test_an_errd_for_an_unknown_finess_is_rejected(tmp_path):
    # FINESS à clé valide (750000051) mais absent du portefeuille.
    path = write_csv(tmp_path / "errd.csv", GROUPS,
                     f"750000051;{EJ_PRIVE};ERRD;2023;1;1;1;3;0;0")
    report = _control(path)
    (f,) = report.findings
    assert f.control == "et_inconnu" and f.blocking and not report.accepted
    assert f.finess == "750000051" and "absent du portefeuille" in f.message
    assert "rejeté" in f.message and "errd.csv, ligne 2" in f.message


def test_the_et_must_belong_to_the_declared_ej(tmp_path):
    path = write_csv(tmp_path / "errd.csv", GROUPS, f"{ET_IME};{EJ_EPS};ERRD;2023;1;1;1;3;0;0")
    (f,) = _control(path).findings
    assert f.control == "ej_rattachement" and f.blocking
    assert f"déclaré sous l'EJ {EJ_EPS}, mais rattaché à l'EJ {EJ_PRIVE}" in f.message


def test_one_income_statement_per_et(tmp_path):
    path = write_csv(tmp_path / "eprd.csv", GROUPS + ";compte_resultat",
                     f"{ET_IME};{EJ_PRIVE};EPRD;2024;1;1;1;3;0;0;CRP A",
                     f"{ET_IME};{EJ_PRIVE};EPRD;2024;1;1;1;3;0;0;CRP B",
                     f"{ET_IME};{EJ_PRIVE};ERRD;2023;1;1;1;3;0;0;CRP A")
    (f,) = _control(path).findings
    assert f.control == "compte_resultat_unique" and f.blocking
    assert "2 comptes de résultat" in f.message and "(CRP A)" in f.message
    assert "(CRP B)" in f.message


def test_the_real_errd_extract_has_a_duplicate_and_consistent_results(tmp_path):
    lines = (DATA / "ANN_ERRD_EJ_ET_2022_06_07.CSV").read_text(encoding="utf-8").splitlines()
    clean = write_csv(tmp_path / "errd.csv", *[x for x in lines if ";111111111;" not in x])
    report = control(read_statements(clean), None).report
    codes = sorted((f.control, f.finess, f.exercice) for f in report.findings)
    # Doublon réel : l'ET 010786259 figure deux fois en 2018 (dépôt 215910) ; 010789717
    # n'a pas de montants. Les 6 résultats déclarés égalent produits − charges.
    assert codes == [("compte_resultat_unique", "010786259", 2018),
                     ("sans_montants", "010789717", None)]
    assert report.checked["resultat_declare"] == 6


def test_a_declared_result_that_does_not_match_is_blocking(tmp_path):
    path = write_csv(tmp_path / "ca.csv", GROUPS + ";resultat_declare",
                     f"{ET_IME};{EJ_PRIVE};CA;2023;10;10;10;40;0;0;-5")
    (f,) = _control(path).findings
    # Produits 40 − charges 30 = 10 € ; déclaré −5 € : écart −15 €.
    assert f.control == "resultat_declare" and f.ecart == -1_500


@pytest.mark.parametrize("doc", ["BP", "EPRD"])
def test_both_forecast_documents_are_checked(tmp_path, doc):
    path = write_csv(tmp_path / "x.csv", GROUPS, f"{ET_IME};{EJ_PRIVE};{doc};2025;2;0;0;1;0;0")
    (f,) = _control(path).findings
    assert f.control == "equilibre_reel" and f.ecart == 100
