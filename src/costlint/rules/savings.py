"""What a fix saves a month, from the catalog through the estimators.

The resource is estimated as it is and as the fix would leave it (a copy made by ``specs.aws.fixes``),
by the same estimators as ``costlint breakdown``, with the same usage file; the saving is the
difference. A launch template or configuration costs nothing itself: its cost, and the saving, flow
through the instances, Auto Scaling groups and node groups of the project that use it. A resource or
replacement without a price gives no saving, with the reason; no saving is ever guessed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from costlint.model import Project, Resource
from costlint.money import money

if TYPE_CHECKING:
    from costlint.estimate.context import Context
    from costlint.estimate.model import ProjectCost, ResourceCost
    from costlint.estimate.usage import Usage
    from costlint.pricing.catalog import Catalog


@dataclass
class Saving:
    amount: Decimal | None
    """Monthly USD; None when it cannot be computed."""
    reason: str | None = None
    """Why there is no amount."""
    before: Decimal | None = None
    after: Decimal | None = None
    fixed: Resource | None = field(default=None, repr=False, compare=False)
    """The resource as the fix leaves it (the copy that was estimated), for applying the fix elsewhere
    (``costlint review``'s scenarios); None when the fix is not a change of the resource."""
    removed: bool = False
    """The fix is to delete the resource."""

    def words(self, what: str) -> str:
        """``m7i.large saves $23.51/mo``, or why the saving of ``what`` is not computed."""
        if self.amount is None:
            return f"{what} (saving not computed: {self.reason})"
        if self.amount <= 0:
            return f"{what} (no saving at list price)"
        return f"{what} saves {money(self.amount)}/mo"


class _LazyCatalog:
    """The catalog, made on its first use: links between resources need a context, not prices."""

    def __init__(self, factory: Callable[[], Catalog]) -> None:
        self._factory = factory
        self._catalog: Catalog | None = None

    def __getattr__(self, name: str) -> Any:
        if self._catalog is None:
            self._catalog = self._factory()
        return getattr(self._catalog, name)


class Estimates:
    """Estimates of one project's resources, made on demand and kept: a rule that never needs a price
    never loads an estimator or a price file."""

    def __init__(self, project: Project, catalog: Callable[[], Catalog], usage: Usage | None) -> None:
        self.project = project
        self._catalog = catalog
        self.usage = usage
        self._ctx: Context | None = None
        self._costs: dict[str, ResourceCost] = {}

    @property
    def ctx(self) -> Context:
        """The project's estimate context (the estimate layer and the catalog are imported here, when a
        rule first needs a link or a price)."""
        if self._ctx is None:
            from costlint.estimate.context import Context

            self._ctx = Context(self.project, cast("Catalog", _LazyCatalog(self._catalog)), self.usage)
        return self._ctx

    def cost(self, resource: Resource) -> ResourceCost:
        from costlint.estimate.engine import estimate_resource

        found = self._costs.get(resource.address)
        if found is None or found.resource is not resource:
            found = estimate_resource(resource, self.ctx)
            self._costs[resource.address] = found
        return found

    def project_cost(self) -> ProjectCost:
        from costlint.estimate.model import ProjectCost

        cost = ProjectCost(self.project)
        cost.resources = [self.cost(r) for r in self.project.resources if r.action != "delete"]
        return cost

    def _affected(self, resource: Resource) -> list[Resource]:
        """The resource and, when it costs nothing itself, the resources that use it."""
        out = [resource]
        if self.cost(resource).status == "free":
            out += [r for r in self.ctx.referrers(resource.address) if r.action != "delete"]
        return out

    def removal(self, resource: Resource) -> Saving:
        """Deleting the resource saves its whole monthly cost."""
        cost = self.cost(resource)
        if cost.status == "not_priced":
            return Saving(None, cost.reason or "not priced")
        return Saving(cost.monthly_cost, before=cost.monthly_cost, after=Decimal(0), removed=True)

    def fix(self, resource: Resource, fixed: Resource) -> Saving:
        """The saving of replacing ``resource`` with ``fixed`` (same address) in its project."""
        from costlint.estimate.context import Context
        from costlint.estimate.engine import estimate_resource

        affected = self._affected(resource)
        if len(affected) == 1 and self.cost(resource).status == "free":
            return Saving(None, "nothing in this project uses it", fixed=fixed)
        before = [self.cost(r) for r in affected]
        for cost in before:
            if cost.status == "not_priced":
                return Saving(None, f"{cost.resource.address} is not priced: {cost.reason}", fixed=fixed)
        resources = [fixed if r is resource else r for r in self.project.resources]
        ctx = Context(dataclasses.replace(self.project, resources=resources), self.ctx.catalog, self.usage)
        after = []
        for r in affected:
            cost = estimate_resource(fixed if r is resource else ctx.by_address[r.address], ctx)
            if cost.status == "not_priced":
                return Saving(None, cost.reason or "not priced after the fix", fixed=fixed)
            after.append(cost)
        total_before = sum((c.monthly_cost for c in before), Decimal(0))
        total_after = sum((c.monthly_cost for c in after), Decimal(0))
        return Saving(total_before - total_after, before=total_before, after=total_after, fixed=fixed)
