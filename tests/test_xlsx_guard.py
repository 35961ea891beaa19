"""Classeurs XLSX hostiles : une bombe ZIP (quelques Ko qui se décompressent en Mo ou Go) est
refusée avant d'atteindre openpyxl, par chaque lecteur de classeur, avec un message clair ;
un vrai classeur passe."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from campagne import xlsx_guard
from campagne.cnr.requests import read_requests
from campagne.errors import CampagneError
from campagne.referentiel.portfolio import read_portfolio
from campagne.tables.grid import read_grid


def _bomb(path: Path, size: int = 8 * 1024 * 1024) -> Path:
    """Un « classeur » dont la feuille fait ``size`` octets de zéros une fois décompressée."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * size)
    return path


def test_the_bomb_is_small_on_disk_and_huge_once_inflated(tmp_path):
    path = _bomb(tmp_path / "b.xlsx")
    assert path.stat().st_size < 20_000  # 8 Mo de zéros tiennent en ~8 Ko : taux ≈ 1 000
    with pytest.raises(xlsx_guard.XlsxRejected, match="bombe ZIP probable"):
        xlsx_guard.check_archive(path)


@pytest.mark.parametrize("reader", [read_portfolio, read_requests, read_grid],
                         ids=["portefeuille", "demandes_cnr", "tableau"])
def test_every_workbook_reader_refuses_a_zip_bomb_clearly(tmp_path, reader):
    path = _bomb(tmp_path / "classeur.xlsx")
    with pytest.raises(CampagneError) as info:
        reader(path)
    assert "bombe ZIP probable" in str(info.value)
    assert "classeur.xlsx" in str(info.value)


def test_total_inflated_size_is_capped(tmp_path, monkeypatch):
    wb = Workbook()
    for i in range(200):
        wb.active.append([f"ligne {i}", i, i * 2])
    path = tmp_path / "gros.xlsx"
    wb.save(path)
    xlsx_guard.check_archive(path)  # un vrai classeur passe
    monkeypatch.setattr(xlsx_guard, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(xlsx_guard.XlsxRejected, match="une fois décompressé"):
        xlsx_guard.check_archive(path)


def test_too_many_members_are_refused(tmp_path):
    path = tmp_path / "eclate.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(xlsx_guard.MAX_MEMBERS + 1):
            z.writestr(f"xl/m{i}.xml", "")
    with pytest.raises(xlsx_guard.XlsxRejected, match="éléments dans l'archive"):
        xlsx_guard.check_archive(path)


def test_a_text_file_named_xlsx_is_refused(tmp_path):
    path = tmp_path / "faux.xlsx"
    path.write_text("finess;categorie\n", encoding="utf-8")
    with pytest.raises(xlsx_guard.XlsxRejected, match="pas une archive XLSX"):
        xlsx_guard.open_workbook(path)
