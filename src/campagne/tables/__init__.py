"""Tableaux publiés : lecture du texte extrait d'un PDF, structure déclarée (YAML), vérification
de chaque total et de chaque formule, production des tableaux de notification consolidés.

API :

- :func:`read_pdf_text` / :func:`parse_pdf_text` : texte de PDF → :class:`TextTable` ;
- :func:`load_structure` : fichier YAML → :class:`TableStructure` (``docs/tableaux.md``) ;
- :func:`check_file` / :func:`check_table` : → :class:`TableReport` (constats positionnés) ;
- :func:`tableau_regions` / :func:`tableau_departements` : résultats par ESMS →
  :class:`TableauNotification` (données, colonnes, structure de vérification).
"""

from campagne.tables.checker import check_file, check_table
from campagne.tables.errors import PdfTextError, TableError, TableStructureError
from campagne.tables.findings import Finding, TableReport
from campagne.tables.grid import Grid, grid_from_rows, read_grid
from campagne.tables.notification import (
    ColonneTableau,
    Mesure,
    TableauNotification,
    tableau_departements,
    tableau_regions,
)
from campagne.tables.numbers import Unite, format_number, parse_number
from campagne.tables.pdf_text import TextRow, TextTable, parse_pdf_text, read_pdf_text
from campagne.tables.structure import TableStructure, load_structure, structure_yaml

__all__ = [
    "ColonneTableau", "Finding", "Grid", "Mesure", "PdfTextError", "TableError",
    "TableReport", "TableStructure", "TableStructureError", "TableauNotification", "TextRow",
    "TextTable", "Unite", "check_file", "check_table", "format_number", "grid_from_rows",
    "load_structure", "parse_number", "parse_pdf_text", "read_grid", "read_pdf_text",
    "structure_yaml", "tableau_departements", "tableau_regions",
]
