"""Tableau de bord d'une campagne (DRL, accordé, marge, par département et par famille),
lancement d'un calcul et suivi de sa progression."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campagne.envelopes.margin import Override
from campagne.exports.tables import Column
from campagne.store import perms
from campagne.store.models import CampaignRecord, Result, Run, ScenarioRecord
from campagne.store.runs import execute_run, start_run
from campagne.web.views.common import campaign_for, current_run, download

AGG_COLUMNS = (Column("esms", "ESMS", "nombre"), Column("base", "Base N-1", "euro"),
               Column("perenne", "Dotation pérenne", "euro"),
               Column("non_perenne", "Crédits non pérennes", "euro"),
               Column("totale", "Dotation totale", "euro"))


DRL_COLUMNS = (Column("libelle", "Ligne de la DRL"), Column("nature", "Nature"),
               Column("enveloppe", "Publié", "euro"), Column("consomme", "Imputé", "euro"),
               Column("marge", "Marge", "euro"))


SUMS = ("esms", "base", "perenne", "non_perenne", "totale")


def _aggregate(results: QuerySet[Result], key: str) -> list[dict[str, Any]]:
    rows = (results.values(key).annotate(
        esms=Count("id"), base=Sum("base_reconductible"), perenne=Sum("dotation_perenne"),
        non_perenne=Sum("dotation_non_perenne"), totale=Sum("dotation_totale"))
        .order_by(key))
    return list(rows)


def _from_aggregates(run: Run, departments: set[str] | None, key: str) -> list[dict[str, Any]]:
    """Les sommes du calcul (rangées avec lui) restreintes aux départements visibles."""
    out: dict[str, dict[str, Any]] = {}
    for row in run.agregats:
        if departments is not None and row["departement"] not in departments:
            continue
        group = out.setdefault(row[key], {key: row[key], **dict.fromkeys(SUMS, 0)})
        for field in SUMS:
            group[field] += row[field] or 0
    return [out[k] for k in sorted(out)]


def aggregates(user: Any, run: Run | None, key: str) -> list[dict[str, Any]]:
    """Les sommes par département ou par famille dans le périmètre de l'utilisateur."""
    if run is None:
        return []
    departments = perms.visible_departments(user)
    if departments == set():  # organisme : ses seuls ESMS
        return _aggregate(perms.visible_results(user).filter(calcul=run), key)
    return _from_aggregates(run, departments, key)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    code = settings.CAMPAGNE_PAR_DEFAUT
    campaign = CampaignRecord.objects.filter(pk=code).first()
    if campaign and perms.can_view_campaign(request.user, campaign):
        return redirect("tableau_de_bord", code=code)
    return redirect("campagnes")


@login_required
def campaigns(request: HttpRequest) -> HttpResponse:
    visible = [c for c in CampaignRecord.objects.all()
               if perms.can_view_campaign(request.user, c)]
    return render(request, "web/campagnes.html", {"campagnes": visible, "title": "Campagnes"})


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    campaign = campaign_for(request, code)
    run = current_run(campaign, request.GET.get("calcul"))
    by_dep = aggregates(request.user, run, "departement")
    by_family = aggregates(request.user, run, "famille")
    table = request.GET.get("tableau")
    show_margin = perms.can_view_margin(request.user, campaign)
    if table == "drl" and run and run.marge and show_margin:
        lines = [{**line, "libelle": "  " * line["depth"] + line["libelle"]}
                 for line in run.marge["lignes"]]
        response = download(request, f"{code}-drl", DRL_COLUMNS, lines)
        if response:
            return response
    if table in ("departements", "familles"):
        key = "departement" if table == "departements" else "famille"
        cols = (Column(key, key.capitalize()), *AGG_COLUMNS)
        response = download(request, f"{code}-{table}", cols,
                            by_dep if table == "departements" else by_family)
        if response:
            return response
    context = {
        "title": f"Tableau de bord — {campaign.libelle}", "campagne": campaign, "calcul": run,
        "par_departement": by_dep, "par_famille": by_family,
        "max_departement": max((r["totale"] or 0 for r in by_dep), default=0),
        "max_famille": max((r["totale"] or 0 for r in by_family), default=0),
        "total": sum(r["totale"] or 0 for r in by_dep),
        "marge": run.marge if (run and show_margin) else None,
        "calculs": campaign.calculs.filter(statut=Run.Status.DONE)[:20],
        "peut_calculer": perms.can_run_campaign(request.user, campaign),
        "scenarios": campaign.scenarios.all(),
    }
    return render(request, "web/tableau_de_bord.html", context)


def _execute(run: Run, user: Any, override: Override | None) -> None:
    def progress(pct: int, message: str) -> None:
        Run.objects.filter(pk=run.pk).update(progression=pct, message=message)

    try:
        execute_run(run, user=user, override=override, canal="web", progress=progress)
    except Exception:  # noqa: BLE001 - l'échec est consigné sur le calcul (statut, message)
        pass


@login_required
@require_POST
def launch(request: HttpRequest, code: str) -> HttpResponse:
    campaign = campaign_for(request, code)
    if not perms.can_run_campaign(request.user, campaign):
        raise PermissionDenied("seul le siège régional de l'ARS lance un calcul")
    scenario = None
    if request.POST.get("scenario"):
        scenario = get_object_or_404(ScenarioRecord, pk=request.POST["scenario"],
                                     campagne=campaign)
    reason = request.POST.get("derogation", "").strip()
    override = Override(reason, auteur=request.user.get_username()) if reason else None
    run = start_run(code, scenario, request.user)
    if getattr(settings, "CAMPAGNE_CALCUL_SYNCHRONE", False):
        _execute(run, request.user, override)
    else:
        threading.Thread(target=_execute, args=(run, request.user, override),
                         daemon=True).start()
    return redirect("calcul", code=code, pk=run.pk)


@login_required
def run_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    campaign = campaign_for(request, code)
    run = get_object_or_404(Run, pk=pk, campagne=campaign)
    return render(request, "web/calcul.html", {"title": f"Calcul n° {run.pk}",
                                                "campagne": campaign, "calcul": run})


@login_required
def run_status(request: HttpRequest, code: str, pk: int) -> JsonResponse:
    campaign = campaign_for(request, code)
    run = get_object_or_404(Run, pk=pk, campagne=campaign)
    return JsonResponse({"statut": run.statut, "progression": run.progression,
                         "message": run.message})
