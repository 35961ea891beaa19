"""Dépôts EPRD/ERRD [ROB24 annexe I] : échéance de l'ERRD (30 avril 2024 ; 8 juillet 2024 pour
un établissement public de santé), fixation d'office, pièces exigées selon le gestionnaire."""

import datetime as dt

import pytest

from campagne.budget import BudgetFileError, check_deposits, read_deposits
from campagne.budget.managers import manager_type
from tests.budget.support import EJ_EPS, EJ_PRIVE, ET_IME, finess, portfolio, write_csv

HEAD = "finess_ej;document;exercice;date_depot;pieces"
ERRD_PRIVE = ("errd_complet, activite_realisee, presentation_tarifaire, ter, bilan_comptable, "
              "rapport_financier_activite")


def _check(tmp_path, *lines, on=dt.date(2024, 12, 1), pf=None, params):
    deposits = read_deposits(write_csv(tmp_path / "depots.csv", HEAD, *lines), params)
    return check_deposits(deposits, portfolio() if pf is None else pf, params, on)


def test_a_late_errd_is_flagged_for_fixation_d_office(tmp_path, params):
    # ROB24 annexe I : « Date limite de dépôt : 30 avril 2024 (OG soumis à l'ERRD) ».
    report, rows = _check(tmp_path, f"{EJ_PRIVE};ERRD;2023;2024-05-02;{ERRD_PRIVE}",
                          params=params)
    (f,) = report.findings
    assert f.control == "echeance" and f.fixation_office and not f.blocking
    assert f.finess_ej == EJ_PRIVE and f.exercice == 2023
    assert "déposé le 02/05/2024, après l'échéance du 30/04/2024" in f.message
    assert "fixe d'office le montant et l'affectation" in f.message
    assert report.accepted and report.fixation_office == [f]
    assert rows[0]["fixation_office"] is True and rows[0]["echeance"] == dt.date(2024, 4, 30)
    assert rows[0]["type_gestionnaire"] == "prive"


def test_on_time_errd_is_not_flagged(tmp_path, params):
    report, rows = _check(tmp_path, f"{EJ_PRIVE};ERRD;2023;30/04/2024;{ERRD_PRIVE}",
                          params=params)
    assert report.findings == [] and rows[0]["fixation_office"] is False
    assert report.checked["echeance"] == report.checked["pieces_exigees"] == 1


def test_a_public_hospital_has_until_8_july_and_files_an_ercp(tmp_path, params):
    # « 08 juillet 2024 (EPS soumis à l'ERCP) » ; l'EPS dépose l'ERCP, pas l'ERRD complet ;
    # son SSIAD (354) appelle les tableaux de présentation tarifaire 9G (« SAD - SPASAD »).
    pieces = ("ercp, activite_realisee, ter, rapport_financier_activite, compte_gestion, "
              "presentation_tarifaire_sad")
    report, rows = _check(tmp_path, f"{EJ_EPS};ERRD;2023;2024-07-08;{pieces}", params=params)
    assert report.findings == [] and rows[0]["type_gestionnaire"] == "eps"
    report, _ = _check(tmp_path, f"{EJ_EPS};ERRD;2023;2024-07-09;{pieces}", params=params)
    (f,) = report.findings
    assert f.fixation_office and "échéance du 08/07/2024" in f.message


def test_an_errd_still_missing_after_the_deadline_is_flagged(tmp_path, params):
    report, _ = _check(tmp_path, f"{EJ_PRIVE};ERRD;2023;;", on=dt.date(2024, 5, 2),
                       params=params)
    (f,) = report.findings
    assert f.fixation_office and "non déposé au 02/05/2024" in f.message
    report, _ = _check(tmp_path, f"{EJ_PRIVE};ERRD;2023;;", on=dt.date(2024, 4, 30),
                       params=params)
    assert report.findings == []


