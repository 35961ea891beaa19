"""``campagne exporter hapi|notification|classeur`` de bout en bout sur la démo."""

from __future__ import annotations

from openpyxl import load_workbook
from typer.testing import CliRunner

from campagne.cli import app
from campagne.exports.hapi_format import read_engagements
from campagne.tables import check_file
from tests.exports.export_support import demo_result

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_exporter_hapi_with_arrete_numbers_and_date(tmp_path):
    arretes = tmp_path / "arretes.csv"
    arretes.write_text("finess;numero\n750018319;2024-PH-11-000007\n", encoding="utf-8")
    out = tmp_path / "hapi.csv"
    res = invoke("exporter", "hapi", "--sortie", str(out), "--arretes", str(arretes),
                 "--date", "2024-07-01")
    assert res.exit_code == 0, res.output
    lines = read_engagements(out)
    assert {e.num_arrete_da for e in lines if e.id_beneficiaire == "750018319"} == {
        "2024-PH-11-000007"}
    assert {e.date_document.date().isoformat() for e in lines if e.date_document} == {
        "2024-07-01"}
    assert sum(e.montant_notifie for e in lines) == demo_result().total("dotation_totale")


def test_exporter_hapi_reports_errors_in_french(tmp_path):
    res = invoke("exporter", "hapi", "--sortie", str(tmp_path / "h.csv"), "--date", "1/7/24")
    assert res.exit_code == 1 and "date AAAA-MM-JJ attendue" in res.output
    arretes = tmp_path / "arretes.csv"
    arretes.write_text("finess;numero\n750000000;X\n", encoding="utf-8")
    res = invoke("exporter", "hapi", "--sortie", str(tmp_path / "h.csv"), "--arretes",
                 str(arretes))
    assert res.exit_code == 1 and "hors de la campagne" in res.output
    assert not (tmp_path / "h.csv").exists()


def test_exporter_notification_csv_passes_verifier_table(tmp_path):
    res = invoke("exporter", "notification", "--sortie", str(tmp_path), "--format", "csv")
    assert res.exit_code == 0, res.output
    for stem in ("notification_regions", "notification_departements"):
        assert check_file(tmp_path / f"{stem}.csv", tmp_path / f"{stem}.yaml").ok
        res = invoke("verifier-table", str(tmp_path / f"{stem}.csv"), "--structure",
                     str(tmp_path / f"{stem}.yaml"))
        assert res.exit_code == 0, res.output
    res = invoke("exporter", "notification", "--sortie", str(tmp_path), "--format", "pdf")
    assert res.exit_code != 0


def test_exporter_classeur(tmp_path):
    out = tmp_path / "campagne.xlsx"
    res = invoke("exporter", "classeur", "--sortie", str(out))
    assert res.exit_code == 0, res.output
    assert "Résultats par ESMS" in load_workbook(out, read_only=True).sheetnames
