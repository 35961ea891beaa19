"""Sécurité transverse : politique de sécurité du contenu (CSP, avec un nonce par requête
pour les rares scripts en ligne) et limitation des tentatives de connexion."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicy:
    """Scripts et styles de l'application seulement ; pas de cadre, pas d'appel tiers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            return response  # la documentation de l'API a ses propres scripts
        response.setdefault("Content-Security-Policy", (
            f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"))
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def _key(username: str, request: HttpRequest) -> str:
    ip = request.META.get("REMOTE_ADDR", "?")
    return f"connexion-echecs:{username.lower()}:{ip}"


def login_blocked(username: str, request: HttpRequest) -> bool:
    return cache.get(_key(username, request), 0) >= settings.CAMPAGNE_CONNEXION_ESSAIS


def login_failed(username: str, request: HttpRequest) -> None:
    key = _key(username, request)
    cache.set(key, cache.get(key, 0) + 1, settings.CAMPAGNE_CONNEXION_BLOCAGE)


def login_succeeded(username: str, request: HttpRequest) -> None:
    cache.delete(_key(username, request))
