"""Plateformes [ROB24 annexe III, « Activité des plateformes »] : UA de la modalité 1 avec
leurs plafonds, complexité hebdomadaire, file active de la modalité 2."""

from decimal import Decimal

import pytest

from campagne.activity import (
    CRITERIA,
    ActivityError,
    expected_file_active,
    platform_activity,
    read_platform_records,
)
from tests.activity.support import finess, write_csv

PF, PF2 = finess(1), finess(2)
HEADER = ("finess;semaine;personne;actes;nuitees;encadrement_un_pour_un;pluri_vulnerabilite;"
          "lieux_de_vie_multiples;mise_en_danger;degradations_materielles")


def _run(params, campaign, tmp_path, *lines, caps=None):
    path = write_csv(tmp_path / "semaines.csv", HEADER, *lines)
    records = read_platform_records(path, [PF, PF2])
    return platform_activity(records, params, campaign, caps)


def test_acts_and_nights_are_capped_per_person_and_week(params, campaign, tmp_path):
    # « 1 acte = 0,17 UA, dans la limite de 30 actes maximum par semaine » : 40 actes comptent
    # 30 × 0,17 = 5,1 UA. « 1 nuitée = 1 UA, dans la limite de 4 nuitées par semaine » :
    # 6 nuitées comptent 4 UA. Sous les plafonds : 12 actes = 2,04 UA, 3 nuitées = 3 UA.
    detail, summary = _run(params, campaign, tmp_path,
                           f"{PF};2023-S05;J1;40;0;;;;;", f"{PF};2023-S05;J2;0;6;;;;;",
                           f"{PF};2023-W06;J1;12;3;;;;;")
    ua = {(r["semaine"], r["personne"]): r["ua"] for r in detail.iter_rows(named=True)}
    assert ua[("2023-S05", "J1")] == Decimal("5.1")
    assert ua[("2023-S05", "J2")] == Decimal("4")
    assert ua[("2023-S06", "J1")] == Decimal("5.04")
    row = summary.row(0, named=True)
    assert row["ua"] == Decimal("14.14")  # 5,1 + 4 + 5,04
    assert (row["actes_declares"], row["actes_retenus"]) == (52, 42)
    assert (row["nuitees_declarees"], row["nuitees_retenues"]) == (9, 7)
    assert (row["personnes"], row["semaines"], row["semaines_personnes"]) == (2, 2, 3)


def test_nights_cap_according_to_authorisation(params, campaign, tmp_path):
    # « équivalence à modifier si les modalités d'hébergement sont supérieures – selon
    # autorisation » : plafond de 5 nuitées pour PF, 4 (norme) pour PF2.
    detail, _ = _run(params, campaign, tmp_path, f"{PF};2023-S05;J1;0;6;;;;;",
                     f"{PF2};2023-S05;J1;0;6;;;;;", caps={PF: 5})
    assert detail["ua"].to_list() == [Decimal("5"), Decimal("4")]


def test_complex_week_needs_three_of_the_five_criteria(params, campaign, tmp_path):
    # « il doit répondre à 3 critères sur les 5 suivants » : 2 critères → non, 3 → oui.
    detail, summary = _run(params, campaign, tmp_path,
                           f"{PF};2023-S05;J1;5;0;oui;oui;non;non;non",
                           f"{PF};2023-S05;J2;5;0;oui;non;oui;non;oui",
                           f"{PF};2023-S06;J2;5;0;;;;;oui")
    assert detail["criteres_reunis"].to_list() == [2, 3, 1]
    assert detail["complexe"].to_list() == [False, True, False]
    row = summary.row(0, named=True)
    assert row["semaines_personnes_complexes"] == 1 and row["personnes_complexes"] == 1


def test_the_five_criteria_are_those_of_the_text():
    labels = [label for _, label in CRITERIA]
    assert len(labels) == 5
    assert "« un pour un »" in labels[0]
    assert "pluri-vulnérabilité" in labels[1]
    assert "lieux de vie multiples" in labels[2]
    assert "mises en danger" in labels[3]
    assert "dégradations matérielles" in labels[4]


def test_modality_2_file_active_is_places_times_1_22(params, campaign):
    # « 1 place = une file active de 1,22 » : 40 places → 48,8 ; 25 places → 30,5.
    assert expected_file_active(40, params, campaign.at()) == Decimal("48.8")
    assert expected_file_active(25, params, campaign.at()) == Decimal("30.5")


def test_bad_records_are_all_reported_and_nothing_is_imported(tmp_path):
    path = write_csv(tmp_path / "semaines.csv", HEADER, f"{PF};2023-S05;J1;-3;0;;;;;",
                     f"{PF};2023-S05;J2;2;0;;;;;", f"{PF};2023-S05;J2;4;0;;;;;",
                     f"{PF};semaine 5;J3;1;0;;;;;", f"{finess(9)};2023-S05;J1;1;0;peut-être;;;;")
    with pytest.raises(ActivityError) as err:
        read_platform_records(path, [PF, PF2])
    fields = sorted((i.line, i.field) for i in err.value.issues)
    assert fields == [(2, "actes"), (4, "personne"), (5, "semaine"),
                      (6, "encadrement_un_pour_un"), (6, "finess")]
    assert "rien n'a été importé" in str(err.value)