def test_missing_pieces_depend_on_the_manager_and_the_categories(tmp_path, params):
    # EJ privé : IME, MAS (plan de transport « Si MAS ou FAM ») et SAMSAH (annexes
    # financières « FAM – SAMSAH ») ; pas de SSIAD, donc pas d'annexe SAD.
    pieces = "eprd_complet, annexes_activite, tper, rapport_budgetaire_financier"
    report, rows = _check(tmp_path, f"{EJ_PRIVE};EPRD;2024;2024-06-15;{pieces}",
                          params=params)
    (f,) = report.findings
    assert f.control == "pieces_exigees" and f.blocking and not report.accepted
    assert "Annexes financières (annexes 5A et 5C) (annexes_financieres)" in f.message
    assert "Plan de transport (plan_transport)" in f.message
    assert "annexe_sad" not in f.message and "s'opposer" in f.correction
    assert rows[0]["pieces_manquantes"] == "annexes_financieres, plan_transport"
    # L'EPRD n'a pas d'échéance dans les textes : pas de contrôle de date.
    assert report.checked["echeance"] == 0


def test_the_deposit_perimeter_narrows_the_categories(tmp_path, params):
    deposits = read_deposits(write_csv(tmp_path / "d.csv", HEAD, f"{EJ_PRIVE};EPRD;2024;"
                             "2024-06-15;eprd_complet,annexes_activite,tper,"
                             "rapport_budgetaire_financier"), params)
    # Seul l'IME est dans les comptes de résultat déposés : ni MAS, ni SAMSAH.
    report, _ = check_deposits(deposits, portfolio(), params, dt.date(2024, 12, 1),
                               {(EJ_PRIVE, "EPRD", 2024): {ET_IME}})
    assert report.findings == []


def test_manager_types(params):
    pf = portfolio([
        {"finess": finess(10), "finess_ej": finess(910), "categorie": "182",
         "statut_juridique": "17", "statut_agregat": "public"},
        {"finess": finess(11), "finess_ej": finess(911), "categorie": "207",
         "statut_juridique": "60"},
        {"finess": finess(12), "finess_ej": finess(912), "categorie": "189",
         "statut_juridique": "03", "statut_agregat": "public"},
        {"finess": finess(13), "finess_ej": finess(913), "categorie": "255",
         "statut_juridique": "21", "statut_agregat": "public"},
    ])

    def kind(ej):
        return manager_type(pf.filter(pf["finess_ej"] == ej), params, 2024).code

    assert [kind(finess(n)) for n in (910, 911, 912, 913)] == ["ccas_cias", "aja", None, "epsms"]


def test_an_unknown_manager_type_is_reported_not_blocking(tmp_path, params):
    pf = portfolio([{"finess": finess(12), "finess_ej": finess(912), "categorie": "189",
                     "statut_juridique": "03", "statut_agregat": "public"}])
    report, _ = _check(tmp_path, f"{finess(912)};ERRD;2023;2024-04-01;ercp", pf=pf,
                       params=params)
    (f,) = report.findings
    assert f.control == "type_gestionnaire" and not f.blocking and "statut 03" in f.message


def test_a_campaign_without_parameters_is_reported(tmp_path, params):
    # ERRD 2024, déposé en 2025 : le ROB 2024 ne donne pas l'échéance 2025.
    report, _ = _check(tmp_path, f"{EJ_PRIVE};ERRD;2024;2025-04-01;{ERRD_PRIVE}",
                       params=params)
    assert {f.control for f in report.findings} == {"echeance", "pieces_exigees"}
    assert all(not f.blocking for f in report.findings)
    assert "échéance inconnue" in report.findings[0].message


def test_deposits_file_errors_all_at_once(tmp_path, params):
    path = write_csv(tmp_path / "d.csv", HEAD, f"{EJ_PRIVE};BP;2023;2024-05-02;",
                     f"{EJ_PRIVE};ERRD;2023;31/02/2024;errd_complet, inconnue",
                     "750009004;EPRD;2024;;")
    with pytest.raises(BudgetFileError) as info:
        read_deposits(path, params)
    assert [(i.line, i.field) for i in info.value.issues] == [
        (2, "document"), (3, "date_depot"), (3, "pieces"), (4, "finess_ej")]
    assert "pièces connues" in str(info.value)
