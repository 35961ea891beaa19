"""La documentation reste vraie : chaque commande est dans le README, les deux commandes
d'installation sont en tête, .ci/run lance la commande de test du README."""

from pathlib import Path

import typer.main

from campagne.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[str]:
    group = typer.main.get_group(app)
    paths = []
    for name, cmd in group.commands.items():
        sub = getattr(cmd, "commands", None)
        if sub:
            paths.extend(f"{name} {s}" for s in sub)
        else:
            paths.append(name)
    return paths


def test_every_command_is_documented_in_readme():
    missing = [p for p in _command_paths() if f"campagne {p}" not in README]
    assert not missing, f"commandes absentes du README : {missing}"


def test_readme_starts_with_the_two_setup_commands_and_ci_runs_the_test_one():
    head = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make demo" in head and "make test" in head
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
