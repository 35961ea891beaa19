"""Parcours côté serveur : scénario modifié puis calculé, marge qui bouge, comparaison,
téléchargements, conflits de modification, et le journal d'audit de chaque changement."""

import html
import io
import json

from openpyxl import load_workbook

from campagne.store.models import AuditEntry, Run, ScenarioRecord

CAMPAIGN = "ph-2024-idf"


def _audit_actions(since_id: int) -> list[str]:
    return list(AuditEntry.objects.filter(id__gt=since_id).order_by("id")
                .values_list("action", flat=True))


def _last_audit_id() -> int:
    last = AuditEntry.objects.order_by("-id").first()
    return last.id if last else 0


def test_scenario_rate_change_moves_the_margin_and_is_audited(client_for):
    client = client_for("ars.idf")
    start = _last_audit_id()
    # Prix à 3 % : taux d'actualisation 0,75 × 0,5 % + 0,25 × 3 % = 1,125 % au lieu de 1 %.
    r = client.post(f"/campagnes/{CAMPAIGN}/scenarios/nouveau/",
                    {"nom": "prix 3 %", "description": "", "valeurs": "taux_effet_prix: 0.03",
                     "version": "0"})
    assert r.status_code == 302
    scenario = ScenarioRecord.objects.get(nom="prix 3 %")
    assert scenario.valeurs == {"taux_effet_prix": "0.03"}
    reference = Run.objects.filter(campagne_id=CAMPAIGN, scenario_nom="").first()
    r = client.post(f"/campagnes/{CAMPAIGN}/calculer/", {"scenario": scenario.pk})
    assert r.status_code == 302
    run = Run.objects.filter(scenario_nom="prix 3 %").first()
    assert run.statut == Run.Status.DONE, run.message
    # Une hausse du taux consomme de la marge : la marge de B est plus petite que celle de A.
    assert run.marge["marge"] < reference.marge["marge"]
    assert run.totaux["dotation_perenne"] > reference.totaux["dotation_perenne"]
    page = client.get(f"/campagnes/{CAMPAIGN}/comparer/?a={reference.pk}&b={run.pk}")
    assert page.status_code == 200
    assert page.context["total"]["ecart"] == (run.totaux["dotation_totale"]
                                              - reference.totaux["dotation_totale"])
    assert page.context["nombre_modifies"] > 1000
    assert _audit_actions(start) == ["creation_scenario", "calcul_campagne"]


def test_invalid_scenario_value_is_explained_and_nothing_saved(client_for):
    client = client_for("ars.idf")
    r = client.post(f"/campagnes/{CAMPAIGN}/scenarios/nouveau/",
                    {"nom": "faux", "valeurs": "taux_effet_pris: 0.03", "version": "0"})
    assert r.status_code == 200
    text = html.unescape(r.content.decode())
    assert "paramètre inconnu « taux_effet_pris »" in text
    assert "vouliez-vous dire « taux_effet_prix »" in text
    assert not ScenarioRecord.objects.filter(nom="faux").exists()


def test_concurrent_scenario_edits_do_not_lose_an_update(client_for):
    ars, admin = client_for("ars.idf"), client_for("admin")
    ars.post(f"/campagnes/{CAMPAIGN}/scenarios/nouveau/",
             {"nom": "partagé", "valeurs": "taux_effet_prix: 0.03", "version": "0"})
    scenario = ScenarioRecord.objects.get(nom="partagé")
    url = f"/campagnes/{CAMPAIGN}/scenarios/{scenario.pk}/"
    # Les deux ouvrent la version 1 ; le premier enregistre, le second est arrêté.
    first = admin.post(url, {"nom": "partagé", "valeurs": "taux_effet_prix: 0.04",
                             "version": "1"})
    second = ars.post(url, {"nom": "partagé", "valeurs": "taux_effet_prix: 0.05",
                            "version": "1"})
    assert first.status_code == 302 and second.status_code == 200
    assert "modifié par quelqu'un d'autre" in html.unescape(second.content.decode())
    scenario.refresh_from_db()
    assert scenario.valeurs == {"taux_effet_prix": "0.04"} and scenario.version == 2


