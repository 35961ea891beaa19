"""``campagne remise-a-niveau``, ``campagne aecp`` et ``campagne fjh`` de bout en bout."""

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from campagne.cli import app

ROOT = Path(__file__).resolve().parents[2]
EX = ROOT / "examples"
NBSP = "\u202f"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def _remise(*extra: str):
    return invoke("remise-a-niveau",
                  "--populations", str(EX / "remise_a_niveau" / "populations_fictives.csv"),
                  "--demandes", str(EX / "remise_a_niveau" / "demandes_fictives.csv"), *extra)


def test_remise_a_niveau_text_shows_annexe_iv_and_its_total():
    res = _remise()
    assert res.exit_code == 0, res.output
    assert "Total France entière" in res.output
    assert f"25{NBSP}000{NBSP}000 €" in res.output and "[C2005 §I.C" in res.output
    assert "limité(s) à leur plafond : Région B, Région D" in res.output


def test_remise_a_niveau_json_and_xlsx(tmp_path):
    res = _remise("--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    total = data["annexe_iv"][-1]
    # Exemple illustratif : parts 12 600 000 / 5 000 000 / 4 200 000 / 1 800 000 / 1 400 000.
    assert [r["euros_attribues"] for r in data["annexe_iv"]] == [
        "12600000.00", "5000000.00", "4200000.00", "1800000.00", "1400000.00", "25000000.00"]
    assert total["region"] == "Total France entière" and total["projets_finances"] == 16
    assert data["annexe_iv"][3]["etp_demandes"] is None  # Région D : « nc »
    out = tmp_path / "annexe.xlsx"
    res = _remise("--format", "xlsx", "--sortie", str(out))
    assert res.exit_code == 0, res.output
    assert load_workbook(out).sheetnames == ["Annexe IV", "Projets"]


def test_aecp_command(tmp_path):
    res = invoke("aecp", str(EX / "aecp" / "registre_fictif.csv"))
    assert res.exit_code == 0, res.output
    assert f"716{NBSP}666,67 €" in res.output and f"383{NBSP}333,33 €" in res.output
    data = json.loads(invoke("aecp", str(EX / "aecp" / "registre_fictif.csv"),
                             "--format", "json").output)
    assert data["departements"][-1]["reste_a_restituer"] == "383333.33"
    assert len(data["restitutions"]) == 4


def test_aecp_refuses_an_installation_on_a_definitive_withdrawal(tmp_path):
    bad = tmp_path / "registre.csv"
    bad.write_text("mouvement;departement;projet;nature;exercice;places;montant\n"
                   "retrait;75;LIB;definitif;2010;;1000\n"
                   "installation;;LIB;;2011;1;\n", encoding="utf-8")
    res = invoke("aecp", str(bad))
    assert res.exit_code == 1
    assert "n'est jamais restitué" in res.output and "Traceback" not in res.output


def test_fjh_command(tmp_path):
    res = invoke("fjh", str(EX / "fjh" / "residents_fictifs.csv"), "--mois", "2010-07",
                 "--detail")
    assert res.exit_code == 0, res.output
    assert "204,49 €" in res.output and "747,35 €" in res.output
    out = tmp_path / "fjh.xlsx"
    res = invoke("fjh", str(EX / "fjh" / "residents_fictifs.csv"), "--mois", "2010-07",
                 "--format", "xlsx", "--sortie", str(out))
    assert res.exit_code == 0, res.output
    assert load_workbook(out).sheetnames == ["ESMS", "Résidents"]


def test_fjh_outside_the_dated_parameters_is_a_clear_error():
    res = invoke("fjh", str(EX / "fjh" / "residents_fictifs.csv"), "--mois", "2011-06")
    assert res.exit_code == 1
    assert "fjh_montant_journalier" in res.output and "Traceback" not in res.output
