"""Banc de mesure : campagne 2024 sur le portefeuille national généré (≈ 50 000 ESMS).

Chaque mesure tourne dans un processus neuf (pic de mémoire RSS fiable), plusieurs fois ;
on retient la médiane. Les résultats sont écrits dans ``benchmarks/RESULTS.md``.

    python benchmarks/run.py            # mesure complète (5 répétitions)
    python benchmarks/run.py --court    # mode court (CI) : 5 000 ESMS, 2 répétitions
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGETS = {  # seuils des issues 2, 3 et 8, en secondes
    "moteur": 1.0,
    "explication": 0.05,
    "comparaison": 2.0,
    "campagne_idf": 1.0,
}


def _portfolio(n: int):  # type: ignore[no-untyped-def]
    """``n`` ESMS PH du portefeuille national généré, tous rattachés à la région 11.

    La campagne 2024 est celle de l'ARS Île-de-France (ROB24) : ses paramètres régionaux
    (taux préférentiel ESAT, enveloppes de revalorisation…) n'existent que pour la région 11.
    Pour mesurer le moteur à l'échelle nationale, on calcule donc 50 000 ESMS PH comme une
    seule campagne régionale : même volume, mêmes règles, mêmes étapes gardées.
    """
    import polars as pl

    from campagne.demo.generator import generate_national

    national = generate_national(min(n * 2, 400_000))
    ph = national.filter(pl.col("secteur") == "PH").head(n)
    return ph.with_columns(pl.lit("11").alias("region"))


def measure(kind: str, n: int) -> dict[str, float]:
    """Une mesure, dans ce processus : durée (s) et pic de mémoire (Mo)."""
    from campagne.engine import compare, explain
    from campagne.engine.scenario import Scenario
    from campagne.pipeline import compute, prepare

    if kind == "campagne_idf":
        return _measure_idf()
    portfolio = _portfolio(n)
    campaign, params = prepare()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if kind == "moteur":
        t0 = time.perf_counter()
        result = compute(portfolio, params=params)
        elapsed = time.perf_counter() - t0
        assert result.frame.height == n
    elif kind == "explication":
        result = compute(portfolio, params=params)
        finess = result.frame["finess"][result.frame.height // 2]
        t0 = time.perf_counter()
        explain(result, finess).to_dict()
        elapsed = time.perf_counter() - t0
    elif kind == "comparaison":
        ref = compute(portfolio, params=params)
        t0 = time.perf_counter()
        alt = compute(portfolio,
                      scenario=Scenario("prix 3 %", {"taux_effet_prix": "0.03"}), params=params)
        compare(ref, alt)
        elapsed = time.perf_counter() - t0
    else:
        raise SystemExit(f"mesure inconnue : {kind}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"secondes": elapsed, "pic_mo": peak, "rss_avant_mo": rss_before, "esms": n}


def _measure_idf() -> dict[str, float]:
    """La campagne complète de la démo : mesures, DRL, instruction des CNR, marge."""
    from campagne.cnr.requests import read_requests
    from campagne.demo import demo_cnr_requests_path, demo_portfolio_path
    from campagne.pipeline import run_full
    from campagne.referentiel.portfolio import read_portfolio

    portfolio = read_portfolio(demo_portfolio_path())
    requests = read_requests(demo_cnr_requests_path())
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    run = run_full(portfolio, cnr_requests=requests)
    elapsed = time.perf_counter() - t0
    assert run.margin.marge >= 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"secondes": elapsed, "pic_mo": peak, "rss_avant_mo": rss_before,
            "esms": portfolio.height}


def run_child(kind: str, n: int) -> dict[str, float]:
    proc = subprocess.run(
        [sys.executable, __file__, "--enfant", kind, "--esms", str(n)],
        capture_output=True, text=True, check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def machine() -> str:
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in
                   Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor() or "inconnu"
    import os

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import polars

    return (f"{os.cpu_count()} cœurs ({cpu}), {mem:.0f} Gio de mémoire, Python "
            f"{platform.python_version()}, polars {polars.__version__}, {platform.system()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--court", action="store_true", help="mode court pour la CI")
    ap.add_argument("--enfant", help=argparse.SUPPRESS)
    ap.add_argument("--esms", type=int, default=None,
                    help="taille du portefeuille national (défaut : 50 000, 5 000 en mode court)")
    ap.add_argument("--repetitions", type=int, default=None,
                    help="répétitions par mesure (défaut : 5, 2 en mode court)")
    args = ap.parse_args()
    if args.enfant:
        print(json.dumps(measure(args.enfant, args.esms)))
        return
    n = args.esms or (5_000 if args.court else 50_000)
    reps = args.repetitions or (2 if args.court else 5)
    rows = []
    for kind, target in TARGETS.items():
        runs = [run_child(kind, n) for _ in range(reps)]
        med = statistics.median(r["secondes"] for r in runs)
        peak = max(r["pic_mo"] for r in runs)
        ok = "atteint" if med <= target else f"manqué de {med - target:.3f} s"
        rows.append((kind, med, peak, target, ok))
        print(f"{kind:12s} médiane {med:.3f} s  pic {peak:.0f} Mo  cible {target} s : {ok}")
    if args.court:
        return
    lines = [
        "# Résultats des mesures",
        "",
        f"Machine : {machine()}.",
        f"Portefeuille : {n} ESMS PH du portefeuille national généré "
        "(`campagne.demo.generator.generate_national`), calculés comme une seule campagne "
        "régionale avec les paramètres de l'Île-de-France (seule orientation régionale 2024 "
        "embarquée) ; la démo IdF compte 1 839 ESMS.",
        f"Médiane de {reps} exécutions, chacune dans un processus neuf ; pic = RSS maximal du "
        "processus (chargement compris).",
        "",
        "| mesure | médiane | pic mémoire | cible | résultat |",
        "| --- | --- | --- | --- | --- |",
    ]
    labels = {"moteur": "toutes les règles 2024 sur 50 000 ESMS PH du portefeuille national, "
                        "toutes les étapes gardées",
              "campagne_idf": "campagne IdF complète sur la démo (1 839 ESMS) : mesures, "
                              "401 demandes de CNR instruites, DRL et marge",
              "explication": "une explication (arbre complet, JSON)",
              "comparaison": "scénario recalculé + comparaison sur tout le portefeuille"}
    for kind, med, peak, target, ok in rows:
        lines.append(f"| {labels[kind]} | {med * 1000:.0f} ms | {peak:.0f} Mo | "
                     f"≤ {target * 1000:.0f} ms | {ok} |")
    lines += ["", f"Mesuré le {time.strftime('%Y-%m-%d')} par `make bench`.", ""]
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("Résultats écrits dans benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
