"""L'application web (Django 5.2, DSFR, API django-ninja) : écrans, API et droits.

Ne calcule rien : elle appelle le cœur métier (``campagne.pipeline``) et la persistance
(``campagne.store``) ; les mises en forme viennent de ``campagne.exports``.
"""
