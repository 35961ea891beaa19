"""Le cœur métier n'importe rien de web, store, cli ni exports (contrat import-linter) ; le
code passe ruff."""

import subprocess
import sys
from pathlib import Path


def test_domain_core_does_not_import_outer_layers():
    root = Path(__file__).resolve().parents[1]
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint), "--no-cache"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_code_passes_the_linter():
    """``make lint`` reste vert : ruff sur le code, les tests et les bancs de mesure."""
    root = Path(__file__).resolve().parents[1]
    ruff = Path(sys.executable).parent / "ruff"
    proc = subprocess.run([str(ruff), "check", "--no-cache", "src", "tests", "benchmarks"],
                          cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
