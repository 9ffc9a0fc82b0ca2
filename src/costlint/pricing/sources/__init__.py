"""Adapters that turn the offline price sources of ``pricing_sources/`` into price records.

One module per source file (or family of files); each reads its data with ``Decimal`` numbers and
yields ``records.PriceRecord``\\ s carrying its source id and the date of its data. ``build.py`` picks
one record per price key among them and writes the snapshot.

``pricing_sources/`` (beside ``pricing_cache/`` in the repository) holds the parts of the upstream
files that the adapters read, trimmed reproducibly from the upstream copies by ``vendor.py`` (each
adapter's ``KEPT`` says which file it keeps and how).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from costlint.pricing.manifest import sha256_of


@dataclass(frozen=True)
class Source:
    """A source file as listed in the snapshot's manifest; ``id`` is what price entries name."""

    id: str
    name: str
    path: str
    """Relative to the sources directory (``pricing_sources/``); empty for a derived source."""
    origin: str
    license: str
    date: str
    notes: str = ""
    derived_from: tuple[str, ...] = ()
    """Ids of the sources a derived source computes its prices from."""

    def manifest_entry(self, root: Path) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "origin": self.origin,
            "license": self.license,
            "date": self.date,
        }
        if self.path:
            entry["file"] = self.path
            entry["checksum"] = sha256_of(root / self.path)
            upstream = upstream_checksums(root).get(self.path)
            if upstream:
                entry["upstream_checksum"] = upstream
        if self.derived_from:
            entry["derived_from"] = list(self.derived_from)
        if self.notes:
            entry["notes"] = self.notes
        return entry


@lru_cache(maxsize=8)
def upstream_checksums(root: Path) -> dict[str, str]:
    """kept path -> ``sha256:<hex>`` of its upstream file, from ``trimmed.json`` (empty when absent)."""
    path = root / "trimmed.json"
    if not path.is_file():
        return {}
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {row["path"]: "sha256:" + row["upstream_sha256"] for row in doc.get("files", [])}


class SourceError(ValueError):
    """A source file is missing or not in the expected shape."""


def load_json(root: Path, relative: str) -> Any:
    """A source JSON file (``.json`` or ``.json.gz``) with every number as ``Decimal`` (floats would
    lose the printed digits)."""
    path = root / relative
    if not path.is_file():
        raise SourceError(f"missing source file {path}")
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as f:
                return json.load(f, parse_float=Decimal, parse_int=Decimal)
        with path.open(encoding="utf-8") as f:
            return json.load(f, parse_float=Decimal, parse_int=Decimal)
    except (OSError, ValueError) as exc:
        raise SourceError(f"{path}: not readable JSON ({exc})") from None


@dataclass(frozen=True)
class Kept:
    """A file of ``pricing_sources/`` and how it is made from its upstream copy (``vendor.py``)."""

    upstream: str
    """Path in the upstream folder (``../shared/pricing-sources``); ``.gz`` files are read decompressed."""
    path: str
    """Path in ``pricing_sources/``; written gzip-compressed when it ends in ``.gz``."""
    keep: Callable[[Any, Path], Any] | None = None
    """(JSON document, upstream folder) -> the part the adapter reads; None: the file is copied byte for
    byte."""
    how: str = "copied unchanged"


def positive(value: Any) -> Decimal | None:
    """A usable price: a positive finite number. 0 means "unknown" in libcloud and coroot."""
    if isinstance(value, Decimal) and value.is_finite() and value > 0:
        return value
    return None
