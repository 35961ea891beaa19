"""Sauvegarde et restauration de la base : une archive ZIP qui contient les données (JSON
Django, toutes les tables de l'application et les comptes) et les fichiers déposés
(arrêtés PDF, pièces jointes, documents), avec l'empreinte de chacun.

La restauration se fait dans une base neuve (migrée, vide) et en une transaction : tout ou
rien. Elle vérifie les empreintes avant d'écrire quoi que ce soit.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from campagne.errors import CampagneError
from campagne.store.models import Esms

DATA = "donnees.json"
MANIFEST = "manifeste.json"
FILES = "fichiers/"
# Ce qui se sauvegarde : l'application et les comptes ; pas les sessions, types de contenu
# ni permissions (recréés par les migrations).
APPS = ["auth.user", "auth.group", "dsfr", "store"]
FORMAT_VERSION = 1


class BackupError(CampagneError):
    """Archive illisible, incomplète ou base non vide : rien n'est restauré."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backup(path: Path) -> dict[str, int]:
    """Écrit l'archive ; rend le nombre d'objets et de fichiers sauvegardés."""
    out = io.StringIO()
    call_command("dumpdata", *APPS, format="json", stdout=out,
                 use_natural_foreign_keys=True)
    data = out.getvalue().encode("utf-8")
    media = Path(settings.MEDIA_ROOT)
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    manifest = {"version": FORMAT_VERSION, "donnees": _sha(data), "objets": len(json.loads(data)),
                "fichiers": {}}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".partiel")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA, data)
        for file in files:
            content = file.read_bytes()
            name = file.relative_to(media).as_posix()
            manifest["fichiers"][name] = _sha(content)
            archive.writestr(FILES + name, content)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    tmp.replace(path)  # l'archive n'apparaît qu'entière
    return {"objets": manifest["objets"], "fichiers": len(files)}


def _read(path: Path) -> tuple[bytes, dict[str, bytes]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{path.name} : archive illisible ({exc})") from None
    with archive:
        try:
            manifest = json.loads(archive.read(MANIFEST))
            data = archive.read(DATA)
        except (KeyError, ValueError) as exc:
            raise BackupError(f"{path.name} : archive incomplète ({exc})") from None
        if manifest.get("version") != FORMAT_VERSION:
            raise BackupError(f"{path.name} : version d'archive {manifest.get('version')} "
                              f"inconnue (attendue : {FORMAT_VERSION})")
        if _sha(data) != manifest["donnees"]:
            raise BackupError(f"{path.name} : empreinte des données fausse (archive abîmée)")
        files = {}
        for name, digest in manifest["fichiers"].items():
            content = archive.read(FILES + name)
            if _sha(content) != digest:
                raise BackupError(f"{path.name} : empreinte fausse pour le fichier {name}")
            files[name] = content
    return data, files


def restore(path: Path) -> dict[str, int]:
    """Restaure l'archive dans la base courante, qui doit être neuve (migrée et vide)."""
    data, files = _read(path)
    call_command("migrate", verbosity=0)
    if Esms.objects.exists():
        raise BackupError("la base n'est pas vide : restaurez dans une base neuve (autre "
                          "CAMPAGNE_DONNEES ou DATABASE_URL), rien n'a été modifié")
    media = Path(settings.MEDIA_ROOT)
    count = 0
    with transaction.atomic():  # les données d'abord, en une transaction
        for obj in serializers.deserialize("json", data, handle_forward_references=True):
            obj.save()  # enregistrement brut : les règles d'écriture ne rejouent pas
            count += 1
    for name, content in files.items():  # puis les fichiers, une fois les données validées
        target = media / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return {"objets": count, "fichiers": len(files)}
