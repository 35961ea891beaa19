"""Journal d'audit en ajout seul : qui, quand, quoi, avant, après.

L'ajout seul est garanti trois fois : ``save`` refuse une mise à jour, ``delete`` refuse,
et la base elle-même refuse ``UPDATE`` et ``DELETE`` (déclencheurs posés par la migration),
si bien que même une requête SQL directe ou l'administration ne peuvent réécrire l'histoire.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class ImmutableError(Exception):
    """Écriture refusée sur une donnée qui ne se modifie plus (journal, décision notifiée)."""


class AuditEntry(models.Model):
    horodatage = models.DateTimeField(auto_now_add=True, db_index=True)
    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.DO_NOTHING, db_constraint=False,
                                    related_name="+")
    identifiant = models.CharField("utilisateur (tel qu'à l'instant de l'action)", max_length=150)
    action = models.CharField(max_length=60)
    objet_type = models.CharField(max_length=60)
    objet_id = models.CharField(max_length=60)
    avant = models.JSONField(null=True, blank=True)
    apres = models.JSONField(null=True, blank=True)
    canal = models.CharField(max_length=10, default="web")  # web, api, cli, admin

    class Meta:
        verbose_name = "entrée du journal d'audit"
        verbose_name_plural = "journal d'audit"
        ordering = ["-horodatage", "-id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableError("le journal d'audit ne se modifie pas : ajoutez une entrée")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ImmutableError("le journal d'audit ne s'efface pas")
