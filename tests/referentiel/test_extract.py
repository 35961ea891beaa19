"""Extraits FINESS open data : format etalab réel, sections, brouillon de portefeuille."""


import polars as pl
import pytest

from campagne.referentiel.extract import (
    EQUIPEMENTSOCIAL,
    STRUCTUREEJ,
    STRUCTUREET,
    extract_exclusions,
    extract_to_portfolio,
    read_extract,
)
from campagne.referentiel.finess import finess_problem
from campagne.referentiel.portfolio import read_portfolio, write_portfolio_csv
from campagne.referentiel.schema import OUTPUT_SCHEMA
from tests.referentiel.helpers import SAMPLE, finess


def test_every_line_of_the_real_sample_parses():
    result = read_extract([SAMPLE])
    et = result.structureet
    assert et.height == 14 and et.columns == list(STRUCTUREET[1:])
    assert result.files[0].date == "2026-05-12" and result.files[0].encoding == "utf-8"
    first = et.row(0, named=True)
    assert (first["nofinesset"], first["rs"], first["categetab"], first["dateouv"]) == (
        "010000024", "CH DE FLEYRIAT", "355", "1979-02-13")
    assert first["numuai"] is None and first["complrs"] is None
    quoted = et.filter(pl.col("nofinesset") == "980501506").row(0, named=True)
    assert quoted["rs"] == 'LIEU DE VIE "MAVOUNA MEMA 1"' and quoted["departement"] == "9F"
    assert all(finess_problem(n) is None
               for n in et["nofinesset"].to_list() + et["nofinessej"].to_list())


def test_sample_to_portfolio_draft():
    result = read_extract([SAMPLE])
    df = extract_to_portfolio(result)
    assert df.schema == pl.Schema(OUTPUT_SCHEMA)
    assert df.height == 13  # Wallis-et-Futuna (9J) écarté : pas d'ARS
    assert extract_exclusions(result)["nofinesset"].to_list() == ["980600027"]
    cmpp = df.filter(pl.col("finess") == "970210126").row(0, named=True)
    assert (cmpp["famille"], cmpp["mode_tarification"], cmpp["region"]) == (
        "CAMSP / CMPP", "DGC", "02")
    assert cmpp["base_reconductible"] is None and cmpp["capacite"] is None
    ehpad = extract_to_portfolio(result, {"500"})
    assert ehpad["finess"].to_list() == ["970302287"]
    assert ehpad["secteur"].to_list() == ["PA"] and ehpad["mode_tarification"].to_list() == ["FGS"]
    assert extract_to_portfolio(result, {"246"}).height == 0


def _record(names: tuple[str, ...], **values: str) -> str:
    return ";".join(values.get(n, "") for n in names)


def test_synthetic_latin1_extract_with_legal_entities_and_equipment(tmp_path):
    et1, et2, ej = finess("2A", 1), finess("93", 2), finess("75", 3)
    structures = [
        _record(STRUCTUREET, section="structureet", nofinesset=et1, nofinessej=ej,
                rs="FOYER DE L'ÉTÉ", categetab="246", departement="2A", codemft="34",
                dateouv="2001-09-01"),
        _record(STRUCTUREET, section="structureet", nofinesset=et2, nofinessej=ej,
                rs="", rslongue="MAISON D'ACCUEIL SPÉCIALISÉE", categetab="255",
                departement="93"),
    ]
    legal = [_record(STRUCTUREEJ, section="structureej", nofinessej=ej, rs="ASSOCIATION",
                     departement="75", statutjuridique="61")]
    equipment = [
        _record(EQUIPEMENTSOCIAL, section="equipementsocial", nofinesset=et1, de="908",
                capinstot="40", indsupinst="N"),
        _record(EQUIPEMENTSOCIAL, section="equipementsocial", nofinesset=et1, de="908",
                capinstot="15"),
        _record(EQUIPEMENTSOCIAL, section="equipementsocial", nofinesset=et1, de="908",
                capinstot="99", indsupinst="O"),  # installation supprimée : ignorée
    ]
    a, b = tmp_path / "cs1100502.csv", tmp_path / "cs1100505.csv"
    geo = f"geolocalisation;{et1};1178000.5;6105000.2;1,ATLASANTE,100,IGN,BD_ADRESSE;2024-01-01"
    a.write_bytes(("finess;etalab;2;2024-01-02\n" + "\n".join([*structures, geo]) + "\n")
                  .encode("latin-1"))
    b.write_bytes(("finess;etalab;4;2024-01-02\r\n" + "\r\n".join(
        [*legal, *equipment, f"structureet;{et1};{ej}"]) + "\r\n").encode("latin-1"))
    result = read_extract([a, b])
    assert [f.encoding for f in result.files] == ["cp1252", "utf-8"]  # b est en ASCII
    assert result.structureej["statutjuridique"].to_list() == ["61"]
    assert result.equipementsocial.height == 3 and result.liens_et_ej.height == 1
    assert result.geolocalisation.row(0) == (et1, "1178000.5", "6105000.2",
                                             "1,ATLASANTE,100,IGN,BD_ADRESSE", "2024-01-01")
    df = extract_to_portfolio(result)
    r1, r2 = df.row(0, named=True), df.row(1, named=True)
    assert (r1["raison_sociale"], r1["capacite"], r1["mode_tarification"]) == (
        "FOYER DE L'ÉTÉ", 55, "DG")
    assert (r1["departement"], r1["region"], r1["statut_agregat"]) == ("2A", "94",
                                                                      "prive_non_lucratif")
    assert (r2["raison_sociale"], r2["capacite"], r2["famille"]) == (
        "MAISON D'ACCUEIL SPÉCIALISÉE", 0, "Établissements pour adultes (MAS, FAM, EAM)")
    # Le brouillon s'écrit et se relit en mode brouillon ; complet, il se relit sans.
    out = tmp_path / "portefeuille.csv"
    write_portfolio_csv(df, out)
    assert read_portfolio(out, draft=True).equals(df)
    write_portfolio_csv(df.with_columns(pl.lit(100_00).alias("base_reconductible")), out)
    assert read_portfolio(out)["base_reconductible"].to_list() == [100_00, 100_00]


def test_the_same_establishment_in_two_files_is_kept_once(tmp_path):
    assert extract_to_portfolio(read_extract([SAMPLE, SAMPLE])).height == 13


@pytest.mark.slow
def test_100k_structureet_rows_are_all_read(tmp_path):
    # La durée se mesure dans benchmarks/ (mesure « extrait_finess »), jamais ici.
    template = SAMPLE.read_text("utf-8").splitlines()[1:]
    lines = ["finess;etalab;111;2026-05-12"]
    for k in range(100_000):
        fields = template[k % len(template)].split(";")
        fields[1] = finess("75", k)
        lines.append(";".join(fields))
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_extract([path])
    df = extract_to_portfolio(result)
    assert result.structureet.height == 100_000
    assert df.height == 100_000 - 100_000 // 14 - 1  # sans les lignes de Wallis (9J)
