"""Mesures 2010 du plan Alzheimer et des accueils de jour [C2010 §2.1, annexes I, II, V]."""

import pytest

from campagne.engine import Campaign, MissingInputError, run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio

EHPAD = {"categorie": "500", "secteur": "PA", "famille": "Personnes âgées", "capacite": 80,
         "gmp": 700, "pmp": 200, "tarif_soins": "PARTIEL", "pui": False,
         "base_reconductible": 800_000_00}
SSIAD = {"categorie": "354", "famille": "Services pour adultes", "capacite": 40,
         "base_reconductible": 400_000_00}
AJ = {"categorie": "207", "secteur": "PA", "famille": "Personnes âgées",
      "base_reconductible": 100_000_00}


@pytest.fixture(scope="module")
def campaign(params):
    return Campaign.from_params(params, "ph-pa-2010")


def _rows(rows, campaign, params):
    full = [{"finess": f"7500000{i:02d}", **r} for i, r in enumerate(rows)]
    result = run_campaign(make_portfolio(full), campaign, params, all_rules())
    return result.frame.sort("finess").to_dicts()


def test_pasa_flat_amount_per_place(campaign, params):
    # Annexe II §3 : 14 places × 4 557 € = 63 798 €.
    (r,) = _rows([{**EHPAD, "places_pasa": 14}], campaign, params)
    assert r["pasa_ehpad"] == 63_798_00


def test_uhr_cost_per_place_from_gmps_with_pmp_489(campaign, params):
    # Tarif global avec PUI : 12,83 × (800 + 2,59 × 489) = 12,83 × 2 066,51 = 26 513,32
    # → 26 513 € (dans 25 500–27 000) ; 14 places → 371 182 €.
    # Tarif partiel sans PUI : 9,20 × 2 066,51 = 19 011,89 → 19 012 €, hors fourchette : signalé.
    global_pui = {**EHPAD, "gmp": 800, "tarif_soins": "GLOBAL", "pui": True,
                  "places_uhr_nouvelles": 14}
    partiel = {**EHPAD, "gmp": 800, "places_uhr_nouvelles": 14}
    a, b = _rows([global_pui, partiel], campaign, params)
    assert a["cout_place_uhr"] == 26_513_00 and a["cout_place_uhr_dans_fourchette"] is True
    assert a["uhr_ehpad"] == 371_182_00
    assert b["cout_place_uhr"] == 19_012_00 and b["cout_place_uhr_dans_fourchette"] is False


def test_specialised_alzheimer_team_equation(campaign, params):
    # Annexe II §2 : x × 15 000 + y × 5 000 = 150 000 € par équipe de 10 équivalents places.
    # x = 7, y = 9 : 105 000 + 45 000 = 150 000 (conforme) ; x = 8, y = 5 : 145 000 (non).
    ok, ko = _rows([{**SSIAD, "esa_equipes": 1, "esa_places_globales": 7,
                     "esa_places_partielles": 9},
                    {**SSIAD, "esa_equipes": 1, "esa_places_globales": 8,
                     "esa_places_partielles": 5}], campaign, params)
    assert ok["equipes_specialisees_alzheimer"] == 150_000_00
    assert ok["equipes_alzheimer_conformes"] is True
    assert ko["equipes_alzheimer_conformes"] is False


def test_team_without_its_place_split_is_named(campaign, params):
    with pytest.raises(MissingInputError) as exc:
        _rows([{**SSIAD, "esa_equipes": 1, "esa_places_globales": 10}], campaign, params)
    assert {(i.finess, i.field) for i in exc.value.issues} == {
        ("750000000", "esa_places_partielles")}


def test_day_care_fees_attached_and_autonomous(campaign, params):
    # Annexe I §3. Adossé, 10 places : 11,16 € × 365 × 10 = 40 734 € (100 % assurance maladie).
    # Autonome, 12 places ouvertes 310 jours (300 au plus) : forfait soins 34,69 × 12 × 300
    # = 124 884 € ; part APA du transport : 30 % × 13,58 × 12 × 300 = 14 666,40 → 14 666 €.
    adosse, autonome = _rows([{**EHPAD, "capacite_accueil_jour": 10},
                              {**AJ, "capacite": 12, "jours_ouverture": 310}], campaign, params)
    assert adosse["transport_accueil_jour_adosse"] == 40_734_00
    assert autonome["forfait_soins_accueil_jour_autonome"] == 124_884_00
    assert autonome["ajustement_accueil_jour_autonome"] == 24_884_00
    assert autonome["dotation_perenne"] == 124_884_00
    assert autonome["transport_accueil_jour_autonome_apa"] == 14_666_00


def test_day_care_under_minimum_capacity_is_flagged(campaign, params):
    # Annexe I §1 : 6 places (adossé), 10 places (autonome).
    rows = _rows([{**EHPAD, "capacite_accueil_jour": 5}, {**EHPAD, "capacite_accueil_jour": 6},
                  {**AJ, "capacite": 8, "jours_ouverture": 250},
                  {**AJ, "capacite": 10, "jours_ouverture": 250}], campaign, params)
    assert [r["accueil_jour_sous_capacite_minimale"] for r in rows] == [True, False, True, False]


def test_night_nurse_experiment_is_non_renewable(campaign, params):
    # Annexe V : 25 000 € pour les six mois de 2010 ; rien dans la base de 2011.
    (r,) = _rows([{**EHPAD, "experimentation_infirmiere_nuit": True}], campaign, params)
    assert r["experimentation_infirmiere_nuit_2010"] == 25_000_00
    assert r["dotation_non_perenne"] == 25_000_00
    assert r["dotation_perenne"] == 800_000_00 + 9_600_00
