"""RDS and ElastiCache instance prices from the AWS Pricing Calculator feeds (``feeds.py``).

Their labels name the instance; they are read by a fixed grammar, with every word that decides a
catalog attribute looked up in an explicit table (unknown words: the label is left out and counted):

    Database Instance <engine> <licence> [Aurora IO Optimization Mode] db <class> <category> <deployment>
        <Current|Previous> Generation
    OnDemand Cache Instance <category> cache <type> <engine> [datatiering] <Current|Previous> Generation

(Aurora labels carry a bracketed group name first, and sometimes several spellings separated by
``;``: all must agree.) Each location of these feeds repeats the instance (``US East (N. Virginia)
(Instance Type: db.m5.large, ...)``); a location naming another instance than the label is an error.

A label that is a bracketed group name alone (``[Database Instance Aurora PostgreSQL No license
required Aurora IO Optimization Mode Memory optimized Single-AZ Current Generation]``) holds the
instances the feed has no label of their own for (db.r8g, db.r7i, ... in Aurora's feed): the group name
is the label without ``db <class>``, and each location names its instance. Such a price never replaces
one of an instance's own label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from costlint.pricing.sources import SourceError
from costlint.pricing.sources.feeds import split_location

RDS_FILES = (
    "rds-mysql-ondemand",
    "rds-postgresql-ondemand",
    "rds-mariadb-ondemand",
    "rds-aurora-ondemand",
    "rds-sqlserver-ondemand",
    "rds-oracle-ondemand",
)
CACHE_FILE = "elasticache"

# (engine words, licence words) -> catalog engine. Bring-your-own-licence rows are left out: the
# catalog prices licence-included engines only (BYOL Oracle costs the instance alone).
RDS_ENGINES: dict[tuple[str, str], str] = {
    ("MySQL", "No license required"): "mysql",
    ("PostgreSQL", "No license required"): "postgres",
    ("MariaDB", "No license required"): "mariadb",
    ("Aurora MySQL", "No license required"): "aurora-mysql",
    ("Aurora PostgreSQL", "No license required"): "aurora-postgresql",
    ("SQL Server Express", "License included"): "sqlserver-ex",
    ("SQL Server Web", "License included"): "sqlserver-web",
    ("SQL Server Standard", "License included"): "sqlserver-se",
    ("SQL Server Enterprise", "License included"): "sqlserver-ee",
    ("Oracle Standard Two", "License included"): "oracle-se2",
}
RDS_DEPLOYMENTS = {"Single-AZ": "single_az", "Multi-AZ": "multi_az", "Multi-AZ readable standbys": "multi_az_cluster"}
CACHE_ENGINES = {"Redis": "redis", "Memcached": "memcached", "Valkey": "valkey"}

_RDS = re.compile(
    r"^Database Instance (?P<engine>.+?) (?P<licence>No license required|License included|Bring your own license)"
    r" (?P<io>Aurora IO Optimization Mode )?db (?P<klass>[a-z0-9-]+\.[a-z0-9-]+) (?P<category>.+?)"
    r" (?P<deployment>Single-AZ|Multi-AZ readable standbys|Multi-AZ) (?:Current|Previous) Generation$"
)
_CACHE = re.compile(
    r"^OnDemand Cache Instance (?P<category>.+?) cache (?P<type>[a-z0-9-]+\.[a-z0-9-]+)"
    r" (?P<engine>Redis|Memcached|Valkey)(?: datatiering)? (?:Current|Previous) Generation$"
)
_GROUP = re.compile(r"^\[[^\]]*\] ?")
_RDS_GROUP = re.compile(
    r"^Database Instance (?P<engine>.+?) (?P<licence>No license required|License included|Bring your own license)"
    r" (?P<io>Aurora IO Optimization Mode )?(?P<category>.+?)"
    r" (?P<deployment>Single-AZ|Multi-AZ readable standbys|Multi-AZ) (?P<generation>Current|Previous) Generation$"
)


@dataclass(frozen=True)
class InstancePrice:
    service: str
    product: str
    attributes: tuple[tuple[str, str], ...]
    label: str


def _spellings(label: str) -> list[str]:
    rest = _GROUP.sub("", label, count=1)
    return [part for part in rest.split(";") if part] if rest else []


def parse_rds(label: str) -> InstancePrice | None:
    """The catalog price a ``rds-*-ondemand`` label is, or None (another row, or a word not in the tables)."""
    found = {_parse_rds_one(text) for text in _spellings(label)}
    if len(found) != 1:
        return None
    (parsed,) = found
    return None if parsed is None else InstancePrice("rds", parsed[0], parsed[1], label)


def _parse_rds_one(text: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    match = _RDS.match(text)
    if not match:
        return None
    engine = RDS_ENGINES.get((match["engine"], match["licence"]))
    deployment = RDS_DEPLOYMENTS.get(match["deployment"])
    if engine is None or deployment is None:
        return None
    klass = "db." + match["klass"]
    if match["io"]:
        if not engine.startswith("aurora-") or deployment != "single_az":
            return None
        return "io_optimized_instance", (("engine", engine), ("instance_class", klass))
    if engine.startswith("aurora-") and deployment != "single_az":
        return None
    return "instance", (("deployment", deployment), ("engine", engine), ("instance_class", klass))


def rds_group(label: str) -> re.Match[str] | None:
    """The parts of a bare group label (``[Database Instance ... Generation]`` and nothing after), or None."""
    if not (label.startswith("[") and label.endswith("]")) or "]" in label[:-1]:
        return None
    return _RDS_GROUP.match(label[1:-1])


def parse_rds_grouped(group: re.Match[str], klass: str) -> InstancePrice | None:
    """The catalog price of instance ``klass`` (``db.r8g.large``) under a group label."""
    if not klass.startswith("db."):
        return None
    text = (
        f"Database Instance {group['engine']} {group['licence']} {group['io'] or ''}db {klass[3:]} "
        f"{group['category']} {group['deployment']} {group['generation']} Generation"
    )
    parsed = _parse_rds_one(text)
    return None if parsed is None else InstancePrice("rds", parsed[0], parsed[1], group.string)


def parse_cache(label: str) -> InstancePrice | None:
    spellings = _spellings(label)
    if len(spellings) != 1:
        return None
    match = _CACHE.match(spellings[0])
    if not match:
        return None
    return InstancePrice(
        "elasticache",
        "node",
        (("engine", CACHE_ENGINES[match["engine"]]), ("node_type", "cache." + match["type"])),
        label,
    )


def instance_of(price: InstancePrice) -> str:
    attrs = dict(price.attributes)
    return attrs.get("instance_class") or attrs["node_type"]


def read_instances(
    file: str,
    raw: Mapping[str, Mapping[str, object]],
    locations: Mapping[str, str],
    stats: Counter[str],
) -> Iterator[tuple[InstancePrice, str, Decimal]]:
    """(price, region, USD per hour) of every instance label of a price-watcher-shaped feed."""
    parse = parse_cache if file == CACHE_FILE else parse_rds
    found: dict[tuple[str, tuple[tuple[str, str], ...], str], tuple[InstancePrice, Decimal]] = {}
    conflicts: set[tuple[str, tuple[tuple[str, str], ...], str]] = set()
    grouped: dict[tuple[str, tuple[tuple[str, str], ...], str], tuple[InstancePrice, Decimal]] = {}
    group_conflicts: set[tuple[str, tuple[tuple[str, str], ...], str]] = set()
    for label, by_location in raw.items():
        parsed = parse(label)
        group = rds_group(label) if parsed is None and file != CACHE_FILE else None
        if group is not None:
            _read_group(group, by_location, locations, grouped, group_conflicts)
            continue
        if parsed is None:
            stats[f"{file}: labels not mapped (other engines, licences or rows)"] += 1
            continue
        for location, text in by_location.items():
            name, detail = split_location(location)
            region = locations.get(name)
            if region is None:
                continue
            if not (detail + ",").startswith(f"Instance Type: {instance_of(parsed)},"):
                raise SourceError(f"{file}: label {label!r} has location {location!r}")
            price = Decimal(str(text))
            if price <= 0:
                continue
            key = (parsed.product, parsed.attributes, region)
            if key in found and found[key][1] != price:
                conflicts.add(key)
            found.setdefault(key, (parsed, price))
    for key in conflicts:
        stats[f"{file}: two labels with two prices for one instance (left out)"] += 1
        del found[key]
    for key in group_conflicts:
        stats[f"{file}: two group labels with two prices for one instance (left out)"] += 1
        del grouped[key]
    for key, value in grouped.items():
        found.setdefault(key, value)
    for (_, _, region), (parsed, price) in sorted(found.items(), key=lambda kv: repr(kv[0])):
        yield parsed, region, price


def _read_group(
    group: re.Match[str],
    by_location: Mapping[str, object],
    locations: Mapping[str, str],
    grouped: dict[tuple[str, tuple[tuple[str, str], ...], str], tuple[InstancePrice, Decimal]],
    conflicts: set[tuple[str, tuple[tuple[str, str], ...], str]],
) -> None:
    for location, text in by_location.items():
        name, detail = split_location(location)
        region = locations.get(name)
        if region is None or not detail.startswith("Instance Type: "):
            continue
        parsed = parse_rds_grouped(group, detail.removeprefix("Instance Type: ").split(",")[0].strip())
        price = Decimal(str(text))
        if parsed is None or price <= 0:
            continue
        key = (parsed.product, parsed.attributes, region)
        if key in grouped and grouped[key][1] != price:
            conflicts.add(key)
        grouped.setdefault(key, (parsed, price))


def is_instance_label(file: str, label: str) -> bool:
    if file == CACHE_FILE:
        return parse_cache(label) is not None
    return parse_rds(label) is not None or rds_group(label) is not None
