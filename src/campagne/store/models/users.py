"""Utilisateurs : rôle et portée (région, départements, organismes), jetons d'API."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "administrateur"
    ARS_REGION = "ars_region", "agent de l'ARS (siège régional)"
    ARS_DEPARTEMENT = "ars_departement", "agent de délégation départementale"
    ORGANISME = "organisme", "organisme gestionnaire"
    AUDITEUR = "auditeur", "auditeur (lecture seule)"


class Profile(models.Model):
    utilisateur = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                       related_name="profil")
    role = models.CharField(max_length=20, choices=Role.choices)
    region = models.CharField(max_length=2, blank=True)  # vide : toutes (admin, auditeur national)
    departements = models.JSONField(default=list, blank=True)
    organismes = models.ManyToManyField("store.ManagingBody", blank=True,
                                        related_name="utilisateurs")

    class Meta:
        verbose_name = "profil"

    def __str__(self) -> str:
        return f"{self.utilisateur} ({self.get_role_display()})"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """Jeton d'API d'un utilisateur (seule son empreinte est gardée)."""

    utilisateur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="jetons")
    nom = models.CharField(max_length=80)
    empreinte = models.CharField(max_length=64, unique=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    dernier_usage = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"

    @classmethod
    def issue(cls, user: object, nom: str) -> tuple[ApiToken, str]:
        """Crée un jeton ; la valeur en clair n'est rendue qu'une fois."""
        raw = "cb_" + secrets.token_urlsafe(32)
        return cls.objects.create(utilisateur=user, nom=nom, empreinte=hash_token(raw)), raw
