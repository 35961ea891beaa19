"""Enveloppes : la DRL en arbre, son rapprochement et le contrôle de la marge."""

from campagne.envelopes.drl import Drl, Gap, Line, load_drl

__all__ = ["Drl", "Gap", "Line", "load_drl"]
