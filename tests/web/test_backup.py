"""Sauvegarde puis restauration dans une base neuve : mêmes données, mêmes fichiers."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from campagne.store.backup import BackupError, backup, restore
from campagne.store.models import AuditEntry, Esms, Run


def test_round_trip_into_a_fresh_database(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "fichiers")
    piece = tmp_path / "fichiers" / "cnr" / "devis.pdf"
    piece.parent.mkdir(parents=True)
    piece.write_bytes(b"%PDF-1.4 devis")
    archive = tmp_path / "sauvegarde.zip"
    counts = backup(archive)
    assert counts["fichiers"] == 1 and counts["objets"] > 1839
    # Restauration dans une autre base, par la commande, dans un autre processus.
    fresh = tmp_path / "neuve"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["CAMPAGNE_DONNEES"] = str(fresh)
    cli = Path(sys.executable).parent / "campagne"
    proc = subprocess.run([str(cli), "base", "restaurer", str(archive)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check = subprocess.run([sys.executable, "-c", (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='campagne.web.settings';"
        "django.setup();"
        "from campagne.store.models import Esms, Run, AuditEntry;"
        "print(Esms.objects.count(), Run.objects.count(), AuditEntry.objects.count(),"
        " sum(Esms.objects.values_list('base_reconductible', flat=True)))")],
        env=env, capture_output=True, text=True, timeout=120)
    got = check.stdout.split()
    expected = [Esms.objects.count(), Run.objects.count(), AuditEntry.objects.count(),
                sum(Esms.objects.values_list("base_reconductible", flat=True))]
    assert [int(x) for x in got] == expected
    restored = fresh / "fichiers" / "cnr" / "devis.pdf"
    assert hashlib.sha256(restored.read_bytes()).hexdigest() == \
        hashlib.sha256(b"%PDF-1.4 devis").hexdigest()
    # Une seconde restauration dans la même base est refusée : elle n'est plus vide.
    again = subprocess.run([str(cli), "base", "restaurer", str(archive)], env=env,
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 1 and "n'est pas vide" in again.stdout + again.stderr


def test_a_damaged_archive_restores_nothing(db, tmp_path):
    damaged = tmp_path / "abimee.zip"
    damaged.write_bytes(b"PK\x03\x04 pas une archive")
    with pytest.raises(BackupError, match="illisible"):
        restore(damaged)
    assert Esms.objects.count() == 1839 and Run.objects.exists()
