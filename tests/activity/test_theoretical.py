"""Activité théorique : une formule par ligne de ROB24 annexe III, chiffres calculés à la main."""

from decimal import Decimal

import polars as pl
import pytest

from campagne.activity import ActivityError, theoretical_activity
from tests.activity.support import conditions, finess, portfolio

IME, CAMSP, CMPP, SESSAD, ESAT, ESRP, MAS, EAM, FAM, SAMSAH = (finess(i) for i in range(1, 11))


def _rows(params, campaign, rows, cond=None) -> dict[str, dict]:
    frame = theoretical_activity(portfolio(rows), params, campaign,
                                 conditions(cond) if cond else None)
    return {r["finess"]: r for r in frame.iter_rows(named=True)}


def test_childrens_establishment_capacity_times_days_with_210_floor(params, campaign):
    # ROB24 annexe III : « Établissements pour enfants : capacité autorisée x Nombre de
    # journées d'ouverture (210 jours minimum) ». 40 × 220 = 8 800 ; 40 × max(200, 210) = 8 400.
    out = _rows(params, campaign, [
        {"finess": IME, "categorie": "183", "capacite": 40, "jours_ouverture": 220},
        {"finess": CAMSP, "categorie": "186", "capacite": 40, "jours_ouverture": 200},
    ])
    assert out[IME]["activite_theorique"] == Decimal("8800")
    assert out[IME]["unite_activite"] == "journees"
    assert out[IME]["formule"] == ("40 places × 220 jours d'ouverture retenus (déclarés : 220 ; "
                                   "minimum : 210) = 8800 journées")
    assert out[CAMSP]["activite_theorique"] == Decimal("8400")


def test_camsp_dotation_over_257_and_optional_5_80_percent(params, campaign):
    # ROB24 annexe III : CAMSP = dotation globale / 257 € ; « le coût moyen peut être réévalué
    # de 5,80 % » : 271 906 / 257 = 1 058 ; 271 906 / (257 × 1,058 = 271,906) = 1 000.
    # Dotation compilée (AM + CD) des conditions : 1 028 000 / 257 = 4 000.
    out = _rows(params, campaign, [
        {"finess": CAMSP, "categorie": "190", "capacite": 0, "base_reconductible": 271_906_00},
        {"finess": IME, "categorie": "190", "capacite": 0, "base_reconductible": 271_906_00},
        {"finess": ESAT, "categorie": "190", "capacite": 0, "base_reconductible": 822_400_00},
    ], [{"finess": IME, "majoration_segur": True},
        {"finess": ESAT, "dotation_globale": 1_028_000_00}])
    assert out[CAMSP]["activite_theorique"] == Decimal("1058")
    assert out[CAMSP]["unite_activite"] == "interventions"
    assert out[IME]["activite_theorique"] == Decimal("1000")
    assert out[ESAT]["activite_theorique"] == Decimal("4000")
    assert "dotation globale compilée" in out[ESAT]["formule"]


def test_cmpp_dotation_over_127_and_optional_4_44_percent(params, campaign):
    # ROB24 annexe III : CMPP = dotation / 127 € par acte ; réévaluation de 4,44 % au CPOM :
    # 1 326 388 / 127 = 10 444 actes ; 1 326 388 / (127 × 1,0444 = 132,6388) = 10 000 actes.
    out = _rows(params, campaign, [
        {"finess": CMPP, "categorie": "189", "capacite": 0, "base_reconductible": 1_326_388_00},
        {"finess": IME, "categorie": "189", "capacite": 0, "base_reconductible": 1_326_388_00},
        # 1 000 000 / 127 = 7 874,0157… → 7 874,02 actes (arrondi au centième nommé).
        {"finess": ESAT, "categorie": "189", "capacite": 0, "base_reconductible": 1_000_000_00},
    ], [{"finess": IME, "majoration_segur": True}])
    assert out[CMPP]["activite_theorique"] == Decimal("10444")
    assert out[CMPP]["unite_activite"] == "actes"
    assert out[IME]["activite_theorique"] == Decimal("10000")
    assert out[ESAT]["activite_theorique"] == Decimal("7874.02")


def test_sessad_five_direct_acts_times_weeks_with_42_floor(params, campaign):
    # ROB24 annexe III : « SESSAD : 5 actes directs x Nombre de semaines d'ouverture x capacité
    # autorisée (42 semaines minimum) » : 5 × 45 × 30 = 6 750 ; 5 × max(40, 42) × 30 = 6 300.
    out = _rows(params, campaign, [
        {"finess": SESSAD, "categorie": "182", "capacite": 30, "semaines_ouverture": 45},
        {"finess": IME, "categorie": "182", "capacite": 30, "semaines_ouverture": 40},
    ])
    assert out[SESSAD]["activite_theorique"] == Decimal("6750")
    assert out[IME]["activite_theorique"] == Decimal("6300")


