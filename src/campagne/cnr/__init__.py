"""Crédits non reconductibles : demandes, éligibilité, proposition dans la marge, suivi et
reprise des crédits non employés [ROB24 §10]. Les CNR n'entrent jamais dans la base."""
