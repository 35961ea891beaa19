"""Nomenclatures FINESS embarquées et table des règles par catégorie.

Les effectifs attendus sont ceux des fichiers sources (shared/reference/finess, copiés dans
src/campagne/referentiel/data) : 312 catégories dont 179 sans date de fin, 69 statuts,
52 modes de fixation des tarifs.
"""

from collections import Counter

from campagne.referentiel import categories as cat
from campagne.referentiel.nomenclature import (
    categories,
    codes_departements_finess,
    mode_tarification_from_codemft,
    modes_tarification,
    sph_espic,
    statut_agregat,
    statuts_juridiques,
)


def test_counts_match_the_source_files():
    assert len(categories()) == 312
    assert sum(c.ouverte for c in categories().values()) == 179
    assert len(statuts_juridiques()) == 69
    assert len(modes_tarification()) == 52
    assert len(sph_espic()) == 9
    assert codes_departements_finess()["9A"] == "971"


def test_category_fields_and_aggregates():
    esat = categories()["246"]
    assert esat.libelle_court == "E.S.A.T."
    assert (esat.agregat3.code, esat.agregat2.code, esat.agregat1.code) == ("4302", "4300", "4000")
    assert esat.domaine == "SOC" and esat.datefin is None
    assert categories()["184"].datefin is not None  # IMP, fermée en 2005


def test_statut_agregat_from_the_level_1_and_2_aggregates():
    assert statut_agregat("01") == "public"  # État
    assert statut_agregat("17") == "public"  # CCAS
    assert statut_agregat("60") == "prive_non_lucratif"  # association loi 1901
    assert statut_agregat("63") == "prive_non_lucratif"  # fondation
    assert statut_agregat("73") == "prive_lucratif"  # société anonyme
    assert statut_agregat("90") is None  # droit étranger
    assert statut_agregat("zz") is None
    got = Counter(s.statut_agregat for s in statuts_juridiques().values())
    assert got == {"public": 29, "prive_non_lucratif": 21, "prive_lucratif": 18, None: 1}


def test_codemft_mapping_is_limited_to_unambiguous_codes():
    assert mode_tarification_from_codemft("34") == "DG"
    assert mode_tarification_from_codemft("57") == "DGC"
    assert mode_tarification_from_codemft("40") == "FGS"
    assert mode_tarification_from_codemft("09") is None
    assert mode_tarification_from_codemft(None) is None


def test_rules_table_lists_only_open_codes_of_the_nomenclature_with_their_label():
    rules = cat.category_rules()
    for code, info in rules.items():
        assert categories()[code].ouverte, code
        assert info.libelle_court == categories()[code].libelle_court, code
    required = {"183", "186", "188", "192", "194", "195", "196", "390", "377", "182", "189",
                "190", "221", "238", "246", "249", "255", "437", "448", "449", "252", "253",
                "382", "395", "379", "445", "446", "354", "209", "500", "501", "502", "207"}
    assert required <= set(rules)


def test_sector_public_and_family_choices():
    info = cat.category_info("354")
    assert info is not None
    assert (info.secteur, info.public, info.nature) == ("PH", "mixte", "service")
    assert cat.category_info("246").famille == "ESAT"
    assert cat.category_info("190").unite_activite == "interventions"
    assert cat.category_info("500").secteur == "PA"
    assert cat.category_info("355") is None  # centre hospitalier : hors table
    assert cat.is_esat("246") and not cat.is_esat("255")
    assert cat.is_ssiad(" 354 ")
    assert "255" in cat.codes_secteur("PH") and "500" in cat.codes_secteur("PA")
    assert cat.codes_secteur("PH").isdisjoint(cat.codes_secteur("PA"))
    assert cat.codes_famille("CAMSP / CMPP") == {"189", "190"}
    assert cat.familles()[0] == "Établissements pour enfants"


def test_deduction_frame_covers_the_table():
    frame = cat.deduction_frame()
    assert frame.height == len(cat.category_rules())
    assert frame["categorie"].is_unique().all()
