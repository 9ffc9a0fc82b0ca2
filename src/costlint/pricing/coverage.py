"""What the price catalog covers: per service and region, exact, approximate, partial, none or not offered.

The region list is the snapshot's (``manifest.json`` ``regions``: the commercial AWS Regions where EC2
has prices). For each service, the products it is expected to have are those priced in at least one of
those regions; in each region each such product is

- ``exact``: at least one price from a source file;
- ``approximate``: prices derived by a documented rule only (a derived source of the manifest);
- ``not_offered``: AWS does not sell it there (the region file's ``not_offered``);
- ``none``: no price; ``reason`` gives the manifest's recorded gap when there is one.

A service's cell is ``not_offered`` when every expected product is, ``exact`` when every expected
product is exact or not offered, ``approximate`` when every one is priced or not offered and some only
approximately, ``partial`` when some have no price, and ``none`` when none has. Global services (Route
53, CloudFront) are priced once for every region.

Cache directories are read in lookup order (user cache first): the first directory with a service's
region file decides that cell, as in ``catalog.Catalog``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from costlint.pricing.manifest import read_manifest
from costlint.pricing.records import not_offered_reason, region_file
from costlint.pricing.schema import AWS_PRODUCTS, GLOBAL_SERVICES

EXACT = "exact"
APPROXIMATE = "approximate"
PARTIAL = "partial"
NONE = "none"
NOT_OFFERED = "not_offered"
STATUSES = (EXACT, APPROXIMATE, PARTIAL, NONE, NOT_OFFERED)
GLOBAL = "global"


@dataclass
class ProductCell:
    status: str
    prices: int = 0
    derived: int = 0
    reason: str = ""


@dataclass
class Cell:
    status: str
    products: dict[str, ProductCell] = field(default_factory=dict)

    @property
    def prices(self) -> int:
        return sum(p.prices for p in self.products.values())

    def unpriced(self) -> dict[str, str]:
        """product -> reason (empty when none is recorded) of the expected products without a price."""
        return {name: p.reason for name, p in self.products.items() if p.status in (NONE, NOT_OFFERED)}


@dataclass
class Coverage:
    provider: str
    regions: list[str]
    cells: dict[str, dict[str, Cell]] = field(default_factory=dict)
    """service -> region -> cell."""

    def status_counts(self, service: str) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for cell in self.cells[service].values():
            counts[cell.status] += 1
        return counts

    def as_json(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "regions": self.regions,
            "services": {
                service: {
                    region: {
                        "status": cell.status,
                        "prices": cell.prices,
                        "products": {
                            name: {
                                k: v
                                for k, v in (
                                    ("status", p.status),
                                    ("prices", p.prices),
                                    ("derived", p.derived),
                                    ("reason", p.reason),
                                )
                                if v or k == "status"
                            }
                            for name, p in sorted(cell.products.items())
                        },
                    }
                    for region, cell in regions.items()
                }
                for service, regions in sorted(self.cells.items())
            },
            "summary": {service: self.status_counts(service) for service in sorted(self.cells)},
        }


@dataclass
class _Region:
    prices: dict[str, tuple[int, int]]
    """product -> (prices, derived prices)."""
    not_offered: dict[str, str]


def _load(directories: Sequence[Path], provider: str, service: str, region: str, derived: set[str]) -> _Region | None:
    for directory in directories:
        path = region_file(directory, provider, service, region)
        if not path.is_file():
            continue
        doc = json.loads(path.read_text(encoding="utf-8"))
        counts: dict[str, list[int]] = {}
        for key, entry in doc.get("prices", {}).items():
            tally = counts.setdefault(key.split("|", 1)[0], [0, 0])
            tally[0] += 1
            tally[1] += entry.get("source") in derived
        return _Region({k: (v[0], v[1]) for k, v in counts.items()}, dict(doc.get("not_offered", {})))
    return None


def compute(directories: Sequence[Path], provider: str = "aws") -> Coverage:
    """Coverage of the catalog made of ``directories`` (lookup order; the last is the bundled snapshot)."""
    regions: list[str] = []
    derived: set[str] = set()
    gaps: dict[str, dict[str, str]] = {}
    for directory in reversed(directories):
        manifest = read_manifest(directory) if directory.is_dir() else None
        if manifest is None:
            continue
        regions = list(manifest.extra.get("regions", regions))
        derived |= {str(s["id"]) for s in manifest.sources if s.get("derived_from")}
        for service, products in manifest.extra.get("gaps", {}).items():
            gaps.setdefault(service, {}).update(products)
    coverage = Coverage(provider, regions)
    services = sorted({p.service for p in AWS_PRODUCTS}) if provider == "aws" else []
    for service in services:
        is_global = (provider, service) in GLOBAL_SERVICES
        loaded = {
            region: _load(directories, provider, service, GLOBAL if is_global else region, derived)
            for region in regions
        }
        expected = sorted({name for r in loaded.values() if r is not None for name in r.prices})
        coverage.cells[service] = {region: _cell(expected, loaded[region], gaps.get(service, {})) for region in regions}
    return coverage


def _cell(expected: list[str], region: _Region | None, gaps: dict[str, str]) -> Cell:
    products: dict[str, ProductCell] = {}
    for name in expected:
        count, derived = region.prices.get(name, (0, 0)) if region is not None else (0, 0)
        if count:
            status = APPROXIMATE if derived == count else EXACT
            products[name] = ProductCell(status, count, derived)
            continue
        # Only ``*`` or the bare product name covers the whole product; an entry with attributes
        # (``storage|storage_class=one_zone``) covers part of it.
        reason = not_offered_reason(region.not_offered, name) if region is not None else None
        if reason is not None:
            products[name] = ProductCell(NOT_OFFERED, reason=reason)
        else:
            products[name] = ProductCell(NONE, reason=gaps.get(name, ""))
    statuses = {p.status for p in products.values()}
    if not products or statuses == {NOT_OFFERED}:
        status = NOT_OFFERED if products else NONE
    elif statuses <= {EXACT, NOT_OFFERED}:
        status = EXACT
    elif statuses <= {EXACT, APPROXIMATE, NOT_OFFERED}:
        status = APPROXIMATE
    elif statuses & {EXACT, APPROXIMATE}:
        status = PARTIAL
    else:
        status = NONE
    return Cell(status, products)
