"""Interface en ligne de commande ``campagne`` (typer + rich), en français.

Chaque commande est un appel mince au cœur métier ; les erreurs du domaine sont affichées
en clair (code de sortie 1), jamais sous forme de trace Python.
"""

from __future__ import annotations

# Chaque module déclare ses commandes sur ``app`` à l'import.
from campagne.cli import (  # noqa: F401
    activite_cmds,
    arrete_cmds,
    budget_cmds,
    campaign_cmds,
    cnr_cmds,
    export_cmds,
    finess_cmds,
    national_cmds,
    params_cmds,
    repartir_cmd,
    serve_cmds,
    tables_cmds,
)
from campagne.cli.app import app

__all__ = ["app"]
