"""Outils des tests du référentiel : numéros FINESS valides, lignes de portefeuille."""

from __future__ import annotations

from pathlib import Path

from campagne.referentiel.finess import check_digit

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "finess_etalab_cs1100502_sample_15lines_20260512.csv"

HEADER = ["finess", "finess_ej", "raison_sociale", "categorie", "statut_juridique",
          "departement", "capacite", "base_reconductible"]


def finess(dep: str, n: int) -> str:
    """Un numéro FINESS valide : département, 6 chiffres, clé de Luhn."""
    head = f"{dep}{n:06d}"
    return head + check_digit(head)


def row(n: int, **over: str) -> dict[str, str]:
    base = {"finess": finess("75", n), "finess_ej": finess("75", 900_000 + n % 7),
            "raison_sociale": f"ESMS {n}", "categorie": "183", "statut_juridique": "60",
            "departement": "75", "capacite": "40", "base_reconductible": "1 000 000,00"}
    return {**base, **over}


def write_csv(path: Path, rows: list[dict[str, str]], sep: str = ";",
              encoding: str = "utf-8") -> Path:
    header = list(dict.fromkeys(k for r in rows for k in r))
    lines = [sep.join(header)] + [sep.join(r.get(h, "") for h in header) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path
