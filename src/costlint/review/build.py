"""Assemble the review: totals, cost allocation, top resources, findings, what is not priced, prices,
and the what-if scenarios."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from costlint.estimate.engine import estimate_project
from costlint.estimate.model import ProjectCost, ResourceCost
from costlint.estimate.usage import Usage
from costlint.model import Diagnostic, Project, Unknown
from costlint.pricing.catalog import BUNDLED, USER, Catalog
from costlint.review.model import (
    UNKNOWN_TAG,
    UNTAGGED,
    Located,
    MissingPrice,
    PriceData,
    Review,
    Share,
    TagSplit,
)
from costlint.review.scenarios import WhatIf
from costlint.rules.config import Settings
from costlint.rules.engine import run
from costlint.rules.model import Finding, Rule
from costlint.rules.suppress import Suppressor
from costlint.specs.aws import tagging


def service_of(kind: str | None, native_type: str) -> str:
    """The service a resource is billed under, as its kind's prefix (``ec2``, ``rds``); the reports name it."""
    if kind is None:
        return native_type
    return kind.split(".", 1)[0]


def _located(costs: list[ProjectCost], status: str) -> list[Located]:
    return [Located(c.project.path, r) for c in costs for r in c.resources if r.status == status]


def _shares(items: Iterable[tuple[str, ResourceCost]], untagged: Iterable[str] = ()) -> list[Share]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for name, cost in items:
        totals[name] += cost.monthly_cost
        counts[name] += 1
    flagged = set(untagged)
    shares = [Share(name, totals[name], counts[name], name in flagged) for name in totals]
    shares.sort(key=lambda s: (-s.monthly_cost, s.untagged, s.name))
    return shares


def tag_value(cost: ResourceCost, key: str) -> str:
    """The resource's value of the allocation tag ``key`` (keys compared without case, ``-``, ``_``)."""
    tags = tagging.tags(cost.resource)
    if isinstance(tags, Unknown):
        return UNKNOWN_TAG
    wanted = _normal(key)
    for name, value in tags.items():
        if isinstance(name, str) and _normal(name) == wanted:
            if isinstance(value, Unknown):
                return UNKNOWN_TAG
            return str(value) if value not in (None, "") else UNTAGGED
    return UNTAGGED


def _normal(key: str) -> str:
    return key.lower().replace("-", "").replace("_", "").replace(" ", "")


def allocation(costs: list[ProjectCost], tag_keys: tuple[str, ...]) -> tuple[list[Share], list[Share], list[TagSplit]]:
    """Cost by service, by project and by each allocation tag (untagged cost as such); priced resources only."""
    priced = [(c.project.path, r) for c in costs for r in c.resources if r.status == "priced"]
    by_service = _shares((service_of(r.resource.kind, r.resource.type), r) for _, r in priced)
    by_project = _shares((c.project.path, r) for c in costs for r in c.resources if r.status == "priced")
    for cost in costs:  # a project whose resources are all free or not priced still shows, at $0
        if not any(s.name == cost.project.path for s in by_project):
            by_project.append(Share(cost.project.path, Decimal(0), 0))
    by_tag = [
        TagSplit(key, _shares(((tag_value(r, key), r) for _, r in priced), untagged=(UNTAGGED, UNKNOWN_TAG)))
        for key in tag_keys
    ]
    return by_service, by_project, by_tag


def price_data(costs: list[ProjectCost], catalog: Catalog) -> PriceData:
    dates, caches, sources, approximate = [], set(), set(), 0
    for cost in costs:
        for resource in cost.resources:
            for component in resource.components:
                if component.price_date:
                    dates.append(component.price_date)
                if component.price_cache:
                    caches.add(component.price_cache)
                if component.price_source:
                    sources.add(component.price_source)
                if component.approximate and component.unit_price is not None:
                    approximate += 1
    snapshot, updated = None, None
    for label, directory in catalog.directories:
        manifest = catalog.manifest(directory) if (directory / "manifest.json").is_file() else None
        if manifest is None:
            continue
        if label == BUNDLED:
            snapshot = manifest.extra.get("snapshot_date")
        elif label == USER and USER in caches:
            stamp = manifest.extra.get("updated")
            updated = str(stamp["at"]) if isinstance(stamp, dict) and stamp.get("at") else None
    return PriceData(
        str(snapshot) if snapshot else None,
        min(dates) if dates else None,
        max(dates) if dates else None,
        sorted(caches),
        updated,
        sorted(sources),
        approximate,
    )


def review_findings(
    projects: list[Project], rules: list[Rule], settings: Settings, usage: Usage | None, catalog: Catalog
) -> tuple[list[Finding], int, list[Diagnostic]]:
    """The enabled rules' findings over every file, suppressions applied (the baseline is ``check``'s
    business: a review shows everything); largest saving first."""
    found, problems = run(projects, rules, settings, usage=usage, catalog=lambda: catalog)
    suppressor = Suppressor(rules, settings)
    unique: dict[tuple[str, str, int, str], tuple[Finding, Path]] = {}
    for finding, source in found:
        unique.setdefault(finding.key, (finding, source))
    active, suppressed = [], 0
    for finding, source in unique.values():
        suppressor.apply(finding, source)
        if finding.suppressed_by:
            suppressed += 1
        else:
            active.append(finding)
    active.sort(
        key=lambda f: (f.monthly_savings is None, -(f.monthly_savings or 0), f.file, f.line, f.rule.id, f.address)
    )
    return active, suppressed, problems + suppressor.diagnostics


def build_review(
    paths: list[str],
    projects: list[Project],
    catalog: Catalog,
    usage: Usage | None,
    settings: Settings,
    rules: list[Rule],
) -> Review:
    costs = [estimate_project(p, catalog, usage) for p in projects]
    total = sum((c.monthly_cost for c in costs), Decimal(0))
    by_service, by_project, by_tag = allocation(costs, settings.allocation_tags)
    priced = _located(costs, "priced")
    top = sorted(priced, key=lambda item: (-item.cost.monthly_cost, item.project, item.cost.resource.address))
    findings, suppressed, diagnostics = review_findings(projects, rules, settings, usage, catalog)
    missing = [
        MissingPrice(item.project, item.cost.resource.address, c.name, c.missing)
        for item in priced
        for c in item.cost.components
        if c.missing is not None
    ]
    scenarios = WhatIf(projects, costs, catalog, usage, settings, rules).all()
    return Review(
        paths=paths,
        costs=costs,
        total=total,
        usage_cost=sum((c.usage_cost for c in costs), Decimal(0)),
        resources=sum(len(c.resources) for c in costs),
        priced=len(priced),
        free=len(_located(costs, "free")),
        not_priced_count=len(_located(costs, "not_priced")),
        by_service=by_service,
        by_project=by_project,
        by_tag=by_tag,
        top=top[: settings.review.top_resources],
        findings=findings,
        suppressed=suppressed,
        not_priced=_located(costs, "not_priced"),
        missing_prices=missing,
        awaiting_usage=sum(len(item.cost.awaiting_usage) for item in priced),
        prices=price_data(costs, catalog),
        scenarios=scenarios,
        unit=settings.unit_economics,
        diagnostics=diagnostics,
    )
