"""Forfait journalier hospitalier et minimum de ressources en MAS [C2010 §3.2.2, §3.3]."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from campagne.params.errors import ParameterNotFoundError
from campagne.rules.fjh import (
    ENFANT_ADULTE,
    ENFANT_EXONERE,
    MAS,
    FjhError,
    Resident,
    bill,
    bill_all,
    fjh_facturable,
    fjh_parameters,
    minimum_ressources,
    parse_residents,
    read_residents,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fjh" / "residents_fictifs.csv"
JUNE_2010 = dt.date(2010, 6, 1)


def test_minimum_is_30_percent_of_aah_rounded_to_the_cent():
    # C2010 §3.2.2 : « 30 % du montant mensuel de l'AAH, soit à ce jour 204,49 € » :
    # 0,30 × 681,63 = 204,489 → 204,49 €.
    assert minimum_ressources(681_63, Decimal("0.30")) == 204_49


def test_parameters_2010_are_dated_and_sourced(params):
    p = fjh_parameters(params, JUNE_2010)
    assert (p.fjh_jour, p.taux_minimum, p.aah, p.age_exoneration) == \
        (18_00, Decimal("0.30"), 681_63, 20)
    assert p.minimum == 204_49
    assert p.citations["fjh_montant_journalier"] == "[C2010 §3.2.2]"
    assert p.citations["fjh_age_exoneration_enfants"] == "[C2010 §3.3]"
    # FJH à 18 € « à compter du 1er janvier 2010 » : rien avant, rien de prolongé en silence.
    with pytest.raises(ParameterNotFoundError):
        fjh_parameters(params, dt.date(2009, 12, 1))


def test_billable_fjh_leaves_the_minimum():
    # 30 jours à 18 € = 540 €. Ressources 681,63 € : 681,63 − 204,49 = 477,14 € facturables.
    assert fjh_facturable(18_00, 30, 681_63, 204_49) == 477_14
    # Ressources 1 200 € : 995,51 € disponibles, le FJH entier (540 €) est facturé.
    assert fjh_facturable(18_00, 30, 1200_00, 204_49) == 540_00
    # Ressources 150 € sous le minimum : rien n'est facturé.
    assert fjh_facturable(18_00, 30, 150_00, 204_49) == 0


def test_bill_by_regime(params):
    p = fjh_parameters(params, JUNE_2010)
    mas = bill(Resident("750000002", "255", "R1", 35, 681_63, 30), p)
    assert (mas.regime, mas.fjh_du, mas.minimum, mas.fjh_facture, mas.manque_a_gagner,
            mas.reste_a_vivre) == (MAS, 540_00, 204_49, 477_14, 62_86, 204_49)
    # IME (183), 12 ans : pas de FJH, recette absorbée dans le prix de journée (§3.3).
    child = bill(Resident("750000010", "183", "E1", 12, 0, 20), p)
    assert (child.regime, child.fjh_du, child.fjh_facture, child.manque_a_gagner) == \
        (ENFANT_EXONERE, 0, 0, 0)
    # 19 ans : encore exonéré ; 20 ans : FJH dû en entier (20 × 18 = 360 €).
    assert bill(Resident("750000010", "183", "E2", 19, 700_00, 20), p).fjh_du == 0
    adult = bill(Resident("750000010", "183", "E3", 20, 700_00, 20), p)
    assert (adult.regime, adult.fjh_facture, adult.manque_a_gagner) == (ENFANT_ADULTE, 360_00, 0)
    # Un FAM (437) n'est pas dans le champ du texte.
    with pytest.raises(FjhError, match="catégorie FINESS 437"):
        bill(Resident("750000010", "437", "F1", 40, 700_00, 30), p)


def test_example_file_totals_by_esms(params):
    report = bill_all(read_residents(EXAMPLE), fjh_parameters(params, JUNE_2010))
    totals = {t.finess: t for t in report.by_esms()}
    # MAS 750000002 : FJH dû 540 + 540 + 558 (31 jours) + 540 = 2 178 € ; facturé
    # 477,14 + 395,51 (600 − 204,49) + 558 + 0 = 1 430,65 € ; manque 747,35 €.
    mas = totals["750000002"]
    assert (mas.residents, mas.fjh_du, mas.fjh_facture, mas.manque_a_gagner) == \
        (4, 2178_00, 1430_65, 747_35)
    # IME 750000010 : 12 ans exonéré, 21 ans 20 jours × 18 € = 360 €.
    assert (totals["750000010"].fjh_du, totals["750000010"].manque_a_gagner) == (360_00, 0)
    total = totals["Total"]
    assert total.manque_a_gagner == sum(t.manque_a_gagner for f, t in totals.items()
                                        if f != "Total") == 747_35
    assert total.fjh_facture + total.manque_a_gagner == total.fjh_du


def test_more_days_than_the_month_has_is_refused(params):
    p = fjh_parameters(params, JUNE_2010)
    residents = [Resident("750000002", "255", "R1", 35, 681_63, 31)]
    with pytest.raises(FjhError, match="31 jours pour un mois de 30 jours"):
        bill_all(residents, p, days_in_month=30)  # juin : 30 jours
    assert bill_all(residents, p, days_in_month=31).bills[0].fjh_du == 558_00  # 31 × 18 €


def test_file_errors_are_all_reported():
    rows = [
        {"finess": "750000002", "categorie": "255", "identifiant": "Z", "age": "30",
         "ressources_mensuelles": "500", "jours": "30"},
        {"finess": "750000002", "categorie": "255", "identifiant": "A", "age": "35",
         "ressources_mensuelles": "abc", "jours": "32"},
        {"finess": "750000001", "categorie": "255", "identifiant": "B", "age": "-1",
         "ressources_mensuelles": "100", "jours": "10"},
        {"finess": "750000002", "categorie": "437", "identifiant": "C", "age": "40",
         "ressources_mensuelles": "100", "jours": "10"},
        {"finess": "750000002", "categorie": "255", "identifiant": "", "age": "40",
         "ressources_mensuelles": "100", "jours": "10"},
    ]
    with pytest.raises(FjhError) as exc:
        parse_residents(rows, "residents.csv")
    text = str(exc.value)
    assert text.startswith("residents.csv : 7 erreur(s), rien n'a été chargé.")
    for expected in ("ligne 3, ESMS 750000002, résident A : champ « jours » « 32 » invalide",
                     "ligne 3, ESMS 750000002, résident A : champ « ressources_mensuelles »",
                     "ligne 4, ESMS 750000001, résident B : champ « finess »",
                     "ligne 4, ESMS 750000001, résident B : champ « age » « -1 » invalide",
                     "ligne 5, ESMS 750000002, résident C : catégorie 437 différente de celle "
                     "déjà lue pour cet ESMS (255)",
                     "catégorie FINESS 437 (F.A.M.) hors du champ",
                     "ligne 6, ESMS 750000002, résident (vide) : champ « identifiant » vide"):
        assert expected in text


@given(st.integers(0, 10**6), st.integers(0, 31), st.integers(0, 10**6))
def test_properties_billed_never_exceeds_due_nor_eats_the_minimum(fjh, days, resources):
    minimum = 204_49
    billed = fjh_facturable(fjh, days, resources, minimum)
    assert 0 <= billed <= fjh * days
    assert resources - billed >= min(minimum, resources)
