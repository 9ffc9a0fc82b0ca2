"""Where price caches live.

Lookups consult, per provider/service/region file, the user cache first (written by ``costlint
pricing update``) and the bundled snapshot second.
"""

from __future__ import annotations

import os
from pathlib import Path

from costlint.paths import bundled_dir


def bundled_cache_dir() -> Path:
    return bundled_dir("pricing_cache")


def user_cache_dir() -> Path:
    """``$COSTLINT_CACHE_DIR``, else the platform's user cache directory for costlint, + ``/pricing``."""
    override = os.environ.get("COSTLINT_CACHE_DIR")
    if override:
        return Path(override) / "pricing"
    from platformdirs import user_cache_dir as _platform_cache_dir

    return Path(_platform_cache_dir("costlint", appauthor=False)) / "pricing"
