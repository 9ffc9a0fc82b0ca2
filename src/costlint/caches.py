"""costlint's derived caches (``costlint cache info|clear``): what each holds, and emptying them.

Under ``paths.cache_root()``: ``parse`` (the trees of parsed Terraform files, ``readers/parse_cache.py``),
``grammar`` (the compiled HCL grammar, ``readers/hcl/grammar.py``) and ``rules`` (the built-in rule
packs as JSON, ``rules/packs.py``). Each is rebuilt from what is installed when it is missing, so
clearing them costs only time. The refreshed prices of ``costlint pricing update`` (``pricing``) are
data, not a cache of anything installed: ``clear`` leaves them.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Cache:
    name: str
    path: str
    files: int
    bytes: int
    bound: int | None
    """Most bytes kept (oldest entries evicted first), None when the cache holds a fixed set of files."""
    state: str
    """``on``, ``off (COSTLINT_NO_CACHE)``, ``read-only`` or ``absent`` (created by the next run)."""
    about: str


def _directories() -> list[tuple[str, Path, int | None, str]]:
    from costlint.paths import cache_root
    from costlint.readers.parse_cache import MAX_BYTES

    root = cache_root()
    return [
        ("parse", root / "parse", MAX_BYTES, "parsed Terraform files, by content; `--no-cache` skips it"),
        ("grammar", root / "grammar", None, "the HCL grammar's parse tables, compiled once"),
        ("rules", root / "rules", None, "the built-in rule packs, read from YAML once"),
    ]


def _files(directory: Path) -> list[Path]:
    try:
        return [p for p in directory.iterdir() if p.is_file() and not p.is_symlink()]
    except OSError:
        return []


def describe() -> list[Cache]:
    from costlint.readers.parse_cache import disabled_by

    out = []
    for name, directory, bound, about in _directories():
        files = _files(directory)
        size = 0
        for path in files:
            with contextlib.suppress(OSError):
                size += path.stat().st_size
        if not directory.is_dir():
            state = "absent"
        elif not os.access(directory, os.W_OK | os.X_OK):
            state = "read-only"
        elif name == "parse" and disabled_by():
            state = "off (COSTLINT_NO_CACHE)"
        else:
            state = "on"
        out.append(Cache(name, str(directory), len(files), size, bound, state, about))
    return out


def clear() -> tuple[list[Cache], list[str]]:
    """Delete the files of every cache; (what was deleted, one line per file that could not be)."""
    deleted: list[Cache] = []
    failures: list[str] = []
    for name, directory, bound, about in _directories():
        count = size = 0
        for path in _files(directory):
            try:
                length = path.stat().st_size
                path.unlink()
            except FileNotFoundError:
                continue  # another run's eviction got there first
            except OSError as exc:
                failures.append(f"{path}: {exc.strerror or exc}")
                continue
            count += 1
            size += length
        deleted.append(Cache(name, str(directory), count, size, bound, "cleared", about))
    return deleted, failures
