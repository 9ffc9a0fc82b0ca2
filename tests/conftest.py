"""Shared test setup: every test runs with its own costlint cache directory.

A developer's real user cache (a refreshed price cache, say) must never change what a test sees.
The directory is per session so that the HCL grammar cache is built once per run, not per test;
tests that need an empty cache set ``COSTLINT_CACHE_DIR`` themselves with ``monkeypatch``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    import os

    os.environ["COSTLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("costlint-cache"))
