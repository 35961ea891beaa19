"""Numérotation, génération par lot (progression, fichiers distincts, tout ou rien) et commande
``campagne arretes generer``. Démo PH Île-de-France 2024."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest
from typer.testing import CliRunner

from campagne.cli import app
from campagne.errors import CampagneError
from campagne.exports.arrete import Numerotation, generate_batch, numero_arrete, write_registre
from campagne.exports.arrete.textes import TextesError, fill, textes
from campagne.referentiel.tabular import read_rows
from tests.exports.arrete_support import demo_result, pdf_text

SIGNED = dt.date(2024, 7, 1)


@pytest.fixture(scope="module")
def result():
    return demo_result()


def test_numero_format_and_checks(result):
    campaign = result.campaign
    assert numero_arrete(campaign, "750007726", 123) == "2024-PH-IDF-000123"
    assert numero_arrete(campaign, "750007726", 999_999) == "2024-PH-IDF-999999"
    with pytest.raises(CampagneError, match="clé de contrôle"):
        numero_arrete(campaign, "750007727", 1)
    with pytest.raises(CampagneError, match="entre 1 et 999999"):
        numero_arrete(campaign, "750007726", 0)
    with pytest.raises(CampagneError, match="n'a pas de région"):
        numero_arrete(dataclasses.replace(campaign, region=None), "750007726", 1)
    both = dataclasses.replace(campaign, secteurs=frozenset({"PH", "PA"}))
    assert numero_arrete(both, "750007726", 7) == "2024-PA-PH-IDF-000007"


def test_numerotation_follows_on_and_refuses_a_second_number_for_an_esms(result):
    numbering = Numerotation(result.campaign, premier=41)
    assert [numbering("750007726"), numbering("750122269")] == [
        "2024-PH-IDF-000041", "2024-PH-IDF-000042"]
    with pytest.raises(CampagneError, match="déjà reçu le numéro 2024-PH-IDF-000041"):
        numbering("750007726")


def test_batch_of_five_reports_progress_five_times_and_writes_five_files(result, tmp_path):
    finess = result.frame["finess"].to_list()[:5]
    calls = []
    items = generate_batch(result, finess, tmp_path, Numerotation(result.campaign),
                           progress=lambda done, total, item: calls.append((done, total, item)),
                           date=SIGNED)
    assert [(d, t) for d, t, _ in calls] == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert [c[2] for c in calls] == items
    assert [i.finess for i in items] == finess
    assert [i.numero for i in items] == [f"2024-PH-IDF-00000{n}" for n in range(1, 6)]
    paths = {i.chemin for i in items}
    assert len(paths) == 5 and sorted(p.name for p in tmp_path.glob("*.pdf")) == sorted(
        p.name for p in paths)
    for item in items:
        assert item.numero in item.chemin.name and item.finess in item.chemin.name
        assert hashlib.sha256(item.chemin.read_bytes()).hexdigest() == item.sha256
    assert len({i.sha256 for i in items}) == 5
    assert f"Arrêté n° {items[2].numero}" in pdf_text(items[2].chemin)
    registre = write_registre(items, tmp_path)
    rows = read_rows(registre)
    assert [(r["numéro d'arrêté"], r["empreinte sha-256"]) for r in rows] == [
        (i.numero, i.sha256) for i in items]


def test_batch_is_all_or_nothing(result, tmp_path):
    good = result.frame["finess"].to_list()[:2]
    with pytest.raises(CampagneError, match=r"750000001.*\n.*en double"):
        generate_batch(result, [*good, "750000001", good[0]], tmp_path,
                       Numerotation(result.campaign), date=SIGNED)
    assert list(tmp_path.iterdir()) == []
    generate_batch(result, good[:1], tmp_path, Numerotation(result.campaign), date=SIGNED)
    # même numéro de départ dans le même dossier : refus avant toute écriture
    with pytest.raises(CampagneError, match="déjà présent"):
        generate_batch(result, good, tmp_path, Numerotation(result.campaign), date=SIGNED)
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    with pytest.raises(CampagneError, match="numéros attribués deux fois"):
        generate_batch(result, good, tmp_path, lambda f: "2024-PH-IDF-000099", date=SIGNED)


def test_textes_fill_refuses_a_missing_field():
    assert fill(textes().en_tete, region="Bretagne") == "Agence régionale de santé Bretagne"
    with pytest.raises(TextesError, match="region"):
        fill(textes().en_tete)


def test_cli_generates_the_pdfs_and_the_registry(tmp_path):
    runner = CliRunner()
    out = tmp_path / "arretes"
    res = runner.invoke(app, ["arretes", "generer", "--finess", "750007726", "--finess",
                              "750122269", "--sortie", str(out), "--premier", "12",
                              "--date", "2024-07-01", "--lieu", "Saint-Denis"],
                        env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "2 arrêté(s) écrit(s)" in res.output
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert pdfs == ["arrete_2024-PH-IDF-000012_750007726.pdf",
                    "arrete_2024-PH-IDF-000013_750122269.pdf"]
    assert (out / "registre_2024-PH-IDF-000012.csv").exists()
    res = runner.invoke(app, ["arretes", "generer", "--finess", "750007726", "--sortie",
                              str(out), "--modifie", "2024-PH-IDF-000012"])
    assert res.exit_code == 1 and "--motif" in res.output
    res = runner.invoke(app, ["arretes", "generer", "--finess", "750007726", "--date",
                              "01/07/2024", "--sortie", str(out)])
    assert res.exit_code == 1 and "AAAA-MM-JJ" in res.output
