"""Dépôts budgétaires : un document par organisme gestionnaire (EJ), ses ET, ses pièces, ses
contrôles et la décision de l'ARS. L'ancienne table (un document par ET, jamais écrite par
l'application) est remplacée."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('store', '0006_tableau_et_agregats_du_calcul'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(name='BudgetDocument'),
        migrations.CreateModel(
            name='BudgetDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('type_document', models.CharField(max_length=10)),
                ('exercice', models.IntegerField()),
                ('fichier', models.FileField(upload_to='documents/%Y/')),
                ('nom_fichier', models.CharField(max_length=200)),
                ('empreinte', models.CharField(max_length=64, verbose_name='empreinte SHA-256 du fichier')),
                ('pieces', models.JSONField(default=list)),
                ('rapport', models.JSONField(default=dict)),
                ('bloquant', models.BooleanField(default=False)),
                ('statut', models.CharField(choices=[('depose', 'déposé, à examiner'), ('accepte', 'accepté'), ('refuse', 'refusé'), ('remplace', 'remplacé par un dépôt plus récent')], default='depose', max_length=10)),
                ('motif', models.TextField(blank=True)),
                ('depose_le', models.DateTimeField(auto_now_add=True)),
                ('decide_le', models.DateTimeField(blank=True, null=True)),
                ('version', models.PositiveIntegerField(default=1)),
                ('decide_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('depose_par', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('esms', models.ManyToManyField(related_name='documents_budgetaires', to='store.esms')),
                ('organisme', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='documents', to='store.managingbody')),
            ],
            options={
                'verbose_name': 'document budgétaire',
                'verbose_name_plural': 'documents budgétaires',
                'ordering': ['-depose_le'],
            },
        ),
        migrations.CreateModel(
            name='BudgetAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=60)),
                ('fichier', models.FileField(upload_to='documents/pieces/%Y/')),
                ('nom', models.CharField(max_length=200)),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='pieces_jointes', to='store.budgetdocument')),
            ],
            options={
                'verbose_name': "pièce d'un dépôt budgétaire",
                'verbose_name_plural': 'pièces des dépôts budgétaires',
            },
        ),
    ]
