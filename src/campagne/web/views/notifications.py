"""Les notifications de l'utilisateur (décisions notifiées, étapes de ses demandes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from campagne.store.models import Notification


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(destinataire=request.user)
    if request.method == "POST":
        mine.filter(lue=False).update(lue=True)
        return redirect("notifications")
    return render(request, "web/notifications.html", {"title": "Notifications",
                                                      "notifications": mine[:200]})
