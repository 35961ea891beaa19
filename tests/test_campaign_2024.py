"""La campagne 2024 PH d'Île-de-France complète sur la démo [ROB24] : répartitions au prorata
exactes, CNR hors base, contrôle de la marge, explications sourcées, fichier de référence."""

import csv
import os
from pathlib import Path

import polars as pl
import pytest

from campagne.cnr.requests import read_requests
from campagne.demo import demo_cnr_requests_path, demo_portfolio_path
from campagne.engine import Scenario, explain
from campagne.envelopes.margin import MarginExceededError, Override
from campagne.pipeline import run_full
from campagne.referentiel.portfolio import read_portfolio

GOLDEN = Path(__file__).resolve().parent / "golden" / "dotations_demo_ph_2024_idf.csv"
GOLDEN_COLUMNS = ("finess", "dotation_perenne", "dotation_non_perenne", "dotation_totale")


@pytest.fixture(scope="module")
def portfolio():
    return read_portfolio(demo_portfolio_path())


@pytest.fixture(scope="module")
def requests():
    return read_requests(demo_cnr_requests_path())


@pytest.fixture(scope="module")
def run(portfolio, requests):
    return run_full(portfolio, cnr_requests=requests)


@pytest.fixture(scope="module")
def run_without_cnr(portfolio):
    return run_full(portfolio)


def _shares(run, column):
    frame = run.result.frame
    return frame.filter(pl.col(column).fill_null(0) != 0)


def test_public_sector_envelope_is_shared_exactly_among_public_esms(run, portfolio):
    # ROB24 §6.2 : 989 100 € au prorata des bases des ESMS publics, parts à l'euro.
    frame = run.result.frame
    assert frame["reval_fonction_publique"].sum() == 989_100_00
    public = set(portfolio.filter(pl.col("statut_agregat") == "public")["finess"])
    assert set(_shares(run, "reval_fonction_publique")["finess"]) <= public
    assert len(public) > 100  # la démo compte 168 ESMS publics
    assert (frame["reval_fonction_publique"].drop_nulls() % 100 == 0).all()
    private = frame.filter(~pl.col("finess").is_in(sorted(public)))
    assert not private["reval_fonction_publique__applicable"].any()
    # Chaque part est la règle de trois à un euro près : enveloppe × base / assiette.
    assiette = frame.filter(pl.col("finess").is_in(sorted(public)))["base_reconductible"].sum()
    for base, share in frame.filter(pl.col("finess").is_in(sorted(public))).select(
            "base_reconductible", "reval_fonction_publique").iter_rows():
        assert abs(share * assiette - 989_100_00 * base) < 100 * assiette


def test_fph_night_and_weekend_envelope_only_reaches_fph_with_continuity(run, portfolio):
    # ROB24 §6.3 : 780 995 € ; FPE, FPT et ESMS sans continuité nuit / week-end exclus.
    frame = run.result.frame
    assert frame["attractivite_nuit_jfd"].sum() == 780_995_00
    eligible = portfolio.filter((pl.col("fonction_publique") == "FPH")
                                & pl.col("continuite_nuit_weekend").fill_null(False))
    receivers = set(_shares(run, "attractivite_nuit_jfd")["finess"])
    assert receivers == set(eligible["finess"])
    fpt_fpe = portfolio.filter(pl.col("fonction_publique").is_in(["FPT", "FPE"]))["finess"]
    assert not receivers & set(fpt_fpe)


def test_average_rate_for_2022_installations_adds_up(run, portfolio):
    # ROB24 §6.1 : 1,2 M€ pour donner le taux moyen aux ESMS installés en 2022.
    frame = run.result.frame
    assert frame["taux_moyen_installations"].sum() == 1_200_000_00
    installed_2022 = portfolio.filter(pl.col("date_installation").dt.year() == 2022)["finess"]
    assert set(_shares(run, "taux_moyen_installations")["finess"]) <= set(installed_2022)


def test_cnr_never_change_the_base_of_next_year(run, run_without_cnr):
    # ROB24 §10.2 : les CNR ne peuvent financer des mesures pérennes.
    with_cnr = run.result.frame.sort("finess")
    without = run_without_cnr.result.frame.sort("finess")
    assert with_cnr["dotation_perenne"].to_list() == without["dotation_perenne"].to_list()
    granted = sum(g.accorde for g in run.proposal.grants)
    assert granted > 0
    assert (with_cnr["dotation_non_perenne"].sum() - without["dotation_non_perenne"].sum()
            == granted)


def test_proposal_stays_within_each_line_and_the_margin(run, run_without_cnr):
    proposal = run.proposal
    for line, pool in proposal.pools.items():
        used = sum(g.accorde for g in proposal.grants if g.assessment.ligne == line)
        assert used <= pool
        assert proposal.remaining[line] == pool - used
    # Permanents syndicaux : les trois demandes de la démo font exactement 98 229 € [ROB24 §10.1].
    assert proposal.pools["cnr_permanents_syndicaux"] == 98_229_00
    assert proposal.remaining["cnr_permanents_syndicaux"] == 0
    assert run.margin.marge >= 0
    # Demandé > marge : des demandes éligibles restent non servies, et ce sont les moins
    # prioritaires (rang plus élevé) qui attendent.
    regional = [g for g in proposal.grants if g.assessment.ligne == "marge_regionale"
                and g.assessment.eligible]
    refused = [g for g in regional if g.accorde == 0]
    assert refused, "la démo doit dépasser la marge pour exercer l'arbitrage"
    served_rank = max(g.assessment.priorite for g in regional if g.accorde)
    assert min(g.assessment.priorite for g in refused) >= served_rank
    assert all(g.accorde % 100 == 0 for g in proposal.grants)  # euros entiers


