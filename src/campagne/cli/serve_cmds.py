"""``campagne serve`` (l'application web sur la démo) et ``campagne comptes …``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from campagne.cli.app import app, console, handles_errors

comptes_app = typer.Typer(help="Comptes utilisateurs et jetons d'API.", no_args_is_help=True)
app.add_typer(comptes_app, name="comptes")
base_app = typer.Typer(help="Sauvegarde et restauration de la base.", no_args_is_help=True)
app.add_typer(base_app, name="base")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campagne.web.settings")
    import django

    django.setup()


@app.command()
@handles_errors
def serve(
    port: Annotated[int, typer.Option("--port", "-p", help="Port d'écoute.")] = 8000,
    hote: Annotated[str, typer.Option("--hote", help="Adresse d'écoute.")] = "127.0.0.1",
    sans_demo: Annotated[bool, typer.Option("--sans-demo",
                                            help="Ne pas charger la démonstration.")] = False,
    threads: Annotated[int, typer.Option("--fils", help="Requêtes servies en parallèle.")] = 8,
) -> None:
    """Démarre l'application web (base SQLite locale par défaut, démo chargée au premier
    lancement, compte « admin »)."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from campagne.store.demo import load_demo, sync_campaigns

    with console.status("Préparation de la base de données…"):
        call_command("migrate", verbosity=0)
        loaded = False if sans_demo else load_demo()
        if sans_demo:
            sync_campaigns()
    db = settings.DATABASES["default"]
    console.print(f"Base : {db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}"
                  + (" — démonstration chargée" if loaded else ""))
    console.print(f"Application : http://{hote}:{port}/ (compte de démonstration : admin / "
                  "campagne-demo-2024)")
    from waitress import serve as waitress_serve

    from campagne.web.wsgi import application

    # waitress : serveur WSGI multi-fils de production, en pur Python (Linux, macOS, Windows).
    waitress_serve(application, host=hote, port=port, threads=threads, ident="campagne")


@comptes_app.command("creer")
@handles_errors
def creer(
    identifiant: Annotated[str, typer.Argument(help="Identifiant de connexion.")],
    role: Annotated[str, typer.Option("--role", help="admin, ars_region, ars_departement, "
                                                     "organisme ou auditeur.")],
    region: Annotated[str, typer.Option("--region", help="Code région (ex. 11).")] = "",
    departements: Annotated[str, typer.Option("--departements",
                                              help="Départements, séparés par des virgules.")] = "",
    organismes: Annotated[str, typer.Option("--organismes",
                                            help="FINESS des EJ, séparés par des virgules.")] = "",
) -> None:
    """Crée (ou met à jour) un compte ; le mot de passe est demandé deux fois."""
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from campagne.errors import CampagneError
    from campagne.store.demo import ensure_user
    from campagne.store.models import Role

    if role not in Role.values:
        raise CampagneError(f"rôle inconnu « {role} » (rôles : {', '.join(Role.values)})")
    password = typer.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
    try:
        validate_password(password)
    except ValidationError as exc:
        raise CampagneError("mot de passe refusé : " + " ".join(exc.messages)) from None
    user = ensure_user(identifiant, password, role, region,
                       [d for d in departements.split(",") if d],
                       [o for o in organismes.split(",") if o])
    user.set_password(password)
    user.save()
    console.print(f"Compte « {identifiant} » ({role}) prêt.")


@comptes_app.command("jeton")
@handles_errors
def jeton(
    identifiant: Annotated[str, typer.Argument(help="Compte auquel rattacher le jeton.")],
    nom: Annotated[str, typer.Option("--nom", help="Usage du jeton.")] = "script",
) -> None:
    """Crée un jeton d'API pour un compte (affiché une seule fois)."""
    setup_django()
    from django.contrib.auth import get_user_model

    from campagne.errors import CampagneError
    from campagne.store.audit import record
    from campagne.store.models import ApiToken

    user = get_user_model().objects.filter(username=identifiant).first()
    if user is None:
        raise CampagneError(f"compte « {identifiant} » inconnu : créez-le avec "
                            "« campagne comptes creer »")
    token, raw = ApiToken.issue(user, nom)
    record(None, "creation_jeton", "jeton", token.pk, apres={"compte": identifiant, "nom": nom},
           canal="cli")
    console.print(f"Jeton « {nom} » de {identifiant} (à conserver, il ne sera plus affiché) :")
    typer.echo(raw)


@base_app.command("sauvegarder")
@handles_errors
def sauvegarder(
    archive: Annotated[Path, typer.Argument(help="Archive ZIP à écrire.")],
) -> None:
    """Sauvegarde données et fichiers (arrêtés, pièces) dans une archive vérifiable."""
    setup_django()
    from campagne.store.backup import backup

    counts = backup(archive)
    console.print(f"{archive} : {counts['objets']} objets et {counts['fichiers']} fichiers "
                  "sauvegardés.")


@base_app.command("restaurer")
@handles_errors
def restaurer(
    archive: Annotated[Path, typer.Argument(help="Archive ZIP à restaurer.", exists=True)],
) -> None:
    """Restaure une archive dans une base neuve (vide), tout ou rien."""
    setup_django()
    from campagne.store.backup import restore

    counts = restore(archive)
    console.print(f"{counts['objets']} objets et {counts['fichiers']} fichiers restaurés.")
