"""Normalised price records and the on-disk format of a price cache directory.

Both the bundled snapshot (``pricing_cache/``, built from the repository's ``pricing_sources/``) and the
user cache written by ``costlint pricing update`` are *cache directories* of the same shape:

    <dir>/manifest.json                      sources, dates, checksums, coverage
    <dir>/<provider>/<service>/<region>.json one file per service and region, loaded lazily

A region file is ``{"format": 1, "provider", "service", "region", "prices": {key: entry}}`` where
``key`` is ``schema.price_key(product, attributes)`` and ``entry`` is
``{"price": "0.096", "unit": "hour", "source": "<source id>", "date": "YYYY-MM-DD",
"confidence": "high" | "low", ["tiers": [[start, end|null, price], ...]], ["note": "..."]}``.
It may also hold ``"not_offered": {key: reason}``: what AWS does not sell in that region, so that a
missing price reads "not offered in that region" rather than "no price". A key there is a price key
or a prefix of one (``instance|engine=sqlserver-ee``: every class of that engine; ``*``: the whole
service); the file of a service AWS does not sell in a region has no prices, only that entry.
Prices are decimal strings, never floats, so that a file round-trips exactly. Files are written with
sorted keys and a fixed layout, so that building twice from the same inputs gives identical bytes.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.pricing.schema import price_key, product
from costlint.writing import write_atomic

FORMAT_VERSION = 1
CONFIDENCE_VALUES = ("high", "low")


@dataclass(frozen=True)
class Tier:
    start: Decimal
    end: Decimal | None
    """None: no upper bound."""
    price: Decimal


@dataclass(frozen=True)
class PriceRecord:
    provider: str
    service: str
    region: str
    product: str
    attributes: dict[str, str] = field(hash=False)
    price: Decimal = field(hash=False)
    unit: str = ""
    source: str = ""
    """Id of the source, as listed in the directory's manifest."""
    date: str = ""
    """Date of the price data (the source's generation or publication date), ISO ``YYYY-MM-DD``."""
    confidence: str = "high"
    tiers: tuple[Tier, ...] = ()
    note: str = ""

    @property
    def key(self) -> str:
        return price_key(self.product, self.attributes)


class InvalidRecord(ValueError):
    pass


def validate(record: PriceRecord) -> None:
    """Reject records that do not fit the schema or carry impossible prices."""
    try:
        spec = product(record.provider, record.service, record.product)
    except KeyError as exc:
        raise InvalidRecord(str(exc)) from None
    if set(record.attributes) != set(spec.attributes):
        raise InvalidRecord(
            f"{record.service}/{record.product}: attributes {sorted(record.attributes)} "
            f"!= schema {sorted(spec.attributes)}"
        )
    if record.unit != spec.unit:
        raise InvalidRecord(f"{record.service}/{record.product}: unit {record.unit!r} != {spec.unit!r}")
    if not record.price.is_finite() or record.price <= 0:
        raise InvalidRecord(f"{record.service}/{record.key} in {record.region}: price {record.price} is not positive")
    for tier in record.tiers:
        if not tier.price.is_finite() or tier.price < 0:
            raise InvalidRecord(f"{record.service}/{record.key} in {record.region}: tier price {tier.price}")
    if record.confidence not in CONFIDENCE_VALUES:
        raise InvalidRecord(f"confidence {record.confidence!r}")
    if not record.source or not record.date:
        raise InvalidRecord(f"{record.service}/{record.key} in {record.region}: no source or date")


def decimal_text(value: Decimal) -> str:
    """Normalised, non-scientific: 0.0000166667 stays readable, 0.0960000000 becomes 0.096."""
    return format(value.normalize(), "f")


def entry_of(record: PriceRecord) -> dict[str, object]:
    entry: dict[str, object] = {
        "price": decimal_text(record.price),
        "unit": record.unit,
        "source": record.source,
        "date": record.date,
        "confidence": record.confidence,
    }
    if record.tiers:
        entry["tiers"] = [
            [decimal_text(t.start), None if t.end is None else decimal_text(t.end), decimal_text(t.price)]
            for t in record.tiers
        ]
    if record.note:
        entry["note"] = record.note
    return entry