def test_a_run_over_the_drl_is_refused_unless_overridden_with_a_reason(portfolio):
    # 989 100 € → 50 M€ : la campagne dépasse la DRL de 2 401 137 683 €.
    too_much = Scenario("enveloppe gonflée", {"enveloppe_reval_public": "50000000"})
    with pytest.raises(MarginExceededError, match="dépasse la DRL de .*dérogation"):
        run_full(portfolio, scenario=too_much)
    with pytest.raises(MarginExceededError):
        run_full(portfolio, scenario=too_much, override=Override("   "))
    forced = run_full(portfolio, scenario=too_much,
                      override=Override("arbitrage du directeur général", auteur="DG ARS"))
    dep = forced.margin.depassement
    assert dep is not None and dep["raison"] == "arbitrage du directeur général"
    assert dep["auteur"] == "DG ARS"
    assert dep["montant"] == -forced.margin.marge > 0
    assert forced.margin.to_dict()["depassement"] == dep


def test_margin_by_department_and_family_adds_up(run):
    m = run.margin
    assert m.by_departement["dotation_totale"].sum() == m.accorde
    assert m.by_famille["dotation_totale"].sum() == m.accorde
    assert set(m.by_departement["departement"]) == {"75", "77", "78", "91", "92", "93", "94",
                                                   "95"}
    assert m.perenne[1] + m.non_perenne[1] == m.accorde
    assert m.perenne[0] + m.non_perenne[0] == m.drl == 2_401_137_683_00


def _first(run, categorie, condition=None):
    frame = run.result.frame.filter(pl.col("categorie") == categorie)
    if condition is not None:
        frame = frame.filter(condition)
    return frame.sort("finess")["finess"][0]


def _walk(node):
    yield node
    for child in node["etapes"]:
        yield from _walk(child)


def _nodes(data):
    """Les étapes par nom ; une étape reprise plus bas (« détaillé plus haut ») garde son
    premier nœud, le seul complet."""
    out = {}
    for node in _walk(data["montant"]):
        out.setdefault(node["nom"], node)
    return out


def test_demo_esat_explanation_cites_rob24_s5_with_its_cap(run):
    finess = _first(run, "246", pl.col("situation_esat").str.starts_with("sous 90"))
    data = explain(run.result, finess, "dotation_perenne").to_dict()
    nodes = _nodes(data)
    assert "[ROB24 §5]" in nodes["actualisation_esat"]["sources"]
    caps = [p for n in nodes.values() for p in n["parametres"]
            if p["name"] == "tarif_plafond_esat"]
    assert caps and caps[0]["citation"] == "[ROB24 §5]"
    assert caps[0]["valeur"] in {"14\u202f302 €", "17\u202f875 €", "17\u202f158 €", "15\u202f016 €"}
    assert "ROB24" in data["sources"]


def test_demo_ssiad_explanation_cites_rob24_s4_with_the_convergence_fraction(run):
    finess = _first(run, "354", ~pl.col("ssiad_forfait_cnsa_applicable"))
    data = explain(run.result, finess, "dotation_perenne", prune=False).to_dict()
    nodes = _nodes(data)
    pas = nodes["pas_convergence_ssiad"]
    assert pas["sources"] == ["[ROB24 §4]"]
    fraction = {p["name"]: p for p in pas["parametres"]}["fraction_convergence_ssiad"]
    assert fraction["valeur"] == "20,00 %" and fraction["citation"] == "[ROB24 §4]"


def _golden_rows(run):
    frame = run.result.frame.sort("finess").select(GOLDEN_COLUMNS)
    return [[str(v) for v in row] for row in frame.iter_rows()]


def test_every_demo_dotation_matches_the_reviewed_golden_file(run):
    """Référence relue : tout changement d'un montant de la démo apparaît ici, en diff.

    Pour l'accepter après relecture : ``CAMPAGNE_REGENERER_REFERENCE=1 make test`` puis
    relire ``git diff tests/golden/``."""
    rows = _golden_rows(run)
    if os.environ.get("CAMPAGNE_REGENERER_REFERENCE") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        with GOLDEN.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\n")
            writer.writerow(GOLDEN_COLUMNS)
            writer.writerows(rows)
        pytest.fail("référence régénérée : relisez le diff puis relancez sans la variable")
    with GOLDEN.open(encoding="utf-8") as f:
        reader = csv.reader(f, delimiter=";")
        assert tuple(next(reader)) == GOLDEN_COLUMNS
        expected = list(reader)
    assert len(rows) == len(expected) == 1839
    changed = [(e, r) for e, r in zip(expected, rows, strict=True) if e != r]
    assert not changed, f"{len(changed)} ESMS ont changé, par exemple : {changed[:5]}"
    total = sum(int(r[3]) for r in expected)
    assert total == run.margin.accorde
