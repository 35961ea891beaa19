"""``campagne activite`` de bout en bout, sur la démo et les exemples de examples/activite/."""

import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from campagne.cli import app

EX = Path(__file__).resolve().parents[2] / "examples" / "activite"
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["activite", *args], env={"COLUMNS": "200"})


def test_theorique_json_on_the_demo_and_detail_of_one_esms():
    res = invoke("theorique", "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["meta"]["esms"] == len(data["esms"]) == 1839
    ime = next(r for r in data["esms"] if r["finess"] == "750122269")
    # Démo : IME de 26 places ouvert 232 jours → 26 × 232 = 6 032 journées [ROB24 annexe III].
    assert ime["activite_theorique"] == "6032" and ime["activite_cible"] == "5428.8"
    res = invoke("theorique", "--finess", "750122269")
    assert res.exit_code == 0, res.output
    assert "26 places × 232 jours" in res.output


def test_realisee_with_conditions_and_decisions(tmp_path):
    csv = tmp_path / "retenues.csv"
    res = invoke("realisee", str(EX / "rapport_activite_2023.csv"), "--conditions",
                 str(EX / "conditions_cpom.csv"), "--decisions",
                 str(EX / "decisions_retenues.csv"), "--retenues-confirmees", str(csv),
                 "--format", "json")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    rows = {r["finess"]: r for r in data["esms"]}
    # IME 750122269 : 4 900 journées pour une cible de 5 428,8 (90 % de 6 032) ; base
    # 1 458 317 € × (5 428,8 − 4 900) / 6 032 = 127 845,04 € → 127 845 €.
    assert rows["750122269"]["retenue_proposee"] == "127845.00"
    assert rows["750077661"]["statut_retenue"] == "hors_cpom"
    # CAMSP réévalué de 5,80 % : 891 217 / (257 × 1,058) = 3 277,67 interventions ; 3 300 → atteint.
    assert rows["758229025"]["activite_theorique"] == "3277.67"
    assert rows["758229025"]["cible"] == "atteinte"
    decisions = {d["finess"]: d for d in data["decisions"]}
    assert decisions["750122269"]["retenue_activite_confirmee"] == "-127845.00"
    assert decisions["750050395"]["decision"] == "renoncee"
    assert data["meta"]["retenues_confirmees"] == "127845.00"
    assert csv.read_text(encoding="utf-8-sig").splitlines()[1] == "750122269;-127845,00"


def test_realisee_refuses_a_bad_report(tmp_path):
    bad = tmp_path / "rapport.csv"
    bad.write_text("finess;journees_externat\n750122269;-10\n999999999;5\n", encoding="utf-8")
    res = invoke("realisee", str(bad))
    assert res.exit_code == 1
    assert "rien n'a été importé" in res.output
    assert "valeur négative" in res.output and "clé de contrôle" in res.output


def test_plateforme_ua_and_complexity_and_xlsx(tmp_path):
    res = invoke("plateforme", str(EX / "plateforme_semaines.csv"), "--conditions",
                 str(EX / "conditions_cpom.csv"), "--format", "json", "--detail")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    # 10,1 + 5,04 + 1,36 + 8,25 + 3,7 : 40 actes → 30 × 0,17 ; 6 nuitées → 5 (autorisation).
    assert data["plateformes"][0]["ua"] == "28.45"
    assert data["plateformes"][0]["semaines_personnes_complexes"] == 2
    assert len(data["meta"]["criteres"]) == 5
    out = tmp_path / "theorique.xlsx"
    res = invoke("theorique", "--format", "xlsx", "--sortie", str(out))
    assert res.exit_code == 0, res.output
    assert load_workbook(out).worksheets[0].max_row == 1840
    res = invoke("plateforme", str(EX / "plateforme_semaines.csv"))
    assert res.exit_code == 0 and "au moins 3 des 5 critères" in res.output
