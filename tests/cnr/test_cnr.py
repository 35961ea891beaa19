"""CNR [ROB24 §10] : demandes, éligibilité, priorité, proposition dans la marge, reprise."""

import datetime as dt

import pytest

from campagne.cnr.followup import read_followup, take_back, take_backs
from campagne.cnr.instruction import REGIONAL, assess, molecules, propose
from campagne.cnr.requests import CnrRequestError, parse_requests
from tests.support import make_portfolio

PORTFOLIO = make_portfolio([
    {"finess": "750000001", "raison_sociale": "IME A", "cpom": False, "pui": False,
     "base_reconductible": 1_000_000_00},
    {"finess": "750000019", "raison_sociale": "MAS B", "cpom": False, "pui": True,
     "base_reconductible": 1_000_000_00},
    {"finess": "750000027", "raison_sociale": "IME C", "cpom": True, "pui": False,
     "base_reconductible": 1_000_000_00},
])


def _rows(**over):
    base = {"finess": "750000001", "categorie": "difficultes_financieres", "montant": "50000",
            "justification": "déficit structurel", "date_demande": "2024-07-01"}
    return {**base, **over}


def test_request_without_category_names_the_esms_and_the_field():
    with pytest.raises(CnrRequestError) as exc:
        parse_requests([_rows(categorie="")], "demandes.csv")
    message = str(exc.value)
    assert "750000001" in message and "« categorie » vide" in message
    assert "difficultes_financieres" in message  # la correction propose les catégories


def test_every_bad_row_is_reported_and_nothing_loaded():
    with pytest.raises(CnrRequestError) as exc:
        parse_requests([_rows(montant="abc"), _rows(categorie="inconnue"), _rows()], "d.csv")
    assert len(exc.value.problems) == 2


def test_eligibility_rules_of_2024(params, campaign):
    reqs = parse_requests([
        _rows(identifiant="ok"),
        _rows(identifiant="hors_delai", date_demande="2024-09-02"),
        _rows(identifiant="travaux_trop_chers", categorie="investissement",
              cout_travaux_ttc="400000"),
        _rows(identifiant="travaux_ok", categorie="investissement", cout_travaux_ttc="399999"),
        _rows(identifiant="pai", categorie="investissement", cout_travaux_ttc="100000",
              retenu_pai="oui"),
        _rows(identifiant="sans_pui", categorie="molecules_onereuses", molecule="Bosentan"),
        _rows(identifiant="pui", finess="750000019", categorie="molecules_onereuses",
              molecule="bosentan"),
        _rows(identifiant="hors_liste", finess="750000019", categorie="molecules_onereuses",
              molecule="Paracétamol"),
        _rows(identifiant="stage_court", categorie="gratification_stages", duree_stage_mois="2"),
        _rows(identifiant="stage_long", categorie="gratification_stages", duree_stage_mois="3"),
        _rows(identifiant="perenne", cout_permanent="oui"),
    ], "d.csv")
    result = {a.request.identifiant: a for a in assess(reqs, PORTFOLIO, campaign, params)}
    eligible = {k for k, a in result.items() if a.eligible}
    assert eligible == {"ok", "travaux_ok", "pui", "stage_long"}
    assert "hors de la fenêtre du 15/06/2024 au 30/08/2024" in result["hors_delai"].motif
    assert "400 000 €" in result["travaux_trop_chers"].motif.replace("\u202f", " ")
    assert "pharmacie à usage intérieur" in result["sans_pui"].motif
    assert "annexe IV" in result["hors_liste"].motif
    assert "plus de 2 mois" in result["stage_court"].motif
    assert "pérennes" in result["perenne"].motif
    assert result["stage_long"].ligne == "cnr_gratification_stages"


def test_annex_iv_list_is_shipped():
    # ROB24 annexe IV : 96 DCI distinctes (Ibrutinib figure deux fois dans le texte).
    assert len(molecules()) == 96
    assert "sacubitril/valsartan" in molecules()


def test_proposal_grants_by_priority_within_the_margin_cpom_last(params, campaign):
    reqs = parse_requests([
        _rows(identifiant="cpom", finess="750000027", montant="40000", date_demande="2024-06-15"),
        _rows(identifiant="autre", categorie="autre", montant="30000"),
        _rows(identifiant="prio", montant="50000", date_demande="2024-07-10"),
    ], "d.csv")
    assessed = assess(reqs, PORTFOLIO, campaign, params)
    # marge régionale de 70 000 € : la demande prioritaire (50 000 €) d'abord, puis « autre »
    # (rang 2) reçoit 20 000 € ; la demande d'un ESMS sous CPOM (rang 1 + 10) n'a plus rien.
    proposal = propose(assessed, {REGIONAL: 70_000_00})
    got = {g.assessment.request.identifiant: g.accorde for g in proposal.grants}
    assert got == {"prio": 50_000_00, "autre": 20_000_00, "cpom": 0}
    assert proposal.remaining[REGIONAL] == 0
    cpom = next(g for g in proposal.grants if g.assessment.request.identifiant == "cpom")
    assert "non prioritaire" in cpom.motif


