"""Arrêtés de tarification en PDF : données, gabarit d'impression, numérotation, lots.

L'export met en forme, il ne calcule rien : les montants, leur décomposition et leur
explication viennent du moteur (``CampaignResult`` et ``campagne.engine.explain``) ; les
phrases juridiques fixes viennent de ``textes.yaml``. Formats : ``docs/arretes.md``.
"""

from campagne.exports.arrete.batch import ArreteEcrit, generate_batch, write_registre
from campagne.exports.arrete.data import ArreteData, Ligne, Modification, arrete_from_result
from campagne.exports.arrete.html import render_html
from campagne.exports.arrete.numero import Numerotation, numero_arrete
from campagne.exports.arrete.pdf import (
    ExternalResourceError,
    render_pdf,
    stored_copy,
    write_arrete,
)

__all__ = [
    "ArreteData", "ArreteEcrit", "ExternalResourceError", "Ligne", "Modification",
    "Numerotation", "arrete_from_result", "generate_batch", "numero_arrete", "render_html",
    "render_pdf", "stored_copy", "write_arrete", "write_registre",
]
