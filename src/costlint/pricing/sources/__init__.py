"""Adapters that turn the offline price sources of ``../shared/pricing-sources`` into price records.

One module per source file (or family of files); each reads its data with ``Decimal`` numbers and
yields ``records.PriceRecord``\\ s carrying its source id and the date of its data. ``build.py`` picks
one record per price key among them and writes the snapshot.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.pricing.manifest import sha256_of


@dataclass(frozen=True)
class Source:
    """A source file as listed in the snapshot's manifest; ``id`` is what price entries name."""

    id: str
    name: str
    path: str
    """Relative to the sources directory (``../shared/pricing-sources``); empty for a derived source."""
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
        if self.derived_from:
            entry["derived_from"] = list(self.derived_from)
        if self.notes:
            entry["notes"] = self.notes
        return entry


class SourceError(ValueError):
    """A source file is missing or not in the expected shape."""


def load_json(root: Path, relative: str) -> Any:
    """A source JSON file with every number as ``Decimal`` (floats would lose the printed digits)."""
    path = root / relative
    if not path.is_file():
        raise SourceError(f"missing source file {path}")
    with path.open(encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal, parse_int=Decimal)


def positive(value: Any) -> Decimal | None:
    """A usable price: a positive finite number. 0 means "unknown" in libcloud and coroot."""
    if isinstance(value, Decimal) and value.is_finite() and value > 0:
        return value
    return None
