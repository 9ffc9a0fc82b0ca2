"""What AWS does not sell in a region, from the AWS Pricing Calculator feeds.

The calculator's feed of a service lists every region where AWS sells it, and in each the dimensions
sold there. So, in a commercial region of the snapshot, a price is recorded as *not offered* when the
newest feed of its file

- prices nothing of that file in the region (the whole service, or the engine of an RDS file), or
- prices other labels of the file there but not this price's label (EFS One Zone, Aurora Serverless
  v1, Backtrack, SNS mobile push, ...), or, for instances, no instance of the engine at all.

Each entry keeps its evidence (feed, date, how many regions have the label). The build drops an entry
that any source contradicts by pricing the key there (and reports it), so a gap in one feed never hides
another source's price.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from costlint.pricing.records import PriceRecord, not_offered_reason
from costlint.pricing.schema import price_key
from costlint.pricing.sources.feed_instances import CACHE_FILE, RDS_FILES
from costlint.pricing.sources.feeds import FeedPrice, FeedResult

ENGINE_NAMES = {
    "mysql": "MySQL",
    "postgres": "PostgreSQL",
    "mariadb": "MariaDB",
    "aurora-mysql": "Aurora MySQL",
    "aurora-postgresql": "Aurora PostgreSQL",
    "sqlserver-ex": "SQL Server Express",
    "sqlserver-web": "SQL Server Web",
    "sqlserver-se": "SQL Server Standard",
    "sqlserver-ee": "SQL Server Enterprise",
    "oracle-se2": "Oracle SE2 (licence included)",
    "redis": "Redis OSS",
    "memcached": "Memcached",
    "valkey": "Valkey",
}


@dataclass
class Availability:
    not_offered: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    """(provider, service, region) -> {price key or prefix: reason}."""
    contradicted: list[str] = field(default_factory=list)

    def add(self, service: str, region: str, key: str, reason: str) -> None:
        self.not_offered.setdefault(("aws", service, region), {})[key] = reason


def infer(
    mappings: Iterable[FeedPrice],
    feeds: Mapping[str, tuple[str, str, set[str], FeedResult]],
    instances: Iterable[PriceRecord],
    regions: Iterable[str],
) -> Availability:
    """``feeds``: feed file -> (source name, date, regions the file prices anything in, its result),
    for the newest feed of each file."""
    out = Availability()
    regions = sorted(regions)
    label_regions: dict[tuple[str, str], int] = {}
    for mapping in mappings:
        if mapping.file not in feeds:
            continue
        _, _, covered, result = feeds[mapping.file]
        key = price_key(mapping.product, dict(mapping.attributes))
        label_regions[(mapping.file, key)] = sum(
            1 for region in covered if (mapping.service, region, key) not in result.absent
        )
    for mapping in mappings:
        if mapping.file not in feeds:
            continue
        name, date, covered, result = feeds[mapping.file]
        key = price_key(mapping.product, dict(mapping.attributes))
        where = f"AWS's Pricing Calculator feed ({name} {mapping.file}, {date})"
        for region in regions:
            if region not in covered:
                out.add(mapping.service, region, key, f"{where} prices nothing of {mapping.file} in {region}")
            elif (mapping.service, region, key) in result.absent:
                count = label_regions[(mapping.file, key)]
                out.add(
                    mapping.service,
                    region,
                    key,
                    f"{where} prices {mapping.bands[0].labels[0]!r} in {count} regions, not in {region}",
                )
    _instances(out, feeds, instances, regions)
    _whole_services(out, mappings, feeds, regions)
    return out


def _instances(
    out: Availability,
    feeds: Mapping[str, tuple[str, str, set[str], FeedResult]],
    instances: Iterable[PriceRecord],
    regions: list[str],
) -> None:
    engines: dict[tuple[str, str, str], set[str]] = {}  # (file, service, product) -> engine -> regions
    present: dict[tuple[str, str, str, str], set[str]] = {}
    for record in instances:
        file = record.source.split(":", 1)[1]
        engine = record.attributes["engine"]
        engines.setdefault((file, record.service, record.product), set()).add(engine)
        present.setdefault((file, record.service, record.product, engine), set()).add(record.region)
    for (file, service, product), names in sorted(engines.items()):
        if file not in feeds or file not in (*RDS_FILES, CACHE_FILE):
            continue
        source, date, _, _ = feeds[file]
        for engine in sorted(names):
            have = present[(file, service, product, engine)]
            kind = "I/O-Optimized instance" if product == "io_optimized_instance" else "instance"
            for region in regions:
                if region not in have:
                    out.add(
                        service,
                        region,
                        price_key(product, {"engine": engine}),
                        f"AWS's Pricing Calculator feed ({source} {file}, {date}) has no {ENGINE_NAMES[engine]} "
                        f"{kind} in {region} ({len(have)} regions have one)",
                    )


def _whole_services(
    out: Availability,
    mappings: Iterable[FeedPrice],
    feeds: Mapping[str, tuple[str, str, set[str], FeedResult]],
    regions: list[str],
) -> None:
    """A service none of whose mapped prices is offered in a region: one ``*`` entry instead."""
    keys: dict[str, set[str]] = {}
    for mapping in mappings:
        if mapping.file in feeds:
            keys.setdefault(mapping.service, set()).add(price_key(mapping.product, dict(mapping.attributes)))
    for service, wanted in keys.items():
        for region in regions:
            entries = out.not_offered.get(("aws", service, region), {})
            if wanted <= set(entries) and len({reason for key, reason in entries.items() if key in wanted}) == 1:
                reason = next(iter(entries.values()))
                out.not_offered[("aws", service, region)] = {"*": reason}


def drop_contradicted(out: Availability, chosen: Iterable[PriceRecord]) -> None:
    """Remove every entry a price of the snapshot contradicts (the key, or a key under the prefix)."""
    by_file: dict[tuple[str, str, str], list[PriceRecord]] = {}
    for record in chosen:
        by_file.setdefault((record.provider, record.service, record.region), []).append(record)
    for ident, entries in list(out.not_offered.items()):
        for record in by_file.get(ident, []):
            for entry in list(entries):
                if not_offered_reason({entry: entries[entry]}, record.key) is not None:
                    out.contradicted.append(
                        f"{'/'.join(ident)} {entry}: {record.source} ({record.date}) prices {record.key}; "
                        "not recorded as not offered"
                    )
                    del entries[entry]
        if not entries:
            del out.not_offered[ident]
