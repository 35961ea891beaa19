"""``campagne budget`` de bout en bout, sur la démo et les exemples de examples/budget/."""

import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from campagne.cli import app
from campagne.demo import demo_portfolio_path
from tests.budget.support import DATA, EXAMPLES

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["budget", *args], env={"COLUMNS": "200"})


def test_importer_accounts_with_the_portfolio_and_creton(tmp_path):
    creton = tmp_path / "creton.csv"
    res = invoke("importer", str(EXAMPLES / "bp_2025_par_compte.csv"), "--portefeuille",
                 str(demo_portfolio_path()), "--format", "json", "--detail",
                 "--recettes-creton", str(creton), "--annee", "2026")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    (bp,) = data["comptes_de_resultat"]
    # Voir examples/budget/README.md : I 155 000, II 1 505 000, III 197 000 ;
    # 1 = 1 788 000 + 40 000 ; 2 = 2 000 (603 C) + 12 000 (6419) + 3 000 + 6 000 ; 3 = 6 000.
    assert (bp["charges_groupe_i"], bp["charges_groupe_ii"], bp["charges_groupe_iii"]) == (
        "155000.00", "1505000.00", "197000.00")
    assert (bp["produits_groupe_1"], bp["produits_groupe_2"], bp["produits_groupe_3"]) == (
        "1828000.00", "23000.00", "6000.00")
    assert bp["resultat"] == "0.00" and bp["nature_resultat"] == "équilibre"
    assert len(data["comptes"]) == 23
    # Un BP n'est pas une recette facturée : pas de recette Creton N-1 pour 2026.
    assert creton.read_text(encoding="utf-8-sig").splitlines() == [
        "finess;recettes_creton_n1"]


def test_importer_national_extract_and_refusal():
    res = invoke("importer", str(DATA / "ANN_CA_EJ_ET_2022_09_01.CSV"))
    assert res.exit_code == 0, res.output
    assert "95\u202f999,21 € (excédent)" in res.output and "5 compte(s)" in res.output
    res = invoke("importer", str(DATA / "ANN_ERRD_EJ_ET_2022_06_07.CSV"))
    assert res.exit_code == 1
    assert "rien n'a été importé" in res.output and "111111111" in res.output


def test_controler_errd_late_deposit_is_accepted_with_fixation_d_office():
    res = invoke("controler", str(EXAMPLES / "errd_2023_par_groupe.csv"), "--depots",
                 str(EXAMPLES / "depots_2024.csv"), "--affectations",
                 str(EXAMPLES / "affectations_2023.csv"), "--date", "2024-06-01",
                 "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["meta"]["accepte"] is True and data["meta"]["fixation_office"] == 1
    (finding,) = data["constats"]
    assert finding["controle"] == "echeance" and finding["fixation_office"] is True
    assert data["depots"][0]["echeance"] == "2024-04-30"
    assert data["depots"][0]["type_gestionnaire"] == "prive"


def test_controler_exits_1_on_an_unbalanced_bp(tmp_path):
    res = invoke("controler", str(EXAMPLES / "bp_2025_par_compte.csv"),
                 str(EXAMPLES / "bp_2025_desequilibre.csv"))
    assert res.exit_code == 1
    # 150 000 + 1 100 000 + 120 000 = 1 370 000 € de charges ; 1 309 183 + 10 000 =
    # 1 319 183 € de produits : écart 50 817 €.
    assert "BP 2025 de l'ET 750188377 n'est pas en équilibre réel" in res.output
    assert "écart 50\u202f817,00 €" in res.output and "Dépôt refusé" in res.output
    out = tmp_path / "controle.xlsx"
    res = invoke("controler", str(EXAMPLES / "bp_2025_desequilibre.csv"), "--format", "xlsx",
                 "--sortie", str(out))
    assert res.exit_code == 1
    book = load_workbook(out)
    assert book.sheetnames == ["Controles", "Constats", "Comptes de resultat", "Depots",
                               "Investissement"]
    assert book["Constats"]["A2"].value == "equilibre_reel"


def test_comparer_on_the_demo():
    res = invoke("comparer", "--categorie", "246", "--niveau", "region", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    (row,) = data["couts"]
    assert row["territoire"] == "11" and row["categorie"] == "246"
    assert row["esms"] == len([e for e in data["esms"] if e["cout_place"] is not None])
    assert data["meta"]["arrondi"] == "arrondi_centime"
    res = invoke("comparer", "--montant", "capacite")
    assert res.exit_code == 1 and "pas un montant" in res.output


def test_collecte_xlsx(tmp_path):
    out = tmp_path / "collecte.xlsx"
    res = invoke("collecte", str(EXAMPLES / "errd_2023_par_groupe.csv"), "--document", "ERRD",
                 "--exercice", "2023", "--sortie", str(out))
    assert res.exit_code == 0, res.output
    sheet = load_workbook(out).worksheets[0]
    assert sheet.max_row == 6  # en-têtes, 3 ESMS, total Paris, total Île-de-France
    assert sheet["A6"].value == "total_region" and sheet["G6"].value == 92
