"""Cibles du CPOM [ROB24 annexe III] : 90 % établissements, 80 % accueil temporaire, 100 %
services, ou trajectoire de montée en charge propre au CPOM."""

from decimal import Decimal

import pytest

from campagne.activity import ActivityError, read_conditions, theoretical_activity
from tests.activity.support import conditions, finess, portfolio, write_csv

IME, AT, SESSAD, MIXTE, CPOM = (finess(i) for i in range(1, 6))


def test_regional_targets_and_cpom_trajectory(params, campaign):
    rows = [
        # IME 40 × 220 = 8 800 journées ; « 90 % de l'activité théorique pour les
        # établissements » → 7 920.
        {"finess": IME, "categorie": "183", "capacite": 40, "jours_ouverture": 220},
        # Accueil temporaire enfants (390), toutes places en accueil temporaire :
        # 10 × 365 = 3 650 ; « 80 % pour l'accueil temporaire » → 2 920.
        {"finess": AT, "categorie": "390", "capacite": 10, "capacite_accueil_temporaire": 10,
         "jours_ouverture": 365},
        # SESSAD 5 × 45 × 30 = 6 750 actes ; « 100 % pour les services » → 6 750.
        {"finess": SESSAD, "categorie": "182", "capacite": 30, "semaines_ouverture": 45},
        # IME de 40 places dont 4 d'accueil temporaire : cible au prorata des places,
        # (0,90 × 36 + 0,80 × 4) / 40 = 0,89 → 8 800 × 0,89 = 7 832.
        {"finess": MIXTE, "categorie": "183", "capacite": 40, "capacite_accueil_temporaire": 4,
         "jours_ouverture": 220},
        # Trajectoire de montée en charge du CPOM : 85 % → 8 800 × 0,85 = 7 480.
        {"finess": CPOM, "categorie": "183", "capacite": 40, "jours_ouverture": 220,
         "cpom": True},
    ]
    frame = theoretical_activity(portfolio(rows), params, campaign,
                                 conditions([{"finess": CPOM, "cible_cpom": Decimal("0.85")}]))
    out = {r["finess"]: r for r in frame.iter_rows(named=True)}
    expected = {IME: ("0.9", "7920"), AT: ("0.8", "2920"), SESSAD: ("1", "6750"),
                MIXTE: ("0.89", "7832"), CPOM: ("0.85", "7480")}
    for f, (rate, target) in expected.items():
        assert out[f]["taux_cible"] == Decimal(rate), f
        assert out[f]["activite_cible"] == Decimal(target), f
    assert "établissements : 90,00 %" in out[IME]["origine_cible"]
    assert "accueil temporaire : 80,00 %" in out[AT]["origine_cible"]
    assert "services : 100,00 %" in out[SESSAD]["origine_cible"]
    assert "36 places" in out[MIXTE]["origine_cible"] and "4 places" in out[MIXTE]["origine_cible"]
    assert out[CPOM]["origine_cible"] == "trajectoire du CPOM : 85 %"


def test_target_rates_are_sourced_regional_parameters(params, campaign):
    at = campaign.at()
    for name, value in (("activite_taux_cible_etablissement", "0.90"),
                        ("activite_taux_cible_accueil_temporaire", "0.80"),
                        ("activite_taux_cible_service", "1.00")):
        resolved = params.resolve(name, at)
        assert resolved.value == Decimal(value)
        assert resolved.portee == "region:11"
        assert resolved.citation().startswith("[ROB24 annexe III")


def test_conditions_file_refuses_a_trajectory_outside_cpom(tmp_path):
    frame = portfolio([{"finess": IME, "cpom": False}, {"finess": CPOM, "cpom": True}])
    ok = write_csv(tmp_path / "ok.csv", "finess;cible_cpom;majoration_segur",
                   f"{CPOM};85,5;non")
    read = read_conditions(ok, frame)
    assert read["cible_cpom"].to_list() == [Decimal("0.855")]
    bad = write_csv(tmp_path / "bad.csv", "finess;cible_cpom", f"{IME};85",
                    f"{finess(99)};90")
    with pytest.raises(ActivityError) as err:
        read_conditions(bad, frame)
    message = str(err.value)
    assert "rien n'a été importé" in message
    assert f"ESMS {IME}, champ « cible_cpom » : trajectoire de CPOM donnée pour un ESMS hors " \
           "CPOM" in message
    assert f"ESMS {finess(99)}, champ « finess » : ESMS absent du portefeuille" in message
