"""Régénère le portefeuille de démonstration, ou écrit un portefeuille national généré.

    .venv/bin/python examples/generer_demo.py
        → src/campagne/demo/data/portefeuille_idf_ph_2024.csv et demandes_cnr_2024.csv
          (les fichiers versionnés)
    .venv/bin/python examples/generer_demo.py --national 50000 --sortie sortie/national.csv

Même graine, même fichier, octet pour octet (tests/demo/test_generator.py le vérifie).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import polars as pl

from campagne.demo import (
    DEMO_CNR_FILE,
    DEMO_FILE,
    generate_idf_ph,
    generate_national,
    write_demo_csv,
)
from campagne.demo.cnr_requests import generate_cnr_requests, write_cnr_requests
from campagne.demo.generator import DEFAULT_SEED
from campagne.money import format_euros

DATA = Path(__file__).resolve().parents[1] / "src" / "campagne" / "demo" / "data"
DEMO_PATH = DATA / DEMO_FILE
CNR_PATH = DATA / DEMO_CNR_FILE


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def _summary(df: pl.DataFrame, path: Path, seconds: float) -> str:
    base = int(df["base_reconductible"].sum())
    places = int(df["capacite"].sum())
    duration = f"{seconds:.2f}".replace(".", ",")
    return (f"{path} : {_number(df.height)} ESMS, {df['region'].n_unique()} région(s), "
            f"{_number(places)} places, base reconductible {format_euros(base)} "
            f"(généré en {duration} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Génère le portefeuille de démonstration PH Île-de-France 2024 "
        "(ou, avec --national, un portefeuille national PH et PA)."
    )
    parser.add_argument("--national", type=int, metavar="N",
                        help="nombre d'ESMS du portefeuille national (par exemple 50000)")
    parser.add_argument("--sortie", type=Path, metavar="FICHIER",
                        help="fichier CSV à écrire (obligatoire avec --national)")
    parser.add_argument("--graine", type=int, default=DEFAULT_SEED,
                        help=f"graine du tirage (défaut : {DEFAULT_SEED}, "
                        "celle du fichier versionné)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    if args.national is not None:
        if args.sortie is None:
            parser.error("--sortie FICHIER est obligatoire avec --national")
        if args.national < 1:
            parser.error("--national attend un nombre d'ESMS positif")
        df = generate_national(args.national, seed=args.graine)
        path = args.sortie
    else:
        df = generate_idf_ph(seed=args.graine)
        path = args.sortie or DEMO_PATH
        if path == DEMO_PATH and args.graine != DEFAULT_SEED:
            print("attention : le fichier versionné n'est plus celui de la graine par défaut ; "
                  "le test de reproductibilité échouera", file=sys.stderr)
    seconds = time.perf_counter() - start
    write_demo_csv(df, path)
    print(_summary(df, path, seconds))
    if path == DEMO_PATH:
        requests = generate_cnr_requests(df, seed=args.graine)
        write_cnr_requests(requests, CNR_PATH)
        print(f"{CNR_PATH} : {len(requests)} demandes de CNR")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
