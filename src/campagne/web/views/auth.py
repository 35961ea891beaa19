"""Connexion et déconnexion (formulaires Django, gabarits DSFR), journalisées."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.views import LoginView
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from campagne.store.audit import record
from campagne.web.security import login_blocked, login_failed, login_succeeded


class Login(LoginView):
    template_name = "web/connexion.html"
    extra_context = {"title": "Connexion"}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if login_blocked(username, request):
            record(None, "connexion_bloquee", "utilisateur", username)
            response = self.render_to_response(self.get_context_data(
                form=self.get_form(), bloque=True))
            response.status_code = 429
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            login_succeeded(username, request)
        else:
            login_failed(username, request)
        return response


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(user, "connexion", "utilisateur", user.pk)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    record(None, "connexion_refusee", "utilisateur", credentials.get("username", "?"))
