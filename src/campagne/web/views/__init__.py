"""Les écrans, par domaine ; chacun vérifie ses droits par les fonctions de ``store.perms``."""
