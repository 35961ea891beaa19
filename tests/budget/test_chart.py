"""Plan de comptes → groupes : un test par préfixe de C2005 annexe VII (et des comptes de
C2010 annexes VIII et IX, et ROB24 annexe II), la ligne du texte citée ; le préfixe le plus
long l'emporte ; les exceptions du texte ; un compte sans groupe est refusé clairement."""

import datetime as dt
from pathlib import Path

import pytest

from campagne.budget import AccountProblem, ChartError, Group, Plan, Sens, load_chart
from campagne.budget.chart import chart_path

CHART = load_chart()
ON_2005 = dt.date(2005, 1, 1)
ON_2024 = dt.date(2024, 1, 1)

# (compte saisi, sens, groupe attendu, ligne de C2005 annexe VII qui le range)
C2005_ANNEXE_VII = [
    # Groupe I « Charges afférentes à l'exploitation courante »
    ("60", None, Group.charges_I, "chapitre 60"),
    ("6066", None, Group.charges_I, "chapitre 60"),
    ("611", None, Group.charges_I, "comptes 611"),
    ("709", None, Group.charges_I, "comptes 709 et 713"),
    ("713", None, Group.charges_I, "comptes 709 et 713"),
    ("624", None, Group.charges_I, "comptes 624, 625, 626, 628"),
    ("625", None, Group.charges_I, "comptes 624, 625, 626, 628"),
    ("626", None, Group.charges_I, "comptes 624, 625, 626, 628"),
    ("628", None, Group.charges_I, "comptes 624, 625, 626, 628"),
    # Groupe II « Charges afférentes au personnel »
    ("621", None, Group.charges_II, "comptes 621 et 622"),
    ("622", None, Group.charges_II, "comptes 621 et 622"),
    ("631", None, Group.charges_II, "comptes 631 et 633"),
    ("633", None, Group.charges_II, "comptes 631 et 633"),
    ("64", None, Group.charges_II, "chapitre 64"),
    ("6411", None, Group.charges_II, "chapitre 64"),
    # Groupe III « Charges afférentes à la structure »
    ("61", None, Group.charges_III, "compte 61 sauf compte 611"),
    ("613", None, Group.charges_III, "compte 61 sauf compte 611"),
    ("623", None, Group.charges_III, "comptes 623, 627, 635 et 637"),
    ("627", None, Group.charges_III, "comptes 623, 627, 635 et 637"),
    ("635", None, Group.charges_III, "comptes 623, 627, 635 et 637"),
    ("637", None, Group.charges_III, "comptes 623, 627, 635 et 637"),
    ("65", None, Group.charges_III, "chapitre 65, 66, 67 et 68"),
    ("66", None, Group.charges_III, "chapitre 65, 66, 67 et 68"),
    ("67", None, Group.charges_III, "chapitre 65, 66, 67 et 68"),
    ("68", None, Group.charges_III, "chapitre 65, 66, 67 et 68"),
    # Groupe 1 « Produits de la tarification »
    ("731", None, Group.produits_1, "compte 731"),
    ("732", None, Group.produits_1, "compte 732"),
    # Groupe 2 « Autres produits relatifs à l'exploitation »
    ("70", None, Group.produits_2, "chapitre 70, 71, 72, 74, et 75"),
    ("71", None, Group.produits_2, "chapitre 70, 71, 72, 74, et 75"),
    ("72", None, Group.produits_2, "chapitre 70, 71, 72, 74, et 75"),
    ("74", None, Group.produits_2, "chapitre 70, 71, 72, 74, et 75"),
    ("75", None, Group.produits_2, "chapitre 70, 71, 72, 74, et 75"),
    ("603", Sens.credit, Group.produits_2, "comptes 603 (créditeur - variation de stock)"),
    ("609", None, Group.produits_2, "609, 619, 629, 6419, 6429, 6489"),
    ("619", None, Group.produits_2, "609, 619, 629, 6419, 6429, 6489"),
    ("629", None, Group.produits_2, "609, 619, 629, 6419, 6429, 6489"),
    ("6419", None, Group.produits_2, "609, 619, 629, 6419, 6429, 6489"),
    ("6429", None, Group.produits_2, "609, 619, 629, 6419, 6429, 6489"),
    ("6489", None, Group.produits_2, "609, 619, 629, 6419, 6429, 6489"),
    ("6611", Sens.credit, Group.produits_2, "et 6611 (en recettes)"),
    # Groupe 3 « Produits financiers et produits non encaissables »
    ("76", None, Group.produits_3, "chapitre 76, 77, 78 et 79"),
    ("77", None, Group.produits_3, "chapitre 76, 77, 78 et 79"),
    ("78", None, Group.produits_3, "chapitre 76, 77, 78 et 79"),
    ("79", None, Group.produits_3, "chapitre 76, 77, 78 et 79"),
]


@pytest.mark.parametrize(("compte", "sens", "groupe", "ligne"), C2005_ANNEXE_VII,
                         ids=[f"{c}-{s or ''}" for c, s, *_ in C2005_ANNEXE_VII])
def test_every_prefix_of_c2005_annexe_vii(compte, sens, groupe, ligne):
    for plan in Plan:
        match = CHART.classify(compte, sens, plan, ON_2005)
        assert match.groupe is groupe
        assert match.rule.reference.source == "C2005"
        assert match.rule.reference.section.startswith("annexe VII")
        assert ligne in match.rule.reference.ligne


