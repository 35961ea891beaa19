"""Interface en ligne de commande ``campagne`` (typer + rich), en français.

Chaque commande est un appel mince au cœur métier ; les erreurs du domaine sont affichées
en clair (code de sortie 1), jamais sous forme de trace Python.
"""

from __future__ import annotations

from campagne.cli.app import app
from campagne.cli import campaign_cmds, finess_cmds, params_cmds, repartir_cmd  # noqa: F401
from campagne.cli import cnr_cmds, serve_cmds  # noqa: F401
from campagne.cli import tables_cmds  # noqa: F401
from campagne.cli import activite_cmds  # noqa: F401
from campagne.cli import national_cmds  # noqa: F401
from campagne.cli import arrete_cmds  # noqa: F401
from campagne.cli import export_cmds  # noqa: F401
from campagne.cli import budget_cmds  # noqa: F401

__all__ = ["app"]
