"""Le vérificateur : positions exactes, tolérances, règles de lignes et de colonnes, et
entrées invalides rapportées d'un coup (CSV et XLSX)."""

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from campagne.errors import CampagneError
from campagne.tables import TableError, check_file, check_table, grid_from_rows
from campagne.tables.structure import structure_from_data

D = Decimal
# C2005 annexe II (extrait) : places et crédits de l'Alsace et de la Corse
ANNEXE_II = {
    "titre": "Places de SSIAD PH 2005",
    "libelles": "Département",
    "colonnes": {"places": {"nom": "Places", "unite": "nombre"},
                 "credits": {"nom": "Crédits", "unite": "euros"}},
    "totaux_lignes": [{"ligne": {"motif": "^Total "}, "somme_de": "bloc"},
                      {"ligne": {"libelle": "TOTAL"}, "somme_de": "details"}],
    "formules": [{"colonne": "credits", "expression": "places * 10026"}],
}
HEADER = ["Département", "Places", "Crédits"]


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_positions_values_and_gaps_are_reported_for_every_broken_cell(tmp_path):
    csv = write_csv(tmp_path / "annexe.csv", [
        "Département;Places;Crédits",
        "Alsace 67 Bas-Rhin;8;80 208",
        "Alsace 68 Haut-Rhin;10;100 260",
        "Total Alsace;18;180 468",
        "",  # ligne vide : ignorée, mais la numérotation continue
        "Corse 20 A;9;90 234",
        "Corse 20 B;11;110 000",  # 11 × 10 026 = 110 286
        "Total Corse;21;200 520",  # 9 + 11 = 20 places
        "TOTAL;38;380 988",
    ])
    report = check_file(csv, structure_from_data(ANNEXE_II))
    got = [(f.cellule, f.ligne, f.colonne, f.regle, f.publie, f.recalcule, f.ecart)
           for f in report.constats]
    assert got == [
        # Corse 20 B : 11 × 10 026 = 110 286, publié 110 000
        ("C7", "Corse 20 B", "Crédits", "formule", D(110000), D(110286), D(-286)),
        # Total Corse : 9 + 11 = 20 places ; 90 234 + 110 000 = 200 234 €
        ("B8", "Total Corse", "Places", "total de lignes", D(21), D(20), D(1)),
        ("C8", "Total Corse", "Crédits", "total de lignes", D(200520), D(200234), D(286)),
        # 21 × 10 026 = 210 546
        ("C8", "Total Corse", "Crédits", "formule", D(200520), D(210546), D(-10026)),
        # TOTAL : 8 + 10 + 9 + 11 = 38 places ; 80 208 + 100 260 + 90 234 + 110 000 = 380 702
        ("C9", "TOTAL", "Crédits", "total de lignes", D(380988), D(380702), D(286)),
    ]
    assert not report.ok and len(report.hors_tolerance) == 5
    assert report.controles == 7 + 3 * 2  # une formule par ligne, trois totaux × 2 colonnes
    first = report.constats[0]
    assert first.lettre_colonne == "C" and first.numero_ligne == 7
    assert "places * 10026 (places = 11)" == first.calcul
    assert report.constats[1].calcul == "« Corse 20 A » + « Corse 20 B »"


def test_tolerance_is_declared_per_rule_and_every_gap_is_still_reported():
    data = {**ANNEXE_II, "tolerance": 1,
            "formules": [{**ANNEXE_II["formules"][0], "tolerance": 0}]}
    grid = grid_from_rows(HEADER, [
        ["Alsace 67 Bas-Rhin", 8, D(80208)],
        ["Alsace 68 Haut-Rhin", 10, D(100260)],
        ["Total Alsace", 18, D(180469)],  # un euro de trop
        ["TOTAL", 18, D(180468)],
    ])
    report = check_table(grid, structure_from_data(data))
    assert [(f.cellule, f.regle, f.ecart, f.tolerance, f.dans_tolerance)
            for f in report.constats] == [
        ("C4", "total de lignes", D(1), D(1), True),
        ("C4", "formule", D(1), D(0), False),  # 18 × 10 026 = 180 468
    ]
    assert not report.ok


