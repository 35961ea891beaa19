"""Connexion et déconnexion (formulaires Django, gabarits DSFR), journalisées."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.dispatch import receiver

from campagne.store.audit import record


class Login(LoginView):
    template_name = "web/connexion.html"
    extra_context = {"title": "Connexion"}


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, "connexion", "utilisateur", user.pk)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    record(None, "connexion_refusee", "utilisateur", credentials.get("username", "?"))
