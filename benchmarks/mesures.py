"""Les mesures du banc, chacune exécutée dans un processus neuf par ``run.py``.

Une mesure prépare ses données (non chronométré), chronomètre la seule opération visée et
rend ``{"secondes", "pic_mo", "esms"}`` ; le pic est le RSS maximal du processus.
"""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Measure = Callable[[int], dict[str, float]]
MEASURES: dict[str, Measure] = {}


def measure(name: str) -> Callable[[Measure], Measure]:
    def register(func: Measure) -> Measure:
        MEASURES[name] = func
        return func
    return register


def _peak_mo() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(op: Callable[[], Any], n: int) -> dict[str, float]:
    t0 = time.perf_counter()
    op()
    return {"secondes": time.perf_counter() - t0, "pic_mo": _peak_mo(), "esms": n}


def portfolio(n: int):  # type: ignore[no-untyped-def]
    """``n`` ESMS PH du portefeuille national généré, tous rattachés à la région 11.

    La campagne 2024 est celle de l'ARS Île-de-France (ROB24) : ses paramètres régionaux
    (taux préférentiel ESAT, enveloppes de revalorisation…) n'existent que pour la région 11.
    Pour mesurer à l'échelle nationale, on calcule donc n ESMS PH comme une seule campagne
    régionale : même volume, mêmes règles, mêmes étapes gardées.
    """
    import polars as pl

    from campagne.demo.generator import generate_national

    national = generate_national(min(n * 2, 400_000))
    ph = national.filter(pl.col("secteur") == "PH").head(n)
    return ph.with_columns(pl.lit("11").alias("region"))


@measure("moteur")
def engine(n: int) -> dict[str, float]:
    from campagne.pipeline import compute, prepare

    frame = portfolio(n)
    _, params = prepare()
    return _timed(lambda: compute(frame, params=params), n)


@measure("explication")
def explanation(n: int) -> dict[str, float]:
    from campagne.engine import explain
    from campagne.pipeline import compute

    result = compute(portfolio(n))
    finess = result.frame["finess"][result.frame.height // 2]
    return _timed(lambda: explain(result, finess).to_dict(), 1)


@measure("comparaison")
def comparison(n: int) -> dict[str, float]:
    from campagne.engine import Scenario, compare
    from campagne.pipeline import compute, prepare

    frame = portfolio(n)
    _, params = prepare()
    ref = compute(frame, params=params)
    alt = Scenario("prix 3 %", {"taux_effet_prix": "0.03"})
    return _timed(lambda: compare(ref, compute(frame, scenario=alt, params=params)), n)


@measure("campagne_idf")
def campaign_idf(n: int) -> dict[str, float]:
    """La campagne complète de la démo : mesures, DRL, instruction des CNR, marge."""
    from campagne.cnr.requests import read_requests
    from campagne.demo import demo_cnr_requests_path, demo_portfolio_path
    from campagne.pipeline import run_full
    from campagne.referentiel.portfolio import read_portfolio

    frame = read_portfolio(demo_portfolio_path())
    requests = read_requests(demo_cnr_requests_path())
    return _timed(lambda: run_full(frame, cnr_requests=requests), frame.height)


@measure("extrait_finess")
def finess_extract(n: int) -> dict[str, float]:
    """Un extrait FINESS open data de 2 × n lignes ``structureet`` (100 000 pour n = 50 000)."""
    from campagne.referentiel.extract import extract_to_portfolio, read_extract
    from campagne.referentiel.finess import check_digit

    sample = (Path(__file__).resolve().parents[1] / "tests" / "referentiel" / "data"
              / "finess_etalab_cs1100502_sample_15lines_20260512.csv")
    template = sample.read_text("utf-8").splitlines()[1:]
    rows = 2 * n
    lines = ["finess;etalab;111;2026-05-12"]
    for k in range(rows):
        fields = template[k % len(template)].split(";")
        fields[1] = f"75{k:06d}" + str(check_digit(f"75{k:06d}"))
        lines.append(";".join(fields))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "extrait.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return _timed(lambda: extract_to_portfolio(read_extract([path])), rows)


@measure("portefeuille")
def portfolio_file(n: int) -> dict[str, float]:
    """Lire et valider un fichier portefeuille CSV de n ESMS."""
    from campagne.demo import generate_national, write_demo_csv
    from campagne.referentiel.portfolio import read_portfolio

    with tempfile.TemporaryDirectory() as folder:
        path = write_demo_csv(generate_national(n), Path(folder) / "portefeuille.csv")
        return _timed(lambda: read_portfolio(path), n)


def _store(n: int, database_url: str) -> dict[str, float]:
    """Ranger les résultats d'une campagne de n ESMS (une ligne complète par ESMS)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "campagne.web.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from campagne.pipeline import compute
    from campagne.store.demo import sync_campaigns
    from campagne.store.portfolio import import_portfolio
    from campagne.store.runs import _store as store_results
    from campagne.store.runs import start_run

    call_command("migrate", verbosity=0)
    sync_campaigns()
    frame = portfolio(n)
    import_portfolio(frame, canal="banc")
    result = compute(frame)
    run = start_run("ph-2024-idf", None, None)
    return _timed(lambda: store_results(run, result, None, None, None, "banc"), n)


@measure("stockage_sqlite")
def store_sqlite(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        return _store(n, f"sqlite:///{folder}/banc.sqlite3")


@measure("stockage_postgresql")
def store_postgresql(n: int) -> dict[str, float]:
    import psycopg

    base = os.environ.get("CAMPAGNE_BANC_PG", "postgres://postgres@127.0.0.1:5432")
    name = f"campagne_banc_{os.getpid()}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        return _store(n, f"{base}/{name}")
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
