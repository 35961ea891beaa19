"""Scénarios : liste, création et modification (valeurs de paramètres), comparaison de deux
calculs côte à côte, ESMS par ESMS et par agrégat."""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from campagne.exports.tables import Column
from campagne.params import ParameterSet
from campagne.params.errors import ParameterError
from campagne.params.loader import parse_yaml_text
from campagne.pipeline import default_parameters
from campagne.store import perms
from campagne.store.audit import record
from campagne.store.models import CampaignRecord, Run, ScenarioRecord
from campagne.web.views.common import campaign_for, download

COMPARE_COLUMNS = (Column("finess", "FINESS"), Column("raison_sociale", "Raison sociale"),
                   Column("departement", "Département"), Column("famille", "Famille"),
                   Column("a", "Dotation A", "euro"), Column("b", "Dotation B", "euro"),
                   Column("ecart", "Écart (B − A)", "euro"))


def _check_values(text: str, params: ParameterSet) -> dict[str, Any]:
    """Les valeurs saisies, vérifiées comme un fichier de paramètres (unités, clés)."""
    data = parse_yaml_text(text, "valeurs du scénario") if text.strip() else {}
    if not isinstance(data, dict):
        raise ParameterError("écrivez une valeur par ligne : « nom_du_parametre: valeur »")
    params.with_overrides("vérification", data)  # lève une erreur claire si une valeur est fausse
    return {k: _plain(v) for k, v in data.items()}


