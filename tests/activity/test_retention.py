"""Retenue temporaire pour activité sous la cible [ROB24 §1, §8, annexe III] : proposition,
décision de l'agent, et effet dans un calcul de campagne (non pérenne)."""

import pytest

from campagne.activity import (
    CONFIRMED_COLUMN,
    ActivityError,
    RetentionDecisionError,
    assess_activity,
    confirm,
    confirmed_frame,
    decide,
    proposals,
    read_activity_report,
    read_decisions,
    renounce,
    theoretical_activity,
)
from campagne.engine import run_campaign
from campagne.rules import all_rules
from tests.activity.support import finess, portfolio, write_csv

IME, HORS_CPOM, ATTEINT, ARRONDI = (finess(i) for i in range(1, 5))


def _ime(f: str, cpom: bool = True) -> dict:
    # 40 places × 220 jours = 8 800 journées théoriques ; cible 90 % = 7 920 [ROB24 annexe III].
    return {"finess": f, "categorie": "183", "capacite": 40, "jours_ouverture": 220,
            "cpom": cpom, "base_reconductible": 1_000_000_00}


def _assessment(params, campaign, tmp_path):
    frame = portfolio([_ime(IME), _ime(HORS_CPOM, cpom=False), _ime(ATTEINT), _ime(ARRONDI)])
    path = write_csv(tmp_path / "rapport.csv", "finess;journees_semi_internat",
                     f"{IME};7040", f"{HORS_CPOM};7040", f"{ATTEINT};7920", f"{ARRONDI};7000")
    report = read_activity_report(path, frame["finess"].to_list())
    out = assess_activity(theoretical_activity(frame, params, campaign), report, params, campaign)
    return out


def test_retention_is_proportional_to_missing_activity_under_target(params, campaign, tmp_path):
    out = {r["finess"]: r for r in _assessment(params, campaign, tmp_path).iter_rows(named=True)}
    # 1 000 000 € × (7 920 − 7 040) / 8 800 = 100 000 € (taux de réalisation 80 %).
    assert out[IME]["retenue_proposee"] == 100_000_00
    assert out[IME]["statut_retenue"] == "proposee"
    assert out[IME]["formule_retenue"] == ("1000000 € × (7920 − 7040) / 8800 journées = "
                                           "100000 € (arrondi à l'euro)")
    # 1 000 000 € × (7 920 − 7 000) / 8 800 = 104 545,45… € → 104 545 € (arrondi_euro).
    assert out[ARRONDI]["retenue_proposee"] == 104_545_00
    # Cible atteinte (7 920 = 90 %) : rien ; hors CPOM : cible non contractuelle, rien.
    assert out[ATTEINT]["retenue_proposee"] is None
    assert out[ATTEINT]["statut_retenue"] == "cible_atteinte"
    assert out[HORS_CPOM]["retenue_proposee"] is None
    assert out[HORS_CPOM]["statut_retenue"] == "hors_cpom"


def test_renouncing_needs_a_reason_confirming_gives_a_negative_decision(params, campaign,
                                                                       tmp_path):
    candidates = proposals(_assessment(params, campaign, tmp_path))
    assert set(candidates) == {IME, ARRONDI}
    with pytest.raises(RetentionDecisionError, match="exige un motif"):
        renounce(candidates[IME], None)
    with pytest.raises(RetentionDecisionError, match="exige un motif"):
        renounce(candidates[IME], "   ")
    with pytest.raises(RetentionDecisionError, match="aucune retenue n'est proposée"):
        decide(candidates, ATTEINT, "confirmee")
    kept = renounce(candidates[ARRONDI], "Inondation : fermeture de trois mois")
    assert kept.retenue == 0
    decisions = [confirm(candidates[IME]), kept]
    frame = confirmed_frame(decisions)
    assert frame.to_dicts() == [{"finess": IME, CONFIRMED_COLUMN: -100_000_00}]


def test_decision_file_is_all_or_nothing(params, campaign, tmp_path):
    candidates = proposals(_assessment(params, campaign, tmp_path))
    bad = write_csv(tmp_path / "decisions.csv", "finess;decision;motif", f"{IME};confirmer;",
                    f"{ARRONDI};renoncer;", f"{ATTEINT};confirmer;")
    with pytest.raises(ActivityError) as err:
        read_decisions(bad, candidates)
    fields = {(i.finess, i.field) for i in err.value.issues}
    assert fields == {(ARRONDI, "motif"), (ATTEINT, "finess")}
    good = write_csv(tmp_path / "ok.csv", "finess;decision;motif", f"{IME};confirmer;",
                     f"{ARRONDI};renoncer;Circonstances exceptionnelles : incendie")
    assert confirmed_frame(read_decisions(good, candidates))[CONFIRMED_COLUMN].to_list() == [
        -100_000_00]


def test_confirmed_retention_lowers_the_non_perennial_dotation_only(params, campaign, tmp_path):
    # IME sous CPOM, base 2 000 000 € : actualisation 1 % → dotation pérenne 2 020 000 €
    # [ROB24 §3] ; retenue confirmée de 100 000 € → non pérenne −100 000 €, totale 1 920 000 €.
    ime = {"finess": IME, "base_reconductible": 2_000_000_00, "cpom": True}
    other = {"finess": ATTEINT, "base_reconductible": 2_000_000_00, "cpom": True}
    base = portfolio([ime, other])
    # La retenue de 100 000 € proposée plus haut, confirmée par l'agent.
    decided = confirmed_frame([confirm(proposals(_assessment(params, campaign, tmp_path))[IME])])
    with_decision = base.join(decided, on="finess", how="left")
    before = {r["finess"]: r for r in
              run_campaign(base, campaign, params, all_rules()).frame.iter_rows(named=True)}
    after = {r["finess"]: r for r in run_campaign(with_decision, campaign, params,
                                                  all_rules()).frame.iter_rows(named=True)}
    assert before[IME]["retenue_activite__applicable"] is False
    assert after[IME]["retenue_activite"] == -100_000_00
    assert after[IME]["dotation_non_perenne"] == -100_000_00
    assert after[IME]["dotation_perenne"] == before[IME]["dotation_perenne"] == 2_020_000_00
    assert after[IME]["dotation_totale"] == 1_920_000_00
    assert after[ATTEINT]["retenue_activite__applicable"] is False
    assert after[ATTEINT]["dotation_totale"] == 2_020_000_00


def test_rule_is_declared_non_perennial_phase_2_with_its_sources():
    rule = next(r for r in all_rules() if r.name == "retenue_activite")
    assert rule.nature.value == "non_perenne" and rule.phase == 2
    assert rule.decisions == (CONFIRMED_COLUMN,)
    assert rule.citation() == "[ROB24 §1] [ROB24 §8] [ROB24 annexe III]"
    non_perenne = next(r for r in all_rules() if r.name == "dotation_non_perenne")
    assert "retenue_activite" in non_perenne.optional_inputs
