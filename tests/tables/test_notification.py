"""Production des tableaux de notification [C2005 annexes I et II] sur un petit portefeuille
écrit à la main, et vérification des tableaux produits (en mémoire et relus en CSV)."""

from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from campagne.exports.tables import Column, write_csv
from campagne.tables import (
    Mesure,
    TableError,
    check_file,
    check_table,
    structure_yaml,
    tableau_departements,
    tableau_regions,
)

REGIONS = {"42": "Alsace", "94": "Corse"}
DEPARTEMENTS = {"67": "Bas-Rhin", "68": "Haut-Rhin", "2A": "Corse-du-Sud", "2B": "Haute-Corse"}
MESURES = [Mesure("ssiad", "Mesures nouvelles SSIAD PH"),
           Mesure("salariale", "Mesure salariale générale"),
           Mesure("prime", "Prime UCANSS (non reconductible)", perenne=False)]


@pytest.fixture
def resultats() -> pl.DataFrame:
    # Montants en centimes. SSIAD : places nouvelles × 10 026 € (C2005 §I.A),
    # 8 places = 80 208 € = 8 020 800 centimes.
    return pl.DataFrame({
        "finess": ["670000001", "680000001", "680000002", "2A0000001", "2B0000001"],
        "region": ["42", "42", "42", "94", "94"],
        "departement": ["67", "68", "68", "2A", "2B"],
        "places_nouvelles": [8, 10, 0, 9, 11],
        "ssiad": [8_020_800, 10_026_000, 0, 9_023_400, 11_028_600],
        "salariale": [39_382, 123_456, 1, None, 5_491_467],
        "prime": [0, 7_643_500, None, 50_050, 0],
    }, schema_overrides={"salariale": pl.Int64, "prime": pl.Int64})


def test_regions_table_sums_cents_exactly(resultats):
    table = tableau_regions(resultats, MESURES, libelles_regions=REGIONS)
    # Alsace : SSIAD 8 020 800 + 10 026 000 + 0 = 18 046 800 ; salariale 39 382 + 123 456
    # + 1 = 162 839 ; reconductible 18 046 800 + 162 839 = 18 209 639 ; prime 7 643 500 ;
    # total 18 209 639 + 7 643 500 = 25 853 139.
    # Corse : SSIAD 9 023 400 + 11 028 600 = 20 052 000 ; salariale 5 491 467 (une valeur
    # absente compte zéro) ; reconductible 25 543 467 ; prime 50 050 ; total 25 593 517.
    # Total : 38 098 800 ; 5 654 306 ; 43 753 106 ; 7 693 550 ; 51 446 656.
    assert table.frame.rows() == [
        ("Alsace", 18_046_800, 162_839, 18_209_639, 7_643_500, 25_853_139),
        ("Corse", 20_052_000, 5_491_467, 25_543_467, 50_050, 25_593_517),
        ("Total", 38_098_800, 5_654_306, 43_753_106, 7_693_550, 51_446_656),
    ]
    assert table.frame.columns == ["libelle", "ssiad", "salariale", "total_reconductible",
                                   "prime", "total_general"]
    assert all(dtype == pl.Int64 for dtype in table.frame.dtypes[1:])
    assert [c.titre for c in table.colonnes] == [
        "Mesures nouvelles SSIAD PH", "Mesure salariale générale", "Enveloppe reconductible",
        "Prime UCANSS (non reconductible)", "Total"]
    report = check_table(table.grid(), table.structure)
    assert report.constats == () and report.ok
    assert report.controles == 5 + 2 * 3  # ligne Total (5 colonnes) ; 2 totaux × 3 lignes
    assert table.grid().rows[0].cells[1] == Decimal("180468.00")  # euros exacts


