"""Arrêtés de tarification en PDF : contenu (texte extrait par pdftotext), arrêté modificatif,
copie conservée, rendu sans réseau. Démo PH Île-de-France 2024."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import socket

import pytest

from campagne.engine import explain
from campagne.errors import CampagneError
from campagne.exports.arrete import (
    ExternalResourceError,
    Modification,
    arrete_from_result,
    numero_arrete,
    render_html,
    render_pdf,
    stored_copy,
    write_arrete,
)
from campagne.exports.arrete import pdf as pdf_module
from campagne.exports.arrete.pdf import local_only_fetcher
from campagne.money import format_euros
from tests.exports.arrete_support import demo_result, pdf_text, plain

SSIAD = "750007726"  # SSIAD Les Lilas – Paris 18e, ouvert le 10/07/2023
IME = "750122269"  # IME La Maison Bleue – Paris 13e, sous CPOM, recettes Creton N-1
SIGNED = dt.date(2024, 7, 1)


def eur(cents: int) -> str:
    """Le montant au format français (format_euros), tel que pdftotext le lit ; le document
    HTML, lui, porte les espaces fines insécables (vérifié plus bas)."""
    return plain(format_euros(cents))


@pytest.fixture(scope="module")
def result():
    return demo_result()


@pytest.fixture(scope="module")
def ssiad_pdf(result, tmp_path_factory):
    numero = numero_arrete(result.campaign, SSIAD, 123)
    data = arrete_from_result(result, SSIAD, numero, SIGNED, lieu="Saint-Denis")
    path, sha = write_arrete(data, tmp_path_factory.mktemp("arretes"))
    return data, path, sha


def test_ssiad_arrete_states_the_hand_checked_amounts_and_every_article(ssiad_pdf):
    data, path, _ = ssiad_pdf
    text = pdf_text(path)
    assert data.numero == "2024-PH-IDF-000123"
    assert "Arrêté n° 2024-PH-IDF-000123" in text
    assert "portant fixation de la dotation globale de financement pour l'exercice 2024" in text
    # ROB24 §4 : service de moins de deux ans → forfait CNSA, 203 017 € (portefeuille). ROB24 §3 :
    # actualisation 1 % × 214 176 € = 2 141,76 € → 2 142 € ; ajustement 203 017 − (214 176 +
    # 2 142) = −13 301 €. Aucun crédit non pérenne : dotation totale = pérenne = 203 017 €.
    assert (data.dotation_totale, data.dotation_perenne, data.dotation_non_perenne) == (
        20_301_700, 20_301_700, 0)
    assert "est fixée à 203 017 €" in text and eur(20_301_700) == "203 017 €"
    assert "Elle se répartit en 203 017 € de dotation pérenne" in text
    assert "et 0 € de crédits non pérennes" in text
    for amount in (21_417_600, 214_200, -1_330_100):  # 214 176 €, 2 142 €, −13 301 €
        assert eur(amount) in text, amount
    html = render_html(data)
    assert "est fixée à 203\u202f017 €" in html  # espace fine insécable entre les milliers
    for article in ("ARRÊTE", "Article 1er", "Article 2", "Article 3", "Article 4", "Article 5"):
        assert article in text, article
    assert "versée par douzièmes" in text
    assert "Fait à Saint-Denis, le 1er juillet 2024" in text
    # en-tête et pied de page de chaque page
    assert "Agence régionale de santé Île-de-France" in text
    assert "page 1 / " in text and "Arrêté n° 2024-PH-IDF-000123 page 1" in text


def test_visas_cite_the_sources_of_the_explanation_and_the_legal_bases(ssiad_pdf):
    data, path, _ = ssiad_pdf
    text = pdf_text(path)
    assert "Vu le code de l'action sociale et des familles, notamment ses articles L. 314-3 et " \
           "suivants et R. 314-1 et suivants" in text
    assert "loi n° 2023-1250 du 26 décembre 2023 de financement de la sécurité sociale " \
           "pour 2024" in text
    assert "dotations régionales limitatives" in text and "Journal officiel du 24 mai 2024" in text
    # sources citées par l'explication (sources.yaml) : titre, date, numéro
    assert "Vu le Rapport régional d'orientation budgétaire 2024 de l'ARS Île-de-France" in text
    assert "(27 mai 2024)" in text
    assert "(22 mai 2024, DGCS/SD5B/DSS/SD1A/CNSA/2024/62)" in text
    # ordre : bases légales, puis sources par date (instruction du 22/05 avant le ROB du 27/05)
    assert text.index("code de l'action sociale") < text.index("Instruction relative") \
        < text.index("Rapport régional d'orientation budgétaire 2024")
    assert data.visas[-1].startswith("le Rapport régional")


def test_voies_de_recours_and_article_2_references(ssiad_pdf):
    _, path, _ = ssiad_pdf
    text = pdf_text(path)
    assert "recours contentieux devant le tribunal administratif territorialement compétent " \
           "dans le délai de deux mois à compter de sa notification" in text
    assert "article R. 421-1 du code de justice administrative" in text
    assert "un recours gracieux peut être adressé" in text
    assert "Actualisation de la base pérenne" in text and "ROB24 §3" in text
    assert "Ajustement au montant forfaitaire" in text and "ROB24 §4" in text


def test_annex_is_the_unfolded_explanation_with_its_stamp(result, ssiad_pdf):
    data, path, _ = ssiad_pdf
    text = pdf_text(path)
    exp = explain(result, SSIAD)
    assert "Annexe à l'arrêté n° 2024-PH-IDF-000123 — Comment ce montant est-il calculé ?" in text
    # un nœud profond (paramètre du taux, 3 niveaux sous la dotation) est imprimé
    assert "Taux d'évolution de la masse salariale" in text
    assert f"Moteur campagne {exp.engine_version}" in text
    assert dict(data.estampille)["empreinte_parametres"] == f"sha256:{exp.params_hash}"
    assert f"sha256:{exp.params_hash[:20]}" in text
    assert "<details" in data.annexe_html and "<details class=\"etape\">" not in \
        render_html(data)


def test_decomposition_lines_are_the_summed_steps_and_add_up(result):
    numero = numero_arrete(result.campaign, IME, 1)
    data = arrete_from_result(result, IME, numero, SIGNED)
    names = [x.nom for x in data.lignes]
    assert all(not x.nom.startswith("dotation_") and x.montant for x in data.lignes)
    assert names == ["actualisation", "taux_moyen_installations", "reprise_creton"]
    # ROB24 annexe II : reprise des recettes Creton facturées en N-1 (117 876,60 €, portefeuille)
    creton = data.lignes[-1]
    assert (creton.nature, creton.montant, creton.reference) == (
        "non pérenne", -11_787_660, "ROB24 annexe II")
    assert data.base_reconductible + sum(
        x.montant for x in data.lignes if x.nature == "pérenne") == data.dotation_perenne
    assert data.dotation_perenne - 11_787_660 == data.dotation_totale
    json.dumps(data.to_dict(), ensure_ascii=False)  # sérialisable (application web)


def test_amended_arrete_names_the_amended_one_and_its_motive(result, tmp_path):
    numero = numero_arrete(result.campaign, IME, 2)
    motif = "erreur matérielle sur les recettes Creton facturées en 2023"
    data = arrete_from_result(result, IME, numero, SIGNED,
                              modifie=Modification("2024-PH-IDF-000001", motif))
    path, _ = write_arrete(data, tmp_path)
    text = pdf_text(path)
    assert "Arrêté n° 2024-PH-IDF-000002 modifiant l'arrêté n° 2024-PH-IDF-000001" in text
    assert motif in text
    assert "Vu l'arrêté n° 2024-PH-IDF-000001" in text
    assert "Le présent arrêté remplace l'arrêté n° 2024-PH-IDF-000001" in text
    # le montant exact, centimes compris : 1 486 945 € − 117 876,60 €
    assert eur(-11_787_660) == "-117 876,60 €" and eur(-11_787_660) in text
    assert "est fixée à 1 369 068,40 €" in text
    with pytest.raises(CampagneError, match="motif"):
        arrete_from_result(result, IME, numero, SIGNED, modifie=Modification("X", "  "))


def test_stored_copy_hash_is_the_hash_of_the_written_bytes(ssiad_pdf, result):
    data, path, sha = ssiad_pdf
    written = path.read_bytes()
    assert written.startswith(b"%PDF-")
    assert sha == hashlib.sha256(written).hexdigest()
    assert data.numero in path.name and SSIAD in path.name
    # mêmes données → mêmes octets (dates du PDF fixées à la date de signature)
    assert stored_copy(render_pdf(data)) == (sha, written)
    with pytest.raises(CampagneError, match="n'est pas réécrit"):
        write_arrete(data, path.parent)
    assert path.read_bytes() == written


def test_rendering_makes_no_network_request(result, monkeypatch):
    calls: list[object] = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("réseau interdit pendant le test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    data = arrete_from_result(result, SSIAD, numero_arrete(result.campaign, SSIAD, 5), SIGNED)
    assert render_pdf(data).startswith(b"%PDF-")
    assert calls == []


@pytest.mark.parametrize("url", ["https://example.org/logo.png", "http://example.org/a.css",
                                 "file:///etc/hostname"])
def test_external_resources_are_refused_not_fetched(result, monkeypatch, url):
    fetcher = local_only_fetcher()
    with pytest.raises(BaseException, match="refusée"):
        fetcher(url)
    data = arrete_from_result(result, SSIAD, numero_arrete(result.campaign, SSIAD, 6), SIGNED)
    html = render_html(data).replace("</body>", f'<img src="{url}"></body>')
    monkeypatch.setattr(pdf_module, "render_html", lambda _: html)
    with pytest.raises(ExternalResourceError, match="ressource externe"):
        render_pdf(data)


def test_variable_text_is_escaped(result):
    data = arrete_from_result(result, SSIAD, numero_arrete(result.campaign, SSIAD, 7), SIGNED)
    html = render_html(dataclasses.replace(data, raison_sociale="A & B <script>"))
    assert "A &amp; B &lt;script&gt;" in html and "<script>" not in html
