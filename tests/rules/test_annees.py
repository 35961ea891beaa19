"""Un moteur versionné par année : le même ESMS calculé sous les campagnes 2005, 2010 et 2024
suit les règles, les paramètres et les sources de chaque année."""

import pytest

from campagne.engine import Campaign, explain, run_campaign
from campagne.rules import all_rules
from tests.support import make_portfolio

IME = {"finess": "750000002", "raison_sociale": "IME Les Tilleuls", "categorie": "183",
       "base_reconductible": 1_000_000_00, "convention_collective": "CC66"}


@pytest.fixture(scope="module")
def results(params):
    out = {}
    for cid in ("ph-2005", "ph-pa-2010", "ph-2024-idf"):
        campaign = Campaign.from_params(params, cid)
        out[cid] = run_campaign(make_portfolio([IME]), campaign, params, all_rules())
    return out


def test_each_year_applies_its_own_rate(results):
    # C2005 §I.B.1 : 0,23 % ; C2010 §4.2 : 0,75 × 1,20 % + 0,25 × 1,2 % = 1,20 % ;
    # ROB24 §3 : 0,75 × 0,5 % + 0,25 × 2,5 % = 1,00 %. Base 1 000 000 €.
    got = {cid: r.frame.row(0, named=True)["actualisation"] for cid, r in results.items()}
    assert got == {"ph-2005": 2_300_00, "ph-pa-2010": 12_000_00, "ph-2024-idf": 10_000_00}


def test_each_year_cites_its_own_text(results):
    cited = {}
    for cid, result in results.items():
        data = explain(result, "750000002", "actualisation").to_dict()
        cited[cid] = data["montant"]["sources"]
    assert cited["ph-2005"][0] == "[C2005 §I.B.1]"
    assert cited["ph-pa-2010"] == ["[C2010 §4.2]"]
    assert cited["ph-2024-idf"] == ["[ROB24 §3]"]


def test_rules_of_one_year_do_not_run_in_another(results):
    cols_2005 = set(results["ph-2005"].frame.columns)
    cols_2024 = set(results["ph-2024-idf"].frame.columns)
    assert "plafond_ssiad" in cols_2005 and "plafond_ssiad" not in cols_2024
    assert "reval_fonction_publique" in cols_2024 and "reval_fonction_publique" not in cols_2005
    # GVT indicatif de la CC 66 en 2010 (C2010 annexe X : 0,60 %), compris dans le 1,20 %.
    row = results["ph-pa-2010"].frame.row(0, named=True)
    assert str(row["gvt_previsionnel"]) == "0.006000000000"
    assert row["dotation_perenne"] == 1_012_000_00
