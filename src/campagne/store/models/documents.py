"""Demandes de CNR, documents budgétaires et rapports d'activité déposés."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CnrRequestRecord(models.Model):
    """Une demande de crédits non reconductibles."""

    identifiant = models.CharField(max_length=40, unique=True)
    campagne = models.ForeignKey("store.CampaignRecord", on_delete=models.CASCADE,
                                 related_name="demandes_cnr")
    esms = models.ForeignKey("store.Esms", on_delete=models.CASCADE, related_name="demandes_cnr")
    categorie = models.CharField(max_length=40)
    montant = models.BigIntegerField("montant demandé (centimes)")
    justification = models.TextField()
    date_demande = models.DateField(null=True, blank=True)
    details = models.JSONField(default=dict)  # coût des travaux, molécule, durée de stage…
    statut = models.CharField(max_length=20, default="deposee")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    cree_le = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "demande de CNR"
        verbose_name_plural = "demandes de CNR"
        ordering = ["-cree_le"]


class BudgetDocument(models.Model):
    """Un BP, CA, EPRD ou ERRD déposé par un organisme gestionnaire."""

    esms = models.ForeignKey("store.Esms", on_delete=models.CASCADE, related_name="documents")
    type_document = models.CharField(max_length=10)
    exercice = models.IntegerField()
    fichier = models.FileField(upload_to="documents/%Y/")
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    depose_le = models.DateTimeField(auto_now_add=True)
    statut = models.CharField(max_length=20, default="depose")
    rapport = models.JSONField(default=dict)

    class Meta:
        verbose_name = "document budgétaire"
        verbose_name_plural = "documents budgétaires"


class ActivityReport(models.Model):
    """Un rapport d'activité annuel d'un ESMS."""

    esms = models.ForeignKey("store.Esms", on_delete=models.CASCADE, related_name="rapports")
    annee = models.IntegerField()
    donnees = models.JSONField()
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    depose_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rapport d'activité"
        verbose_name_plural = "rapports d'activité"
        constraints = [models.UniqueConstraint(fields=["esms", "annee"],
                                               name="un_rapport_par_esms_et_annee")]
