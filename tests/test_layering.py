"""Le cœur métier n'importe rien de web, store, cli ni exports (contrat import-linter)."""

import subprocess
import sys
from pathlib import Path


def test_domain_core_does_not_import_outer_layers():
    root = Path(__file__).resolve().parents[1]
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint), "--no-cache"], cwd=root, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout
