"""EC2 on-demand Linux prices outside the regions Karpenter covers: libcloud vs coroot.

Both multi-region tables are contaminated: for some (type, region) pairs their generators let rows of
another tenancy, licence or capacity reservation win, so the value is 6-10 % too high (never too
low). Contamination is per (type, region), not per type: a source right for m5.large in us-east-1
can be wrong for it in eu-west-1. Agreement between the two proves little (they share the defect).

The rule, for one instance type ``t`` in one region ``r``:

1. Candidates: libcloud's value (2025-03-02) and coroot's (2024-08-09), zeros dropped.
2. Reference: Karpenter's us-east-1 price ``K(t)`` (2026-07-20, filtered correctly). Inside an
   instance family, AWS prices a region at a fixed multiple of us-east-1 (m5.xlarge costs twice
   m5.large everywhere). The family's regional multiplier ``m(f, r)`` is the lowest ratio
   ``candidate / K(t)`` shared (within rounding) by at least two instance types of the family:
   contamination only ever raises a price, and two independent types agreeing on the lowest level
   rules out a stray value.
3. A candidate is *consistent* when it is within rounding (1.5 %) of ``m(f, r) * K(t)``. The first
   consistent candidate (libcloud, the newer, before coroot) is taken with high confidence.
4. No consistent candidate (both carry the defect, or the only one does): the price is *scaled*,
   ``m(f, r) * K(t)`` rounded to the decimals the family's consistent prices in that region use, and
   marked low confidence; its source is ``ec2-family-scaling`` (a derived source listed in the
   manifest) and its note gives the rejected source values.
5. No multiplier (type unknown to Karpenter, or fewer than two types of the family in the region):
   the type's own us-east-1 values decide. A candidate whose source matches Karpenter in us-east-1 for
   this type is taken; high confidence only if the other source agrees or is absent, low otherwise.
   Without any us-east-1 check the lower candidate is kept with low confidence.

Checked on GovCloud, where Karpenter's own tables are the truth (tests/test_pricing_build_ec2.py):
applied to libcloud/coroot alone, 770 of the rule's 771 high-confidence values for us-gov-east-1 and
us-gov-west-1 equal Karpenter's (the miss: x1.16xlarge, alone in its family, where both sources agree
on a contaminated value); of the 142 scaled values 122 are exact and 138 within 0.5 %, where the
rejected source values were 6-10 % high. In the snapshot, GovCloud comes from Karpenter itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from costlint.pricing.records import PriceRecord, decimal_text
from costlint.pricing.sources import Source

RELATIVE_TOLERANCE = Decimal("0.015")
ABSOLUTE_TOLERANCE = Decimal("0.0001")
"""Rounding slack of "within rounding": prices carry 3-5 decimals (a t3.nano at 0.0052 is 1 % coarse);
the contamination to detect is 6 % or more."""
SCALED_SOURCE = "ec2-family-scaling"
MIN_FAMILY_SUPPORT = 2

Table = Mapping[str, Mapping[str, Decimal]]
"""region -> instance type -> USD per hour."""


@dataclass(frozen=True)
class Candidate:
    source: str
    date: str
    price: Decimal


def family(instance_type: str) -> str:
    return instance_type.split(".", 1)[0]


def close(value: Decimal, expected: Decimal) -> bool:
    return abs(value - expected) <= max(RELATIVE_TOLERANCE * expected, ABSOLUTE_TOLERANCE)


@dataclass(frozen=True)
class Level:
    """A family's price level in a region, relative to us-east-1."""

    ratio: Decimal
    source: str
    """The newest source with prices at this level (the level's provenance)."""
    date: str
    places: int
    """Most decimal places among the family's prices at this level (to round scaled prices to)."""


def family_levels(reference: Mapping[str, Decimal], candidates: Mapping[str, list[Candidate]]) -> dict[str, Level]:
    """family -> regional level of us-east-1 prices, for one region (see the module's rule, step 2)."""
    points: dict[str, list[tuple[Decimal, str, Candidate]]] = {}  # family -> (ratio, type, candidate)
    for instance_type, cands in candidates.items():
        ref = reference.get(instance_type)
        if ref is None:
            continue
        for cand in cands:
            points.setdefault(family(instance_type), []).append((cand.price / ref, instance_type, cand))
    levels = {}
    for fam, fam_points in points.items():
        for ratio, _, _ in sorted(fam_points, key=lambda p: (p[0], p[1], p[2].source)):
            on_level = [(t, c) for _, t, c in fam_points if close(c.price, ratio * reference[t])]
            if len({t for t, _ in on_level}) >= MIN_FAMILY_SUPPORT:
                places = max(-c.price.normalize().as_tuple().exponent for _, c in on_level)  # type: ignore[operator]
                newest = max((c for _, c in on_level), key=lambda c: (c.date, c.source))
                levels[fam] = Level(ratio, newest.source, newest.date, max(places, 0))
                break
    return levels