def test_esat_esrp_225_days_mas_eam_365_samsah_250(params, campaign):
    # ROB24 annexe III : ESAT et ESRP = capacité × jours (225 minimum) : 50 × 230 = 11 500,
    # 50 × max(220, 225) = 11 250, ESRP 20 × 240 = 4 800 ; MAS et EAM = capacité × 365 quelle
    # que soit l'ouverture déclarée : 40 × 365 = 14 600 (FAM = ancien EAM) ; SAMSAH = capacité
    # × jours (250 minimum) : 30 × max(240, 250) = 7 500.
    out = _rows(params, campaign, [
        {"finess": ESAT, "categorie": "246", "capacite": 50, "jours_ouverture": 230},
        {"finess": IME, "categorie": "246", "capacite": 50, "jours_ouverture": 220},
        {"finess": ESRP, "categorie": "249", "capacite": 20, "jours_ouverture": 240},
        {"finess": MAS, "categorie": "255", "capacite": 40, "jours_ouverture": 300},
        {"finess": EAM, "categorie": "448", "capacite": 40},
        {"finess": FAM, "categorie": "437", "capacite": 40, "jours_ouverture": 365},
        {"finess": SAMSAH, "categorie": "445", "capacite": 30, "jours_ouverture": 240},
    ])
    assert out[ESAT]["activite_theorique"] == Decimal("11500")
    assert out[IME]["activite_theorique"] == Decimal("11250")
    assert out[ESRP]["activite_theorique"] == Decimal("4800")
    assert [out[f]["activite_theorique"] for f in (MAS, EAM, FAM)] == [Decimal("14600")] * 3
    assert out[SAMSAH]["activite_theorique"] == Decimal("7500")


def test_platforms_modality_1_in_ua_and_modality_2_in_file_active(params, campaign):
    # ROB24 annexe III : plateforme = capacité hors hébergement × semaines × 5 UA + capacité en
    # hébergement × semaines × 4 : (40 − 10) × 40 × 5 + 10 × 40 × 4 = 6 000 + 1 600 = 7 600 UA.
    # Modalité 2 : « nombre de places autorisées * coefficient multiplicateur » : 40 × 1,22 = 48,8.
    out = _rows(params, campaign, [
        {"finess": IME, "categorie": "183", "capacite": 40, "capacite_internat": 10,
         "semaines_ouverture": 40},
        {"finess": ESAT, "categorie": "186", "capacite": 40},
    ], [{"finess": IME, "plateforme_modalite": 1}, {"finess": ESAT, "plateforme_modalite": 2}])
    assert out[IME]["activite_theorique"] == Decimal("7600")
    assert out[IME]["unite_activite"] == "ua"
    assert out[ESAT]["activite_theorique"] == Decimal("48.8")
    assert out[ESAT]["unite_activite"] == "file_active"


def test_category_without_norm_is_not_applicable_with_reason_never_zero(params, campaign):
    # SSIAD (354) et BAPU (221) : pas de ligne à l'annexe III.
    out = _rows(params, campaign, [
        {"finess": IME, "categorie": "354", "capacite": 30, "jours_ouverture": 365},
        {"finess": ESAT, "categorie": "221", "capacite": 10},
    ])
    for f, code in ((IME, "354"), (ESAT, "221")):
        assert out[f]["statut"] == "non_applicable"
        assert out[f]["activite_theorique"] is None
        assert f"catégorie {code}" in out[f]["motif"]


def test_missing_portfolio_data_and_other_region_are_explicit(params, campaign):
    out = _rows(params, campaign, [
        {"finess": IME, "categorie": "183", "capacite": 40},
        {"finess": finess(5, "69"), "categorie": "183", "capacite": 40, "jours_ouverture": 220,
         "departement": "69", "region": "84"},
    ])
    assert out[IME]["statut"] == "a_completer"
    assert "jours_ouverture" in out[IME]["motif"]
    assert out[IME]["activite_theorique"] is None
    other = out[finess(5, "69")]
    assert other["statut"] == "non_applicable" and "région 84" in other["motif"]


def test_segur_raise_on_a_non_camsp_cmpp_is_refused(params, campaign):
    with pytest.raises(ActivityError, match="ni un CAMSP ni un CMPP"):
        theoretical_activity(
            portfolio([{"finess": IME, "categorie": "183", "capacite": 40,
                        "jours_ouverture": 220}]),
            params, campaign, conditions([{"finess": IME, "majoration_segur": True}]))


def test_vectorised_on_the_whole_demo_portfolio(params, campaign):
    from campagne.demo import demo_portfolio_path
    from campagne.referentiel.portfolio import read_portfolio

    demo = read_portfolio(demo_portfolio_path())
    frame = theoretical_activity(demo, params, campaign)
    assert frame.height == demo.height
    assert frame["finess"].to_list() == demo["finess"].to_list()  # ordre conservé
    done = frame.filter(pl.col("statut") == "calculee")
    assert done["activite_theorique"].null_count() == 0
    assert (done["activite_theorique"] > 0).all()
    skipped = frame.filter(pl.col("statut") != "calculee")
    assert skipped["activite_theorique"].null_count() == skipped.height
    assert skipped["motif"].null_count() == 0
