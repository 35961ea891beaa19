"""L'API JSON (django-ninja, schéma OpenAPI sur ``/api/openapi.json``, documentation sur
``/api/docs``) : mêmes droits que les écrans (``store.perms``), authentification par jeton
(``Authorization: Bearer cb_…``) pour les scripts, ou par la session du navigateur.

Montants : entiers de centimes (``…_centimes``) et texte en euros exacts (``…_euros``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from campagne.errors import CampagneError
from campagne.pipeline import default_parameters
from campagne.repartition import UNITS, Items, parse_envelope, repartir
from campagne.store import perms
from campagne.store.models import ApiToken, CampaignRecord, Result, Run
from campagne.store.models.users import hash_token
from campagne.store.runs import execute_run, explain_stored, start_run


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("utilisateur").filter(
            empreinte=hash_token(token)).first()
        if found is None or not found.utilisateur.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(dernier_usage=timezone.now())
        request.user = found.utilisateur
        return found.utilisateur


api = NinjaAPI(title="campagne — API", version="1", auth=[TokenAuth(), django_auth],
               description="Calcul, explication, paramètres, scénarios et répartitions de la "
                           "campagne budgétaire des ESMS.", urls_namespace="api")


@api.exception_handler(CampagneError)
def _domain_error(request: HttpRequest, exc: Exception) -> Any:
    return api.create_response(request, {"detail": str(exc)}, status=400)


def _money(cents: int | None) -> dict[str, Any]:
    return {"centimes": cents, "euros": None if cents is None else
            f"{Decimal(int(cents)) / 100:.2f}"}


def _campaign(request: HttpRequest, code: str) -> CampaignRecord:
    campaign = get_object_or_404(CampaignRecord, pk=code)
    if not perms.can_view_campaign(request.user, campaign):
        raise HttpError(403, "campagne hors de votre périmètre")
    return campaign


class CampaignOut(Schema):
    code: str
    libelle: str
    annee: int
    region: str


@api.get("/campagnes", response=list[CampaignOut], summary="Campagnes visibles")
def campaigns(request: HttpRequest) -> list[CampaignRecord]:
    return [c for c in CampaignRecord.objects.all() if perms.can_view_campaign(request.user, c)]


@api.get("/parametres", summary="Liste des paramètres")
def parameters(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"nom": p.name, "libelle": p.decl.libelle, "famille": p.famille,
             "unite": p.decl.unite.value}
            for p in sorted(default_parameters().parameters.values(), key=lambda p: p.name)]


@api.get("/parametres/{nom}", summary="Historique daté et sourcé d'un paramètre")
def parameter(request: HttpRequest, nom: str) -> dict[str, Any]:
    params = default_parameters()
    if nom not in params.parameters:
        raise HttpError(404, f"paramètre inconnu « {nom} »")
    p = params.get(nom)
    return {"nom": nom, "libelle": p.decl.libelle, "unite": p.decl.unite.value, "valeurs": [
        {"periode": e.periode_label(), "portee": e.portee, "valeur": _jsonable(v),
         "reference": f"[{e.reference.source} {e.reference.section}]"} for e, v in p.values]}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return str(value)


class RunIn(Schema):
    scenario: int | None = None
    derogation: str | None = None


def _run_out(run: Run, user: Any) -> dict[str, Any]:
    """Un organisme gestionnaire voit l'état du calcul, pas les totaux de la région ni la
    marge (comme au tableau de bord : ``perms.can_view_margin``)."""
    regional = perms.can_view_margin(user, run.campagne)
    return {"id": run.pk, "campagne": run.campagne_id, "statut": run.statut,
            "scenario": run.scenario_nom or None, "esms": run.nombre_esms if regional else None,
            "message": run.message if regional else "",
            "totaux": {k: _money(v) for k, v in run.totaux.items()} if regional else {},
            "marge": None if run.marge is None or not regional else {
                k: _money(run.marge.get(k)) for k in ("drl", "accorde", "marge")}}


@api.post("/campagnes/{code}/calculs", summary="Calculer la campagne (et ranger les résultats)")
def run_campaign(request: HttpRequest, code: str, body: RunIn) -> dict[str, Any]:
    from campagne.envelopes.margin import Override

    campaign = _campaign(request, code)
    if not perms.can_run_campaign(request.user, campaign):
        raise HttpError(403, "seul le siège régional de l'ARS lance un calcul")
    scenario = campaign.scenarios.filter(pk=body.scenario).first() if body.scenario else None
    if body.scenario and scenario is None:
        raise HttpError(404, f"scénario {body.scenario} inconnu pour cette campagne")
    override = Override(body.derogation, auteur=request.user.get_username()) \
        if body.derogation else None
    run = start_run(code, scenario, request.user)
    try:
        execute_run(run, user=request.user, override=override, canal="api")
    except CampagneError as exc:  # toutes les erreurs du domaine (marge, données…)
        raise HttpError(400, f"calcul refusé : {exc}") from None
    return _run_out(run, request.user)


@api.get("/campagnes/{code}/calculs/{run_id}", summary="État et totaux d'un calcul")
def run_detail(request: HttpRequest, code: str, run_id: int) -> dict[str, Any]:
    campaign = _campaign(request, code)
    return _run_out(get_object_or_404(Run, pk=run_id, campagne=campaign), request.user)


def _visible_result(request: HttpRequest, finess: str, run_id: int | None) -> Result:
    qs = perms.visible_results(request.user).filter(esms_id=finess,
                                                    calcul__statut=Run.Status.DONE)
    if run_id is not None:
        qs = qs.filter(calcul_id=run_id)
    found = qs.select_related("calcul").order_by("-calcul__cree_le").first()
    if found is None:
        raise HttpError(404, f"aucun résultat pour l'ESMS {finess} dans votre périmètre")
    return found


@api.get("/esms/{finess}", summary="Un ESMS et sa dernière dotation calculée")
def esms(request: HttpRequest, finess: str, calcul: int | None = None) -> dict[str, Any]:
    found = _visible_result(request, finess, calcul)
    e = found.esms
    return {"finess": e.finess, "raison_sociale": e.raison_sociale, "categorie": e.categorie,
            "departement": e.departement, "organisme": e.organisme_id, "calcul": found.calcul_id,
            "dotation_perenne": _money(found.dotation_perenne),
            "dotation_non_perenne": _money(found.dotation_non_perenne),
            "dotation_totale": _money(found.dotation_totale)}


@api.get("/esms/{finess}/explication", summary="Comment ce montant est-il calculé ?")
def explanation(request: HttpRequest, finess: str, calcul: int | None = None,
                montant: str = "dotation_totale") -> dict[str, Any]:
    found = _visible_result(request, finess, calcul)
    try:
        return explain_stored(found, montant).to_dict()
    except KeyError as exc:
        raise HttpError(404, str(exc.args[0] if exc.args else exc)) from None


class CompareIn(Schema):
    a: int
    b: int


@api.post("/campagnes/{code}/comparer", summary="Écarts entre deux calculs")
def compare(request: HttpRequest, code: str, body: CompareIn) -> dict[str, Any]:
    campaign = _campaign(request, code)
    runs = campaign.calculs.filter(statut=Run.Status.DONE)
    run_a = get_object_or_404(runs, pk=body.a)
    run_b = get_object_or_404(runs, pk=body.b)

    def values(run: Run) -> dict[str, int]:
        return dict(perms.visible_results(request.user).filter(calcul=run)
                    .values_list("esms_id", "dotation_totale"))

    va, vb = values(run_a), values(run_b)
    rows = [{"finess": f, "a": va.get(f), "b": vb.get(f),
             "ecart": (vb.get(f) or 0) - (va.get(f) or 0)} for f in sorted(set(va) | set(vb))]
    return {"a": run_a.pk, "b": run_b.pk, "esms_modifies": sum(1 for r in rows if r["ecart"]),
            "total_a": _money(sum(va.values())), "total_b": _money(sum(vb.values())),
            "ecart": _money(sum(r["ecart"] for r in rows)),
            "par_esms": [r for r in rows if r["ecart"]]}


class ItemIn(Schema):
    cle: str
    poids: str
    plancher: str | None = None
    plafond: str | None = None


class SplitIn(Schema):
    enveloppe: str
    unite: str = "euro"
    elements: list[ItemIn]


@api.post("/repartir", summary="Répartir une enveloppe au prorata (total exact)")
def split(request: HttpRequest, body: SplitIn) -> dict[str, Any]:
    if body.unite not in UNITS:
        raise HttpError(400, f"unité inconnue « {body.unite} » (euro, centime, unite)")
    total = parse_envelope(body.enveloppe, body.unite)
    try:
        items = Items([i.cle for i in body.elements],
                      [Decimal(i.poids.replace(",", ".")) for i in body.elements],
                      [parse_envelope(i.plancher, body.unite) if i.plancher else None
                       for i in body.elements],
                      [parse_envelope(i.plafond, body.unite) if i.plafond else None
                       for i in body.elements])
    except ArithmeticError as exc:
        raise HttpError(400, f"poids illisible : {exc}") from None
    alloc = repartir(total, items, body.unite)
    return {"parts": [{"cle": k, "part": s} for k, s in zip(alloc.keys, alloc.shares,
                                                            strict=True)],
            "explication": alloc.explanation.to_dict()}


class SimulateIn(Schema):
    campagne: str = "ph-2024-idf"
    lignes: list[dict[str, str]]
    valeurs: dict[str, Any] = {}
    expliquer: bool = False


@api.post("/simuler", summary="Calculer un ESMS ou un petit portefeuille transmis (sans rien "
                              "enregistrer)")
def simulate(request: HttpRequest, body: SimulateIn) -> dict[str, Any]:
    """Les lignes suivent le format du portefeuille (valeurs en texte, comme dans le CSV) ;
    les parts au prorata (revalorisations) sont calculées entre les seules lignes transmises."""
    from campagne.engine import Scenario, explain
    from campagne.pipeline import compute
    from campagne.referentiel.portfolio import PortfolioError, validate_portfolio_rows

    if not body.lignes:
        raise HttpError(400, "« lignes » est vide : transmettez au moins un ESMS")
    if len(body.lignes) > 5000:
        raise HttpError(400, "5 000 lignes au plus par simulation")
    try:
        frame = validate_portfolio_rows(body.lignes)
    except PortfolioError as exc:
        return api.create_response(request, {"detail": "portefeuille invalide",
                                             "erreurs": exc.to_rows()}, status=400)
    scenario = Scenario("simulation", body.valeurs) if body.valeurs else None
    result = compute(frame, body.campagne, None, scenario)
    rows = []
    for r in result.frame.select("finess", "dotation_perenne", "dotation_non_perenne",
                                 "dotation_totale").iter_rows(named=True):
        out = {"finess": r["finess"], **{k: _money(r[k]) for k in
                                         ("dotation_perenne", "dotation_non_perenne",
                                          "dotation_totale")}}
        if body.expliquer:
            out["explication"] = explain(result, r["finess"]).to_dict()
        rows.append(out)
    return {"campagne": body.campagne, "esms": rows}
