"""Le portefeuille : recherche et filtres, fiche d'un ESMS, « Comment ce montant est-il
calculé ? »."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from campagne.exports.tables import Column
from campagne.store import perms
from campagne.store.models import Result, Run
from campagne.store.portfolio import portfolio_version
from campagne.store.runs import explain_stored
from campagne.web.views.common import download

LIST_COLUMNS = (Column("finess", "FINESS"), Column("raison_sociale", "Raison sociale"),
                Column("categorie", "Catégorie"), Column("famille", "Famille"),
                Column("departement", "Département"), Column("capacite", "Places", "nombre"),
                Column("base_reconductible", "Base reconductible", "euro"))
HISTORY_COLUMNS = (Column("calcul", "Calcul", "nombre"), Column("date", "Date"),
                   Column("campagne", "Campagne"), Column("scenario", "Scénario"),
                   Column("perenne", "Dotation pérenne", "euro"),
                   Column("non_perenne", "Crédits non pérennes", "euro"),
                   Column("totale", "Dotation totale", "euro"))
CAPACITIES = (("capacite_internat", "Internat"), ("capacite_semi_internat", "Semi-internat"),
              ("capacite_externat", "Externat"), ("capacite_accueil_jour", "Accueil de jour"),
              ("capacite_accueil_temporaire", "Accueil temporaire"),
              ("capacite_hebergement", "Hébergement"))
PAGE = 50


def _choices(user: object) -> dict[str, list[str]]:
    """Les valeurs des filtres (départements, catégories, familles) du périmètre."""
    visible = perms.visible_esms(user)
    return {f: sorted(visible.values_list(f, flat=True).distinct())
            for f in ("departement", "categorie", "famille")}


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    qs = perms.visible_esms(request.user).order_by("finess")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(finess__icontains=q) | Q(raison_sociale__icontains=q)
                       | Q(organisme__finess=q))
    filters = {}
    for field in ("departement", "categorie", "famille"):
        value = request.GET.get(field, "").strip()
        if value:
            qs = qs.filter(**{field: value})
            filters[field] = value
    rows = qs.values(*(c.key for c in LIST_COLUMNS))
    response = download(request, "portefeuille", LIST_COLUMNS, list(rows))
    if response:
        return response
    choices = cache.get_or_set(
        f"portefeuille-choix:{portfolio_version()}:{request.user.pk}",
        lambda: _choices(request.user), 300)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/portefeuille.html", {
        "title": "Portefeuille", "page": page, "q": q, "filtres": filters, "choix": choices,
        "nombre": qs.count(), "query": query.urlencode(),
        "peut_importer": perms.can_import_portfolio(request.user) is not None})


@login_required
def detail(request: HttpRequest, finess: str) -> HttpResponse:
    # Un ESMS hors du périmètre répond comme un ESMS inexistant (404) : rien ne fuit.
    esms = perms.visible_esms(request.user).filter(pk=finess).select_related("organisme").first()
    if esms is None:
        raise Http404("ESMS introuvable dans votre périmètre")
    history = (Result.objects.filter(esms=esms, calcul__statut=Run.Status.DONE)
               .select_related("calcul", "calcul__campagne").order_by("-calcul__cree_le"))
    rows = [{"calcul": r.calcul_id, "date": r.calcul.cree_le.strftime("%d/%m/%Y %H:%M"),
             "campagne": r.calcul.campagne.libelle, "scenario": r.calcul.scenario_nom
             or "référence", "perenne": r.dotation_perenne, "non_perenne": r.dotation_non_perenne,
             "totale": r.dotation_totale} for r in history]
    response = download(request, f"historique-{finess}", HISTORY_COLUMNS, rows)
    if response:
        return response
    chosen = history.first()
    if request.GET.get("calcul"):
        chosen = history.filter(calcul_id=request.GET["calcul"]).first() or chosen
    amount = request.GET.get("montant", "dotation_totale")
    explanation = None
    if chosen is not None:
        try:
            explanation = mark_safe(explain_stored(chosen, amount).to_html())  # noqa: S308
        except KeyError as exc:
            raise Http404(str(exc)) from None
    data = esms.donnees
    decisions = esms.decisions.select_related("campagne").order_by("-cree_le")
    if perms.role_of(request.user) == "organisme":  # un organisme lit ses décisions notifiées
        decisions = decisions.filter(statut="notifiee")
    return render(request, "web/esms.html", {
        "decisions": decisions[:50],
        "title": f"{esms.raison_sociale} ({esms.finess})", "esms": esms, "donnees": data,
        "capacites": [(label, data.get(key)) for key, label in CAPACITIES if data.get(key)],
        "historique": history, "resultat": chosen, "explication": explanation,
        "montant": amount})
