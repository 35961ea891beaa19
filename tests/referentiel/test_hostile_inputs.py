"""Entrées hostiles : toujours PortfolioError / ExtractError, messages en français."""

import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campagne.referentiel.extract import ExtractError, extract_to_portfolio, read_extract
from campagne.referentiel.portfolio import PortfolioError, read_portfolio
from tests.referentiel.helpers import row, write_csv


def _message(path) -> str:
    with pytest.raises(PortfolioError) as info:
        read_portfolio(path)
    return str(info.value)


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("vide.csv", b"", "le fichier est vide"),
    ("blancs.csv", b"  \n\n ", "le fichier est vide"),
    ("bom.csv", b"\xef\xbb\xbf", "le fichier est vide"),
    ("binaire.csv", os.urandom(4096) + b"\x00" * 10, "n'est pas un fichier CSV lisible"),
    ("controle.csv", bytes(range(1, 32)) * 100, "n'est pas un fichier CSV lisible"),
    ("rapport.pdf", b"%PDF-1.4\n%\xe2\xe3", "format « .pdf » non pris en charge"),
    ("ancien.xls", b"\xd0\xcf\x11\xe0", "ancien format Excel (.xls)"),
    ("sans_extension", b"finess\n", "format « sans extension »"),
    ("faux.xlsx", b"finess;categorie\n1;2\n", "classeur XLSX illisible"),
    ("entetes.csv", b"finess;finess_ej\n", "aucun ESMS"),
    ("ligne1.csv", b"\nfiness\n", "la ligne 1 est vide"),
])
def test_unreadable_files_give_a_french_portfolio_error(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert expected in _message(path)


def test_a_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("bonjour.txt", "salut")
    assert "classeur XLSX illisible" in _message(path)


def test_a_workbook_saved_as_csv_is_read_as_a_workbook(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(list(row(1)))
    wb.active.append(list(row(1).values()))
    path = tmp_path / "classeur.csv"
    wb.save(path)
    assert read_portfolio(path).height == 1


def test_missing_file(tmp_path):
    assert "fichier illisible" in _message(tmp_path / "absent.csv")


def test_only_garbage_columns(tmp_path):
    msg = _message(write_csv(tmp_path / "p.csv", [{"zzz": "1", "": "2"}]))
    assert "colonne inconnue « zzz »" in msg and "colonne obligatoire absente" in msg


def test_utf16_excel_export(tmp_path):
    path = tmp_path / "unicode.txt"
    text = "\n".join([";".join(row(1)), ";".join(row(1).values())])
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    assert read_portfolio(path).height == 1


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "fichier vide"),
    (os.urandom(2048) + b"\x00", "ce n'est pas un extrait FINESS texte"),
    (b"finess;categorie\n", "ce n'est pas un extrait FINESS open data"),
    (b"finess;etalab;1;2026-05-12\nstructureet;1;2\nautre;x\n",
     "ligne 2 : enregistrement structureet de 3 champs"),
])
def test_hostile_extracts(tmp_path, content, expected):
    path = tmp_path / "extrait.csv"
    path.write_bytes(content)
    with pytest.raises(ExtractError) as info:
        read_extract([path])
    if "de 3 champs" in expected:
        expected = "ligne 3 : section « autre » inconnue"
    assert expected in str(info.value)
    assert str(info.value).startswith("Extrait FINESS refusé")


def test_extract_errors_name_file_and_line(tmp_path):
    path = tmp_path / "cs.csv"
    path.write_text("finess;etalab;2;2026-05-12\nstructureej;1;2;3\n\ngeolocalisation;1\n")
    with pytest.raises(ExtractError) as info:
        read_extract([path, tmp_path / "absent.csv"])
    problems = info.value.problems
    assert problems[0] == ("cs.csv, ligne 2 : enregistrement structureej de 4 champs au lieu "
                           "de 23")
    assert problems[1].startswith("cs.csv, ligne 4 : enregistrement geolocalisation de 2 champs")
    assert problems[2].startswith("absent.csv : fichier illisible")
    with pytest.raises(ExtractError):
        read_extract([])


_CSV_ALPHABET = st.sampled_from(list(';,"\n\r 0123456789abcé€-.') + ["\x00", "\ufeff"])
_HEADER = ";".join(row(1)) + "\n"


@settings(max_examples=150, deadline=None)
@given(content=st.one_of(st.binary(max_size=800),
                         st.text(_CSV_ALPHABET, max_size=400).map(lambda t: _HEADER + t)),
       suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_fuzzed_files_only_ever_raise_portfolio_error(content, suffix):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / f"p{suffix}"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        try:
            read_portfolio(path)
        except PortfolioError as exc:
            assert str(exc).startswith("Le portefeuille")


@settings(max_examples=100, deadline=None)
@given(st.text(_CSV_ALPHABET, max_size=400))
def test_fuzzed_extracts_only_ever_raise_extract_error(body):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "e.csv"
        path.write_text("finess;etalab;1;2026-05-12\n" + body, encoding="utf-8")
        try:
            extract_to_portfolio(read_extract([path]))
        except (ExtractError, PortfolioError):
            pass