def test_named_groups_select_the_parts_of_each_total():
    # « Total Alsace » = lignes « Alsace … » ; la ligne Corse, hors bloc, n'est pas comptée
    data = {**ANNEXE_II, "formules": [], "totaux_lignes": [
        {"ligne": {"motif": "^Total (?P<region>.+)$"}, "somme_de": {"motif": "^${region} \\d"}},
    ]}
    grid = grid_from_rows(HEADER, [
        ["Alsace 67 Bas-Rhin", 8, D(80208)],
        ["Corse 20 A", 9, D(90234)],
        ["Alsace 68 Haut-Rhin", 10, D(100260)],
        ["Total Alsace", 18, D(180468)],
        ["Total Corse", 9, D(90234)],
    ])
    report = check_table(grid, structure_from_data(data))
    assert report.constats == () and report.controles == 4


def test_column_totals_and_row_selection():
    data = {
        "titre": "Enveloppes", "libelles": "Région",
        "colonnes": {"base": {"nom": "Base", "unite": "euros"},
                     "mesures": {"nom": "Mesures", "unite": "euros"},
                     "cnr": {"nom": "CNR", "unite": "euros"},
                     "total": {"nom": "Total", "unite": "euros"}},
        "lignes_ignorees": [{"motif": "^Note"}],
        "totaux_lignes": [{"ligne": {"libelle": "Ensemble"}, "somme_de": "details"}],
        "totaux_colonnes": [{"colonne": "total", "somme_de": ["base", "mesures", "cnr"],
                             "lignes": "details"}],
    }
    grid = grid_from_rows(["Région", "Base", "Mesures", "CNR", "Total"], [
        # Alsace : 171 227 831 + 0 (vide) + 76 435 = 171 304 266
        ["Alsace", "171 227 831", "", "76 435", "171 304 266"],
        # Corse : 23 875 946 + 565 576 + 0 = 24 441 522, publié 24 441 523
        ["Corse", "23 875 946", "565 576", "-", "24 441 523"],
        # Ensemble : chaque colonne est la somme des deux régions (total : 171 304 266 +
        # 24 441 523 = 195 745 789) ; B + C + D y ferait 195 745 788, mais la règle de
        # colonnes ne vise que les lignes de détail
        ["Ensemble", "195 103 777", "565 576", "76 435", "195 745 789"],
        ["Note : montants en euros", "", "", "", ""],
    ])
    report = check_table(grid, structure_from_data(data))
    assert [(f.cellule, f.publie, f.recalcule, f.calcul) for f in report.constats] == [
        ("E3", D(24441523), D(24441522), "somme des colonnes B à D"),
    ]
    assert report.controles == 2 + 4  # deux lignes de détail, quatre colonnes d'Ensemble


def test_missing_columns_and_bad_cells_are_all_reported_with_positions(tmp_path):
    csv = write_csv(tmp_path / "annexe.csv", [
        "Département;Nombre de places;Crédits",
        "Alsace 67 Bas-Rhin;huit;80 208",
        "Alsace 68 Haut-Rhin;10;100 260 %",
        "Total Alsace;18;180 468",
    ])
    with pytest.raises(TableError) as info:
        check_file(csv, structure_from_data(ANNEXE_II))
    assert isinstance(info.value, CampagneError)
    assert info.value.problemes == (
        "la structure nomme la colonne « places » « Places », absente de l'en-tête (colonnes "
        "du fichier : « Département », « Nombre de places », « Crédits »)",
        "ligne 3, colonne C (« Alsace 68 Haut-Rhin » / « Crédits ») : « 100 260 % » porte le "
        "symbole % alors que la colonne est déclarée en euros",
    )
    structure = structure_from_data({**ANNEXE_II, "colonnes": {
        "places": {"nom": "Nombre de places", "unite": "nombre"},
        "credits": {"nom": "Crédits", "unite": "euros"}}})
    with pytest.raises(TableError) as info:
        check_file(csv, structure)
    assert info.value.problemes[0] == (
        "ligne 2, colonne B (« Alsace 67 Bas-Rhin » / « Nombre de places ») : « huit » n'est "
        "pas un nombre (attendu : un nombre comme 1 234, -200 000, 2,24 % ou 10 026 €)")
    assert str(info.value).startswith("annexe.csv : 2 problèmes, rien n'est vérifié")


