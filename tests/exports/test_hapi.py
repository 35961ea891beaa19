"""Export HAPI « engagements par bénéficiaire » : même en-tête et même format que l'export
réel (tests/exports/data/), relecture champ par champ de l'export de la démo, lignes de la
DRL publiée au ROB24 §2."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from campagne.engine.rule import Unit
from campagne.envelopes.drl import load_drl
from campagne.errors import CampagneError
from campagne.exports.hapi import (
    campaign_drl,
    engagements,
    hapi_bytes,
    read_arretes,
    write_hapi,
)
from campagne.exports.hapi_format import (
    COLUMNS,
    Engagement,
    HapiFileError,
    format_engagements,
    parse_engagements,
    read_engagements,
)
from campagne.referentiel.nomenclature import categories, statuts_juridiques
from tests.exports.export_support import demo_result, granted_result

REAL = Path(__file__).parent / "data" / "ENGAGEMENTS_PAR_BENEFICIAIRE_2023_17042024085738.csv"
DRL_CAMPAIGN = "ph-2024-idf"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, list[Engagement]]:
    """L'export de la démo (avec deux CNR accordés), écrit puis relu par le parseur."""
    path = tmp_path_factory.mktemp("hapi") / "engagements.csv"
    write_hapi(granted_result(), path, load_drl(DRL_CAMPAIGN),
               arretes={"750018319": "2024-PH-11-000042"}, date_document=dt.date(2024, 7, 1))
    return path, read_engagements(path)


# --- le fichier réel -------------------------------------------------------------------------

def test_real_hapi_file_is_read_with_typed_fields():
    lines = read_engagements(REAL)
    assert len(lines) == 4  # 4 engagements ; la ligne vide finale est ignorée
    first, last = lines[0], lines[3]
    assert (first.nom_ars, first.code_ars, first.campagne) == ("Auvergne-Rhône-Alpes", "69", 2024)
    assert first.id_beneficiaire == "010789717" and first.siret == "81157144700010"
    # 19741.00 € en centimes ; MONTANT_SAISI vaut 0.00 dans l'export réel
    assert (first.montant_saisi, first.montant_validation_inter,
            first.montant_validation_finale, first.montant_notifie) == (0, 1974100, 1974100,
                                                                        1974100)
    assert first.date_document == dt.datetime(2024, 1, 16, 17, 12, 3)
    assert first.date_effet == dt.datetime(2024, 4, 17, 9, 2, 47)
    assert first.mode_delegation_utilise == "" and first.num_arrete_da == ""
    assert (last.num_arrete_da, last.type_arrete, last.montant_notifie) == (
        "2024-DOS-CK-0035", "DA", 11963700)
    assert last.motivation == "convention 2024-2026-acompte 70%+cplt"
    assert last.date_document == dt.datetime(2024, 1, 31)
    assert last.mesure_nouvelle_notification_annee_campagne == 2024


def test_real_file_is_rewritten_byte_for_byte():
    raw = REAL.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 sans BOM, comme notre export
    assert format_engagements(read_engagements(REAL)) == raw.rstrip(b"\n") + b"\n"


# --- l'export de la démo ---------------------------------------------------------------------

def test_header_is_the_real_one(exported):
    path, _ = exported
    real_header = REAL.read_text(encoding="utf-8").split("\n", 1)[0]
    ours = path.read_bytes()
    assert ours.split(b"\n", 1)[0].decode("utf-8") == real_header == "|".join(COLUMNS)
    assert len(COLUMNS) == 40 and not ours.startswith(b"\xef\xbb\xbf") and b"\r" not in ours


def _expected(result) -> dict[tuple[str, str], int]:
    """(FINESS, MESURE_NIV2) → montant, tiré directement des colonnes du résultat : la base et
    chaque étape monétaire pérenne ou non pérenne non nulle (les totaux exclus)."""
    steps = [("base_reconductible", "Base reconductible au 31/12 de N-1")]
    steps += [(r.name, r.label) for r in result.rules if r.nature is not None
              and r.unit is Unit.euro and not r.name.startswith("dotation_")]
    out = {}
    for row in result.frame.iter_rows(named=True):
        for name, label in steps:
            if row[name]:
                out[(row["finess"], f"{name} : {label}")] = row[name]
    return out


def test_one_line_per_esms_and_non_zero_measure_summing_to_the_dotation(exported):
    _, lines = exported
    result = granted_result()
    got = {(e.id_beneficiaire, e.mesure_niv2): e.montant_notifie for e in lines}
    assert len(got) == len(lines)  # pas deux lignes pour la même mesure d'un ESMS
    assert got == _expected(result)
    totals: dict[str, int] = defaultdict(int)
    for e in lines:
        assert e.montant_notifie
        totals[e.id_beneficiaire] += e.montant_notifie
    dotations = dict(result.frame.select("finess", "dotation_totale").iter_rows())
    assert totals == {f: d for f, d in dotations.items() if d}  # au centime, ESMS par ESMS
    assert set(dotations) - set(totals) == {f for f, d in dotations.items() if not d}


