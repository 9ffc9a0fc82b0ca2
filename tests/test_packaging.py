"""The wheel's package list is written by hand in pyproject.toml: keep it complete."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_src_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT / "src").parts) for p in (ROOT / "src").rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_the_wheel_ships_the_rule_packs_and_the_price_snapshot(tmp_path: Path) -> None:
    """Built from a copy of the checkout (the build writes next to the sources), with pip's build isolation."""
    import shutil
    import subprocess
    import zipfile

    source = tmp_path / "src-copy"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("src", "rules", "pricing_cache"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (tmp_path / "dist").glob("costlint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packs = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert packs and {f"costlint/rule_packs/{name}" for name in packs} <= names
    assert "costlint/pricing_cache/manifest.json" in names
    assert "costlint/rules/engine.py" in names and "costlint/rules/checks/generations.py" in names
    # the review's and the comment's templates, and the review package
    assert {f"costlint/reports/templates/{t}" for t in ("review.html.j2", "review.md.j2", "diff.md.j2")} <= names
    assert "costlint/review/scenarios.py" in names