def _plain(value: Any) -> Any:
    """Valeur gardée en texte exact dans le JSON (jamais un flottant)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value if isinstance(value, str) else str(value)


def _as_text(values: dict[str, Any]) -> str:
    return yaml.safe_dump(values, allow_unicode=True, sort_keys=True) if values else ""


@login_required
def scenario_list(request: HttpRequest, code: str) -> HttpResponse:
    campaign = campaign_for(request, code)
    return render(request, "web/scenarios.html", {
        "title": f"Scénarios — {campaign.libelle}", "campagne": campaign,
        "scenarios": campaign.scenarios.all(),
        "peut_modifier": perms.can_edit_scenario(request.user, campaign),
        "calculs": campaign.calculs.filter(statut=Run.Status.DONE)[:30]})


@login_required
def scenario_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    campaign = campaign_for(request, code)
    if not perms.can_edit_scenario(request.user, campaign):
        raise PermissionDenied("seul le siège régional de l'ARS modifie les scénarios")
    scenario = get_object_or_404(ScenarioRecord, pk=pk, campagne=campaign) if pk else None
    form = {"nom": scenario.nom if scenario else "",
            "description": scenario.description if scenario else "",
            "valeurs": _as_text(scenario.valeurs) if scenario else "",
            "version": scenario.version if scenario else 0}
    errors: list[str] = []
    if request.method == "POST":
        form.update({k: request.POST.get(k, "") for k in ("nom", "description", "valeurs",
                                                           "version")})
        errors = _save(request, campaign, scenario, form)
        if not errors:
            return redirect("scenarios", code=code)
    return render(request, "web/scenario_form.html", {
        "title": "Modifier le scénario" if scenario else "Nouveau scénario",
        "campagne": campaign, "scenario": scenario, "form": form, "erreurs": errors,
        "parametres": sorted(default_parameters().parameters.values(), key=lambda p: p.name)})


def _save(request: HttpRequest, campaign: CampaignRecord, scenario: ScenarioRecord | None,
          form: dict[str, Any]) -> list[str]:
    nom = form["nom"].strip()
    if not nom:
        return ["donnez un nom au scénario"]
    try:
        values = _check_values(form["valeurs"], default_parameters())
    except ParameterError as exc:
        return [str(exc)]
    with transaction.atomic():
        if scenario is None:
            if campaign.scenarios.filter(nom=nom).exists():
                return [f"un scénario « {nom} » existe déjà pour cette campagne"]
            scenario = ScenarioRecord.objects.create(
                campagne=campaign, nom=nom, description=form["description"], valeurs=values,
                auteur=request.user)
            record(request.user, "creation_scenario", "scenario", scenario.pk,
                   apres={"nom": nom, "valeurs": values})
            messages.success(request, f"Scénario « {nom} » créé.")
            return []
        before = {"nom": scenario.nom, "valeurs": scenario.valeurs,
                  "description": scenario.description}
        # Mise à jour conditionnelle : si quelqu'un a enregistré entre-temps, rien n'est écrasé.
        updated = ScenarioRecord.objects.filter(
            pk=scenario.pk, version=int(form["version"] or 0)).update(
            nom=nom, description=form["description"], valeurs=values,
            version=scenario.version + 1)
        if not updated:
            return ["ce scénario a été modifié par quelqu'un d'autre depuis que vous l'avez "
                    "ouvert : rechargez la page, puis reportez vos changements"]
        record(request.user, "modification_scenario", "scenario", scenario.pk, avant=before,
               apres={"nom": nom, "valeurs": values, "description": form["description"]})
    messages.success(request, f"Scénario « {nom} » enregistré.")
    return []


def _rows(user: Any, run: Run) -> dict[str, dict[str, Any]]:
    qs = perms.visible_results(user).filter(calcul=run).values(
        "esms_id", "esms__raison_sociale", "departement", "famille", "dotation_totale")
    return {r["esms_id"]: r for r in qs}


def _group(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        g = out.setdefault(r[key], {key: r[key], "a": 0, "b": 0, "ecart": 0, "modifies": 0})
        g["a"] += r["a"] or 0
        g["b"] += r["b"] or 0
        g["ecart"] += r["ecart"]
        g["modifies"] += 1 if r["ecart"] else 0
    return [out[k] for k in sorted(out)]


@login_required
def compare(request: HttpRequest, code: str) -> HttpResponse:
    campaign = campaign_for(request, code)
    runs = campaign.calculs.filter(statut=Run.Status.DONE)
    run_a = get_object_or_404(runs, pk=request.GET.get("a")) if request.GET.get("a") else (
        runs.filter(scenario_nom="").first())
    run_b = get_object_or_404(runs, pk=request.GET.get("b")) if request.GET.get("b") else None
    if run_a is None or run_b is None:
        messages.info(request, "Choisissez deux calculs à comparer.")
        return redirect("scenarios", code=code)
    a, b = _rows(request.user, run_a), _rows(request.user, run_b)
    rows = []
    for finess in sorted(set(a) | set(b)):
        ra, rb = a.get(finess), b.get(finess)
        ref = ra or rb
        assert ref is not None
        va = ra["dotation_totale"] if ra else None
        vb = rb["dotation_totale"] if rb else None
        rows.append({"finess": finess, "raison_sociale": ref["esms__raison_sociale"],
                     "departement": ref["departement"], "famille": ref["famille"],
                     "a": va, "b": vb, "ecart": (vb or 0) - (va or 0)})
    response = download(request, f"comparaison-{run_a.pk}-{run_b.pk}", COMPARE_COLUMNS, rows)
    if response:
        return response
    show_margin = perms.can_view_margin(request.user, campaign)
    return render(request, "web/comparaison.html", {
        "title": "Comparaison de deux calculs", "campagne": campaign, "a": run_a, "b": run_b,
        "lignes": [r for r in rows if r["ecart"]][:500], "nombre_modifies":
            sum(1 for r in rows if r["ecart"]),
        "par_departement": _group(rows, "departement"), "par_famille": _group(rows, "famille"),
        "total": {"a": sum(r["a"] or 0 for r in rows), "b": sum(r["b"] or 0 for r in rows),
                  "ecart": sum(r["ecart"] for r in rows)},
        "marge_a": run_a.marge if show_margin else None,
        "marge_b": run_b.marge if show_margin else None,
        "calculs": runs[:30]})

