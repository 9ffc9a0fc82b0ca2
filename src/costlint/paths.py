"""Where costlint's shipped data lives, in a wheel and in a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


# Name inside the package -> directory at the top of the repository. The rule packs ship as
# ``costlint.rule_packs`` so that they never collide with the rules engine, ``costlint.rules``.
_TOP_LEVEL = {"pricing_cache": "pricing_cache", "rule_packs": "rules"}


def bundled_dir(name: str) -> Path:
    """Directory of shipped data: ``pricing_cache`` or ``rule_packs``.

    In a wheel they are inside the package (pyproject maps them there); in a source checkout or an
    editable install they stay at the top of the repository (``pricing_cache/``, ``rules/``), two levels
    above this file.
    """
    inside = _PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return _PACKAGE_DIR.parent.parent / _TOP_LEVEL[name]


def cache_root() -> Path:
    """costlint's cache directory: ``$COSTLINT_CACHE_DIR``, else the platform's user cache directory.

    The price cache lives in its ``pricing`` subdirectory and the grammar cache in ``grammar``.
    """
    override = os.environ.get("COSTLINT_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("costlint", appauthor=False))
