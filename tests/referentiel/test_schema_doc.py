"""Le schéma du code et docs/portefeuille.md nomment les mêmes colonnes."""

import re
from pathlib import Path

from campagne.referentiel.schema import DEDUCED_COLUMNS, INPUT_COLUMNS, REQUIRED_COLUMNS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "portefeuille.md").read_text("utf-8")


def _table_columns(title: str) -> list[str]:
    section = DOC.split(f"## {title}", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([a-z0-9_]+)`", line.split("|")[1])
    return names


def test_required_and_optional_columns_match_the_document():
    required = _table_columns("Colonnes obligatoires")
    optional = _table_columns("Colonnes facultatives")
    assert tuple(required) == REQUIRED_COLUMNS
    assert set(required) | set(optional) == set(INPUT_COLUMNS)
    assert len(required) + len(optional) == len(INPUT_COLUMNS)


def test_deduced_columns_are_documented():
    section = DOC.split("## Colonnes déduites", 1)[1]
    assert all(f"`{c}`" in section for c in DEDUCED_COLUMNS)
