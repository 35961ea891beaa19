"""Décisions à l'écran : proposer depuis un calcul, revoir (délégation), valider, notifier
(arrêtés PDF en tâche de fond, avec progression), consulter, corriger (modificatif)."""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campagne.exports.tables import Column
from campagne.store import decisions as wf
from campagne.store import perms
from campagne.store.models import Decision, Run, Task
from campagne.web.views.common import campaign_for, download

COLUMNS = (Column("esms_id", "FINESS"), Column("esms__raison_sociale", "ESMS"),
           Column("esms__departement", "Département"), Column("phase", "Phase", "nombre"),
           Column("statut", "Statut"), Column("dotation_perenne", "Pérenne", "euro"),
           Column("dotation_non_perenne", "Non pérenne", "euro"),
           Column("dotation_totale", "Totale", "euro"), Column("numero_arrete", "Arrêté"))


def _scoped(request: HttpRequest, code: str):  # type: ignore[no-untyped-def]
    return Decision.objects.filter(campagne_id=code,
                                   esms__in=perms.visible_esms(request.user))


@login_required
def decision_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign = campaign_for(request, code)
    qs = _scoped(request, code)
    phase = request.GET.get("phase")
    if phase:
        qs = qs.filter(phase=phase)
    rows = list(qs.values(*(c.key for c in COLUMNS))[:20000])
    response = download(request, f"decisions-{code}", COLUMNS, rows)
    if response:
        return response
    counts = (qs.values("phase", "esms__departement", "statut").annotate(n=Count("id"))
              .order_by("phase", "esms__departement", "statut"))
    return render(request, "web/decisions.html", {
        "title": f"Décisions — {campaign.libelle}", "campagne": campaign, "comptes": counts,
        "calculs": campaign.calculs.filter(statut=Run.Status.DONE, scenario_nom="")[:10],
        "role": perms.role_of(request.user), "phase": phase or "",
        "dernieres": qs.select_related("esms").order_by("-cree_le")[:50],
        "taches": Task.objects.filter(campagne=campaign)[:5]})


def _notify_in_background(task: Task, ids: list[int], user: Any) -> None:
    def progress(done: int, total: int) -> None:
        Task.objects.filter(pk=task.pk).update(progression=round(100 * done / total),
                                               message=f"{done} arrêté(s) sur {total}")

    try:
        from campagne.store import arretes  # rendu PDF : chargé à la demande (WeasyPrint)

        count = wf.notify(Decision.objects.filter(id__in=ids), user, arretes.render_decision,
                          progress)
        Task.objects.filter(pk=task.pk).update(statut=Task.Status.DONE, progression=100,
                                               message=f"{count} décision(s) notifiée(s)")
    except Exception as exc:  # noqa: BLE001 - l'échec est affiché sur la tâche
        Task.objects.filter(pk=task.pk).update(statut=Task.Status.FAILED, message=str(exc))


@login_required
@require_POST
def decision_action(request: HttpRequest, code: str) -> HttpResponse:
    campaign = campaign_for(request, code)
    action, phase = request.POST.get("action"), int(request.POST.get("phase") or 1)
    qs = _scoped(request, code).filter(phase=phase)
    # Périmètre facultatif de l'action : un département, ou une liste de FINESS.
    if request.POST.get("departement"):
        qs = qs.filter(esms__departement=request.POST["departement"])
    finess = [f.strip() for f in request.POST.get("finess", "").replace(";", ",").split(",")
              if f.strip()]
    if finess:
        qs = qs.filter(esms_id__in=finess)
    try:
        if action == "proposer":
            run = get_object_or_404(Run, pk=request.POST.get("calcul"), campagne=campaign)
            messages.success(request, f"{wf.propose(run, phase, request.user)} décisions "
                                      "proposées.")
        elif action == "revoir":
            messages.success(request, f"{wf.review(qs, request.user)} décisions revues.")
        elif action == "valider":
            messages.success(request, f"{wf.validate(qs, request.user)} décisions validées.")
        elif action == "notifier":
            if perms.role_of(request.user) not in ("ars_region", "admin"):
                raise wf.WorkflowError("la notification revient au siège régional de l'ARS")
            ids = list(qs.filter(statut=Decision.Status.VALIDATED).values_list("id", flat=True))
            if not ids:
                raise wf.WorkflowError("aucune décision validée à notifier")
            task = Task.objects.create(nature="notification", campagne=campaign,
                                       auteur=request.user)
            if getattr(settings, "CAMPAGNE_CALCUL_SYNCHRONE", False):
                _notify_in_background(task, ids, request.user)
            else:
                threading.Thread(target=_notify_in_background, args=(task, ids, request.user),
                                 daemon=True).start()
            return redirect("tache", pk=task.pk)
        else:
            raise wf.WorkflowError("action inconnue")
    except wf.WorkflowError as exc:
        messages.error(request, str(exc))
    return redirect(f"/campagnes/{code}/decisions/?phase={phase}")


@login_required
def task_page(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task, pk=pk, auteur=request.user)
    if request.GET.get("format") == "json":
        return JsonResponse({"statut": task.statut, "progression": task.progression,
                             "message": task.message})
    return render(request, "web/tache.html", {"title": "Notification en cours", "tache": task})


def _decision(request: HttpRequest, pk: int) -> Decision:
    found = Decision.objects.filter(pk=pk, esms__in=perms.visible_esms(request.user)
                                    ).select_related("esms", "campagne", "remplace").first()
    if found is None:
        raise Http404("décision introuvable dans votre périmètre")
    return found


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    if request.method == "POST":
        run = get_object_or_404(Run, pk=request.POST.get("calcul"), campagne=decision.campagne)
        try:
            new = wf.correct(decision, run, request.POST.get("motif", ""), request.user)
        except wf.WorkflowError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Décision modificative créée : elle suit le parcours "
                                      "de revue, validation et notification.")
            return redirect("decision", pk=new.pk)
    return render(request, "web/decision.html", {
        "title": f"Décision — {decision.esms.raison_sociale}", "decision": decision,
        "peut_corriger": decision.statut == Decision.Status.NOTIFIED
        and perms.can_run_campaign(request.user, decision.campagne),
        "calculs": decision.campagne.calculs.filter(statut=Run.Status.DONE)[:10]})


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> FileResponse:
    decision = _decision(request, pk)
    if not decision.arrete:
        raise Http404("cette décision n'a pas encore d'arrêté")
    return FileResponse(decision.arrete.open("rb"), as_attachment=True,
                        filename=f"{decision.numero_arrete}.pdf",
                        content_type="application/pdf")
