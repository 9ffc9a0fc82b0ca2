"""``costlint cache info`` and ``costlint cache clear``: costlint's caches, as a table or JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from costlint.reports.text_table import table


def _size(count: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= scale:
            return f"{count / scale:.1f} {unit}"
    return f"{count} B"


def render_table(caches: Sequence[Any]) -> str:
    rows = [
        (
            c.name,
            c.state,
            f"{c.files:,}",
            _size(c.bytes),
            _size(c.bound) if c.bound is not None else "",
            c.path,
        )
        for c in caches
    ]
    lines = table(("cache", "state", "files", "size", "bound", "path"), rows)
    lines += ["", *(f"{c.name}: {c.about}" for c in caches)]
    lines.append(
        "The refreshed prices of `costlint pricing update` are not a cache: `costlint cache clear` keeps them."
    )
    return "\n".join(lines) + "\n"


def render_json(caches: Sequence[Any]) -> str:
    return json.dumps({"caches": [dataclasses.asdict(c) for c in caches]}, indent=1) + "\n"


def render_cleared_table(caches: Sequence[Any]) -> str:
    lines = [f"{c.name}: deleted {c.files:,} files ({_size(c.bytes)}) from {c.path}" for c in caches]
    return "\n".join(lines) + "\n"


def render_cleared_json(caches: Sequence[Any]) -> str:
    deleted = [{"name": c.name, "path": c.path, "files": c.files, "bytes": c.bytes} for c in caches]
    return json.dumps({"deleted": deleted}, indent=1) + "\n"