def test_unspent_cnr_are_taken_back(params, campaign):
    reqs = parse_requests([_rows(identifiant="a", montant="50000"),
                           _rows(identifiant="b", montant="10000")], "d.csv")
    proposal = propose(assess(reqs, PORTFOLIO, campaign, params), {REGIONAL: 100_000_00})
    # a : 50 000 € accordés, 42 500 € justifiés → reprise 7 500 € ; b : aucune dépense
    # justifiée → reprise des 10 000 €.
    backs = {t.identifiant: t.reprise for t in take_backs(proposal.grants, {"a": 42_500_00})}
    assert backs == {"a": 7_500_00, "b": 10_000_00}


def test_unknown_finess_in_requests_is_an_error(params, campaign):
    reqs = parse_requests([_rows(finess="930000001")], "d.csv")
    with pytest.raises(CnrRequestError, match="930000001 absent du portefeuille"):
        assess(reqs, PORTFOLIO, campaign, params)


def test_dates_french_format():
    (req,) = parse_requests([_rows(date_demande="01/07/2024")], "d.csv")
    assert req.date_demande == dt.date(2024, 7, 1)


def test_authorised_provision_is_not_taken_back():
    # ROB24 §10 : reprise si la dépense n'est pas effectuée, « à l'exception des mises en
    # réserve de provision autorisées ». 50 000 € accordés, 30 000 € dépensés, 15 000 € mis en
    # réserve autorisée → reprise 5 000 €. Une dépense supérieure à l'accordé ne crée pas de dû.
    assert take_back("a", "750000001", 50_000_00, 30_000_00, 15_000_00).reprise == 5_000_00
    over = take_back("b", "750000001", 50_000_00, 60_000_00, 10_000_00)
    assert (over.depense, over.provision, over.reprise) == (50_000_00, 0, 0)


def test_followup_file_every_error_at_once(tmp_path):
    good = tmp_path / "suivi.csv"
    good.write_text("identifiant;finess;accorde;depense;provision_autorisee\n"
                    "CNR-1;750000001;50 000,00;42 500;\nCNR-2;750000019;10000;;\n",
                    encoding="utf-8")
    backs = {t.identifiant: t.reprise for t in read_followup(good)}
    assert backs == {"CNR-1": 7_500_00, "CNR-2": 10_000_00}
    bad = tmp_path / "mauvais.csv"
    bad.write_text("identifiant;finess;accorde;depense\n"
                   "CNR-1;750000001;abc;\n;750000019;100;\nCNR-3;750000027;100;-5\n",
                   encoding="utf-8")
    with pytest.raises(CnrRequestError) as exc:
        read_followup(bad)
    assert len(exc.value.problems) == 3
    text = str(exc.value)
    assert "ligne 2, ESMS 750000001" in text and "« identifiant » vide" in text
    assert "« depense » négatif" in text


def test_2010_cnr_only_for_the_three_categories_of_c2010_s4_1(params):
    from campagne.engine import Campaign

    campaign = Campaign.from_params(params, "ph-pa-2010")
    reqs = parse_requests([
        _rows(identifiant="invest", categorie="investissement", cout_travaux_ttc="600000",
              date_demande="2010-03-01"),
        _rows(identifiant="formation", categorie="formation"),
        _rows(identifiant="gcsms", categorie="demarrage_gcsms_cpom"),
        _rows(identifiant="difficultes", categorie="difficultes_financieres"),
        _rows(identifiant="stage_3_mois", categorie="gratification_stages", duree_stage_mois="3"),
        _rows(identifiant="stage_4_mois", categorie="gratification_stages", duree_stage_mois="4"),
    ], "d.csv")
    result = {a.request.identifiant: a for a in assess(reqs, PORTFOLIO, campaign, params)}
    assert {k for k, a in result.items() if a.eligible} == {
        "invest", "formation", "gcsms", "stage_4_mois"}
    # Pas de plafond de 400 000 € ni de fenêtre de dépôt en 2010 : ce sont des règles du ROB 2024.
    assert "non ouverte aux CNR de cette campagne [C2010 §4.1]" in result["difficultes"].motif
    # C2010 §4.2.1 c) : gratification obligatoire au-delà de trois mois en 2010.
    assert "plus de 3 mois" in result["stage_3_mois"].motif
