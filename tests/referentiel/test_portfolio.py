"""Lecture et contrôle du portefeuille (docs/portefeuille.md)."""

import datetime as dt

import polars as pl
import pytest

from campagne.referentiel.portfolio import (
    PortfolioError,
    read_portfolio,
    validate_portfolio_frame,
    validate_portfolio_rows,
    write_portfolio_csv,
)
from campagne.referentiel.schema import OUTPUT_SCHEMA
from tests.referentiel.helpers import finess, row, write_csv


def _error(path) -> PortfolioError:
    with pytest.raises(PortfolioError) as info:
        read_portfolio(path)
    return info.value


def test_a_valid_file_loads_with_every_column_typed(tmp_path):
    df = read_portfolio(write_csv(tmp_path / "p.csv", [row(1), row(2, categorie="246")]))
    assert df.schema == pl.Schema(OUTPUT_SCHEMA)
    assert df["region"].to_list() == ["11", "11"]
    assert df["secteur"].to_list() == ["PH", "PH"]
    assert df["famille"].to_list() == ["Établissements pour enfants", "ESAT"]
    assert df["public"].to_list() == ["enfants", "adultes"]
    assert df["statut_agregat"].to_list() == ["prive_non_lucratif"] * 2
    assert df["pui"].to_list() == [None, None]  # colonne facultative absente : présente, vide


def test_three_bad_rows_are_all_reported_and_nothing_is_loaded(tmp_path):
    good = finess("75", 10)
    wrong_key = good[:8] + str((int(good[8]) + 1) % 10)
    rows = [row(1), row(10, finess=wrong_key), row(3, categorie="999"), row(4),
            row(5, capacite="-3")]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    got = [(i.line, i.finess, i.field) for i in err.issues]
    assert got == [(3, wrong_key, "finess"), (4, finess("75", 3), "categorie"),
                   (6, finess("75", 5), "capacite")]
    assert "devrait être" in err.issues[0].problem
    assert "999" in err.issues[1].problem
    text = str(err)
    assert text.startswith("Le portefeuille « p.csv » contient 3 erreurs ; rien n'a été chargé")
    assert "ligne 6" in text
    assert err.to_rows()[2] == {"ligne": 6, "finess": finess("75", 5), "champ": "capacite",
                                "probleme": "valeur -3 interdite (négative)",
                                "correction": "indiquez une valeur supérieure ou égale à 0"}


def test_money_is_read_as_exact_cents(tmp_path):
    rows = [row(1, base_reconductible="1 234 567,89"), row(2, base_reconductible="1234.5"),
            row(3, base_reconductible="12\u202f000 €"), row(4, base_reconductible="0")]
    df = read_portfolio(write_csv(tmp_path / "p.csv", rows))
    assert df["base_reconductible"].to_list() == [123456789, 123450, 1200000, 0]


def test_bad_amounts_are_explained(tmp_path):
    rows = [row(1, base_reconductible="12,345"), row(2, base_reconductible="1.234,5"),
            row(3, base_reconductible="beaucoup"), row(4, base_reconductible="")]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    problems = [i.problem for i in err.issues]
    assert "deux décimales au plus" in problems[0]
    assert "ambigu" in problems[1]
    assert "illisible" in problems[2]
    assert problems[3] == "valeur obligatoire manquante"


def test_unknown_column_is_named_with_the_closest_known_name(tmp_path):
    rows = [{k: v for k, v in row(1).items() if k != "raison_sociale"}
            | {"capacité": "4", "Raison sociale": "x"}]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    by_field = {i.field: i for i in err.issues}
    assert "« capacite » ?" in by_field["capacité"].problem
    assert by_field["Raison sociale"].fix == "renommez-la « raison_sociale »"
    assert all(i.line == 1 for i in err.issues)


def test_missing_required_column_and_deduced_column_in_the_header(tmp_path):
    rows = [{k: v for k, v in row(1).items() if k != "base_reconductible"} | {"secteur": "PH"}]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    assert {(i.field, i.problem.split(" ")[0]) for i in err.issues} == {
        ("base_reconductible", "colonne"), ("secteur", "colonne")}


def test_duplicate_finess_is_reported_on_both_lines(tmp_path):
    err = _error(write_csv(tmp_path / "p.csv", [row(1), row(2), row(1)]))
    assert [(i.line, i.field) for i in err.issues] == [(2, "finess"), (4, "finess")]
    assert "lignes 2, 4" in err.issues[0].problem


