"""Parcours dans un vrai navigateur (Playwright + Chromium de Debian, jamais téléchargé) :
se connecter, ouvrir le tableau de bord, trouver un ESMS, déplier son explication, changer
un taux dans un scénario et voir la marge bouger, télécharger le tableau en xlsx, déposer
un EPRD et le voir refusé avec son motif. Les captures d'écran sont écrites dans
``test-output/``."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from openpyxl import load_workbook

CHROMIUM = Path("/usr/bin/chromium")
OUT = Path(__file__).resolve().parents[2] / "test-output" / "navigateur"

pytestmark = [pytest.mark.navigateur, pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI") != "true",
    reason="Chromium de Debian absent (apt-get install -y chromium, fait par « make test »)")]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``campagne serve`` lancé comme par un utilisateur, sur une base SQLite neuve (démo
    chargée au premier lancement) : le parcours n'a rien en commun avec la base des tests."""
    data = tmp_path_factory.mktemp("serveur")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(CAMPAGNE_DONNEES=str(data), PYTHONUNBUFFERED="1")
    log = (data / "serveur.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "campagne"), "serve",
                             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/connexion/", timeout=2)
            break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    else:
        proc.kill()
    assert proc.poll() is None, (data / "serveur.log").read_text()
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        context = browser.new_context(accept_downloads=True, locale="fr-FR",
                                      viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        yield page
        context.close()
        browser.close()


def _shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def test_main_journeys(server, browser_page):
    page, base = browser_page, server

    # Se connecter (vrai formulaire, vrai mot de passe).
    page.goto(base + "/")
    assert "/connexion/" in page.url
    page.fill("#id_username", "ars.idf")
    page.fill("#id_password", "campagne-demo-2024")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/campagnes/ph-2024-idf/$"))
    _shot(page, "01-tableau-de-bord")
    drl = page.inner_text("#drl")
    assert drl.replace("\u202f", " ") == "2 401 137 683 €"  # ROB24 §2
    marge_avant = page.inner_text("#marge")

    # Télécharger le tableau par département.
    with page.expect_download() as info:
        page.click("a[href*='tableau=departements'][href*='format=xlsx']")
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert [c.value for c in sheet[1]][0] == "Departement"
    assert sheet.max_row == 9  # huit départements d'Île-de-France

    # Trouver un ESMS et déplier son explication.
    page.click("text=Portefeuille")
    page.fill("#q", "ESAT")
    page.select_option("#departement", "75")
    page.click("#recherche button[type=submit]")
    page.locator("#esms tbody a").first.click()
    page.wait_for_selector("#bouton-explication")
    page.click("#bouton-explication")
    explication = page.locator(".explication")
    explication.wait_for()
    assert "Comment ce montant est-il calculé ?" in explication.inner_text()
    assert "[ROB24 §1]" in explication.inner_text()  # la dotation, visible d'emblée
    page.locator(".explication summary").nth(1).click()  # déplier la dotation pérenne
    assert "[ROB24 §5]" in explication.inner_text()  # ESAT : plafonds et taux préférentiel
    _shot(page, "02-explication-esat")

    # Changer un taux dans un scénario, le calculer, voir la marge changer.
    page.goto(base + "/campagnes/ph-2024-idf/scenarios/nouveau/")
    page.fill("#nom", "prix à 3 %")
    page.fill("#valeurs", "taux_effet_prix: 0.03")
    page.click("#scenario button[type=submit]")
    page.wait_for_url(re.compile(r".*/scenarios/$"))
    page.goto(base + "/campagnes/ph-2024-idf/")
    page.select_option("#scenario", label="prix à 3 %")
    page.click("#lancer button[type=submit]")
    page.wait_for_url(re.compile(r".*/calculs/\d+/$"))
    page.locator("#statut", has_text="terminé").wait_for()
    _shot(page, "03-calcul")
    page.click("#voir")
    page.wait_for_selector("#marge")
    marge_apres = page.inner_text("#marge")
    assert marge_apres != marge_avant  # 1,125 % au lieu de 1 % : la marge diminue
    _shot(page, "04-tableau-de-bord-scenario")


def test_decision_notified_and_its_arrete_viewed_as_images(server, browser_page, tmp_path):
    """Proposer, revoir, valider, notifier l'arrêté d'un ESAT, le télécharger et regarder ses
    pages rendues en images (pdftoppm) dans le navigateur."""
    if shutil.which("pdftoppm") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftoppm (poppler-utils) absent : make test l'installe")
        pytest.skip("pdftoppm absent (apt-get install -y poppler-utils)")
    page, base = browser_page, server
    page.goto(base + "/connexion/")
    page.fill("#id_username", "ars.idf")
    page.fill("#id_password", "campagne-demo-2024")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/campagnes/ph-2024-idf/$"))
    page.goto(base + "/esms/?categorie=246&departement=75")
    finess = page.locator("#esms tbody a").first.inner_text()
    page.goto(base + "/campagnes/ph-2024-idf/decisions/")
    for action in ("proposer", "revoir", "valider"):
        page.fill("#finess", finess if action != "proposer" else "")
        page.click(f"button[value={action}]")
        page.wait_for_load_state()
    page.fill("#finess", finess)
    page.click("button[value=notifier]")
    page.wait_for_url(re.compile(r".*/taches/\d+/$"))
    page.locator("#statut", has_text="terminé").wait_for(timeout=120_000)
    _shot(page, "05-notification")
    page.goto(base + f"/esms/{finess}/")
    page.click("#decisions a >> nth=0")
    with page.expect_download() as info:
        page.click("#telecharger-arrete")
    pdf = tmp_path / "arrete.pdf"
    pdf.write_bytes(Path(info.value.path()).read_bytes())
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 2  # l'arrêté, puis l'annexe d'explication
    for i, png in enumerate(pages[:3], start=1):
        page.goto(png.as_uri())
        _shot(page, f"06-arrete-page-{i}")


def _login(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", "campagne-demo-2024")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_budget_deposit_is_controlled_then_refused_with_a_reason(server, browser_page,
                                                                 tmp_path):
    """L'organisme dépose un EPRD en déséquilibre ; le rapport des contrôles s'affiche ; l'ARS
    ne peut que le refuser, avec un motif que l'organisme lit ensuite."""
    page, base = browser_page, server
    _login(page, base, "organisme")
    page.goto(base + "/esms/")
    et = page.locator("#esms tbody a").first.inner_text()
    page.goto(base + "/documents/deposer/?document=EPRD")
    ej = page.locator("#organisme").input_value()
    # Charges 1 370 000 € > produits 1 319 183 € : l'équilibre réel n'est pas respecté.
    comptes = tmp_path / "eprd_2024.csv"
    comptes.write_text(
        "finess;finess_ej;document;exercice;charges_groupe_i;charges_groupe_ii;"
        "charges_groupe_iii;produits_731;produits_732;produits_groupe_2;produits_groupe_3\n"
        f"{et};{ej};EPRD;2024;150000,00;1100000,00;120000,00;1309183,00;0;10000,00;0\n",
        encoding="utf-8")
    page.fill("#exercice", "2024")
    page.set_input_files("#fichier", str(comptes))
    page.click("#depot button[type=submit]")
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert "contrôle bloquant a échoué" in page.content()
    assert "équilibre réel" in page.inner_text("#constats")
    _shot(page, "07-depot-eprd-controle")
    document_url = page.url

    _login(page, base, "ars.idf")
    page.goto(document_url)
    assert page.locator("#accepter").count() == 0  # un dépôt bloquant ne s'accepte pas
    page.fill("#motif-decision", "Équilibre réel non respecté : déposez un EPRD corrigé.")
    page.click("#decider button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#statut-document") == "refusé"

    _login(page, base, "organisme")
    page.goto(document_url)
    assert "déposez un EPRD corrigé" in page.inner_text("#motif")
    _shot(page, "08-depot-eprd-refuse")
