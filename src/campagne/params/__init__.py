"""Paramètres datés, sourcés, par portée ; chargement strict et résolution."""

from campagne.params.errors import (
    ParameterError,
    ParameterFileError,
    ParameterNotFoundError,
    UnknownParameterError,
)
from campagne.params.registry import At, Parameter, ParameterSet, Resolved

__all__ = [
    "At",
    "Parameter",
    "ParameterError",
    "ParameterFileError",
    "ParameterNotFoundError",
    "ParameterSet",
    "Resolved",
    "UnknownParameterError",
]
