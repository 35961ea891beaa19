"""La matrice des droits : chaque rôle × chaque écran et chaque point d'API, y compris en
changeant un identifiant dans l'adresse pour lire l'ESMS d'un autre département ou d'un
autre organisme (toujours refusé : 403 ou 404)."""

import json

import pytest
from django.contrib.auth import get_user_model

from campagne.store import perms
from campagne.store.models import ApiToken, CampaignRecord, Esms

ROLES = ("admin", "ars.idf", "dd.paris", "auditeur", "organisme", None)

# (méthode, adresse, {rôle: code attendu}) ; None = non connecté. « {paris} » : un ESMS de
# Paris d'un autre organisme ; « {autre} » : un ESMS de Seine-Saint-Denis d'un autre
# organisme ; « {propre} » : un ESMS de l'organisme de démonstration (en Seine-Saint-Denis).
OK, REDIRECT, FORBIDDEN, NOT_FOUND, UNAUTH = 200, 302, 403, 404, 401
PAGES = [
    ("get", "/campagnes/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/campagnes/{campagne}/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK,
                                          anon=REDIRECT)),
    ("get", "/esms/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/esms/{paris}/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=NOT_FOUND,
                                   anon=REDIRECT)),
    ("get", "/esms/{autre}/", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK, org=NOT_FOUND,
                                   anon=REDIRECT)),
    ("get", "/esms/{propre}/", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK, org=OK,
                                    anon=REDIRECT)),
    ("get", "/campagnes/{campagne}/scenarios/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK,
                                                    anon=REDIRECT)),
    ("get", "/campagnes/{campagne}/scenarios/nouveau/", dict(
        admin=OK, ars=OK, dd=FORBIDDEN, aud=FORBIDDEN, org=FORBIDDEN, anon=REDIRECT)),
    ("post", "/campagnes/{campagne}/calculer/", dict(
        admin=REDIRECT, ars=REDIRECT, dd=FORBIDDEN, aud=FORBIDDEN, org=FORBIDDEN,
        anon=REDIRECT)),
    ("get", "/parametres/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/parametres/tarif_plafond_esat/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK,
                                                    anon=REDIRECT)),
    ("get", "/journal/", dict(admin=OK, ars=FORBIDDEN, dd=FORBIDDEN, aud=OK, org=FORBIDDEN,
                              anon=REDIRECT)),
    ("get", "/admin/", dict(admin=OK, ars=REDIRECT, dd=REDIRECT, aud=REDIRECT, org=REDIRECT,
                            anon=REDIRECT)),
    ("get", "/api/campagnes", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=UNAUTH)),
    ("get", "/api/esms/{paris}", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=NOT_FOUND,
                                      anon=UNAUTH)),
    ("get", "/api/esms/{autre}/explication", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK,
                                                  org=NOT_FOUND, anon=UNAUTH)),
    ("get", "/api/esms/{propre}/explication", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK,
                                                   org=OK, anon=UNAUTH)),
    ("get", "/api/parametres", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=UNAUTH)),
]
# Les autres écrans et points d'API, sur des objets créés pour le test : {cnr_paris} et
# {cnr_propre} (demandes de CNR d'un ESMS de Paris d'un autre organisme et d'un ESMS de
# l'organisme de démonstration), {document} (un ERRD déposé par l'organisme de démonstration),
# {calcul} (le calcul de référence de la démonstration).
MORE_PAGES = [
    ("get", "/cnr/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/cnr/nouvelle/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/cnr/{cnr_paris}/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=NOT_FOUND,
                                      anon=REDIRECT)),
    ("get", "/cnr/{cnr_propre}/", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK, org=OK,
                                       anon=REDIRECT)),
    ("get", "/documents/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/documents/deposer/", dict(admin=OK, ars=OK, dd=FORBIDDEN, aud=FORBIDDEN,
                                        org=OK, anon=REDIRECT)),
    ("get", "/documents/{document}/", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK, org=OK,
                                           anon=REDIRECT)),
    ("get", "/documents/{document}/fichier/", dict(admin=OK, ars=OK, dd=NOT_FOUND, aud=OK,
                                                   org=OK, anon=REDIRECT)),
    ("get", "/portefeuille/importer/", dict(admin=OK, ars=OK, dd=FORBIDDEN, aud=FORBIDDEN,
                                            org=FORBIDDEN, anon=REDIRECT)),
    ("get", "/notifications/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/campagnes/{campagne}/decisions/", dict(admin=OK, ars=OK, dd=OK, aud=OK, org=OK,
                                                    anon=REDIRECT)),
    ("get", "/campagnes/{campagne}/calculs/{calcul}/", dict(admin=OK, ars=OK, dd=OK, aud=OK,
                                                           org=OK, anon=REDIRECT)),
    ("get", "/campagnes/{campagne}/comparer/?a={calcul}&b={calcul}", dict(
        admin=OK, ars=OK, dd=OK, aud=OK, org=OK, anon=REDIRECT)),
    ("get", "/api/parametres/tarif_plafond_esat", dict(admin=OK, ars=OK, dd=OK, aud=OK,
                                                       org=OK, anon=UNAUTH)),
    ("get", "/api/campagnes/{campagne}/calculs/{calcul}", dict(admin=OK, ars=OK, dd=OK,
                                                               aud=OK, org=OK, anon=UNAUTH)),
    ("post", "/api/campagnes/{campagne}/calculs", dict(admin=OK, ars=OK, dd=FORBIDDEN,
                                                       aud=FORBIDDEN, org=FORBIDDEN,
                                                       anon=UNAUTH)),
]
KEYS = dict(zip(ROLES, ("admin", "ars", "dd", "aud", "org", "anon"), strict=True))


