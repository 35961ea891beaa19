"""Une raison sociale qu'un tableur prendrait pour une formule (« =1+1 », « +33… », « -… »,
« @… ») sort neutralisée par une apostrophe dans tous les exports : CSV, XLSX et HAPI."""

from __future__ import annotations

import polars as pl
import pytest
from openpyxl import load_workbook

from campagne.exports.hapi import engagements, write_hapi
from campagne.exports.hapi_format import read_engagements
from campagne.exports.results import write_results
from campagne.exports.workbook import write_campaign_workbook
from campagne.pipeline import compute, run_full
from tests.exports.export_support import CAMPAIGN, demo_portfolio

HOSTILE = {"750018319": "=1+1", "750007726": "+33 1 23 45 67 89", "750022592": "-2+3",
           "750026494": "@SOMME(A1:A9)"}
NEUTRALIZED = {f: "'" + name for f, name in HOSTILE.items()}


@pytest.fixture(scope="module")
def portfolio() -> pl.DataFrame:
    frame = demo_portfolio()
    return frame.with_columns(
        pl.col("finess").replace_strict(HOSTILE, default=pl.col("raison_sociale"))
        .alias("raison_sociale"))


def test_hapi_export_neutralizes_formulas(portfolio, tmp_path):
    result = compute(portfolio, CAMPAIGN)
    assert result.row("750018319")["raison_sociale"] == "=1+1"  # le calcul garde le nom tel quel
    path = write_hapi(result, tmp_path / "hapi.csv")
    names = {e.id_beneficiaire: e.raison_sociale for e in read_engagements(path)
             if e.id_beneficiaire in HOSTILE}
    assert names == NEUTRALIZED
    assert "|'=1+1|" in path.read_text(encoding="utf-8")
    assert len(engagements(result)) == len(read_engagements(path))


def test_csv_and_xlsx_exports_neutralize_formulas(portfolio, tmp_path):
    result = compute(portfolio, CAMPAIGN)
    csv = write_results(result, tmp_path, "csv").read_text(encoding="utf-8-sig")
    for name in NEUTRALIZED.values():
        assert f";{name};" in csv
    xlsx = write_results(result, tmp_path, "xlsx")
    ws = load_workbook(xlsx).active
    cells = {row[0]: row[1] for row in ws.iter_rows(min_row=2, max_col=2, values_only=True)}
    assert {f: cells[f] for f in HOSTILE} == NEUTRALIZED


def test_complete_workbook_neutralizes_formulas(portfolio, tmp_path):
    run = run_full(portfolio, CAMPAIGN)
    wb = load_workbook(write_campaign_workbook(run, tmp_path / "campagne.xlsx"))
    ws = wb["Résultats par ESMS"]
    cells = {c[0].value: c[1] for c in ws.iter_rows(min_row=2, max_col=2)}
    assert {f: cells[f].value for f in HOSTILE} == NEUTRALIZED
    assert all(cells[f].data_type == "s" for f in HOSTILE)  # du texte, jamais une formule
