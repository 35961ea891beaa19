"""Rendu PDF (WeasyPrint), copie conservée et écriture d'un arrêté.

Le rendu n'accède à rien hors du document : la feuille de style est incluse, les polices sont
celles de la machine (fontconfig), et le récupérateur d'URL refuse toute ressource externe
(http, https, ftp, file…) en arrêtant le rendu. Un arrêté ne dépend donc ni du réseau ni d'un
fichier voisin, et deux rendus des mêmes données donnent les mêmes octets (dates du PDF fixées
à la date de signature).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from campagne.errors import CampagneError
from campagne.exports.arrete.data import ArreteData
from campagne.exports.arrete.html import render_html


class ExternalResourceError(CampagneError):
    """Le gabarit a demandé une ressource externe : refusée."""


def _fetcher():  # type: ignore[no-untyped-def]
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Refuse toute URL : le document d'un arrêté est autonome."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), fail_on_errors=True)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: object = None) -> object:
            self.refused.append(url)
            raise FatalURLFetchingError(f"ressource externe refusée : {url}")

    return LocalOnlyFetcher()


def local_only_fetcher():  # type: ignore[no-untyped-def]
    """Le récupérateur d'URL du rendu (exposé pour les tests)."""
    return _fetcher()


def render_pdf(data: ArreteData) -> bytes:
    """L'arrêté en PDF (A4), sans aucun accès réseau."""
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    fetcher = _fetcher()
    try:
        return HTML(string=render_html(data), url_fetcher=fetcher).write_pdf()
    except FatalURLFetchingError as exc:
        raise ExternalResourceError(
            f"arrêté n° {data.numero} : le gabarit demande une ressource externe "
            f"({', '.join(fetcher.refused)}) ; un arrêté doit être autonome") from exc


def stored_copy(pdf: bytes) -> tuple[str, bytes]:
    """La copie conservée : l'empreinte SHA-256 (hexadécimale) et les octets eux-mêmes."""
    return hashlib.sha256(pdf).hexdigest(), bytes(pdf)


def file_name(numero: str, finess: str) -> str:
    return f"arrete_{numero}_{finess}.pdf"


def write_bytes(path: Path, content: bytes, replace: bool) -> None:
    """Écrit d'un bloc (fichier temporaire puis renommage) : jamais de PDF tronqué ; refuse
    d'écraser une copie existante sauf ``replace``."""
    if path.exists() and not replace:
        raise CampagneError(f"{path} existe déjà : un arrêté émis n'est pas réécrit (prenez un "
                            "arrêté modificatif, un autre numéro, ou l'option de remplacement)")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)


def write_arrete(data: ArreteData, dossier: Path, *, replace: bool = False) -> tuple[Path, str]:
    """Écrit ``arrete_<numéro>_<FINESS>.pdf`` dans ``dossier`` ; rend le chemin et l'empreinte
    SHA-256 des octets écrits."""
    dossier.mkdir(parents=True, exist_ok=True)
    sha, content = stored_copy(render_pdf(data))
    path = dossier / file_name(data.numero, data.finess)
    write_bytes(path, content, replace)
    return path, sha
