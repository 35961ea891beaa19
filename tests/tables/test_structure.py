"""Le format de structure : schéma strict, références vérifiées, formules sûres et exactes."""

from decimal import Decimal
from pathlib import Path

import pytest

from campagne.tables import TableStructureError, load_structure
from campagne.tables.expression import FormulaError, parse_formula
from campagne.tables.structure import structure_from_data, structure_yaml

D = Decimal
BASE = {
    "titre": "Places de SSIAD",
    "libelles": "Département",
    "colonnes": {"places": {"nom": "Places", "unite": "nombre"},
                 "credits": {"nom": "Crédits", "unite": "euros"}},
}


def test_formula_is_exact_decimal_arithmetic():
    # C2005 §I.A : 23 places × 10 026 € = 230 598 € (Isère, annexe II)
    assert parse_formula("places * 10026").evaluate({"places": D(23)}, {}) == D(230598)
    # C2005 annexe I, Alsace : 171 227 831 × 0,23 % = 393 824,0113 → 393 824
    f = parse_formula("arrondi((env + t) * 0.0023, 0)")
    assert f.names == {"env", "t"}
    assert f.evaluate({"env": D(171227831), "t": D(0)}, {}) == D(393824)
    # 0,1 + 0,2 vaut exactement 0,3 (pas de flottant)
    assert parse_formula("0.1 + 0.2").evaluate({}, {}) == D("0.3")
    # C2010 annexe III, Île-de-France : 52 556 × 100 / 365 177 = 14,392 → 14,39
    pct = parse_formula("arrondi(ald * 100 / total(ald), 2)")
    assert pct.totals == {"ald"}
    assert pct.evaluate({"ald": D(52556)}, {"ald": D(365177)}) == D("14.39")
    assert parse_formula("places × 2 - -1").evaluate({"places": D(3)}, {}) == D(7)
    # arrondi au plus proche, 0,5 en s'éloignant de zéro
    assert parse_formula("arrondi(x, 0)").evaluate({"x": D("2.5")}, {}) == D(3)
    assert parse_formula("arrondi(x, 0)").evaluate({"x": D("-2.5")}, {}) == D(-3)


@pytest.mark.parametrize(("text", "message"), [
    ("places ** 2", "n'est pas permis"),
    ("__import__('os')", "appel"),
    ("places.real", "n'est pas permis"),
    ("arrondi(places)", "appel"),
    ("arrondi(places, 1.5)", "appel"),
    ("total(places + 1)", "appel"),
    ("'texte'", "n'est pas un nombre"),
    ("places *", "syntaxe invalide"),
    ("x if y else z", "n'est pas permis"),
])
def test_formula_refuses_anything_else(text, message):
    with pytest.raises(FormulaError, match=message):
        parse_formula(text)


def test_division_by_zero_is_a_clear_error():
    with pytest.raises(FormulaError, match="division par zéro"):
        parse_formula("a / b").evaluate({"a": D(1), "b": D(0)}, {})


def test_every_structure_error_is_reported_at_once(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text("""
titre: Places
libelles: Département
colonne_inconnue: 1
tolerance: -1
colonnes:
  places: {nom: Places, unite: nombre}
  Crédits: {nom: Crédits, unite: euros}
  taux: {nom: Taux, unite: ratio}
totaux_lignes:
  - ligne: {libelle: TOTAL, motif: "^T"}
    somme_de: tout
  - ligne: {motif: "^Total ("}
    somme_de: details
formules:
  - colonne: places
    lignes: quelques
    expression: places * 2
""", encoding="utf-8")
    with pytest.raises(TableStructureError) as info:
        load_structure(path)
    assert info.value.problemes == (
        "colonnes → Crédits : identifiant invalide (minuscules, chiffres et _, en commençant "
        "par une lettre)",
        "colonnes → taux → unite : valeur « ratio » inconnue (possibles : 'euros', 'nombre' "
        "ou 'pourcentage')",
        "tolerance : doit être positif ou nul",
        "totaux_lignes → 0 → ligne : donnez exactement un de : libelle, libelles, motif",
        "totaux_lignes → 0 → somme_de : valeur « tout » inconnue (possibles : 'details' ou "
        "'bloc')",
        "totaux_lignes → 1 → ligne : motif « ^Total ( » invalide (missing ), unterminated "
        "subpattern at position 7)",
        "formules → 0 → lignes : valeur « quelques » inconnue (possibles : 'toutes', "
        "'details' ou 'totaux')",
        "colonne_inconnue : clé inconnue (voir docs/tableaux.md)",
    )
    assert str(info.value).startswith("s.yaml : 8 problèmes")


def test_references_to_undeclared_columns_and_groups_are_refused():
    data = {**BASE,
            "totaux_colonnes": [{"colonne": "total", "somme_de": ["places", "absente"]}],
            "formules": [{"colonne": "credits", "expression": "places * cout"},
                         {"colonne": "credits", "expression": "places / total(places)"},
                         {"colonne": "credits", "expression": "places ** 2"}],
            "totaux_lignes": [{"ligne": {"motif": "^Total (?P<region>.+)$"},
                               "somme_de": {"motif": "^${departement} "}}]}
    with pytest.raises(TableStructureError) as info:
        structure_from_data(data, "s.yaml")
    text = str(info.value)
    for expected in ("totaux_colonnes n° 1 : colonne « absente » non déclarée",
                     "totaux_colonnes n° 1 : colonne « total » non déclarée",
                     "formules n° 1 : colonne « cout » non déclarée",
                     "formules n° 2 : total() demande la clé « total_general »",
                     "formules n° 3 : « places ** 2 » : « places ** 2 » n'est pas permis",
                     "totaux_lignes n° 1 : « ${departement} » ne nomme aucun groupe"):
        assert expected in text, expected


def test_yaml_numbers_are_read_as_exact_decimals(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text("titre: T\nlibelles: R\ntolerance: 0.115\n"
                    "colonnes:\n  pct: {nom: P, unite: pourcentage}\n", encoding="utf-8")
    s = load_structure(path)
    assert s.tolerance == D("0.115") and str(s.tolerance) == "0.115"


def test_structure_round_trips_through_yaml(tmp_path: Path):
    data = {**BASE, "tolerance": D("0.5"),
            "totaux_lignes": [{"ligne": {"motif": "^Total "}, "somme_de": "bloc"}],
            "formules": [{"colonne": "credits", "expression": "places * 10026"}]}
    s = structure_from_data(data)
    path = tmp_path / "s.yaml"
    path.write_text(structure_yaml(s), encoding="utf-8")
    assert load_structure(path) == s


def test_unreadable_yaml_is_a_structure_error(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text("titre: [non fermé\n", encoding="utf-8")
    with pytest.raises(TableStructureError, match="YAML illisible"):
        load_structure(path)
