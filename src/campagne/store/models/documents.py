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
    """Un EPRD ou un ERRD déposé par un organisme gestionnaire pour tout ou partie de ses ET :
    le fichier des comptes de résultat, les pièces jointes, le rapport des contrôles
    (``campagne.budget``) et la décision de l'ARS."""

    class Status(models.TextChoices):
        DEPOSE = "depose", "déposé, à examiner"
        ACCEPTE = "accepte", "accepté"
        REFUSE = "refuse", "refusé"
        REMPLACE = "remplace", "remplacé par un dépôt plus récent"

    organisme = models.ForeignKey("store.ManagingBody", on_delete=models.PROTECT,
                                  related_name="documents")
    esms = models.ManyToManyField("store.Esms", related_name="documents_budgetaires")
    type_document = models.CharField(max_length=10)
    exercice = models.IntegerField()
    fichier = models.FileField(upload_to="documents/%Y/")
    nom_fichier = models.CharField(max_length=200)
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64)
    pieces = models.JSONField(default=list)  # codes des pièces jointes (errd_complet…)
    rapport = models.JSONField(default=dict)  # constats, résumé, comptes de résultat
    bloquant = models.BooleanField(default=False)
    statut = models.CharField(max_length=10, choices=Status.choices, default=Status.DEPOSE)
    motif = models.TextField(blank=True)
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    depose_le = models.DateTimeField(auto_now_add=True)
    decide_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decide_le = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)  # détecte les décisions concurrentes

    class Meta:
        verbose_name = "document budgétaire"
        verbose_name_plural = "documents budgétaires"
        ordering = ["-depose_le"]

    def __str__(self) -> str:
        return f"{self.type_document} {self.exercice} — EJ {self.organisme_id}"


class BudgetAttachment(models.Model):
    """Une pièce jointe au dépôt (annexe activité, TER, rapport…), sous son code."""

    document = models.ForeignKey(BudgetDocument, on_delete=models.CASCADE,
                                 related_name="pieces_jointes")
    code = models.CharField(max_length=60)
    fichier = models.FileField(upload_to="documents/pieces/%Y/")
    nom = models.CharField(max_length=200)

    class Meta:
        verbose_name = "pièce d'un dépôt budgétaire"
        verbose_name_plural = "pièces des dépôts budgétaires"


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
