"""The project's own standards, checked by the test suite (and so by .ci/run): the layer contracts of
pyproject.toml, mypy, ruff's lint rules and its formatting."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["src", "tests", "benchmarks"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_layers_import_only_downstream() -> None:
    """readers -> pricing -> estimate -> reports -> cli: no arrow runs back (import-linter contracts)."""
    done = _run("-c", "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_mypy_is_clean() -> None:
    done = _run("-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff(command: list[str]) -> None:
    done = _run("-m", "ruff", *command, *CODE)
    assert done.returncode == 0, done.stdout + done.stderr
