"""Le portefeuille : organismes gestionnaires (EJ) et ESMS (ET)."""

from __future__ import annotations

from django.db import models


class ManagingBody(models.Model):
    """Organisme gestionnaire (entité juridique FINESS)."""

    finess = models.CharField("FINESS de l'EJ", max_length=9, primary_key=True)
    raison_sociale = models.CharField(max_length=200, blank=True)
    statut_juridique = models.CharField(max_length=2, blank=True)

    class Meta:
        verbose_name = "organisme gestionnaire"
        verbose_name_plural = "organismes gestionnaires"

    def __str__(self) -> str:
        return f"{self.finess} {self.raison_sociale}".strip()


class Esms(models.Model):
    """Un établissement ou service : les colonnes les plus lues sont des champs (filtres,
    agrégats) ; la ligne complète du portefeuille, typée, est gardée dans ``donnees``."""

    finess = models.CharField("FINESS de l'ET", max_length=9, primary_key=True)
    organisme = models.ForeignKey(ManagingBody, on_delete=models.PROTECT, related_name="esms")
    raison_sociale = models.CharField(max_length=200)
    categorie = models.CharField("catégorie FINESS", max_length=4)
    departement = models.CharField(max_length=3)
    region = models.CharField(max_length=2)
    secteur = models.CharField(max_length=5)
    famille = models.CharField(max_length=80)
    capacite = models.IntegerField(null=True)
    base_reconductible = models.BigIntegerField("base reconductible (centimes)", null=True)
    donnees = models.JSONField("ligne du portefeuille")

    class Meta:
        verbose_name = "ESMS"
        verbose_name_plural = "ESMS"
        indexes = [models.Index(fields=["region", "departement"]),
                   models.Index(fields=["categorie"])]

    def __str__(self) -> str:
        return f"{self.finess} {self.raison_sociale}"
