"""Variables de gabarit communes : le profil de l'utilisateur et les entrées du menu."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    profil = getattr(user, "profil", None) if user and user.is_authenticated else None
    unread = 0
    if user is not None and user.is_authenticated:
        from campagne.store.models import Notification

        unread = Notification.objects.filter(destinataire=user, lue=False).count()
    return {"profil": profil, "campagne_par_defaut": settings.CAMPAGNE_PAR_DEFAUT,
            "notifications_non_lues": unread}
