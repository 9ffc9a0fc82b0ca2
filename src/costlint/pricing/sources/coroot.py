"""coroot's ``cloud-pricing.json`` (gh-pages commit af03ead, 2024-08-09), AWS part.

Derived by coroot's generator from Infracost's pricing-DB dump. Used for:

- EC2 on-demand (a candidate outside us-east-1, see ``ec2.py``) and spot prices;
- RDS instance hours (MySQL, PostgreSQL, Aurora MySQL/PostgreSQL; Single-/Multi-AZ);
- ElastiCache node hours (Redis, Memcached);
- internet egress tiers.

Known defects and how they are handled:

- 0 means unknown (Aurora has no Multi-AZ value; some classes lack one): never a price.
- The generator drops the first price row per region and engine: some classes are simply missing.
- Instance-type keys without a size (``c5``, ``m5``: Dedicated Host rows) are not instance types.
- Aurora rows mix in Aurora I/O-Optimized instance prices (30 % above the Standard configuration's,
  e.g. us-east-1 db.t3.large 0.213 where Infracost's 2025 golden tests and AWS show 0.164). Aurora
  prices scale linearly with the instance size inside a family, so the Standard level of a region's
  family is its lowest price per size unit (both Aurora engines pooled: they cost the same); a class
  whose price per size unit is above that level by more than rounding is an I/O-Optimized row and
  is dropped. A family with a single class cannot be checked: its price is kept as low confidence.
  That check misses a family whose every row is I/O-Optimized (db.t4g in us-east-1: 0.095 where
  the Standard price is lower than db.t3's 0.082), so each Aurora row is first compared with the
  same region's RDS price for the same class (MySQL for Aurora MySQL, PostgreSQL for Aurora
  PostgreSQL): over the 2,042 pairs in the file the ratio is 1.11-1.27 or 1.41-1.60 (and twice
  1.89), nothing in between; a row at ``AURORA_IO_OPTIMIZED_RATIO`` or above is dropped.
- Egress prices are float32 values widened to float64; they are read back as the shortest decimal
  giving the same float32 (0.09000000357627869 -> 0.09).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.pricing.records import PriceRecord, Tier
from costlint.pricing.sources import Kept, Source, SourceError, load_json, positive
from costlint.pricing.sources.decimals import shortest_float32

SOURCE_ID = "coroot"
PATH = "coroot/cloud-pricing-aws.json.gz"
_USED = ("compute", "managed_db", "managed_cache", "internet_egress")
KEPT = (
    Kept(
        "coroot/cloud-pricing.json.gz",
        PATH,
        lambda doc, _root: {"aws": {key: doc["aws"][key] for key in _USED}},
        "only `aws` and in it " + ", ".join(f"`{k}`" for k in _USED) + " (GCP, Azure and AWS inter-region "
        "transfer are not used), gzip",
    ),
)
DATE = "2024-08-09"
"""Date of the gh-pages commit af03eada15b25d80863f2547ba281e71af9d5c91 (the file holds no date)."""

INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9-]+$")
RDS_ENGINES = ("mysql", "postgres", "aurora-mysql", "aurora-postgresql")
RDS_DEPLOYMENTS = ("single_az", "multi_az")
CACHE_ENGINES = ("redis", "memcached")
_SIZE = re.compile(r"^(?:(\d+)?xlarge|large|medium|small|micro|nano)$")
_SMALL_SIZES = {
    "nano": Decimal(1) / 16,
    "micro": Decimal(1) / 8,
    "small": Decimal(1) / 4,
    "medium": Decimal(1) / 2,
    "large": Decimal(1),
}
AURORA_IO_OPTIMIZED_RATIO = Decimal("1.35")
"""Aurora/RDS price ratio from which an Aurora row is an I/O-Optimized one (see the module doc)."""
AURORA_RDS_ENGINE = {"aurora-mysql": "mysql", "aurora-postgresql": "postgres"}
AURORA_ROUNDING = Decimal("0.03")
"""Relative slack for the Aurora level check: prices have 3 decimals (0.041 for a db.t3.small is
1.2 % coarse); the I/O-Optimized mark-up to detect is 30 %."""


def size_units(size: str) -> Decimal | None:
    """Relative capacity of an instance size (large = 1, xlarge = 2, 4xlarge = 8, medium = 1/2)."""
    match = _SIZE.match(size)
    if not match:
        return None
    if size in _SMALL_SIZES:
        return _SMALL_SIZES[size]
    return Decimal(2) * Decimal(match.group(1) or 1)


@dataclass
class CorootData:
    aws: dict[str, Any]
    stats: Counter[str] = field(default_factory=Counter)

    def ec2_on_demand(self) -> dict[str, dict[str, Decimal]]:
        """region -> instance type -> on-demand USD per hour (a candidate, see ``ec2.py``)."""
        out: dict[str, dict[str, Decimal]] = {}
        for region, types in self.aws["compute"].items():
            for instance_type, prices in types.items():
                price = positive(prices.get("on_demand"))
                if price is not None and INSTANCE_TYPE.match(instance_type):
                    out.setdefault(region, {})[instance_type] = price
        return out

    def spot_records(self) -> Iterator[PriceRecord]:
        # A spot price is a point-in-time market price that moves hourly and differs per AZ: useful
        # for an estimate, never exact, hence low confidence.
        for region, types in sorted(self.aws["compute"].items()):
            for instance_type, prices in sorted(types.items()):
                price = positive(prices.get("spot"))
                if price is None or not INSTANCE_TYPE.match(instance_type):
                    continue
                yield PriceRecord(
                    "aws",
                    "ec2",
                    region,
                    "instance",
                    {"instance_type": instance_type, "os": "linux", "tenancy": "shared", "purchase": "spot"},
                    price,
                    "hour",
                    SOURCE_ID,
                    DATE,
                    "low",
                    note="point-in-time spot price",
                )

    def rds_records(self) -> Iterator[PriceRecord]:
        for region, engines in sorted(self.aws["managed_db"].items()):
            rows: list[tuple[str, str, str, Decimal]] = []  # engine, class, deployment, price
            for engine in RDS_ENGINES:
                for klass, by_deployment in sorted(engines.get(engine, {}).items()):
                    for deployment in RDS_DEPLOYMENTS:
                        price = positive(by_deployment.get(deployment, {}).get("on_demand"))
                        if price is not None:
                            rows.append((engine, klass, deployment, price))
            plain = [r for r in rows if not r[0].startswith("aurora-")]
            aurora = [r for r in rows if r[0].startswith("aurora-")]
            for engine, klass, deployment, price in plain:
                yield self._rds(region, engine, klass, deployment, price, "high")
            rds_price = {
                (engine, klass): price for engine, klass, deployment, price in plain if deployment == "single_az"
            }
            yield from self._aurora(region, aurora, rds_price)

    def _io_optimized(self, row: tuple[str, str, str, Decimal], rds_price: dict[tuple[str, str], Decimal]) -> bool:
        engine, klass, _, price = row
        plain = rds_price.get((AURORA_RDS_ENGINE[engine], klass))
        if plain is None or price < plain * AURORA_IO_OPTIMIZED_RATIO:
            return False
        self.stats["aurora I/O-Optimized rows dropped (ratio to RDS)"] += 1
        return True

    def _rds(
        self, region: str, engine: str, klass: str, deployment: str, price: Decimal, confidence: str, note: str = ""
    ) -> PriceRecord:
        return PriceRecord(
            "aws",
            "rds",
            region,
            "instance",
            {"instance_class": klass, "engine": engine, "deployment": deployment},
            price,
            "hour",
            SOURCE_ID,
            DATE,
            confidence,
            note=note,
        )

    def _aurora(
        self, region: str, rows: list[tuple[str, str, str, Decimal]], rds_price: dict[tuple[str, str], Decimal]
    ) -> Iterator[PriceRecord]:
        families: dict[tuple[str, str], list[tuple[str, str, str, Decimal, Decimal]]] = {}
        for engine, klass, deployment, price in rows:
            _, family, size = klass.split(".", 2)
            units = size_units(size)
            if units is None:
                self.stats["aurora unverifiable size"] += 1
                yield self._rds(
                    region,
                    engine,
                    klass,
                    deployment,
                    price,
                    "low",
                    "Aurora price not checked against its family (may be I/O-Optimized)",
                )
                continue
            families.setdefault((family, deployment), []).append((engine, klass, deployment, price, units))
        for members in families.values():
            level = min(price / units for _, _, _, price, units in members)
            classes = {klass for _, klass, _, _, _ in members}
            for engine, klass, deployment, price, units in members:
                if price / units > level * (1 + AURORA_ROUNDING):
                    self.stats["aurora I/O-Optimized rows dropped"] += 1
                    continue
                if self._io_optimized((engine, klass, deployment, price), rds_price):
                    continue
                if len(classes) < 2:
                    self.stats["aurora single-class family (low)"] += 1
                    yield self._rds(
                        region,
                        engine,
                        klass,
                        deployment,
                        price,
                        "low",
                        "only class of its family in coroot: could not be checked for the Aurora I/O-Optimized mark-up",
                    )
                else:
                    yield self._rds(region, engine, klass, deployment, price, "high")

    def elasticache_records(self) -> Iterator[PriceRecord]:
        for region, engines in sorted(self.aws["managed_cache"].items()):
            for engine in CACHE_ENGINES:
                for node, prices in sorted(engines.get(engine, {}).items()):
                    price = positive(prices.get("on_demand"))
                    if price is not None:
                        yield PriceRecord(
                            "aws",
                            "elasticache",
                            region,
                            "node",
                            {"node_type": node, "engine": engine},
                            price,
                            "hour",
                            SOURCE_ID,
                            DATE,
                        )

    def egress_records(self) -> Iterator[PriceRecord]:
        for region, bands in sorted(self.aws["internet_egress"].items()):
            starts = sorted(
                (Decimal(start), shortest_float32(price))
                for start, price in bands.items()
                if positive(price) is not None
            )
            if not starts:
                continue
            tiers = tuple(
                Tier(start, starts[i + 1][0] if i + 1 < len(starts) else None, price)
                for i, (start, price) in enumerate(starts)
            )
            yield PriceRecord(
                "aws",
                "vpc",
                region,
                "internet_egress",
                {},
                tiers[0].price,
                "GB",
                SOURCE_ID,
                DATE,
                tiers=tiers,
                note="per GB per month by monthly volume band (GB); the free first 100 GB per account are not deducted",
            )


def read(root: Path) -> CorootData:
    doc = load_json(root, PATH)
    try:
        aws = doc["aws"]
        for key in _USED:
            if not isinstance(aws[key], dict):
                raise KeyError(key)
    except (KeyError, TypeError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    return CorootData(aws)


def source() -> Source:
    return Source(
        id=SOURCE_ID,
        name="coroot cloud-pricing (from Infracost's pricing DB dump)",
        path=PATH,
        origin="GitHub coroot/cloud-pricing branch gh-pages data/cloud-pricing.json.gz, commit "
        "af03eada15b25d80863f2547ba281e71af9d5c91 (AWS part kept)",
        license="Apache-2.0 (repository); the numbers are AWS public list prices re-published from "
        "Infracost's pricing DB dump",
        date=DATE,
        notes="AWS part: EC2 on-demand and spot, RDS, ElastiCache, internet egress. Aurora I/O-Optimized "
        "rows are filtered out; 0 = unknown.",
    )