# C2010 annexe VIII (comptes créés en 2010), annexe IX (investissement), ROB24 annexe II.
ADDITIONS = [
    ("6439", Plan.M22, Group.produits_2, "C2010", "compte 6439"),
    ("6439", Plan.M22bis, Group.produits_2, "C2010", "compte 6439"),
    ("6469", Plan.M22, Group.produits_2, "C2010", "compte 6469"),
    ("6469", Plan.M22bis, Group.produits_2, "C2010", "compte 6469"),
    ("6479", Plan.M22, Group.produits_2, "C2010", "compte 6479"),  # « en M22 création »
    ("6476", Plan.M22bis, Group.produits_2, "C2010", "compte 6476"),  # « en M22 bis création »
    ("68142", Plan.M22, Group.charges_III, "C2010", "68142"),  # annexe IX, note (1)
    ("78742", Plan.M22, Group.produits_3, "C2010", "78742"),
    ("68725", Plan.M22bis, Group.charges_III, "C2010", "68725"),  # annexe IX, note (2)
    ("78725", Plan.M22bis, Group.produits_3, "C2010", "78725"),
    ("7312132", Plan.M22bis, Group.produits_1, "ROB24", "7312132"),  # ROB24 annexe II
]


@pytest.mark.parametrize(("compte", "plan", "groupe", "source", "ligne"), ADDITIONS,
                         ids=[f"{c}-{p.value}" for c, p, *_ in ADDITIONS])
def test_accounts_added_in_2010_and_investment_and_creton(compte, plan, groupe, source, ligne):
    match = CHART.classify(compte, None, plan, ON_2024)
    assert match.groupe is groupe and match.rule.reference.source == source
    assert ligne in match.rule.reference.ligne


def test_the_2010_accounts_follow_their_chapter_before_2010_and_in_the_other_plan():
    # Avant les arrêtés de 2009-2010, 6439 relève du chapitre 64 (C2005 annexe VII, groupe II).
    assert CHART.classify("6439", None, Plan.M22, ON_2005).groupe is Group.charges_II
    # 6479 n'est créé qu'en M22, 6476 qu'en M22 bis (C2010 annexe VIII) : ailleurs, chapitre 64.
    assert CHART.classify("6479", None, Plan.M22bis, ON_2024).groupe is Group.charges_II
    assert CHART.classify("6476", None, Plan.M22, ON_2024).groupe is Group.charges_II


def test_longest_prefix_wins_and_the_exceptions_of_the_text():
    # « compte 61 sauf compte 611 » : 6111 suit 611 (groupe I), 6132 suit 61 (groupe III).
    assert CHART.classify("6111", None, Plan.M22, ON_2024).groupe is Group.charges_I
    assert CHART.classify("6132", None, Plan.M22, ON_2024).groupe is Group.charges_III
    # 709 et 713 sont des charges du groupe I malgré le chapitre 70 / 71 en produits.
    assert CHART.classify("7091", None, Plan.M22, ON_2024).groupe is Group.charges_I
    # 603 : créditeur en produits du groupe 2 ; débiteur ou sans sens, chapitre 60.
    assert CHART.classify("6031", Sens.debit, Plan.M22, ON_2024).groupe is Group.charges_I
    assert CHART.classify("6031", None, Plan.M22, ON_2024).groupe is Group.charges_I
    assert CHART.classify("6031", Sens.credit, Plan.M22, ON_2024).groupe is Group.produits_2
    # 6611 au débit : intérêts d'emprunt, groupe III (C2010 annexe IX : « comptes 66 »).
    assert CHART.classify("6611", Sens.debit, Plan.M22, ON_2024).groupe is Group.charges_III
    # 7312132 est dans 731 : le préfixe le plus long cite ROB24 annexe II.
    assert CHART.classify("7312132", None, Plan.M22, ON_2024).rule.nature == "creton"


@pytest.mark.parametrize(("compte", "expected"), [
    ("733", "aucun groupe fonctionnel pour le compte 733"),  # chapitre 73 hors 731, 732
    ("73", "aucun groupe fonctionnel pour le compte 73"),
    ("10682", "compte de bilan (classe 1) (Excédents affectés au financement"),
    ("4011", "compte de bilan (classe 4)"),
    ("6a11", "numéro de compte « 6a11 » mal écrit"),
    ("8", "aucun groupe fonctionnel pour le compte 8"),
])
def test_an_account_without_group_is_refused_with_problem_and_fix(compte, expected):
    with pytest.raises(AccountProblem) as info:
        CHART.classify(compte, None, Plan.M22, ON_2024)
    assert expected in info.value.problem and info.value.fix


def test_a_plan_dependent_account_needs_the_plan():
    with pytest.raises(AccountProblem, match="dépend du plan comptable"):
        CHART.classify("6479", None, None, ON_2024)
    # Sans dépendance au plan, le plan inconnu ne gêne pas.
    assert CHART.classify("6411", None, None, ON_2024).groupe is Group.charges_II


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = chart_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan_comptes.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_chart_file_is_strict(tmp_path):
    with pytest.raises(ChartError, match="sources non déclarées"):
        load_chart(_copy_with(tmp_path, "source: C2005, section: \"annexe VII, groupe I\"",
                              "source: C2099, section: \"annexe VII, groupe I\""))
    with pytest.raises(ChartError, match="compte : clé inconnue"):
        load_chart(_copy_with(tmp_path, "  - groupe: charges_I\n    comptes: [\"60\"]\n",
                              "  - groupe: charges_I\n    compte: \"x\"\n    comptes: [\"60\"]\n"))
    # Deux règles pour 611 sur la même période : refusé en nommant les deux références.
    with pytest.raises(ChartError, match="deux règles pour le compte 611"):
        load_chart(_copy_with(tmp_path, 'comptes: ["624", "625", "626", "628"]',
                              'comptes: ["624", "625", "626", "628", "611"]'))
    with pytest.raises(ChartError, match="classes 6 et 7"):
        load_chart(_copy_with(tmp_path, 'comptes: ["731"]', 'comptes: ["4731"]'))
