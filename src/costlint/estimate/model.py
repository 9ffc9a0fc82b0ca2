"""What an estimate is made of: cost components per resource, resources per project.

A month is 730 hours (the AWS Pricing Calculator's and Infracost's convention). All amounts are
``Decimal`` in USD; nothing is rounded until it is displayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from costlint.model import Project, Resource

HOURS_PER_MONTH = Decimal(730)

Status = Literal["priced", "free", "not_priced"]


@dataclass
class Component:
    """One line of a resource's cost: a quantity of something priced by the catalog."""

    name: str
    unit: str
    """The unit of ``monthly_quantity`` and ``unit_price`` (``hours``, ``GB``, ``1M requests``...)."""
    unit_price: Decimal | None
    """None when the catalog has no price for the resource's region (``missing`` says why)."""
    monthly_quantity: Decimal | None
    """None for a usage-based component when no usage was given: it counts zero in totals."""
    usage_based: bool = False
    price_source: str | None = None
    """Provenance of the price: ``<source name> (<date>)``."""
    approximate: bool = False
    """The price is lower-confidence in the catalog."""
    missing: str | None = None
    """Why there is no price (``no price for ebs/storage volume_type=gp3 in eu-west-1``)."""
    price_date: str | None = None
    """Date of the price data (``YYYY-MM-DD``), for the report's footer."""
    price_cache: str | None = None
    """Which cache the price came from: ``bundled`` (the snapshot) or ``user`` (``pricing update``)."""

    @property
    def monthly_cost(self) -> Decimal | None:
        if self.unit_price is None or self.monthly_quantity is None:
            return None
        return self.unit_price * self.monthly_quantity


@dataclass
class ResourceCost:
    resource: Resource
    status: Status
    components: list[Component] = field(default_factory=list)
    reason: str | None = None
    """Not priced: why (unsupported type, an unknown attribute naming its variable, no price)."""
    assumptions: list[str] = field(default_factory=list)
    """What the estimate assumed (an unspecified root volume, Linux, default sizes...)."""

    @property
    def monthly_cost(self) -> Decimal:
        return sum((c.monthly_cost for c in self.components if c.monthly_cost is not None), Decimal(0))

    @property
    def usage_cost(self) -> Decimal:
        """The part of ``monthly_cost`` that comes from usage-based components (usage file values)."""
        return sum(
            (c.monthly_cost for c in self.components if c.usage_based and c.monthly_cost is not None), Decimal(0)
        )

    @property
    def missing_prices(self) -> list[Component]:
        return [c for c in self.components if c.missing is not None]

    @property
    def awaiting_usage(self) -> list[Component]:
        return [c for c in self.components if c.usage_based and c.monthly_quantity is None and c.missing is None]


@dataclass
class ProjectCost:
    project: Project
    resources: list[ResourceCost] = field(default_factory=list)

    @property
    def monthly_cost(self) -> Decimal:
        return sum((r.monthly_cost for r in self.resources), Decimal(0))

    @property
    def usage_cost(self) -> Decimal:
        return sum((r.usage_cost for r in self.resources), Decimal(0))

    def by_status(self, status: Status) -> list[ResourceCost]:
        return [r for r in self.resources if r.status == status]


class NotPriced(Exception):
    """Raised by an estimator when a resource cannot be priced; the message is the reason."""
