"""Écrire une entrée du journal d'audit (à appeler dans la transaction de la modification)."""

from __future__ import annotations

from typing import Any

from campagne.store.models import AuditEntry


def record(user: Any, action: str, objet_type: str, objet_id: object, *,
           avant: Any = None, apres: Any = None, canal: str = "web") -> AuditEntry:
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        utilisateur=user if authenticated else None,
        identifiant=user.get_username() if authenticated else "système",
        action=action, objet_type=objet_type, objet_id=str(objet_id),
        avant=avant, apres=apres, canal=canal,
    )
