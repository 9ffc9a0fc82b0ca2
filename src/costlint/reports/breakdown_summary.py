"""What every breakdown format says besides the components: counts, totals, where prices came from."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from costlint.estimate.model import ProjectCost, ResourceCost
from costlint.pricing.catalog import BUNDLED, USER, Catalog
from costlint.reports.breakdown_format import plural


@dataclass
class Summary:
    resources: int = 0
    priced: int = 0
    free: int = 0
    not_priced: int = 0
    awaiting_usage: int = 0
    """Usage-based components without a quantity (counted as $0)."""
    missing_prices: int = 0
    """Components of priced resources whose price the catalog does not have (counted as $0)."""
    total: Decimal = Decimal(0)
    usage_cost: Decimal = Decimal(0)

    def add(self, cost: ProjectCost) -> None:
        for resource in cost.resources:
            self.resources += 1
            if resource.status == "priced":
                self.priced += 1
                self.awaiting_usage += len(resource.awaiting_usage)
                self.missing_prices += len(resource.missing_prices)
            elif resource.status == "free":
                self.free += 1
            else:
                self.not_priced += 1
        self.total += cost.monthly_cost
        self.usage_cost += cost.usage_cost

    def missing(self) -> str:
        """What the total leaves out, for the total line: ``, 14 of 31 billed resources not priced``, and the
        components of priced resources that have no price."""
        parts = []
        if self.not_priced:
            parts.append(f"{self.not_priced} of {self.priced + self.not_priced} billed resources not priced")
        if self.missing_prices:
            parts.append(f"{plural(self.missing_prices, 'component')} without a price")
        return ", " + " and ".join(parts) if parts else ""

    def line(self) -> str:
        """``N resources: x priced, y free, z not priced`` and what counts as $0."""
        text = (
            f"{plural(self.resources, 'resource')}: {self.priced} priced, {self.free} free, "
            f"{self.not_priced} not priced"
        )
        extras = []
        if self.awaiting_usage:
            extras.append(f"{plural(self.awaiting_usage, 'usage-based component')} waiting for usage (counted as $0)")
        if self.missing_prices:
            extras.append(f"{plural(self.missing_prices, 'component')} without a price (counted as $0)")
        return text + ("; " + "; ".join(extras) if extras else "")


def summarize(costs: list[ProjectCost]) -> Summary:
    summary = Summary()
    for cost in costs:
        summary.add(cost)
    return summary


@dataclass
class PriceInfo:
    """The price data behind the components shown: dates and caches."""

    first_date: str | None = None
    last_date: str | None = None
    caches: list[str] = field(default_factory=list)
    """``bundled`` and/or ``user``."""
    user_updated: str | None = None
    """When ``costlint pricing update`` wrote the user cache, if its prices were used."""
    approximate: int = 0
    """Components priced at a lower-confidence price."""

    def line(self) -> str:
        if not self.first_date:
            return "Prices: none used"
        dates = self.first_date if self.first_date == self.last_date else f"{self.first_date} to {self.last_date}"
        origins = []
        if BUNDLED in self.caches:
            origins.append("the bundled snapshot")
        if USER in self.caches:
            origins.append("the user cache" + (f" (updated {self.user_updated})" if self.user_updated else ""))
        return (
            f"Prices: {' and '.join(origins)}, price data dated {dates}, USD, 730 hours a month; "
            "`costlint pricing info` lists the sources"
        )


def price_info(costs: list[ProjectCost], catalog: Catalog | None = None) -> PriceInfo:
    dates = []
    caches: Counter[str] = Counter()
    approximate = 0
    for cost in costs:
        for resource in cost.resources:
            for component in resource.components:
                if component.price_date:
                    dates.append(component.price_date)
                if component.price_cache:
                    caches[component.price_cache] += 1
                if component.approximate and component.unit_price is not None:
                    approximate += 1
    info = PriceInfo(
        min(dates) if dates else None, max(dates) if dates else None, sorted(caches), approximate=approximate
    )
    if USER in caches and catalog is not None:
        for label, directory in catalog.directories:
            if label == USER:
                manifest = catalog.manifest(directory)
                updated = manifest.extra.get("updated") if manifest else None
                if isinstance(updated, dict) and updated.get("at"):
                    info.user_updated = str(updated["at"])
    return info


def free_types(resources: list[ResourceCost]) -> str:
    """``aws_subnet x4, aws_vpc`` for the free resources of a project."""
    counts = Counter(r.resource.type for r in resources)
    return ", ".join(f"{t} x{n}" if n > 1 else t for t, n in sorted(counts.items()))
