"""Le banc de mesure reste exécutable (mode court) ; il ne juge jamais un temps ici : les
durées se lisent dans benchmarks/RESULTS.md, mesurées par « make bench »."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_short_benchmark_runs_every_measure():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--court", "--esms", "2000",
         "--repetitions", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    for measure in ("moteur", "explication", "comparaison", "campagne_idf"):
        assert measure in proc.stdout
    assert "pic" in proc.stdout


def test_recorded_results_cover_every_measure():
    results = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    assert "Machine :" in results
    for label in ("portefeuille national", "une explication", "comparaison",
                  "campagne IdF complète"):
        assert label in results
