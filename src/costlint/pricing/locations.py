"""Where price caches live.

Lookups consult, per provider/service/region file, the user cache first (written by ``costlint
pricing update``) and the bundled snapshot second.
"""

from __future__ import annotations

from pathlib import Path

from costlint.paths import bundled_dir, cache_root


def bundled_cache_dir() -> Path:
    return bundled_dir("pricing_cache")


def user_cache_dir() -> Path:
    """The ``pricing`` directory of costlint's cache (``paths.cache_root``)."""
    return cache_root() / "pricing"