def region_file(directory: Path, provider: str, service: str, region: str) -> Path:
    return directory / provider / service / f"{region}.json"


def _region_doc(
    provider: str, service: str, region: str, records: Iterable[PriceRecord], not_offered: Mapping[str, str]
) -> dict[str, object]:
    prices: dict[str, object] = {}
    for record in records:
        key = record.key
        if key in prices:
            raise InvalidRecord(f"{provider}/{service}/{region}: two prices for {key}")
        prices[key] = entry_of(record)
    doc: dict[str, object] = {
        "format": FORMAT_VERSION,
        "provider": provider,
        "service": service,
        "region": region,
        "prices": prices,
    }
    if not_offered:
        doc["not_offered"] = dict(sorted(not_offered.items()))
    return doc


# One price per line: readable diffs when the snapshot is refreshed.
_ENCODER = json.JSONEncoder(indent=1, sort_keys=True, ensure_ascii=False)


NotOffered = Mapping[tuple[str, str, str], Mapping[str, str]]
"""(provider, service, region) -> {price key or prefix: reason}."""


def write_records(directory: Path, records: Iterable[PriceRecord], not_offered: NotOffered | None = None) -> list[Path]:
    """Validate and write records, one file per provider/service/region; returns the files written."""
    groups: dict[tuple[str, str, str], list[PriceRecord]] = {}
    for record in records:
        validate(record)
        groups.setdefault((record.provider, record.service, record.region), []).append(record)
    for ident in not_offered or {}:
        groups.setdefault(ident, [])
    written = []
    for (provider, service, region), group in sorted(groups.items()):
        path = region_file(directory, provider, service, region)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Streamed, without holding the whole text (an EC2 region file with reserved terms has ~100k
        # prices); not flushed file by file: the directory is swapped in whole (pricing update) or is a
        # build's output.
        doc = _region_doc(provider, service, region, group, (not_offered or {}).get((provider, service, region), {}))
        write_atomic(path, itertools.chain(_ENCODER.iterencode(doc), "\n"), durable=False)
        written.append(path)
    return written


def read_region(path: Path) -> dict[str, dict[str, object]]:
    """The ``prices`` mapping of a region file (entries as stored: prices are strings)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("format") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported price file format {doc.get('format')!r}")
    return doc["prices"]


def not_offered_of(path: Path) -> dict[str, str]:
    """The ``not_offered`` mapping of a region file (empty when it has none)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return dict(doc.get("not_offered", {}))


def not_offered_reason(not_offered: Mapping[str, str], key: str) -> str | None:
    """The reason a price key is not offered (a ``not_offered`` entry equal to it or a prefix of it)."""
    if "*" in not_offered:
        return not_offered["*"]
    name, *pairs = key.split("|")
    for entry, reason in not_offered.items():
        entry_name, *entry_pairs = entry.split("|")
        if entry_name == name and set(entry_pairs) <= set(pairs):
            return reason
    return None


def tiers_of(entry: Mapping[str, Any]) -> tuple[Tier, ...]:
    """The price bands of a region-file entry (none for a flat price)."""
    return tuple(Tier(Decimal(s), None if e is None else Decimal(e), Decimal(p)) for s, e, p in entry.get("tiers", ()))


def record_of(provider: str, service: str, region: str, key: str, entry: Mapping[str, Any]) -> PriceRecord:
    """A region-file entry back as a record (the inverse of ``entry_of``)."""
    name, *pairs = key.split("|")
    return PriceRecord(
        provider,
        service,
        region,
        name,
        dict(p.split("=", 1) for p in pairs),
        Decimal(entry["price"]),
        entry["unit"],
        entry["source"],
        entry["date"],
        entry["confidence"],
        tiers_of(entry),
        entry.get("note", ""),
    )


def records_of(path: Path) -> list[PriceRecord]:
    """Read a region file back into records (for tests, diffs and ``pricing info``)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [
        record_of(doc["provider"], doc["service"], doc["region"], key, entry) for key, entry in doc["prices"].items()
    ]