def test_fields_of_every_line(exported):
    _, lines = exported
    rows = {r["finess"]: r for r in granted_result().frame.iter_rows(named=True)}
    for e in lines:
        row = rows[e.id_beneficiaire]
        # région 11 = Île-de-France (code officiel géographique), campagne 2024
        assert (e.nom_ars, e.code_ars, e.campagne) == ("Île-de-France", "11", 2024)
        assert e.raison_sociale == row["raison_sociale"]
        assert e.code_departement == row["departement"]  # codes INSEE = FINESS en Île-de-France
        assert e.categorie_beneficiaire == categories()[row["categorie"]].libelle_court
        assert e.statut_juridique == statuts_juridiques()[row["statut_juridique"]].libelle
        assert (e.enveloppe, e.sous_enveloppe) == ("ONDAM médico-social", "PH")
        assert e.mode_delegation_utilise in ("Reconductible", "Non reconductible")
        assert (e.montant_saisi, e.montant_validation_inter, e.montant_validation_finale) == (
            0, e.montant_notifie, e.montant_notifie)
        assert e.date_document == dt.datetime(2024, 7, 1)
        assert e.date_effet == dt.datetime(2024, 1, 1)  # date de référence de la campagne
        assert e.id_author == "campagne"
        assert e.num_arrete_da == ("2024-PH-11-000042" if e.id_beneficiaire == "750018319"
                                   else "")
        for empty in ("code_sibc", "siret", "siren", "territoire_administratif", "portefeuille",
                      "type_beneficiaire", "secteur_rattachement", "payeur",
                      "num_notification", "sibc_engagement", "num_projet_gestion",
                      "type_arrete", "code_pep", "pep_engagement"):
            assert getattr(e, empty) == "", empty


def test_esat_lines_follow_the_drl_published_in_rob24(exported):
    _, lines = exported
    esat = [e for e in lines if e.id_beneficiaire == "750018319"]
    # ESAT Abbé de l'Épée : catégorie 246 « E.S.A.T. », statut 60 (nomenclature FINESS)
    assert esat[0].categorie_beneficiaire == "E.S.A.T."
    assert esat[0].statut_juridique == "Association Loi 1901 non Reconnue d'Utilité Publique"
    by_step = {e.mesure_niv2.split(" : ")[0]: e for e in esat}
    assert list(by_step) == ["base_reconductible", "actualisation_esat",
                             "cnr_gratification_stages"]
    base = by_step["base_reconductible"]
    assert base.montant_notifie == 40_768_000  # 407 680,00 € au portefeuille de la démo
    # ROB24 §2 : « Base reconductible au 01/01/2024 », « Reconduction DRL (+1%) »
    assert (base.mesure_niv1, base.mesure_nouvelle_notification_annee_campagne) == (
        "Base reconductible au 01/01/2024", None)
    act = by_step["actualisation_esat"]
    assert (act.mesure_niv1, act.mesure_niv3, act.motivation) == (
        "Reconduction DRL (+1%)", "ROB24 §3 ; ROB24 §5", "1re phase (mai–juillet)")
    assert act.mesure_nouvelle_notification_annee_campagne == 2024
    cnr = by_step["cnr_gratification_stages"]
    assert (cnr.mesure_niv1, cnr.libelle_action, cnr.mesure_niv3) == (
        "CNR nationaux", "CNR - Gratification des stages", "ROB24 §10.1")
    assert (cnr.mode_delegation_delegue, cnr.mode_delegation_utilise, cnr.motivation) == (
        "Non reconductible", "Non reconductible", "2de phase (automne)")
    assert cnr.montant_notifie == 150_000
    assert sum(e.montant_notifie for e in esat) == granted_result().frame.filter(
        pl.col("finess") == "750018319")["dotation_totale"].item()


