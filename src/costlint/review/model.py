"""What ``costlint review`` shows, as plain data: the reports only format it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from costlint.estimate.model import ProjectCost, ResourceCost
from costlint.model import Diagnostic
from costlint.rules.model import Finding
from costlint.unit_economics import UnitEconomics

UNTAGGED = "(untagged)"
UNKNOWN_TAG = "(unknown: set from a value costlint cannot know)"


@dataclass
class Share:
    """One line of a cost split: a service, a project or a tag value, and what it costs a month."""

    name: str
    monthly_cost: Decimal
    resources: int
    untagged: bool = False


@dataclass
class TagSplit:
    key: str
    shares: list[Share]


@dataclass
class Located:
    """A resource's estimate with the project it belongs to."""

    project: str
    cost: ResourceCost


@dataclass
class MissingPrice:
    project: str
    address: str
    component: str
    reason: str


@dataclass
class ScenarioRow:
    """A resource a scenario changes, or whose cost changes through one it changes."""

    project: str
    address: str
    changes: list[str]
    before: Decimal | None
    """Today's monthly cost; None when not priced today."""
    after: Decimal | None
    """In the scenario; 0 when the scenario removes it, None when not priced there."""
    removed: bool = False

    @property
    def saving(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.before - self.after


@dataclass
class RegionOption:
    region: str
    total: Decimal
    """What the resources priced there cost a month there."""
    today: bool
    """A region the projects are in now."""
    missing: list[str] = field(default_factory=list)
    """Resources priced today that have no (complete) price there, each ``address: reason``."""

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass
class Scenario:
    key: str
    """``regions``, ``graviton``, ``spot``, ``schedules``, ``fixes``, ``commitments-1yr``, ``commitments-3yr``,
    ``combined``."""
    title: str
    description: str
    total: Decimal
    saving: Decimal
    """Today's total minus ``total``."""
    rows: list[ScenarioRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the scenario could not change, and why."""
    regions: list[RegionOption] = field(default_factory=list)
    """The regions scenario: every region, cheapest first."""


@dataclass
class PriceData:
    snapshot_date: str | None
    """The bundled snapshot's date (its manifest)."""
    first_date: str | None
    last_date: str | None
    """Dates of the price data behind the components shown."""
    caches: list[str]
    """``bundled`` and/or ``user``."""
    user_updated: str | None
    sources: list[str]
    """Every ``<source> (<date>)`` a component's price comes from."""
    approximate: int = 0


@dataclass
class Review:
    paths: list[str]
    costs: list[ProjectCost]
    total: Decimal
    usage_cost: Decimal
    resources: int
    priced: int
    free: int
    not_priced_count: int
    by_service: list[Share]
    by_project: list[Share]
    by_tag: list[TagSplit]
    top: list[Located]
    findings: list[Finding]
    """Active findings (suppressions applied), largest saving first."""
    suppressed: int
    not_priced: list[Located]
    missing_prices: list[MissingPrice]
    awaiting_usage: int
    prices: PriceData
    scenarios: list[Scenario]
    unit: UnitEconomics | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def annual(self) -> Decimal:
        return self.total * 12

    @property
    def findings_savings(self) -> Decimal:
        """What the fixes save, added up as ``check`` does (fixes of one resource may overlap: the
        combined scenario is the figure without double counting)."""
        return sum(
            (f.monthly_savings for f in self.findings if f.monthly_savings and f.monthly_savings > 0), Decimal(0)
        )