def test_cross_field_controls(tmp_path):
    rows = [
        row(1, statut_juridique="17"),  # CCAS : public sans fonction publique
        row(2, fonction_publique="FPH"),  # association avec fonction publique
        row(3, cpom="oui", cpom_debut="2025-01-01", cpom_fin="01/01/2024"),
        row(4, region="84"),
        row(5, cpom="oui"),
    ]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    assert [(i.line, i.field) for i in err.issues] == [
        (2, "fonction_publique"), (3, "fonction_publique"), (4, "cpom_fin"), (5, "region"),
        (6, "cpom_debut"), (6, "cpom_fin")]


def test_a_wrong_value_is_reported_once_without_cascading(tmp_path):
    rows = [row(1, statut_juridique="99", fonction_publique="FPH"),
            row(2, cpom="oui", cpom_debut="demain", cpom_fin="2028-01-01"),
            row(3, departement="99", region="11")]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    assert [(i.line, i.field) for i in err.issues] == [
        (2, "statut_juridique"), (3, "cpom_debut"), (4, "departement")]


def test_optional_columns_are_typed(tmp_path):
    rows = [row(1, cpom="Oui", cpom_debut="01/01/2024", cpom_fin="2028-12-31",
                part_imc="72,5", jours_ouverture="210", mode_tarification="dgc",
                fonction_publique="FPT", pui="0", date_ouverture="1990-09-01",
                statut_juridique="3", categorie="246", departement="2a", region="94")]
    r = read_portfolio(write_csv(tmp_path / "p.csv", rows)).row(0, named=True)
    assert r["cpom"] is True and r["pui"] is False
    assert (r["cpom_debut"], r["cpom_fin"]) == (dt.date(2024, 1, 1), dt.date(2028, 12, 31))
    assert r["part_imc"] == 72.5 and r["jours_ouverture"] == 210
    assert (r["mode_tarification"], r["fonction_publique"]) == ("DGC", "FPT")
    assert (r["statut_juridique"], r["statut_agregat"]) == ("03", "public")
    assert (r["departement"], r["region"]) == ("2A", "94")


def test_public_status_without_convention_and_insee_department(tmp_path):
    rows = [row(1, statut_juridique="17", fonction_publique="fph", departement="971",
                convention_collective="CC51")]
    err = _error(write_csv(tmp_path / "p.csv", rows))
    assert [i.field for i in err.issues] == ["convention_collective"]
    rows[0]["convention_collective"] = ""
    r = read_portfolio(write_csv(tmp_path / "p.csv", rows)).row(0, named=True)
    assert (r["departement"], r["region"], r["fonction_publique"]) == ("9A", "01", "FPH")


def test_unknown_categories_load_as_autre(tmp_path):
    r = read_portfolio(write_csv(tmp_path / "p.csv", [row(1, categorie="355")])).row(0, named=True)
    assert (r["secteur"], r["famille"], r["public"], r["nature"]) == (
        "AUTRE", "Autres catégories", None, None)


def test_csv_variants_comma_latin1_bom_crlf_blank_lines(tmp_path):
    rows = [row(1, raison_sociale="Foyer Hélène"), row(2)]
    comma = write_csv(tmp_path / "a.csv", [{**r, "base_reconductible": "1000.5"} for r in rows],
                      sep=",")
    latin = write_csv(tmp_path / "b.csv", rows, encoding="latin-1")
    bom = tmp_path / "c.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + latin.read_text("latin-1").replace("\n", "\r\n\r\n")
                    .encode("utf-8"))
    for path in (comma, latin, bom):
        df = read_portfolio(path)
        assert df["raison_sociale"].to_list() == ["Foyer Hélène", "ESMS 2"], path.name
    err = _error(write_csv(tmp_path / "d.csv", [row(1), row(2, capacite="x")])
                 .with_name("d.csv"))
    assert err.issues[0].line == 3


