"""L'application typer et la gestion commune des erreurs du domaine."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from campagne.errors import CampagneError

app = typer.Typer(
    name="campagne",
    help="Campagne budgétaire des ESMS : calcul exact, explicable et sourcé des dotations.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
finess_app = typer.Typer(help="Numéros et extraits FINESS.", no_args_is_help=True)
portefeuille_app = typer.Typer(help="Fichiers portefeuille (liste des ESMS).", no_args_is_help=True)
app.add_typer(finess_app, name="finess")
app.add_typer(portefeuille_app, name="portefeuille")

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., Any])


def domain_errors() -> tuple[type[Exception], ...]:
    """Toutes les erreurs du domaine dérivent de ``CampagneError`` ; s'y ajoutent un fichier
    absent et une clé inconnue (campagne, paramètre), dont le message est déjà en français."""
    return (CampagneError, FileNotFoundError, KeyError)


def handles_errors(func: F) -> F:
    """Affiche une erreur du domaine en français et sort avec le code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except domain_errors() as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            err_console.print(f"[bold red]Erreur :[/] {message}", highlight=False)
            raise typer.Exit(code=1) from None

    return wrapper  # type: ignore[return-value]
