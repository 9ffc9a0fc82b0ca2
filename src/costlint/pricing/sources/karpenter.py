"""Karpenter's generated EC2 on-demand price tables (``karpenter/ec2-ondemand-linux.json``).

The most trustworthy EC2 source: generated from the AWS Pricing API with Shared tenancy, Linux/UNIX,
no pre-installed software and capacity status "Used". It is the only source of the snapshot's
us-east-1 and GovCloud EC2 on-demand prices. The aws-cn partition is in CNY: it is skipped, since the
record format has no currency and costlint prices in USD.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from costlint.pricing.records import PriceRecord
from costlint.pricing.sources import Kept, Source, SourceError, load_json, positive

SOURCE_ID = "karpenter"
PATH = "karpenter/ec2-ondemand-linux.json"
KEPT = (Kept(PATH, PATH),)
CURRENCIES = {"aws": "USD", "aws-us-gov": "USD", "aws-cn": "CNY"}


@dataclass
class KarpenterTable:
    date: str
    prices: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    """region -> instance type -> USD per hour (USD partitions only)."""
    dates: dict[str, str] = field(default_factory=dict)
    """region -> date of its partition's generation."""
    skipped: dict[str, str] = field(default_factory=dict)
    """region -> why it is not in the snapshot."""


def read(root: Path) -> KarpenterTable:
    doc = load_json(root, PATH)
    try:
        partitions = doc["partitions"]
        date = str(partitions["aws"]["generated_at"])[:10]
    except (KeyError, TypeError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    table = KarpenterTable(date=date)
    for name, partition in sorted(partitions.items()):
        currency = CURRENCIES.get(name)
        for region, types in sorted(partition["regions"].items()):
            if currency != "USD":
                table.skipped[region] = f"prices in {currency or 'an unknown currency'}"
                continue
            table.prices[region] = {t: v for t, raw in types.items() if (v := positive(raw)) is not None}
            table.dates[region] = str(partition["generated_at"])[:10]
    return table


def source(table: KarpenterTable) -> Source:
    return Source(
        id=SOURCE_ID,
        name="Karpenter generated EC2 on-demand prices",
        path=PATH,
        origin="GitHub aws/karpenter-provider-aws pkg/providers/pricing/zz_generated.pricing_aws.go and "
        "zz_generated.pricing_aws_us_gov.go (commit 6fc13b5236fd04fd16ff3f9dc7490d0813994099), "
        "converted to JSON with numbers unchanged",
        license="Apache-2.0",
        date=table.date,
        notes="Linux/UNIX, Shared tenancy, USD per hour; us-east-1 and GovCloud. cn-north-1 (CNY) not used.",
    )


def records(table: KarpenterTable) -> Iterator[PriceRecord]:
    for region, types in sorted(table.prices.items()):
        for instance_type, price in sorted(types.items()):
            yield PriceRecord(
                "aws",
                "ec2",
                region,
                "instance",
                {"instance_type": instance_type, "os": "linux", "tenancy": "shared", "purchase": "on_demand"},
                price,
                "hour",
                SOURCE_ID,
                table.dates[region],
            )
