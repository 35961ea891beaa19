"""Classeur complet d'une campagne : les synthèses existantes, la campagne, les résultats par
ESMS et les tableaux de notification, avec formats de montant, de taux et de date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from campagne.exports.campaign import synthesis_sheets
from campagne.exports.workbook import campaign_workbook_bytes, write_campaign_workbook
from tests.exports.export_support import demo_run

EURO = '#,##0.00 "€"'


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("classeur") / "campagne.xlsx"
    return load_workbook(write_campaign_workbook(demo_run(), path))


def test_sheets_complete_the_synthesis_without_duplicating_it(workbook):
    synthesis = [name for name, _, _ in synthesis_sheets(demo_run())]
    assert workbook.sheetnames == ["Campagne", *synthesis, "Résultats par ESMS",
                                   "Régions (C2005 annexe I)", "Départements (C2005 annexe II)"]
    assert all(workbook[n].freeze_panes == "A2" for n in workbook.sheetnames)


def test_campaign_sheet_has_dates_and_euros(workbook):
    ws = workbook["Campagne"]
    cells = {h.value: v for h, v in zip(ws[1], ws[2], strict=True)}
    assert cells["Date de référence"].value == dt.datetime(2024, 1, 1)
    assert cells["Date de référence"].number_format == "dd/mm/yyyy"
    # DRL 2024 de l'ARS Île-de-France, secteur PH : 2 401 137 683 € [ROB24 §2]
    assert cells["DRL"].value == 2_401_137_683 and cells["DRL"].number_format == EURO
    assert cells["ESMS calculés"].value == demo_run().result.frame.height
    assert cells["ESMS calculés"].number_format == "#,##0"


def test_results_sheet_formats_amounts_rates_and_dates(workbook):
    ws = workbook["Résultats par ESMS"]
    header = [c.value for c in ws[1]]
    esat = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "750018319")
    cells = dict(zip(header, esat, strict=True))
    # ESAT Abbé de l'Épée : 35 places, ouvert le 30/10/1981, base 407 680,00 € (portefeuille)
    assert (cells["Capacité autorisée (places)"].value,
            cells["Capacité autorisée (places)"].number_format) == (35, "#,##0")
    assert cells["Date d'ouverture"].value == dt.datetime(1981, 10, 30)
    assert cells["Date d'ouverture"].number_format == "dd/mm/yyyy"
    assert cells["Base reconductible N-1"].value == 407_680
    assert cells["Base reconductible N-1"].number_format == EURO
    # taux d'actualisation du secteur PH : 1,00 % [ROB24 §3], affiché en pourcentage
    assert cells["Taux d'actualisation"].value == pytest.approx(0.01)
    assert cells["Taux d'actualisation"].number_format.endswith("%")
    row = demo_run().result.row("750018319")
    assert cells["Dotation totale de l'année"].value == pytest.approx(row["dotation_totale"] / 100)
    assert cells["Dotation totale de l'année"].number_format == EURO


def test_bytes_api():
    data = campaign_workbook_bytes(demo_run())
    assert load_workbook(io.BytesIO(data), read_only=True).sheetnames[0] == "Campagne"
