"""Niveau national : répartition d'enveloppes nationales entre les régions selon des critères
objectifs, et sélection des demandes régionales (C2005 §I.C, annexe IV)."""

from campagne.national.inputs import Demand, RemiseANiveauFileError, read_demands, read_populations
from campagne.national.remise_a_niveau import (
    RemiseANiveau,
    RemiseANiveauError,
    distribute,
    envelope_parameter,
)

__all__ = ["Demand", "RemiseANiveau", "RemiseANiveauError", "RemiseANiveauFileError",
           "distribute", "envelope_parameter", "read_demands", "read_populations"]