def test_dashboard_tables_download_as_xlsx_and_csv(client_for):
    client = client_for("ars.idf")
    r = client.get(f"/campagnes/{CAMPAIGN}/?tableau=departements&format=xlsx")
    assert r["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "Departement" and "Dotation totale" in header
    deps = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert deps == ["75", "77", "78", "91", "92", "93", "94", "95"]
    csv = client.get("/esms/?departement=75&format=csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("FINESS;Raison sociale")
    assert all(line.split(";")[4] == "75" for line in text.splitlines()[1:])


def test_esms_page_explains_with_sources(client_for, places):
    page = client_for("ars.idf").get(f"/esms/{places['paris']}/")
    text = html.unescape(page.content.decode())
    assert "Comment ce montant est-il calculé ?" in text
    assert "[ROB24 §1]" in text and "empreinte des paramètres sha256:" in text
    assert page.context["historique"].count() >= 1


def test_api_run_explain_compare_and_split(client_for, places):
    client = client_for("ars.idf")
    start = _last_audit_id()
    r = client.post(f"/api/campagnes/{CAMPAIGN}/calculs", data="{}",
                    content_type="application/json")
    assert r.status_code == 200, r.content
    run = r.json()
    assert run["statut"] == "termine" and run["esms"] == 1839
    # ROB24 §2 : la DRL publiée.
    assert run["marge"]["drl"]["euros"] == "2401137683.00"
    exp = client.get(f"/api/esms/{places['paris']}/explication?calcul={run['id']}").json()
    assert exp["montant"]["nom"] == "dotation_totale"
    cmp = client.post(f"/api/campagnes/{CAMPAIGN}/comparer",
                      data=json.dumps({"a": run["id"], "b": run["id"]}),
                      content_type="application/json").json()
    assert cmp["esms_modifies"] == 0 and cmp["ecart"]["centimes"] == 0
    # C2010 annexe IV en petit : 10 unités pour des poids 1, 2, 7 → 1, 2, 7.
    split = client.post("/api/repartir", data=json.dumps({
        "enveloppe": "10", "unite": "unite",
        "elements": [{"cle": "A", "poids": "1"}, {"cle": "B", "poids": "2"},
                     {"cle": "C", "poids": "7"}]}), content_type="application/json").json()
    assert [p["part"] for p in split["parts"]] == [1, 2, 7]
    bad = client.post("/api/repartir", data=json.dumps({
        "enveloppe": "10", "unite": "unite", "elements": [{"cle": "A", "poids": "1",
                                                            "plancher": "20"}]}),
        content_type="application/json")
    assert bad.status_code == 400 and "planchers" in bad.json()["detail"]
    assert _audit_actions(start) == ["calcul_campagne"]
    schema = client.get("/api/openapi.json").json()
    assert "/api/esms/{finess}/explication" in schema["paths"]


def test_admin_changes_are_audited(client_for):
    from campagne.store.models import Esms

    client = client_for("admin")
    esms = Esms.objects.order_by("finess").first()
    start = _last_audit_id()
    url = f"/admin/store/managingbody/{esms.organisme_id}/change/"
    r = client.post(url, {"finess": esms.organisme_id, "raison_sociale": "Association modifiée",
                          "statut_juridique": "60"})
    assert r.status_code == 302, r.content[:500]
    entry = AuditEntry.objects.filter(id__gt=start).get()
    assert entry.canal == "admin" and entry.action == "modification"
    assert entry.apres["raison_sociale"] == "Association modifiée"


def test_api_simulates_an_esms_without_storing_anything(client_for):
    client = client_for("organisme")
    runs = Run.objects.count()
    # Un IME à 1 000 000 € : actualisation 1 % [ROB24 §3] → 1 010 000 €.
    line = {"finess": "750000002", "finess_ej": "750000010", "raison_sociale": "IME essai",
            "categorie": "183", "statut_juridique": "60", "departement": "75",
            "capacite": "40", "base_reconductible": "1 000 000,00",
            "convention_collective": "CC66"}
    r = client.post("/api/simuler", data=json.dumps({"lignes": [line], "expliquer": True}),
                    content_type="application/json")
    assert r.status_code == 200, r.content
    (esms,) = r.json()["esms"]
    assert esms["dotation_totale"]["euros"] == "1010000.00"
    assert esms["explication"]["montant"]["sources"] == ["[ROB24 §1]"]
    bad = client.post("/api/simuler",
                      data=json.dumps({"lignes": [{**line, "finess": "750000001"}]}),
                      content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["erreurs"][0]["champ"] == "finess"
    assert Run.objects.count() == runs


def test_portfolio_import_page_reports_every_error_and_imports_nothing(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campagne.demo import demo_portfolio_path
    from campagne.store.models import Esms

    text = demo_portfolio_path().read_text(encoding="utf-8-sig").splitlines()
    header, rows = text[0], text[1:4]
    bad = [rows[0].replace(rows[0].split(";")[0], "750000001", 1), rows[1], rows[2]]
    client = client_for("ars.idf")
    before = Esms.objects.count()
    r = client.post("/portefeuille/importer/", {"fichier": SimpleUploadedFile(
        "p.csv", ("\n".join([header, *bad]) + "\n").encode())})
    assert r.status_code == 200 and len(r.context["erreurs"]) >= 1
    assert r.context["erreurs"][0]["finess"] == "750000001"
    ok = client.post("/portefeuille/importer/", {"fichier": SimpleUploadedFile(
        "p.csv", ("\n".join([header, *rows]) + "\n").encode())})
    assert ok.status_code == 302 and Esms.objects.count() == before
    assert client_for("dd.paris").get("/portefeuille/importer/").status_code == 403