@pytest.mark.parametrize("method,url,expected", PAGES, ids=[p[1] for p in PAGES])
def test_permission_matrix(client_for, places, method, url, expected):
    address = url.format(**places)
    for username in ROLES:
        client = client_for(username)
        response = getattr(client, method)(address)
        got = response.status_code
        assert got == expected[KEYS[username]], f"{username} {method} {address} → {got}"


def test_api_post_run_is_refused_outside_the_regional_office(client_for, places):
    url = f"/api/campagnes/{places['campagne']}/calculs"
    for username in ("dd.paris", "auditeur", "organisme"):
        r = client_for(username).post(url, data="{}", content_type="application/json")
        assert r.status_code == 403, username
    assert client_for(None).post(url, data="{}", content_type="application/json"
                                 ).status_code == 401


def test_tokens_carry_the_scope_of_their_user(client_for, places):
    User = get_user_model()
    _, org_token = ApiToken.issue(User.objects.get(username="organisme"), "essai")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {org_token}"}
    client = client_for(None)
    assert client.get(f"/api/esms/{places['propre']}", **headers).status_code == 200
    assert client.get(f"/api/esms/{places['paris']}", **headers).status_code == 404
    assert client.get("/api/campagnes", HTTP_AUTHORIZATION="Bearer faux").status_code == 401


def test_organisation_users_do_not_see_the_regional_margin(client_for, places):
    org = client_for("organisme").get(f"/campagnes/{places['campagne']}/")
    assert b'id="marge"' not in org.content
    ars = client_for("ars.idf").get(f"/campagnes/{places['campagne']}/")
    assert b'id="marge"' in ars.content


def test_departmental_dashboard_only_counts_its_departments(client_for, places):
    page = client_for("dd.paris").get(f"/campagnes/{places['campagne']}/")
    departments = [r["departement"] for r in page.context["par_departement"]]
    assert departments == ["75"]


# --- les fonctions de droits, une par une ---------------------------------------------------
@pytest.fixture
def users(db):
    User = get_user_model()
    return {u.username: u for u in User.objects.all()}


def test_scope_functions(users, places):
    campaign = CampaignRecord.objects.get(pk=places["campagne"])
    own, paris, other = (Esms.objects.get(pk=places[k]) for k in ("propre", "paris", "autre"))
    org, dd, ars = users["organisme"], users["dd.paris"], users["ars.idf"]
    assert perms.can_view_esms(org, own) and not perms.can_view_esms(org, paris)
    assert perms.can_view_esms(dd, paris) and not perms.can_view_esms(dd, other)
    assert perms.visible_esms(ars).count() == Esms.objects.filter(region="11").count()
    assert perms.visible_esms(None).count() == 0
    assert perms.can_run_campaign(ars, campaign) and not perms.can_run_campaign(dd, campaign)
    assert perms.can_edit_scenario(users["admin"], campaign)
    assert not perms.can_edit_scenario(users["auditeur"], campaign)
    assert perms.can_view_margin(dd, campaign) and not perms.can_view_margin(org, campaign)
    assert perms.can_view_audit(users["auditeur"]) and not perms.can_view_audit(ars)
    assert perms.can_submit_for(org, own) and not perms.can_submit_for(org, paris)
    assert not perms.can_submit_for(users["auditeur"], own)
    assert json.dumps(perms.role_of(org)) == '"organisme"'


@pytest.fixture
def objects(places):
    """Les objets des adresses de ``MORE_PAGES``."""
    from django.core.files.base import ContentFile

    from campagne.store.models import BudgetDocument, CnrRequestRecord, Run

    cnr = {key: CnrRequestRecord.objects.create(
        identifiant=f"TEST-{key}", campagne_id=places["campagne"], esms_id=places[key],
        categorie="investissement", montant=1_000_000, justification="test").pk
        for key in ("paris", "propre")}
    esms = Esms.objects.get(pk=places["propre"])
    doc = BudgetDocument.objects.create(organisme=esms.organisme, type_document="ERRD",
                                        exercice=2023, nom_fichier="errd.csv", empreinte="0")
    doc.fichier.save("errd.csv", ContentFile(b"finess;montant\n"), save=True)
    doc.esms.set([esms])
    run = Run.objects.filter(campagne_id=places["campagne"], statut=Run.Status.DONE).first()
    return {**places, "cnr_paris": cnr["paris"], "cnr_propre": cnr["propre"],
            "document": doc.pk, "calcul": run.pk}


@pytest.mark.parametrize("method,url,expected", MORE_PAGES, ids=[p[1] for p in MORE_PAGES])
def test_permission_matrix_of_workflow_pages(client_for, objects, method, url, expected):
    address = url.format(**objects)
    for username in ROLES:
        client = client_for(username)
        if method == "post":
            response = client.post(address, data=json.dumps({}),
                                   content_type="application/json")
        else:
            response = client.get(address)
        got = response.status_code
        assert got == expected[KEYS[username]], f"{username} {method} {address} → {got}"


def test_an_organisation_reads_a_run_without_the_regional_totals(client_for, objects):
    url = f"/api/campagnes/{objects['campagne']}/calculs/{objects['calcul']}"
    org = client_for("organisme").get(url).json()
    assert org["statut"] == "termine" and org["marge"] is None and org["totaux"] == {}
    ars = client_for("ars.idf").get(url).json()
    assert ars["marge"]["drl"]["euros"] == "2401137683.00"  # ROB24 §2