def test_departments_table_has_regional_subtotals_and_checks_the_cost_per_place(resultats):
    table = tableau_departements(resultats, places="places_nouvelles", credits="ssiad",
                                 libelles_regions=REGIONS, libelles_departements=DEPARTEMENTS,
                                 cout_place=Decimal(10026))
    # Alsace : 8 places (67) ; 10 + 0 = 10 places (68) ; 18 places, 18 × 10 026 € =
    # 180 468 €. Corse : 9 + 11 = 20 places, 200 520 €. TOTAL : 38 places, 380 988 €.
    assert table.frame.select("libelle", "places", "credits").rows() == [
        ("Alsace 67 Bas-Rhin", 8, 8_020_800),
        ("Alsace 68 Haut-Rhin", 10, 10_026_000),
        ("Total Alsace", 18, 18_046_800),
        ("Corse 2A Corse-du-Sud", 9, 9_023_400),
        ("Corse 2B Haute-Corse", 11, 11_028_600),
        ("Total Corse", 20, 20_052_000),
        ("TOTAL", 38, 38_098_800),
    ]
    assert table.frame["niveau"].to_list() == ["departement", "departement", "region",
                                               "departement", "departement", "region", "total"]
    report = check_table(table.grid(), table.structure)
    assert report.constats == ()
    assert report.controles == 3 * 2 + 7  # 3 totaux × 2 colonnes ; la formule sur 7 lignes


def _write(table, tmp_path: Path) -> tuple[Path, Path]:
    """Comme le fera la campagne : CSV par l'export, structure YAML à côté."""
    columns = [Column("libelle", table.titre_libelles)]
    columns += [Column(c.cle, c.titre, "euro" if c.unite == "euros" else "nombre")
                for c in table.colonnes]
    csv = tmp_path / "annexe_ii.csv"
    write_csv(csv, columns, table.frame.to_dicts())
    yaml = tmp_path / "annexe_ii.yaml"
    yaml.write_text(structure_yaml(table.structure), encoding="utf-8")
    return csv, yaml


def test_written_table_passes_the_checker_and_a_tampered_one_does_not(resultats, tmp_path):
    table = tableau_departements(resultats, places="places_nouvelles", credits="ssiad",
                                 libelles_regions=REGIONS, cout_place=Decimal(10026))
    csv, yaml = _write(table, tmp_path)
    assert "Total Alsace;18;180468,00" in csv.read_text(encoding="utf-8-sig")
    assert check_file(csv, yaml).constats == ()
    # on retire les 11 places de Haute-Corse du TOTAL, comme l'annexe II de C2005 a oublié
    # celles des DOM : 38 − 11 = 27
    csv.write_text(csv.read_text(encoding="utf-8-sig").replace("TOTAL;38;", "TOTAL;27;"),
                   encoding="utf-8-sig")
    report = check_file(csv, yaml)
    assert [(f.cellule, f.regle, f.publie, f.recalcule) for f in report.constats] == [
        ("B8", "total de lignes", Decimal(27), Decimal(38)),
        # 27 × 10 026 = 270 702, publié 380 988
        ("C8", "formule", Decimal("380988.00"), Decimal(270702)),
    ]


def test_bad_results_are_refused_with_every_problem():
    bad = pl.DataFrame({"region": ["42", None], "ssiad": [1.5, 2.0]})
    with pytest.raises(TableError) as info:
        tableau_regions(bad, [Mesure("ssiad", "SSIAD"), Mesure("total_general", "Total"),
                              Mesure("absente", "Absente")])
    assert info.value.problemes == (
        "colonne « total_general » absente des résultats",
        "colonne « absente » absente des résultats",
        "colonne « ssiad » : Float64 ; des entiers sont attendus (montants en centimes, places)",
        "« total_general » ne peut pas identifier une colonne de tableau (minuscules, chiffres,"
        " _ ; réservés : libelle, region, departement, niveau, total_reconductible, "
        "total_general)",
        "1 ESMS sans « region »",
    )
    with pytest.raises(TableError, match="aucune mesure"):
        tableau_regions(bad, [])