def test_other_drl_lines_and_the_margin(exported):
    _, lines = exported
    by = {(e.id_beneficiaire, e.mesure_niv2.split(" : ")[0]): e for e in lines}
    reval = by[("750136087", "reval_fonction_publique")]
    assert (reval.mesure_niv1, reval.libelle_action) == (
        "Revalorisations salariales", "Reval. pouvoir d'achat – public")  # ROB24 §2
    # places financées par la ligne « CNH - Socle » (colonne ligne_plan du portefeuille)
    socle = by[("780510327", "mesures_nouvelles_phase1")]
    assert (socle.mesure_niv1, socle.libelle_action) == (
        "Mesures nouvelles pour développer l'offre", "CNH - Socle")
    # un CNR régional n'a pas de ligne de DRL : il s'impute sur la marge [ROB24 §10.2]
    regional = by[("750007726", "cnr_regionaux")]
    assert (regional.mesure_niv1, regional.libelle_action, regional.montant_notifie) == (
        "Hors ligne de la DRL (marge) — non pérenne", "", 500_000)
    creton = next(e for e in lines if e.mesure_niv2.startswith("reprise_creton"))
    assert creton.montant_notifie < 0 and creton.mode_delegation_utilise == "Non reconductible"


def test_without_drl_the_family_is_the_nature():
    lines = engagements(demo_result(), None)
    assert {e.mesure_niv1 for e in lines} == {"Base reconductible au 31/12 de N-1",
                                              "Mesures pérennes", "Mesures non pérennes"}
    assert {e.libelle_action for e in lines} == {""}
    assert all(e.date_document is None for e in lines)


def test_bytes_api_and_campaign_drl():
    result = demo_result()
    assert campaign_drl(result) is not None
    data = hapi_bytes(result, campaign_drl(result), code_ars="93")
    lines = parse_engagements(data.decode("utf-8"))
    assert {e.code_ars for e in lines} == {"93"}
    assert len(lines) == len(engagements(result, campaign_drl(result)))


def test_inconsistent_options_are_refused():
    result = demo_result()
    with pytest.raises(CampagneError, match="hors de la campagne"):
        engagements(result, arretes={"750000000": "X"})
    other = replace(load_drl(DRL_CAMPAIGN), campagne="pa-2024-idf")
    with pytest.raises(CampagneError, match="n'est pas celle de la campagne"):
        engagements(result, other)


# --- lecture : toutes les anomalies d'un coup ------------------------------------------------

def test_reader_reports_every_problem_at_once(tmp_path):
    header = "|".join(COLUMNS)
    good = REAL.read_text(encoding="utf-8").split("\n")[1]
    cells = good.split("|")
    cells[2], cells[35], cells[31] = "24", "19741,00", "2024-01-16"
    path = tmp_path / "abime.csv"
    path.write_text("\n".join([header, good, "|".join(cells), "a|b"]) + "\n", encoding="utf-8")
    with pytest.raises(HapiFileError) as exc:
        read_engagements(path)
    problems = exc.value.problems
    assert len(problems) == 4
    assert "ligne 3, CAMPAGNE : « 24 »" in problems[0]
    assert "ligne 3, DATE_DOCUMENT" in problems[1] and "ligne 3, MONTANT_NOTIFIE" in problems[2]
    assert problems[3].startswith("ligne 4 : 2 champs au lieu de 40")


def test_reader_refuses_another_header(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("|".join(COLUMNS[:-1] + ("PEP",)) + "\n", encoding="utf-8")
    with pytest.raises(HapiFileError, match="absentes : PEP_ENGAGEMENT ; inconnues : PEP"):
        read_engagements(path)
    path.write_text("", encoding="utf-8")
    with pytest.raises(HapiFileError, match="vide"):
        read_engagements(path)


def test_separator_and_line_breaks_in_a_text_cannot_break_the_line():
    data = format_engagements([Engagement(raison_sociale="A | B\nC", montant_notifie=-123)])
    (line,) = parse_engagements(data.decode("utf-8"))
    assert line.raison_sociale == "A B C" and line.montant_notifie == -123
    assert data.decode("utf-8").split("\n")[1].count("|") == 39
    assert "|-1.23|" in data.decode("utf-8")  # montant négatif : pas neutralisé


# --- numéros d'arrêté ------------------------------------------------------------------------

def test_arrete_numbers_from_a_file_or_the_registry(tmp_path):
    simple = tmp_path / "arretes.csv"
    simple.write_text("finess;numero\n750018319;2024-PH-11-000001\n", encoding="utf-8")
    assert read_arretes(simple) == {"750018319": "2024-PH-11-000001"}
    registre = tmp_path / "registre.csv"  # en-têtes du registre de « campagne arretes generer »
    registre.write_text("Numéro d'arrêté;FINESS;Fichier;Empreinte SHA-256\n"
                        "2024-PH-11-000002;750007726;a.pdf;x\n", encoding="utf-8-sig")
    assert read_arretes(registre) == {"750007726": "2024-PH-11-000002"}
    bad = tmp_path / "doublons.csv"
    bad.write_text("finess;numero\n750018319;A\n750018319;B\n750007726;\n", encoding="utf-8")
    with pytest.raises(CampagneError, match="2 erreur"):
        read_arretes(bad)