def test_selectors_that_match_nothing_are_input_errors():
    data = {**ANNEXE_II, "total_general": {"motif": "^T"},
            "formules": [{"colonne": "credits", "expression": "places / total(places)"}]}
    grid = grid_from_rows(HEADER, [["Alsace 67 Bas-Rhin", 8, D(80208)],
                                   ["Total Bas-Rhin", 8, D(80208)]])
    with pytest.raises(TableError) as info:
        check_table(grid, structure_from_data(data))
    assert info.value.problemes == (
        "totaux_lignes n° 2 : aucune ligne de total ne correspond à « TOTAL »",
    )
    grid = grid_from_rows(HEADER, [["Total Bas-Rhin", 8, D(80208)], ["TOTAL", 0, D(0)]])
    with pytest.raises(TableError) as info:
        check_table(grid, structure_from_data(data))
    assert info.value.problemes == (
        "total_general : 2 lignes correspondent à motif « ^T », il en faut exactement une",
    )


def test_empty_block_and_division_by_zero_are_input_errors():
    data = {**ANNEXE_II, "total_general": {"libelle": "TOTAL"},
            "formules": [{"colonne": "credits", "expression": "places / total(places)"}]}
    grid = grid_from_rows(HEADER, [["Total Alsace", 0, D(0)], ["TOTAL", 0, D(0)]])
    with pytest.raises(TableError) as info:
        check_table(grid, structure_from_data(data))
    assert info.value.problemes == (
        "totaux_lignes n° 1 : la ligne de total « Total Alsace » (ligne 2) n'a aucune ligne à "
        "additionner",
        "totaux_lignes n° 2 : la ligne de total « TOTAL » (ligne 3) n'a aucune ligne à "
        "additionner",
        "formules n° 1, ligne 2 (« Total Alsace ») : « places / total(places) » : division "
        "par zéro",
        "formules n° 1, ligne 3 (« TOTAL ») : « places / total(places) » : division par zéro",
    )


def test_xlsx_positions_numbers_and_percent_formats(tmp_path):
    # C2010 annexe III (extrait recalé sur deux régions) dans un classeur : nombres et
    # pourcentages au format Excel (0,0224 affiché 2,24 %)
    wb = Workbook()
    ws = wb.active
    rows = [["Région", "ALD", "Part"], ["Alsace", 8169, 0.5], ["Corse", 1779, 0.1787],
            ["Total", 9948, 1]]
    for r, values in enumerate(rows, start=2):  # ligne 1 vide : l'en-tête est la ligne 2
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if c == 3 and r > 2:
                cell.number_format = "0.00%"
    path = tmp_path / "uhr.xlsx"
    wb.save(path)
    data = {"titre": "ALD", "libelles": "Région",
            "colonnes": {"ald": {"nom": "ALD", "unite": "nombre"},
                         "part": {"nom": "Part", "unite": "pourcentage"}},
            "total_general": {"libelle": "Total"},
            "totaux_lignes": [{"ligne": {"libelle": "Total"}, "somme_de": "details",
                               "colonnes": ["ald"]}],
            "formules": [{"colonne": "part", "expression": "arrondi(ald * 100 / total(ald), 2)"}]}
    report = check_file(path, structure_from_data(data))
    # Alsace : 8 169 × 100 / 9 948 = 82,117… → 82,12 (publié 50,00) ;
    # Corse : 1 779 × 100 / 9 948 = 17,883… → 17,88 (publié 17,87)
    assert [(f.cellule, f.publie, f.recalcule) for f in report.constats] == [
        ("C3", D("50"), D("82.12")),
        ("C4", D("17.87"), D("17.88")),
    ]
