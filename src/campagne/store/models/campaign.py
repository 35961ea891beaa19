"""Campagnes, lignes d'enveloppe, scénarios, calculs et résultats par ESMS."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CampaignRecord(models.Model):
    """Une campagne déclarée dans ``parameters/campagnes.yaml``, ouverte dans l'application."""

    code = models.CharField(max_length=40, primary_key=True)
    libelle = models.CharField(max_length=300)
    annee = models.IntegerField()
    region = models.CharField(max_length=2, blank=True)  # vide : campagne nationale
    secteurs = models.CharField(max_length=20)

    class Meta:
        verbose_name = "campagne"
        ordering = ["-annee", "code"]

    def __str__(self) -> str:
        return self.libelle


class EnvelopeLine(models.Model):
    """Une ligne de la DRL, telle que publiée (montants en centimes)."""

    campagne = models.ForeignKey(CampaignRecord, on_delete=models.CASCADE,
                                 related_name="lignes")
    code = models.CharField(max_length=60)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="enfants")
    libelle = models.CharField(max_length=200)
    montant = models.BigIntegerField("montant publié (centimes)")
    nature = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=200, blank=True)
    ordre = models.IntegerField()

    class Meta:
        verbose_name = "ligne d'enveloppe"
        verbose_name_plural = "lignes d'enveloppe"
        ordering = ["campagne", "ordre"]
        constraints = [models.UniqueConstraint(fields=["campagne", "code"],
                                               name="ligne_unique_par_campagne")]


class ScenarioRecord(models.Model):
    """Une surcouche nommée de valeurs de paramètres sur une campagne."""

    campagne = models.ForeignKey(CampaignRecord, on_delete=models.CASCADE,
                                 related_name="scenarios")
    nom = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    valeurs = models.JSONField(default=dict)  # nom du paramètre → valeur (texte exact)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    cree_le = models.DateTimeField(auto_now_add=True)
    modifie_le = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # détecte les modifications concurrentes

    class Meta:
        verbose_name = "scénario"
        ordering = ["campagne", "nom"]
        constraints = [models.UniqueConstraint(fields=["campagne", "nom"],
                                               name="scenario_unique_par_campagne")]

    def __str__(self) -> str:
        return self.nom


class RunManager(models.Manager["Run"]):
    def get_queryset(self) -> models.QuerySet[Run]:
        # Le tableau complet (plusieurs Mo) n'est lu que sur demande explicite.
        return super().get_queryset().defer("tableau")


class Run(models.Model):
    """Un calcul de campagne (éventuellement sous un scénario), et ses totaux."""

    objects = RunManager()

    class Status(models.TextChoices):
        RUNNING = "en_cours", "en cours"
        DONE = "termine", "terminé"
        FAILED = "echec", "échec"

    campagne = models.ForeignKey(CampaignRecord, on_delete=models.CASCADE, related_name="calculs")
    scenario = models.ForeignKey(ScenarioRecord, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="calculs")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    cree_le = models.DateTimeField(auto_now_add=True)
    statut = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    progression = models.PositiveSmallIntegerField(default=0)  # pourcentage
    message = models.TextField(blank=True)
    version_moteur = models.CharField(max_length=30, blank=True)
    empreinte_parametres = models.CharField(max_length=64, blank=True)
    nombre_esms = models.IntegerField(default=0)
    totaux = models.JSONField(default=dict)
    marge = models.JSONField(null=True, blank=True)
    derogation = models.JSONField(null=True, blank=True)
    # Le tableau complet du calcul (données et étapes de chaque ESMS), en Parquet compressé :
    # rangé d'un bloc avec le calcul, relu pour expliquer ou notifier sans recalcul.
    tableau = models.BinaryField(null=True, editable=False)
    # Sommes par département et famille (ESMS, base, pérenne, non pérenne, totale) : les
    # tableaux de bord de toute portée s'en déduisent sans relire les résultats.
    agregats = models.JSONField(default=list)
    # Le scénario tel qu'il était au moment du calcul (il a pu changer depuis).
    scenario_nom = models.CharField(max_length=120, blank=True)
    scenario_valeurs = models.JSONField(default=dict)

    class Meta:
        verbose_name = "calcul"
        ordering = ["-cree_le", "-id"]

    def __str__(self) -> str:
        return f"Calcul n° {self.pk} — {self.campagne_id}"


class Result(models.Model):
    """La dotation d'un ESMS dans un calcul (les champs agrégés par les tableaux de bord) ;
    le détail de ses étapes est dans le tableau du calcul."""

    calcul = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="resultats")
    esms = models.ForeignKey("store.Esms", on_delete=models.CASCADE, related_name="resultats")
    departement = models.CharField(max_length=3)
    categorie = models.CharField(max_length=4)
    famille = models.CharField(max_length=80)
    base_reconductible = models.BigIntegerField(null=True)
    dotation_perenne = models.BigIntegerField()
    dotation_non_perenne = models.BigIntegerField()
    dotation_totale = models.BigIntegerField()

    class Meta:
        verbose_name = "résultat"
        constraints = [models.UniqueConstraint(fields=["calcul", "esms"],
                                               name="un_resultat_par_esms")]
        indexes = [models.Index(fields=["calcul", "departement"])]
