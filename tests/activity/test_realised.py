"""Activité réalisée : lecture tout ou rien du rapport, décompte des journées [C2005 annexe
VII], taux de réalisation et écart à la cible [ROB24 annexe III]."""

from decimal import Decimal

import pytest

from campagne.activity import (
    ActivityError,
    assess_activity,
    read_activity_report,
    theoretical_activity,
)
from tests.activity.support import finess, portfolio, write_csv

IME, SESSAD, CMPP = finess(1), finess(2), finess(3)
HEADER = ("finess;journees_internat;semaines_internat_complet;semaines_internat_continu;"
          "journees_semi_internat;journees_externat;actes;seances;file_active")
ROWS = [
    {"finess": IME, "categorie": "183", "capacite": 2, "jours_ouverture": 210, "cpom": True,
     "base_reconductible": 100_000_00},
    {"finess": SESSAD, "categorie": "182", "capacite": 10, "semaines_ouverture": 42,
     "cpom": True, "base_reconductible": 250_000_00},
    {"finess": CMPP, "categorie": "189", "capacite": 0, "base_reconductible": 127_000_00,
     "cpom": True},
]


def _assess(params, campaign, path):
    frame = portfolio(ROWS)
    report = read_activity_report(path, frame["finess"].to_list())
    theo = theoretical_activity(frame, params, campaign)
    out = assess_activity(theo, report, params, campaign)
    return {r["finess"]: r for r in out.iter_rows(named=True)}


def test_week_rules_7_and_5_days_and_rates(params, campaign, tmp_path):
    # C2005 annexe VII : internat de semaine complet = 7 jours, continu = 5 jours.
    # IME : 10 semaines complètes (70) + 10 continues (50) + 100 semi-internat + 58 externat
    # = 278 journées ; théorique 2 × 210 = 420 ; taux 278 / 420 = 66,19 % ; cible 90 % = 378 ;
    # écart 278 − 378 = −100 journées.
    # SESSAD : 5 × 42 × 10 = 2 100 actes ; 2 100 réalisés = 100 % = cible des services.
    # CMPP : 127 000 / 127 = 1 000 actes ; 1 050 réalisés (un par enfant présent) = 105 %.
    path = write_csv(tmp_path / "rapport.csv", HEADER, f"{IME};;10;10;100;58;;;",
                     f"{SESSAD};;;;;;2100;;25", f"{CMPP};;;;;;1050;700;180")
    out = _assess(params, campaign, path)
    ime = out[IME]
    assert ime["activite_realisee"] == Decimal("278")
    assert ime["detail_realisee"].startswith("7 × 10 semaines d'internat complet")
    assert "5 × 10 semaines d'internat continu" in ime["detail_realisee"]
    assert ime["taux_realisation"] == Decimal("0.6619")
    assert ime["activite_cible"] == Decimal("378")
    assert ime["ecart_cible"] == Decimal("-100")
    assert ime["cible"] == "non atteinte"
    assert out[SESSAD]["taux_realisation"] == Decimal("1")
    assert out[SESSAD]["cible"] == "atteinte" and out[SESSAD]["retenue_proposee"] is None
    assert out[CMPP]["taux_realisation"] == Decimal("1.05")
    assert out[CMPP]["ecart_points"] == Decimal("0.05")
    assert out[CMPP]["seances"] == 700


def test_negative_days_and_unknown_finess_nothing_imported(tmp_path):
    frame = portfolio(ROWS)
    path = write_csv(tmp_path / "rapport.csv", HEADER, f"{IME};;;;100;-5;;;",
                     f"{finess(77)};;;;;;100;;", f"{SESSAD};;;;;;12,5;;")
    with pytest.raises(ActivityError) as err:
        read_activity_report(path, frame["finess"].to_list())
    message = str(err.value)
    assert "3 erreurs ; rien n'a été importé" in message
    assert f"ligne 2, ESMS {IME}, champ « journees_externat » : valeur négative (-5)" in message
    assert f"ligne 3, ESMS {finess(77)}, champ « finess » : ESMS absent du portefeuille" in message
    assert f"ligne 4, ESMS {SESSAD}, champ « actes »" in message
    assert err.value.issues[0].fix  # chaque erreur dit comment la corriger


def test_duplicate_line_unknown_column_and_bad_finess_are_errors(tmp_path):
    frame = portfolio(ROWS)
    path = write_csv(tmp_path / "rapport.csv", "finess;actes;journees", f"{SESSAD};10;",
                     f"{SESSAD};12;", "750000011;5;")
    with pytest.raises(ActivityError) as err:
        read_activity_report(path, frame["finess"].to_list())
    fields = {(i.line, i.field) for i in err.value.issues}
    assert (0, "journees") in fields  # colonne inconnue
    assert (3, "finess") in fields  # doublon
    assert (4, "finess") in fields  # clé de Luhn fausse


def test_report_without_the_norm_unit_is_refused(params, campaign, tmp_path):
    # Un SESSAD se mesure en actes directs (ROB24 annexe III) : des journées ne suffisent pas.
    path = write_csv(tmp_path / "rapport.csv", HEADER, f"{SESSAD};;;;;300;;;")
    with pytest.raises(ActivityError, match=r"champ « actes » : activité en actes non déclarée"):
        _assess(params, campaign, path)
