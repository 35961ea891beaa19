"""Import d'un BP, CA, EPRD ou ERRD : par compte, par groupe, extraits nationaux réels ; tout
ou rien, toutes les erreurs d'un coup, montants exacts en centimes."""

import shutil
from decimal import Decimal

import pytest

from campagne.budget import BudgetFileError, Document, Group, Plan, read_many, read_statements
from campagne.budget.cells import exact_cents
from tests.budget.support import DATA, EJ_PRIVE, ET_IME, ET_MAS, write_csv

HEAD = "finess;finess_ej;document;exercice;compte;sens;montant"


def test_accounts_are_summed_in_their_groups_and_the_result_computed(tmp_path):
    path = write_csv(
        tmp_path / "bp.csv", HEAD,
        f"{ET_IME};{EJ_PRIVE};BP;2025;6011;;1 000,10",    # chapitre 60 → I
        f"{ET_IME};{EJ_PRIVE};BP;2025;603;C;50,00",       # 603 créditeur → produits 2
        f"{ET_IME};{EJ_PRIVE};BP;2025;6031;D;20,00",      # 603 débiteur → I
        f"{ET_IME};{EJ_PRIVE};BP;2025;713;C;5,00",        # 713 (groupe I) au crédit : − 5
        f"{ET_IME};{EJ_PRIVE};BP;2025;6411;;2000,00",     # chapitre 64 → II
        f"{ET_IME};{EJ_PRIVE};BP;2025;6419;;100,00",      # remboursements → produits 2
        f"{ET_IME};{EJ_PRIVE};BP;2025;6152;;300,00",      # 61 sauf 611 → III
        f"{ET_IME};{EJ_PRIVE};BP;2025;7311;;3 000,00",    # 731 → 1
        f"{ET_IME};{EJ_PRIVE};BP;2025;7312132;;400,00",   # Creton, dans 731 → 1
        f"{ET_IME};{EJ_PRIVE};BP;2025;7621;;10,00",       # 76 → 3
    )
    (s,) = read_statements(path).statements
    # I = 1 000,10 + 20,00 − 5,00 = 1 015,10 ; II = 2 000 ; III = 300.
    assert s.groups[Group.charges_I] == 101_510
    assert s.groups[Group.charges_II] == 200_000 and s.groups[Group.charges_III] == 30_000
    # 1 = 3 000 + 400 ; 2 = 50 + 100 ; 3 = 10.
    assert s.groups[Group.produits_1] == 340_000 and s.groups[Group.produits_2] == 15_000
    assert s.groups[Group.produits_3] == 1_000
    # charges 3 315,10 ; produits 3 560,00 ; résultat 244,90.
    assert (s.charges, s.produits, s.resultat) == (331_510, 356_000, 24_490)
    assert s.recettes_creton == 40_000 and s.produits_731 == 340_000 and s.produits_732 == 0
    assert s.document is Document.BP and s.exercice == 2025 and s.finess_ej == EJ_PRIVE


def test_an_account_without_group_is_a_clear_error_and_nothing_is_imported(tmp_path):
    path = write_csv(tmp_path / "ca.csv", HEAD,
                     f"{ET_IME};{EJ_PRIVE};CA;2023;6411;;100,00",
                     f"{ET_IME};{EJ_PRIVE};CA;2023;733;;100,00")
    with pytest.raises(BudgetFileError) as info:
        read_statements(path)
    (issue,) = info.value.issues
    assert (issue.line, issue.finess, issue.compte, issue.field) == (3, ET_IME, "733", "compte")
    assert "aucun groupe fonctionnel pour le compte 733" in issue.problem
    assert "CA 2023" in issue.problem and "plan_comptes.yml" in issue.fix
    assert "rien n'a été importé" in str(info.value)


