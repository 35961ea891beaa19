"""Lecture des nombres et des tableaux tels qu'ils sortent du texte d'un PDF."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campagne.tables import PdfTextError, Unite, format_number, parse_number, parse_pdf_text
from campagne.tables.numbers import NumberFormatError

D = Decimal
NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


@pytest.mark.parametrize(("text", "value", "symbol"), [
    (f"171{NBSP}227{NBSP}831", D(171227831), None),  # C2005 annexe I, Alsace
    ("8 169", D(8169), None),  # C2010 annexe III, Alsace
    ("2,24 %", D("2.24"), "%"),  # C2010 annexe III
    (f"10{NNBSP}026 €", D(10026), "€"),  # C2005 §I.A
    (f"-200{NBSP}000", D(-200000), None),  # C2005 annexe I, transfert d'Île-de-France
    ("\u2212 1 234,50 EUR", D("-1234.50"), "€"),
    (f"1{THIN}000", D(1000), None),
    ("1.234.567,8", D("1234567.8"), None),
    ("39.45", D("39.45"), None),  # sans virgule, un point seul est décimal
    ("100,00 %", D("100.00"), "%"),
    ("'42", D(42), None),  # préfixe texte d'un tableur
])
def test_parse_number_reads_french_published_figures_exactly(text, value, symbol):
    number = parse_number(text)
    assert number is not None
    assert number.value == value and str(number.value) == str(value)
    assert number.symbol == symbol


@pytest.mark.parametrize("text", ["", NBSP, "  ", "-", "\u2013", "%"])
def test_empty_cells_and_dashes_are_empty(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["abc", "1 23", "12 3456", "1,2,3", "1,2.3", "12,", "+",
                                  "3 places", "1 000 0"])
def test_parse_number_refuses_what_is_not_one_number(text):
    with pytest.raises(NumberFormatError, match="n'est pas un nombre"):
        parse_number(text)


@given(st.integers(min_value=-10**15, max_value=10**15), st.integers(0, 99))
def test_format_then_parse_round_trips(units, cents):
    value = D(units) + D(cents) / 100 if units >= 0 else D(units) - D(cents) / 100
    for unite in Unite:
        parsed = parse_number(format_number(value, unite))
        assert parsed is not None and parsed.value == value


def test_format_number_uses_french_conventions():
    assert format_number(D(6266250), Unite.euros) == f"6{NNBSP}266{NNBSP}250 €"
    assert format_number(D("2.24"), Unite.pourcentage) == "2,24 %"
    assert format_number(D(-11), Unite.nombre, signed=True) == "-11"
    assert format_number(D(110286), Unite.euros, signed=True) == f"+110{NNBSP}286 €"
    assert format_number(None, Unite.euros) == "vide"
    assert format_number(D(1) / D(3), Unite.nombre) == "≈ 0,333333"


def test_simple_mode_reads_c2005_rows_from_the_right_with_split_labels():
    # C2005 annexe I, colonnes séparées par une espace, milliers par des insécables ; le
    # libellé « Champagne- / Ardennes » court sur deux lignes ; une insécable seule = vide.
    text = (f"Alsace 171{NBSP}227{NBSP}831 {NBSP} 0\n"
            "Champagne-\nArdennes\n"
            f"165{NBSP}614{NBSP}987 {NBSP} 287{NBSP}839\n"
            f"Ile-de-France 1{NBSP}058{NBSP}466{NBSP}847 -200{NBSP}000 517{NBSP}223\n")
    table = parse_pdf_text(text, ["Région", "Enveloppe", "Transfert", "UCANSS"])
    assert table.separator == "simple"
    assert [(r.line, r.label, r.values) for r in table.rows] == [
        (1, "Alsace", (D(171227831), None, D(0))),
        (4, "Champagne-Ardennes", (D(165614987), None, D(287839))),
        (5, "Ile-de-France", (D(1058466847), D(-200000), D(517223))),
    ]


def test_simple_mode_keeps_numbers_inside_labels():
    # C2005 annexe II : « Corse 20 A 9 90 234 », « Total Alsace   18 180 468 »
    text = f"Corse 20 A 9 90{NBSP}234\nTotal Alsace {NBSP} 18 180{NBSP}468\nDOM 973 Guyane 0 0\n"
    table = parse_pdf_text(text, ["Département", "Places", "Crédits"])
    assert [(r.label, r.values) for r in table.rows] == [
        ("Corse 20 A", (D(9), D(90234))),
        ("Total Alsace", (D(18), D(180468))),
        ("DOM 973 Guyane", (D(0), D(0))),
    ]


def test_tab_mode_reads_header_leaders_percentages_and_note_rows():
    # C2010 annexe III : tabulations, points de conduite, pourcentages, note finale
    text = ("RÉGIONS\tALD\tPOURCENTAGE\tUHR\n"
            "Franche-Comté.....\t6 180\t1,69 %\t2\n"
            "Total France entière.....\t365 177\t100,00 %\t119\n"
            "Calcul sur 14 places par UHR.\t\t\t\n")
    table = parse_pdf_text(text)
    assert table.separator == "tabulation"
    assert table.columns == ("RÉGIONS", "ALD", "POURCENTAGE", "UHR")
    assert [(r.line, r.label, r.values) for r in table.rows] == [
        (2, "Franche-Comté", (D(6180), D("1.69"), D(2))),
        (3, "Total France entière", (D(365177), D("100.00"), D(119))),
        (4, "Calcul sur 14 places par UHR.", (None, None, None)),
    ]


def test_multi_space_mode_with_dot_leaders_and_euro_signs():
    text = ("Région      Places   Crédits\n"
            "Alsace ..... 18      180 468 €\n"
            "Pays de la\n"
            "Loire        47      471 222 €\n")
    table = parse_pdf_text(text)
    assert table.separator == "espaces"
    assert [(r.label, r.values) for r in table.rows] == [
        ("Alsace", (D(18), D(180468))),
        ("Pays de la Loire", (D(47), D(471222))),
    ]


def test_every_error_is_reported_at_once_with_its_line_number():
    text = ("Alsace 8 80\xa0208\n"
            "Aquitaine 10\n"  # une valeur manque
            "\n"
            "Auvergne 11 110,2,86\n"  # valeur illisible
            "Bourgogne\n")  # libellé sans valeurs en fin de texte
    with pytest.raises(PdfTextError) as info:
        parse_pdf_text(text, ["Département", "Places", "Crédits"], source="annexe.txt")
    assert info.value.problemes == (
        "ligne 2 : 1 valeur trouvée, 2 attendues (« Aquitaine 10 »)",
        "ligne 4, colonne « Crédits » : « 110,2,86 » n'est pas un nombre (attendu : un nombre "
        "comme 1 234, -200 000, 2,24 % ou 10 026 €)",
        "ligne 5 : libellé « Bourgogne » sans valeurs (fin du texte)",
    )
    assert str(info.value).startswith("annexe.txt : 3 problèmes")


def test_simple_mode_needs_column_names():
    with pytest.raises(PdfTextError, match="donnez les noms des colonnes"):
        parse_pdf_text("Alsace 8 80\xa0208\n")


def test_tab_mode_refuses_a_row_with_missing_cells():
    with pytest.raises(PdfTextError, match="ligne 2 : 1 valeur trouvée, 2 attendues"):
        parse_pdf_text("R\tA\tB\nAlsace\t3\n")


def test_a_header_line_in_the_text_is_replaced_by_the_given_names():
    text = "RÉGIONS\tALD\tUHR\nAlsace\t8 169\t3\n"
    table = parse_pdf_text(text, ["Région", "Malades", "Unités"])
    assert table.columns == ("Région", "Malades", "Unités")
    assert [(r.line, r.label) for r in table.rows] == [(2, "Alsace")]
    # une première ligne qui a des valeurs (ou des cellules vides) n'est pas un en-tête
    table = parse_pdf_text("Note\t\t\nAlsace\t8 169\t3\n", ["Région", "Malades", "Unités"])
    assert [(r.label, r.values) for r in table.rows] == [
        ("Note", (None, None)), ("Alsace", (Decimal(8169), Decimal(3)))]


def test_cell_counts_are_checked_in_tab_mode_and_bare_numbers_in_simple_mode():
    text = "R\tA\tB\nAlsace\t8\t80 208\t\t\nCorse\t2A\t9\t90 234\n"
    with pytest.raises(PdfTextError) as info:
        parse_pdf_text(text)
    # les tabulations finales en trop sont tolérées ; une cellule de trop ne l'est pas
    assert info.value.problemes == (
        "ligne 3 : 3 valeurs trouvées, 2 attendues (« Corse 2A 9 90 234 »)",)
    with pytest.raises(PdfTextError, match="ligne 1 : 1 valeur trouvée, 2 attendues"):
        parse_pdf_text("8\n", ["Département", "Places", "Crédits"])
