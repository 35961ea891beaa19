"""Persistance (modèles Django) : portefeuille, campagnes, scénarios, calculs et résultats,
demandes de CNR, documents budgétaires, rapports d'activité, utilisateurs et leurs portées,
journal d'audit en ajout seul. Les requêtes vivent dans ``repository`` ; les opérations
qui écrivent (import, calcul) dans ``services``, toujours en une transaction."""
