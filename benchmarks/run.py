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
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
TARGETS = {  # seuils des issues 2, 3 et 8, en secondes
    "moteur": 1.0,
    "explication": 0.05,
    "comparaison": 2.0,
    "campagne_idf": 1.0,
    "extrait_finess": 5.0,
    "portefeuille": 3.0,
    "stockage_sqlite": 10.0,
    "stockage_postgresql": 10.0,
}
STRETCH = {"moteur": 0.3}  # objectif ambitieux de l'issue 8
MEMORY_TARGET_MO = 1000  # pic de mémoire du calcul national (issue 8)
LABELS = {
    "moteur": "toutes les règles 2024 sur {n} ESMS PH du portefeuille national, toutes les "
              "étapes gardées",
    "explication": "une explication (arbre complet, JSON)",
    "comparaison": "scénario recalculé + comparaison sur tout le portefeuille",
    "campagne_idf": "campagne IdF complète sur la démo (1 839 ESMS) : mesures, 401 demandes de "
                    "CNR instruites, DRL et marge",
    "extrait_finess": "lecture d'un extrait FINESS open data de {n2} lignes et conversion en "
                      "portefeuille",
    "portefeuille": "lecture et validation d'un portefeuille CSV de {n} ESMS",
    "stockage_sqlite": "rangement des résultats de {n} ESMS (une ligne complète par ESMS), SQLite",
    "stockage_postgresql": "rangement des résultats de {n} ESMS, PostgreSQL",
}


def measure(kind: str, n: int) -> dict[str, float]:
    """Une mesure, dans ce processus."""
    from mesures import MEASURES

    if kind not in MEASURES:
        raise SystemExit(f"mesure inconnue : {kind}")
    return MEASURES[kind](n)


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
    ap.add_argument("--mesures", help="mesures à lancer, séparées par des virgules "
                    f"(défaut : toutes : {', '.join(TARGETS)})")
    args = ap.parse_args()
    if args.enfant:
        print(json.dumps(measure(args.enfant, args.esms)))
        return
    n = args.esms or (5_000 if args.court else 50_000)
    reps = args.repetitions or (2 if args.court else 5)
    rows = []
    only = set(args.mesures.split(",")) if args.mesures else set(TARGETS)
    for kind, target in TARGETS.items():
        if kind not in only:
            continue
        runs = [run_child(kind, n) for _ in range(reps)]
        med = statistics.median(r["secondes"] for r in runs)
        peak = max(r["pic_mo"] for r in runs)
        ok = "atteint" if med <= target else f"manqué de {med - target:.3f} s"
        rows.append((kind, med, peak, target, ok))
        print(f"{kind:20s} médiane {med:.3f} s  pic {peak:.0f} Mo  cible {target} s : {ok}")
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
    for kind, med, peak, target, ok in rows:
        label = LABELS[kind].format(n=f"{n:,}".replace(",", " "),
                                    n2=f"{2 * n:,}".replace(",", " "))
        lines.append(f"| {label} | {med * 1000:.0f} ms | {peak:.0f} Mo | "
                     f"≤ {target * 1000:.0f} ms | {ok} |")
    lines.append("")
    for kind, med, peak, _target, _ok in rows:
        if kind in STRETCH:
            gap = "atteint" if med <= STRETCH[kind] else \
                f"manqué de {(med - STRETCH[kind]) * 1000:.0f} ms"
            lines.append(f"Objectif ambitieux « {kind} » ≤ {STRETCH[kind] * 1000:.0f} ms : "
                         f"{gap}.")
        if kind == "moteur":
            verdict = "atteint" if peak <= MEMORY_TARGET_MO else "manqué"
            lines.append(f"Pic de mémoire du calcul national ≤ {MEMORY_TARGET_MO} Mo : "
                         f"{peak:.0f} Mo, {verdict}.")
    charge = HERE / "CHARGE.md"
    lines += ["", f"Mesuré le {time.strftime('%Y-%m-%d')} par `make bench`."]
    if charge.exists():
        lines += ["", "Charge de l'application web : voir [CHARGE.md](CHARGE.md) "
                  "(`make bench-charge`)."]
    lines.append("")
    (HERE / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("Résultats écrits dans benchmarks/RESULTS.md")


if __name__ == "__main__":
    main()
