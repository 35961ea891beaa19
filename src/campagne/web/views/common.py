"""Outils communs aux écrans : téléchargement des tableaux, campagne et calcul courants."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from campagne.exports.tables import CONTENT_TYPES, Column, table_bytes
from campagne.store import perms
from campagne.store.models import CampaignRecord, Run

DOWNLOADS = ("csv", "xlsx")


def download(request: HttpRequest, name: str, columns: Sequence[Column],
             rows: Sequence[dict[str, Any]]) -> HttpResponse | None:
    """Le tableau en fichier si ``?format=csv|xlsx`` est demandé, sinon None."""
    fmt = request.GET.get("format")
    if fmt not in DOWNLOADS:
        return None
    response = HttpResponse(table_bytes(fmt, columns, rows), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def campaign_for(request: HttpRequest, code: str) -> CampaignRecord:
    campaign = get_object_or_404(CampaignRecord, pk=code)
    if not perms.can_view_campaign(request.user, campaign):
        raise PermissionDenied("cette campagne n'est pas dans votre périmètre")
    return campaign


def current_run(campaign: CampaignRecord, run_id: str | None = None) -> Run | None:
    """Le calcul demandé, sinon le dernier calcul terminé de référence (sans scénario)."""
    runs = campaign.calculs.filter(statut=Run.Status.DONE)
    if run_id:
        return get_object_or_404(runs, pk=run_id)
    return runs.filter(scenario_nom="").first() or runs.first()


def euros(cents: int | None) -> str:
    from campagne.money import format_euros

    return "—" if cents is None else format_euros(int(cents))
