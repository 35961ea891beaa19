"""Exports (CSV, XLSX, JSON) : mise en forme seulement, aucun calcul."""
