"""Tâches longues lancées depuis l'application (notification d'une phase : un arrêté PDF par
ESMS), suivies par une barre de progression."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Task(models.Model):
    class Status(models.TextChoices):
        RUNNING = "en_cours", "en cours"
        DONE = "termine", "terminé"
        FAILED = "echec", "échec"

    nature = models.CharField(max_length=40)
    campagne = models.ForeignKey("store.CampaignRecord", null=True, on_delete=models.CASCADE)
    statut = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    progression = models.PositiveSmallIntegerField(default=0)
    message = models.TextField(blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tâche"
        ordering = ["-cree_le"]
