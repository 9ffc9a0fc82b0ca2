"""The AWS Pricing Calculator's per-service feeds, as re-published by two sources, read the same way.

AWS publishes, for its Pricing Calculator, one JSON "metered unit map" per service
(``b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<service>/USD/current/<file>.json``): for every
location (``EU (Ireland)``), every dimension of the service under a human label ("Application Load
Balancer Hours") with its USD price per unit. Two public repositories re-publish them:

- ``aws-price-watcher/processed/<file>.json`` (``price_watcher.py``): ``{label: {location: price}}``;
- ``aws-calculator-data/<file>.json`` (``calculator_data.py``): ``{"manifest", "regions": {location:
  {label: {"price", "rateCode", ...}}}}``.

Both carry the same labels, so one table (``feed_tables.py``) maps labels to catalog products for both.
Labels carry no unit: each mapping states the feed unit and its factor to the schema's unit, and
``tests/test_pricing_feeds.py`` checks every mapping against a known price. Location names are mapped
to region codes with ``aws-calculator-data/locations.json``; only AWS Regions are kept (Local Zones,
Wavelength Zones and Outposts have prices of their own and no place in the catalog yet).

Some feeds name the instance in the location instead of the label (RDS, ElastiCache:
``US East (N. Virginia) (Instance Type: db.m5.large, ...)``) or the band of a tiered price
(``... (StartingRange: 0, EndingRange: 10240)``); ``split_location`` takes that suffix apart, and the
adapters check it against the label.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from costlint.pricing.records import PriceRecord, Tier
from costlint.pricing.schema import price_key
from costlint.pricing.schema import product as schema_product
from costlint.pricing.sources import SourceError, load_json, positive

LOCATIONS = "aws-calculator-data/locations.json"
REGION_CODE = re.compile(r"^[a-z]{2}(?:-gov)?-[a-z]+-\d$")
_SUFFIX = re.compile(r"^(?P<name>.*?) \((?P<detail>(?:Instance Type|StartingRange): [^()]*)\)$")


def read_locations(root: Path) -> dict[str, str]:
    """AWS location name -> region code, for AWS Regions only."""
    doc = load_json(root, LOCATIONS)
    out = {}
    for name, entry in doc.items():
        code = str(entry.get("code", ""))
        if entry.get("type") == "AWS Region" and REGION_CODE.match(code):
            out[name] = code
    if "US East (N. Virginia)" not in out:
        raise SourceError(f"{LOCATIONS}: no US East (N. Virginia)")
    return out


def keep_locations(doc: dict[str, dict[str, object]], _root: Path) -> dict[str, object]:
    """``locations.json`` trimmed to what ``read_locations`` reads (AWS Regions' code and type)."""
    return {
        name: {"code": entry["code"], "type": entry["type"]}
        for name, entry in doc.items()
        if entry.get("type") == "AWS Region" and REGION_CODE.match(str(entry.get("code", "")))
    }


def split_location(location: str) -> tuple[str, str]:
    """``"EU (Ireland) (Instance Type: db.m5.large, ...)"`` -> ``("EU (Ireland)", "Instance Type: ...")``."""
    found = _SUFFIX.match(location)
    if found:
        return found.group("name"), found.group("detail")
    return location, ""


FeedTable = dict[str, dict[str, Decimal]]
"""label -> region code -> USD price per feed unit (positive prices only)."""


@dataclass(frozen=True)
class Band:
    """One band of a price: the sum of its labels' prices (usually one label) from ``start`` to ``end``."""

    labels: tuple[str, ...]
    start: Decimal = Decimal(0)
    end: Decimal | None = None


@dataclass(frozen=True)
class FeedPrice:
    """A catalog price made of feed labels (``feed_tables.py``)."""

    file: str
    """Feed file stem (``elb``, ``rds-storage``)."""
    service: str
    product: str
    attributes: tuple[tuple[str, str], ...]
    bands: tuple[Band, ...]
    per: Decimal = Decimal(1)
    """Schema unit / feed unit: the feed's price per request times 1,000,000 is the price per 1M requests."""
    note: str = ""

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for band in self.bands for label in band.labels)


def flat(
    file: str, service: str, product: str, label: str, per: int | str = 1, note: str = "", **attrs: str
) -> FeedPrice:
    return FeedPrice(file, service, product, tuple(sorted(attrs.items())), (Band((label,)),), Decimal(per), note)


def summed(
    file: str, service: str, product: str, labels: tuple[str, ...], note: str, per: int | str = 1, **attrs: str
) -> FeedPrice:
    """A price that is the sum of several labels (EKS extended support = standard + its add-on)."""
    return FeedPrice(file, service, product, tuple(sorted(attrs.items())), (Band(labels),), Decimal(per), note)


