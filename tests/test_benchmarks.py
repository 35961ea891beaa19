"""Le banc de mesure reste exécutable (mode court) ; il ne juge jamais un temps ici : les
durées se lisent dans benchmarks/RESULTS.md et CHARGE.md, mesurées par « make bench » et
« make bench-charge »."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURES = ("moteur", "explication", "comparaison", "campagne_idf", "extrait_finess",
            "portefeuille", "stockage_sqlite", "stockage_postgresql")


def _postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def test_short_benchmark_runs_every_measure():
    measures = list(MEASURES)
    if not _postgres_reachable() and os.environ.get("CI") != "true":
        measures.remove("stockage_postgresql")  # hors CI seulement ; en CI, il est exigé
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--court", "--esms", "2000",
         "--repetitions", "1", "--mesures", ",".join(measures)],
        cwd=ROOT, capture_output=True, text=True, timeout=900,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for measure in measures:
        assert measure in proc.stdout
    assert "pic" in proc.stdout


def test_recorded_results_cover_every_measure():
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    assert "Machine :" in results
    for label in ("portefeuille national", "une explication", "comparaison",
                  "campagne IdF complète", "extrait FINESS", "portefeuille CSV", "SQLite",
                  "PostgreSQL"):
        assert label in results
    charge = (ROOT / "benchmarks" / "CHARGE.md").read_text(encoding="utf-8")
    assert "20 utilisateurs simultanés" in charge and "p95" in charge
