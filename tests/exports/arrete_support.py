"""Outils communs des tests d'arrêtés : la campagne de démo et le texte d'un PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest

from campagne.demo import demo_portfolio_path
from campagne.engine import CampaignResult
from campagne.pipeline import compute
from campagne.referentiel.portfolio import read_portfolio


@cache
def demo_result() -> CampaignResult:
    return compute(read_portfolio(demo_portfolio_path()), "ph-2024-idf")


def pdf_text(path: Path) -> str:
    """Le texte du PDF par ``pdftotext`` (poppler-utils), blancs réduits à une espace : une
    phrase coupée en fin de ligne se relit d'un tenant, et les espaces insécables (que
    pdftotext rend comme des espaces) se comparent à des espaces. En CI l'outil est exigé ;
    ailleurs le test est sauté avec un message."""
    exe = shutil.which("pdftotext")
    if exe is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext (poppler-utils) est exigé en CI pour lire les arrêtés PDF")
        pytest.skip("pdftotext (poppler-utils) absent : lecture du texte des PDF sautée hors CI")
    out = subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         check=True).stdout.decode("utf-8")
    return " ".join(out.split())


def plain(text: str) -> str:
    """Un texte attendu (montant de ``format_euros``…) avec ses blancs réduits à une espace."""
    return " ".join(text.split())
