"""Base commune des erreurs du domaine : un message en français qui nomme l'ESMS, le champ et
la correction. La ligne de commande (et plus tard l'application web) affiche toute
:class:`CampagneError` en clair, sans trace Python."""

from __future__ import annotations


class CampagneError(ValueError):
    """Erreur du domaine, destinée à l'utilisateur."""
