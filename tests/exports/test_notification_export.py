"""Tableaux de notification d'une campagne [C2005 annexes I et II] écrits en XLSX (une
feuille par tableau) et en CSV, puis relus par le vérificateur de tableaux : aucune
incohérence, et les totaux retombent sur les dotations de la campagne au centime."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from campagne.exports.notification import (
    measures,
    notification_bytes,
    notification_tables,
    write_notification,
)
from campagne.money import cents_to_decimal
from campagne.tables import check_file, load_structure
from tests.exports.export_support import granted_result


@pytest.fixture(scope="module")
def tables():
    return notification_tables(granted_result())


def _only_sheet(xlsx: Path, name: str, folder: Path) -> Path:
    """Le vérificateur lit la première feuille : une copie du classeur réduite à une feuille."""
    wb = load_workbook(xlsx)
    for other in wb.sheetnames:
        if other != name:
            wb.remove(wb[other])
    target = folder / f"{name}.xlsx"
    wb.save(target)
    return target


def test_measures_come_from_the_rules_and_totals_are_the_dotations(tables):
    result = granted_result()
    names = [m.colonne for m in measures(result)]
    assert names[0] == "base_reconductible"
    # seules les étapes non nulles pour au moins un ESMS : les deux CNR accordés y sont, la
    # retenue d'activité (aucune confirmée) non
    assert "cnr_gratification_stages" in names and "cnr_regionaux" in names
    assert "retenue_activite" not in names and "dotation_totale" not in names
    regions = tables[0].tableau.frame
    assert regions["libelle"].to_list() == ["Île-de-France", "Total"]
    total = regions.row(1, named=True)
    assert total["total_reconductible"] == result.total("dotation_perenne")
    assert total["total_general"] == result.total("dotation_totale")
    deps = tables[1].tableau.frame
    assert deps["libelle"].to_list()[:2] == ["Île-de-France 75 Paris",
                                             "Île-de-France 77 Seine-et-Marne"]
    assert deps.row(-1, named=True)["credits"] == result.total("dotation_totale")
    assert deps.row(-1, named=True)["places"] == result.total("capacite")


def test_xlsx_has_one_sheet_per_table_with_euro_formats_and_passes_the_checker(tmp_path):
    paths = write_notification(granted_result(), tmp_path, "xlsx")
    xlsx, yaml_regions, yaml_deps = paths
    assert [p.name for p in paths] == ["notification.xlsx", "notification_regions.yaml",
                                       "notification_departements.yaml"]
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Régions (C2005 annexe I)", "Départements (C2005 annexe II)"]
    ws = wb["Départements (C2005 annexe II)"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["Région / département", "Capacité autorisée (places)",
                                        "Dotation totale de l'année"]
    assert ws["B2"].number_format == "#,##0" and ws["C2"].number_format == '#,##0.00 "€"'
    total = granted_result().total("dotation_totale")
    assert ws.cell(ws.max_row, 3).value == pytest.approx(float(cents_to_decimal(total)))
    for name, yaml in zip(wb.sheetnames, (yaml_regions, yaml_deps), strict=True):
        report = check_file(_only_sheet(xlsx, name, tmp_path), load_structure(yaml))
        assert report.constats == () and report.controles > 0


def test_csv_files_pass_the_checker(tmp_path):
    paths = write_notification(granted_result(), tmp_path, "csv")
    assert [p.name for p in paths] == ["notification_regions.csv",
                                       "notification_departements.csv",
                                       "notification_regions.yaml",
                                       "notification_departements.yaml"]
    for csv, yaml in zip(paths[:2], paths[2:], strict=True):
        report = check_file(csv, yaml)
        assert report.constats == () and report.controles > 0
    text = paths[1].read_text(encoding="utf-8-sig")
    total = cents_to_decimal(granted_result().total("dotation_totale"))
    assert text.splitlines()[-1] == f"TOTAL;{granted_result().total('capacite')};" + \
        f"{total}".replace(".", ",")


def test_a_tampered_csv_is_caught(tmp_path):
    csv, _, yaml, _ = write_notification(granted_result(), tmp_path, "csv")
    lines = csv.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[-1].split(";")
    # un euro de plus à la base N-1 de la ligne « Total » : ni la somme des régions ni
    # l'enveloppe reconductible (somme des colonnes pérennes) ne tombent plus juste
    cells[1] = f"{Decimal(cells[1].replace(',', '.')) + 1}".replace(".", ",")
    csv.write_text("\n".join([*lines[:-1], ";".join(cells)]) + "\n", encoding="utf-8-sig")
    report = check_file(csv, yaml)
    assert [(f.ligne, f.regle, f.ecart) for f in report.constats] == [
        ("Total", "total de lignes", Decimal(1)), ("Total", "total de colonnes", Decimal(-1))]


def test_bytes_api(tables):
    xlsx = notification_bytes(tables, "xlsx")
    assert xlsx[:2] == b"PK"
    csv = notification_bytes(tables[:1], "csv")
    assert csv.startswith("\ufeffRégion;Base reconductible".encode("utf-8"))
    with pytest.raises(ValueError):
        notification_bytes(tables, "csv")