def banded(
    file: str,
    service: str,
    product: str,
    bands: tuple[tuple[str, int | str, int | str | None], ...],
    per: int | str = 1,
    note: str = "",
    **attrs: str,
) -> FeedPrice:
    """A tiered price: ``(label, start, end)`` per band, limits in the schema's unit (None: no end)."""
    made = tuple(Band((label,), Decimal(start), None if end is None else Decimal(end)) for label, start, end in bands)
    for first, second in pairwise(made):
        if first.end != second.start:
            raise SourceError(f"{file} {product}: bands do not meet ({first.end} != {second.start})")
    if made[0].start != 0 or made[-1].end is not None:
        raise SourceError(f"{file} {product}: bands must start at 0 and end open")
    return FeedPrice(file, service, product, tuple(sorted(attrs.items())), made, Decimal(per), note)


@dataclass
class FeedResult:
    records: list[PriceRecord] = field(default_factory=list)
    absent: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    """(service, region, price key) -> the labels missing there (input of the "not offered" rule)."""
    problems: list[str] = field(default_factory=list)


def apply(
    mappings: tuple[FeedPrice, ...],
    tables: Mapping[str, FeedTable],
    covered: Mapping[str, set[str]],
    source_of: Mapping[str, tuple[str, str]],
    result: FeedResult,
) -> None:
    """Records of every mapping in every region its labels are priced in.

    ``tables``: feed file -> its table; ``covered``: feed file -> the regions it prices anything in;
    ``source_of``: feed file -> (source id, date). A mapping whose labels are missing in a region the
    file covers is listed in ``result.absent``; a tiered price with a band missing is kept with its
    first band only (noted), never with a gap.
    """
    for mapping in mappings:
        table = tables.get(mapping.file)
        if table is None:
            continue
        spec = schema_product("aws", mapping.service, mapping.product)
        source, date = source_of[mapping.file]
        key_attrs = dict(mapping.attributes)
        for region in sorted(covered[mapping.file]):
            prices: list[Decimal | None] = []
            missing = []
            for band in mapping.bands:
                parts = [table.get(label, {}).get(region) for label in band.labels]
                missing += [label for label, part in zip(band.labels, parts, strict=True) if part is None]
                known = [p for p in parts if p is not None]
                prices.append(sum(known, Decimal(0)) * mapping.per if len(known) == len(parts) else None)
            first = prices[0]
            if first is None:
                result.absent[(mapping.service, region, price_key(mapping.product, key_attrs))] = missing
                continue
            notes = [mapping.note] if mapping.note else []
            tiers: tuple[Tier, ...] = ()
            if len(mapping.bands) > 1:
                complete = [p for p in prices if p is not None]
                if len(complete) == len(prices):
                    tiers = tuple(
                        Tier(band.start, band.end, price) for band, price in zip(mapping.bands, complete, strict=True)
                    )
                else:
                    notes.append("first usage band only (the feed lacks " + ", ".join(missing) + " here)")
            elif spec.tiered and not mapping.note:
                notes.append("one price for all usage")
            result.records.append(
                PriceRecord(
                    "aws",
                    mapping.service,
                    region,
                    mapping.product,
                    key_attrs,
                    first,
                    spec.unit,
                    source,
                    date,
                    tiers=tiers,
                    note="; ".join(notes),
                )
            )


def positive_table(raw: Mapping[str, Mapping[str, object]], locations: Mapping[str, str]) -> FeedTable:
    """``{label: {location: price}}`` with locations as region codes and only positive prices."""
    table: FeedTable = {}
    for label, by_location in raw.items():
        for location, text in by_location.items():
            code = locations.get(location)
            price = positive(_decimal(text))
            if code is not None and price is not None:
                table.setdefault(label, {})[code] = price
    return table


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return None
    return None


def keep_labelled(labels: set[str]) -> Callable[[dict[str, Any], Path], dict[str, Any]]:
    """What ``pricing trim-sources`` keeps of a calculator feed (the calculator's metered-unit map format):
    its publication date and, in AWS Regions only, the prices and rate codes of ``labels``."""

    def keep(doc: dict[str, Any], root: Path) -> dict[str, Any]:
        regions = read_locations(root)
        return {
            "manifest": {"hawkFilePublicationDate": doc["manifest"]["hawkFilePublicationDate"]},
            "regions": {
                location: {
                    label: {"price": entry["price"], "rateCode": entry["rateCode"]}
                    for label, entry in by_label.items()
                    if label in labels
                }
                for location, by_label in doc["regions"].items()
                if location in regions
            },
        }

    return keep
