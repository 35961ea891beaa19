"""Décisions de tarification (ce qui devient l'arrêté), pièces des demandes de CNR et
notifications aux utilisateurs.

Une décision notifiée ne se modifie plus : ``save`` et ``delete`` refusent, et la base
refuse UPDATE et DELETE sur une ligne au statut « notifiée » (déclencheurs de la migration).
Une correction est une nouvelle décision, modificative, liée à la précédente et motivée.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from campagne.store.models.audit import ImmutableError


class Decision(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposee", "proposée"
        REVIEWED = "revue", "revue par la délégation départementale"
        VALIDATED = "validee", "validée"
        NOTIFIED = "notifiee", "notifiée"

    campagne = models.ForeignKey("store.CampaignRecord", on_delete=models.PROTECT,
                                 related_name="decisions")
    calcul = models.ForeignKey("store.Run", on_delete=models.PROTECT, related_name="decisions")
    esms = models.ForeignKey("store.Esms", on_delete=models.PROTECT, related_name="decisions")
    phase = models.PositiveSmallIntegerField()  # 1 = mai–juillet, 2 = automne [ROB24 §1]
    statut = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    dotation_perenne = models.BigIntegerField()
    dotation_non_perenne = models.BigIntegerField()
    dotation_totale = models.BigIntegerField()
    lignes = models.JSONField(default=list)  # étapes : libellé, nature, montant, référence
    remplace = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="modificatifs")
    motif = models.TextField(blank=True)
    numero_arrete = models.CharField(max_length=40, blank=True)
    arrete = models.FileField(upload_to="arretes/%Y/", blank=True)
    empreinte_arrete = models.CharField(max_length=64, blank=True)
    revue_par = models.CharField(max_length=150, blank=True)
    validee_par = models.CharField(max_length=150, blank=True)
    notifiee_par = models.CharField(max_length=150, blank=True)
    notifiee_le = models.DateTimeField(null=True, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "décision de tarification"
        verbose_name_plural = "décisions de tarification"
        ordering = ["campagne", "phase", "esms"]
        indexes = [models.Index(fields=["campagne", "phase", "statut"])]

    def __str__(self) -> str:
        return f"{self.numero_arrete or 'décision'} — {self.esms_id} (phase {self.phase})"

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("statut", flat=True).first()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._stored_status() == self.Status.NOTIFIED:
            raise ImmutableError(
                f"la décision {self.numero_arrete or self.pk} est notifiée : elle ne se modifie "
                "plus ; créez une décision modificative motivée")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._stored_status() == self.Status.NOTIFIED:
            raise ImmutableError("une décision notifiée ne se supprime pas")
        return super().delete(*args, **kwargs)


class CnrAttachment(models.Model):
    demande = models.ForeignKey("store.CnrRequestRecord", on_delete=models.CASCADE,
                                related_name="pieces")
    fichier = models.FileField(upload_to="cnr/%Y/")
    nom = models.CharField(max_length=200)
    depose_par = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    depose_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"


class Notification(models.Model):
    destinataire = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="notifications")
    message = models.TextField()
    lien = models.CharField(max_length=300, blank=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    lue = models.BooleanField(default=False)

    class Meta:
        ordering = ["-cree_le"]