def test_quoted_cells_keep_their_line_numbers(tmp_path):
    path = tmp_path / "q.csv"
    head = ";".join(row(1))
    lines = [head, ";".join(row(1, raison_sociale='"Foyer ""Les Pins"";\nannexe"').values()),
             ";".join(row(2, capacite="-1").values())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = _error(path)
    assert [(i.line, i.field) for i in err.issues] == [(4, "capacite")]
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert read_portfolio(path)["raison_sociale"][0] == 'Foyer "Les Pins";\nannexe'


def test_too_many_values_on_a_line(tmp_path):
    path = write_csv(tmp_path / "p.csv", [row(1), row(2)])
    text = path.read_text().splitlines()
    text[2] += ";en trop"
    path.write_text("\n".join(text) + "\n")
    err = _error(path)
    assert [(i.line, i.field) for i in err.issues] == [(3, "ligne")]
    assert "9 valeurs pour 8 colonnes" in err.issues[0].problem


def test_validate_rows_and_frames(tmp_path):
    df = validate_portfolio_rows([row(1), row(2)])
    assert df.height == 2
    again = validate_portfolio_frame(df)  # un tableau chargé se revalide tel quel
    assert again.equals(df)
    with pytest.raises(PortfolioError) as info:
        validate_portfolio_rows([row(1), row(2, finess="123")])
    assert info.value.issues[0].line == 3


def test_draft_mode_accepts_missing_amounts_but_not_bad_ones():
    draft = [{k: v for k, v in row(1, statut_juridique="").items() if k != "capacite"}
             | {"base_reconductible": ""}]
    df = validate_portfolio_rows(draft, draft=True)
    assert df["base_reconductible"].to_list() == [None]
    with pytest.raises(PortfolioError):
        validate_portfolio_rows(draft)
    with pytest.raises(PortfolioError):
        validate_portfolio_rows([row(1, base_reconductible="-1")], draft=True)


def test_csv_round_trip(tmp_path):
    rows = [row(1, cpom="oui", cpom_debut="2024-01-01", cpom_fin="2028-12-31", part_imc="0,00001",
                raison_sociale='Foyer "A"; B', recettes_creton_n1="12,3"),
            row(2, statut_juridique="17", fonction_publique="FPT", base_reconductible="-0")]
    df = validate_portfolio_rows(rows)
    out = tmp_path / "out.csv"
    write_portfolio_csv(df, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "1000000,00" in out.read_text("utf-8-sig")
    assert read_portfolio(out).equals(df)


def test_xlsx_round_trip(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    header = ["finess", "finess_ej", "raison_sociale", "categorie", "statut_juridique",
              "departement", "capacite", "base_reconductible", "cpom", "cpom_debut", "cpom_fin",
              "part_autisme"]
    ws.append(header)
    ej = finess("01", 5)
    ws.append([int(finess("01", 7)), ej, "ESAT de l'Ain", 246, 60, 1, 55, 1234567.89, True,
               dt.datetime(2024, 1, 1), dt.date(2028, 12, 31), 70])
    ws.append([None] * len(header))  # ligne vide : ignorée, la numérotation continue
    ws.append([finess("75", 2), ej, "IME", "183", "60", "75", 40, 1000000.1 + 0.2, False,
               None, None, None])
    path = tmp_path / "p.xlsx"
    wb.save(path)
    df = read_portfolio(path)
    first = df.row(0, named=True)
    assert first["finess"] == finess("01", 7)  # le 0 initial perdu par le nombre est rendu
    assert (first["categorie"], first["statut_juridique"], first["departement"]) == (
        "246", "60", "01")
    assert first["base_reconductible"] == 123456789
    assert df["base_reconductible"][1] == 100000030  # 1000000,3 : artefact flottant effacé
    assert first["cpom_debut"] == dt.date(2024, 1, 1) and first["part_autisme"] == 70.0
    out = tmp_path / "out.csv"
    write_portfolio_csv(df, out)
    assert read_portfolio(out).equals(df)
    ws.append(["x", ej, "IME", "183", "60", "75", 40, 1, False])
    wb.save(path)
    assert [(i.line, i.field) for i in _error(path).issues] == [(5, "finess")]


def test_non_ascii_digits_are_not_finess_digits(tmp_path):
    err = _error(write_csv(tmp_path / "p.csv", [row(1, finess="2A0019५01")]))
    assert err.issues[0].field == "finess"


@pytest.mark.slow
def test_50k_rows_are_all_read(tmp_path):
    # La durée se mesure dans benchmarks/ (mesure « portefeuille »), jamais ici.
    cats = ["183", "246", "255", "354", "182", "189", "190", "437", "448", "500", "355"]
    rows = [row(k, categorie=cats[k % len(cats)], cpom="oui" if k % 3 else "non",
                cpom_debut="2024-01-01" if k % 3 else "", cpom_fin="31/12/2028" if k % 3 else "",
                part_imc="72,5" if k % 2 else "", jours_ouverture="210",
                date_ouverture="2001-05-01")
            for k in range(50_000)]
    path = write_csv(tmp_path / "p.csv", rows)
    df = read_portfolio(path)
    assert df.height == 50_000