@dataclass
class Decision:
    candidate: Candidate
    confidence: str
    rule: str
    note: str = ""


def decide(
    instance_type: str,
    cands: list[Candidate],
    reference: Mapping[str, Decimal],
    level: Level | None,
    us_east_1: Mapping[str, Mapping[str, Decimal]],
) -> Decision:
    """One price for a type in a region; ``us_east_1`` maps source id -> that source's us-east-1 table."""
    ref = reference.get(instance_type)
    lowest = min(cands, key=lambda c: c.price)
    if level is not None and ref is not None:
        expected = level.ratio * ref
        for cand in cands:
            if close(cand.price, expected):
                return Decision(cand, "high", "family")
        scaled = expected.quantize(Decimal(1).scaleb(-level.places), rounding=ROUND_HALF_UP)
        rejected = ", ".join(f"{c.source} {decimal_text(c.price)}" for c in cands)
        return Decision(
            Candidate(SCALED_SOURCE, level.date, scaled),
            "low",
            "scaled",
            f"us-east-1 {decimal_text(ref)} x {_ratio(level.ratio)}, the {family(instance_type)} family's "
            f"level here ({level.source}); {rejected} off that level (other tenancy or licence rows)",
        )
    checked = [c for c in cands if ref is not None and us_east_1.get(c.source, {}).get(instance_type) == ref]
    if checked:
        agree = len({c.price for c in cands}) == 1
        if agree:
            return Decision(checked[0], "high", "us-east-1")
        return Decision(
            checked[0],
            "low",
            "us-east-1-disagree",
            "sources disagree; this one matched Karpenter in us-east-1 for this type",
        )
    return Decision(lowest, "low", "unverified", "could not be checked against Karpenter's us-east-1 prices")


def _ratio(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.0001")), "f")


def reconcile(
    reference: Mapping[str, Decimal],
    tables: Mapping[str, tuple[str, Table]],
    exclude_regions: set[str],
    stats: Counter[str] | None = None,
) -> Iterator[PriceRecord]:
    """Records for every (region, type) of ``tables`` (source id -> (date, table)) outside
    ``exclude_regions``. Candidates are ordered as ``tables`` is (newest source first)."""
    us_east_1 = {src: table.get("us-east-1", {}) for src, (_, table) in tables.items()}
    regions = sorted({r for _, table in tables.values() for r in table} - exclude_regions)
    for region in regions:
        candidates: dict[str, list[Candidate]] = {}
        for src, (date, table) in tables.items():
            for instance_type, price in table.get(region, {}).items():
                candidates.setdefault(instance_type, []).append(Candidate(src, date, price))
        levels = family_levels(reference, candidates)
        for instance_type in sorted(candidates):
            decision = decide(
                instance_type, candidates[instance_type], reference, levels.get(family(instance_type)), us_east_1
            )
            if stats is not None:
                stats[f"{decision.rule} ({decision.confidence})"] += 1
            cand = decision.candidate
            yield PriceRecord(
                "aws",
                "ec2",
                region,
                "instance",
                {"instance_type": instance_type, "os": "linux", "tenancy": "shared", "purchase": "on_demand"},
                cand.price,
                "hour",
                cand.source,
                cand.date,
                decision.confidence,
                note=decision.note,
            )


def scaled_source(date: str) -> Source:
    return Source(
        id=SCALED_SOURCE,
        name="EC2 price scaled from us-east-1 by the family's regional level",
        path="",
        origin="computed by costlint pricing build (src/costlint/pricing/sources/ec2.py, rule step 4): "
        "Karpenter's us-east-1 price times the ratio the instance family's consistent libcloud/coroot "
        "prices show in that region",
        license="derived from Apache-2.0 data",
        date=date,
        notes="used only where both multi-region sources carry another tenancy's or licence's price; "
        "always low confidence",
        derived_from=("karpenter", "libcloud", "coroot"),
    )