def test_every_error_of_the_file_is_reported_at_once(tmp_path):
    path = write_csv(
        tmp_path / "errd.csv", HEAD,
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;6411;;12,345",      # plus de deux décimales
        f"750000011;{EJ_PRIVE};ERRD;2023;6411;;10",         # clé FINESS fausse
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;10682;;10",         # compte de bilan
        f"{ET_IME};{EJ_PRIVE};XX;2023;6411;;10",            # document inconnu
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;6412;X;10",         # sens inconnu
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;6413;;-10",         # montant négatif
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;6414;;10",
        f"{ET_IME};{EJ_PRIVE};ERRD;2023;6414;;20",          # même compte deux fois
    )
    with pytest.raises(BudgetFileError) as info:
        read_statements(path)
    where = [(i.line, i.field) for i in info.value.issues]
    assert where == [(2, "montant"), (3, "finess"), (4, "compte"), (5, "document"),
                     (6, "sens"), (7, "montant"), (9, "compte")]
    text = str(info.value)
    assert "7 erreurs" in text and "compte de bilan (classe 1)" in text
    assert "lignes 8 et 9" in text


def test_plan_comes_from_the_portfolio_or_the_plan_column(tmp_path):
    head = "finess;finess_ej;compte;montant"
    path = write_csv(tmp_path / "x.csv", head, f"{ET_IME};{EJ_PRIVE};6479;10")
    with pytest.raises(BudgetFileError, match="dépend du plan comptable"):
        read_statements(path, document=Document.CA, exercice=2023)
    # Privé (M22 bis) : 6479 n'y est pas créé, il suit le chapitre 64 (groupe II).
    (s,) = read_statements(path, document=Document.CA, exercice=2023,
                           plans={ET_IME: Plan.M22bis}).statements
    assert s.groups[Group.charges_II] == 1_000
    path = write_csv(tmp_path / "y.csv", head + ";plan", f"{ET_IME};{EJ_PRIVE};6479;10;M22")
    (s,) = read_statements(path, document=Document.CA, exercice=2023).statements
    assert s.groups[Group.produits_2] == 1_000  # C2010 annexe VIII, en M22 création


def test_group_format_with_731_732_split_and_collection_fields(tmp_path):
    path = write_csv(
        tmp_path / "ca.csv",
        "finess;finess_ej;document;exercice;charges_groupe_i;charges_groupe_ii;"
        "charges_groupe_iii;produits_731;produits_732;produits_groupe_2;produits_groupe_3;"
        "resultat_declare;etp;journees_internat;cnr;deficit_incorpore",
        f"{ET_MAS};{EJ_PRIVE};CA;2004;100;1000;200;1200,50;99,50;10;0;10;12,5;3650;50;5")
    (s,) = read_statements(path).statements
    assert s.groups[Group.produits_1] == 130_000 and s.produits_731 == 120_050
    assert s.resultat == 1_000 == s.resultat_declare
    assert s.etp == Decimal("12.5") and s.activite == {"journees_internat": Decimal(3650)}
    assert s.cnr == 5_000 and s.deficit_incorpore == 500


def test_group_format_errors(tmp_path):
    path = write_csv(
        tmp_path / "bp.csv",
        "finess;finess_ej;document;exercice;charges_groupe_i;charges_groupe_ii;"
        "charges_groupe_iii;produits_groupe_1;produits_731;produits_732;produits_groupe_2;"
        "produits_groupe_3;recettes_creton",
        f"{ET_MAS};{EJ_PRIVE};BP;2025;1;2;;10;7;2;0;0;",     # III vide ; 1 ≠ 731 + 732
        f"{ET_MAS};{EJ_PRIVE};BP;2025;1;2;3;10;10;0;0;0;11")  # Creton > 731
    with pytest.raises(BudgetFileError) as info:
        read_statements(path)
    fields = [(i.line, i.field) for i in info.value.issues]
    assert fields == [(2, "charges_groupe_iii"), (2, "produits_groupe_1"),
                      (3, "recettes_creton")]


def test_national_ca_extract_is_read_with_its_real_amounts():
    batch = read_statements(DATA / "ANN_CA_EJ_ET_2022_09_01.CSV")
    first, _, _, pa, _ = batch.statements
    assert first.document is Document.CA and first.exercice == 2021
    assert (first.finess_ej, first.finess) == ("010000735", "010003598")
    # Dépenses négatives dans l'extrait : -16901.360000000001 → 16 901,36 € de charges I.
    assert first.groups[Group.charges_I] == 1_690_136
    assert first.groups[Group.produits_1] == 59_504_295  # 595042.94999999995
    # 629 251,43 − 533 252,22 = 95 999,21 € = « MS Résultat net comptable CA PH ».
    assert first.resultat == 9_599_921 == first.resultat_declare
    assert first.etp == Decimal("9.22")
    # Ligne PA 2020 : seuls les totaux (196 518,52 − 177 631,39 = 18 887,13 €).
    assert pa.groups == {} and pa.totals == (17_763_139, 19_651_852)
    assert pa.resultat == 1_888_713 == pa.resultat_declare


