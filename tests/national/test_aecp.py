"""Débasage et suivi AE/CP des crédits retirés [C2010 §1.2.1 et §1.2.2] : exemple calculé à la
main, restitution exacte au centime, contrôles."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campagne.envelopes.aecp import (
    DEFINITIF,
    TEMPORAIRE,
    AecpError,
    Movement,
    Withdrawal,
    follow,
    restitutions,
)
from campagne.envelopes.aecp_files import parse_movements, read_aecp

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "aecp" / "registre_fictif.csv"

WITHDRAWALS = [
    Withdrawal("LIB-75", "75", DEFINITIF, 2010, 120_000_00),
    Withdrawal("MAS-A", "75", TEMPORAIRE, 2010, 1_000_000_00, places=20),
    Withdrawal("LIB-93", "93", DEFINITIF, 2010, 50_000_00),
    Withdrawal("FAM-B", "93", TEMPORAIRE, 2010, 100_000_00, places=3),
]
SCHEDULE = [Movement("MAS-A", 2011, 10), Movement("MAS-A", 2012, 10),
            Movement("FAM-B", 2011, 3)]
INSTALLED = [Movement("MAS-A", 2011, 7), Movement("MAS-A", 2012, 6),
             Movement("FAM-B", 2011, 1), Movement("FAM-B", 2012, 1)]


def test_hand_computed_restitutions_by_project():
    report = follow(WITHDRAWALS, SCHEDULE, INSTALLED)
    cp = {(r.projet, r.exercice): (r.cp, r.reste) for r in report.restitutions}
    # MAS-A : 1 000 000 € gagés par 20 places. 2011 : 7 places → 1 000 000 × 7/20 = 350 000 €.
    # 2012 : 6 des 13 places restantes → 650 000 × 6/13 = 300 000 € ; reste 350 000 €.
    assert cp[("MAS-A", 2011)] == (350_000_00, 650_000_00)
    assert cp[("MAS-A", 2012)] == (300_000_00, 350_000_00)
    # FAM-B : 100 000 € pour 3 places. 2011 : 1 place → 33 333,333… € : 33 333,33 € (le
    # centime restant va aux 2 places à installer, plus fort reste 0,67).
    # 2012 : 2 places au cumul → 66 666,666… € : 66 666,67 € au cumul, soit un CP de
    # 66 666,67 − 33 333,33 = 33 333,34 € ; reste 33 333,33 €.
    assert cp[("FAM-B", 2011)] == (33_333_33, 66_666_67)
    assert cp[("FAM-B", 2012)] == (33_333_34, 33_333_33)


def test_hand_computed_ae_cp_by_departement_and_total():
    report = follow(WITHDRAWALS, SCHEDULE, INSTALLED)
    rows = {d.departement: d for d in report.departements()}
    # 75 : définitif 120 000 € ; AE 1 000 000 € ; CP 350 000 + 300 000 = 650 000 € ; reste
    # 350 000 € ; 13 places installées sur 20.
    assert (rows["75"].supprime_definitif, rows["75"].ae, rows["75"].cp_restitues,
            rows["75"].reste_a_restituer, rows["75"].places_installees) == \
        (120_000_00, 1_000_000_00, 650_000_00, 350_000_00, 13)
    # 93 : définitif 50 000 € ; AE 100 000 € ; CP 33 333,33 + 33 333,34 = 66 666,67 €.
    assert (rows["93"].supprime_definitif, rows["93"].ae, rows["93"].cp_restitues,
            rows["93"].reste_a_restituer) == (50_000_00, 100_000_00, 66_666_67, 33_333_33)
    # Total : 170 000 € supprimés, AE 1 100 000 €, CP 716 666,67 €, reste 383 333,33 €.
    total = rows["Total"]
    assert (total.supprime_definitif, total.ae, total.cp_restitues, total.reste_a_restituer) \
        == (170_000_00, 1_100_000_00, 716_666_67, 383_333_33)
    assert list(rows) == ["75", "93", "Total"]


def test_forecast_versus_actual_cp_by_exercice():
    years = {(r["departement"], r["exercice"]): r
             for r in follow(WITHDRAWALS, SCHEDULE, INSTALLED).by_exercice()}
    # Échéancier MAS-A : 10 places en 2011 → 500 000 € prévus ; 350 000 € restitués.
    assert (years[("75", 2011)]["cp_prevus"], years[("75", 2011)]["cp_restitues"],
            years[("75", 2011)]["ecart"]) == (500_000_00, 350_000_00, -150_000_00)
    # FAM-B : les 3 places prévues en 2011 (100 000 €), une seule installée.
    assert years[("93", 2012)]["cp_prevus"] == 0
    assert years[("Total", 2011)]["cp_prevus"] == 600_000_00
    assert years[("Total", 2011)]["cp_restitues"] == 383_333_33


def test_installing_beyond_the_pledged_places_is_an_error():
    with pytest.raises(AecpError) as exc:
        follow(WITHDRAWALS, [], [*INSTALLED, Movement("FAM-B", 2013, 2, ligne=12)])
    assert "ligne 12, installation du projet FAM-B : 4 places installées en 2013 au cumul, " \
           "au-delà des 3 places gagées" in str(exc.value)


def test_restituting_a_definitive_withdrawal_is_an_error():
    with pytest.raises(AecpError) as exc:
        follow(WITHDRAWALS, [Movement("LIB-75", 2011, 1)], [Movement("LIB-75", 2011, 1)])
    assert len(exc.value.problems) == 2
    assert "le retrait est définitif (crédits libres supprimés) et n'est jamais restitué" \
        in str(exc.value)


def test_other_controls_are_all_reported_at_once():
    bad = [Withdrawal("X", "75", TEMPORAIRE, 2010, 1000_00),  # sans places
           Withdrawal("X", "75", DEFINITIF, 2010, 0, places=2)]  # doublon, montant, places
    with pytest.raises(AecpError) as exc:
        follow(bad, [], [Movement("Y", 2011, 1), Movement("X", 2009, 1)])
    text = str(exc.value)
    for expected in ("retrait temporaire sans places gagées", "projet déjà déclaré",
                     "montant 0 €", "un retrait définitif porte sur des crédits libres",
                     "projet absent des retraits", "exercice 2009 antérieur au retrait"):
        assert expected in text


def test_example_file_reads_and_matches_the_hand_computation():
    rows = {d.departement: d for d in read_aecp(EXAMPLE).departements()}
    assert rows["Total"].cp_restitues == 716_666_67
    assert rows["Total"].reste_a_restituer == 383_333_33


def test_file_errors_name_line_project_and_field():
    rows = [
        {"mouvement": "retrait", "departement": "99", "projet": "P", "nature": "provisoire",
         "exercice": "2010", "places": "2", "montant": "1000"},
        {"mouvement": "transfert", "projet": "P", "exercice": "2011", "places": "1"},
        {"mouvement": "installation", "projet": "P", "exercice": "deux mille", "places": "1"},
    ]
    with pytest.raises(AecpError) as exc:
        parse_movements(rows, "registre.csv")
    text = str(exc.value)
    assert text.startswith("registre.csv : 4 erreur(s), rien n'a été calculé.")
    assert "ligne 2, projet P : champ « nature » « provisoire » invalide" in text
    assert "ligne 2, projet P : champ « departement » « 99 » inconnu" in text
    assert "ligne 3, projet P : champ « mouvement » « transfert » invalide" in text
    assert "ligne 4, projet P : champ « exercice » « deux mille » invalide" in text


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**11), st.lists(st.integers(1, 50), min_size=1, max_size=8),
       st.booleans())
def test_restitutions_are_exact_and_complete_when_every_place_is_installed(
        amount, tranches, complete):
    places = sum(tranches) + (0 if complete else 1)
    w = Withdrawal("P", "75", TEMPORAIRE, 2010, amount, places=places)
    done = restitutions(w, [Movement("P", 2011 + i, p) for i, p in enumerate(tranches)])
    paid = sum(r.cp for r in done)
    assert all(r.cp >= 0 for r in done)
    assert paid + done[-1].reste == amount
    if complete:
        assert paid == amount and done[-1].reste == 0
    # Le cumul restitué est le prorata exact des places installées à un demi-centime près.
    cumul = 0
    for r in done:
        cumul += r.places
        assert abs(2 * (r.cp_cumules * places - amount * cumul)) <= places