def test_national_errd_extract_as_is_is_refused_for_its_invalid_finess():
    with pytest.raises(BudgetFileError) as info:
        read_statements(DATA / "ANN_ERRD_EJ_ET_2022_06_07.CSV")
    (issue,) = info.value.issues
    assert (issue.line, issue.finess, issue.field) == (8, "111111111", "finess")
    assert "clé de contrôle" in issue.problem


def test_national_errd_extract_without_its_bad_line(tmp_path):
    lines = (DATA / "ANN_ERRD_EJ_ET_2022_06_07.CSV").read_text(encoding="utf-8").splitlines()
    clean = tmp_path / "errd.csv"
    clean.write_text("\n".join(line for line in lines if ";111111111;" not in line) + "\n",
                     encoding="utf-8")
    batch = read_statements(clean)
    assert len(batch.statements) == 6
    s = batch.statements[0]
    # 2018 : produits 628 872,07 + 46 843,48 + 27 174,48 = 702 890,03 ;
    # charges 105 389,53 + 506 251,13 + 88 214,99 = 699 855,65 ; résultat 3 034,38.
    assert (s.produits, s.charges, s.resultat) == (70_289_003, 69_985_565, 303_438)
    assert s.resultat_declare == 303_438 and s.compte_resultat == "dépôt 104836"
    # L'ET 010789717 n'a que des taux d'occupation : ligne sans montants, non importée.
    assert [(n, f) for _, n, f in batch.empty] == [(8, "010789717")]


@pytest.mark.parametrize("name", ["ANN_ERRD_EJ_2022_09_01.CSV",
                                  "ANN_PER_ERRD_EPRD_2022_09_01.CSV",
                                  "ANN_MS_TDP_ET_2025_01_16.CSV"])
def test_other_national_extracts_are_recognised_and_refused(name):
    with pytest.raises(BudgetFileError, match="ne contient pas de compte de résultat"):
        read_statements(DATA / name)


def test_read_many_collects_the_errors_of_every_file(tmp_path):
    bad = write_csv(tmp_path / "a.csv", HEAD, f"{ET_IME};{EJ_PRIVE};BP;2025;733;;1")
    shutil.copy(DATA / "ANN_ERRD_EJ_ET_2022_06_07.CSV", tmp_path / "b.csv")
    with pytest.raises(BudgetFileError) as info:
        read_many([bad, tmp_path / "b.csv"])
    assert len(info.value.issues) == 2 and "2 fichiers" in str(info.value)


def test_unknown_format_and_empty_file(tmp_path):
    with pytest.raises(BudgetFileError, match="format non reconnu"):
        read_statements(write_csv(tmp_path / "x.csv", "finess;total", "1;2"))
    with pytest.raises(BudgetFileError, match="aucune ligne"):
        read_statements(write_csv(tmp_path / "y.csv", HEAD))


def test_national_amounts_are_rounded_to_the_cent_exactly():
    assert exact_cents("595042.94999999995") == 59_504_295
    assert exact_cents("-16901.360000000001") == -1_690_136
    assert exact_cents("0.005") == 1  # demi-centime arrondi au-dessus (arrondi_centime)
    assert exact_cents("2206969.259999999800000000") == 220_696_926


def test_group_format_from_an_xlsx_workbook(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["finess", "finess_ej", "document", "exercice", "charges_groupe_i",
               "charges_groupe_ii", "charges_groupe_iii", "produits_groupe_1",
               "produits_groupe_2", "produits_groupe_3"])
    ws.append([ET_IME, EJ_PRIVE, "EPRD", 2024, 1000.5, 2000, 300.25, 3300.75, 0, 0])
    wb.save(tmp_path / "eprd.xlsx")
    (s,) = read_statements(tmp_path / "eprd.xlsx").statements
    # 1 000,50 + 2 000 + 300,25 = 3 300,75 € de charges, autant de produits.
    assert (s.charges, s.produits, s.resultat) == (330_075, 330_075, 0)
    assert s.document is Document.EPRD and s.exercice == 2024
