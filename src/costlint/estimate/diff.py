"""The cost delta between two estimates of the same projects (``costlint diff``, the pull-request comment).

Projects are matched by path, resources by address within a project. A resource is **added** (only
after), **removed** (only before) or **changed** (its estimate differs: status, reason or any
component's name, unit, quantity, price); anything else is unchanged, even when its attributes or
its ``file:line`` moved. Components of a changed resource are paired by name, then the rest by unit
in order (``Instance usage (..., m5.large)`` becomes ``(..., m5.xlarge)``).

A delta is only computed from what is priced on both sides: a resource not priced on one side (an
instance type that became a variable, a region without prices) has no delta (``None``) rather than
the removal or addition of its whole cost, and a component without a price on one side likewise.
So a total delta is the sum of the known deltas and equals ``after - before`` only when nothing is
priced on one side only (``without_delta`` counts what was left out).

Amounts are ``Decimal`` USD, unrounded. Nothing here knows where the two estimates came from (two
git revisions, two directories, a plan's prior state): see ``prior_state`` for plans.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from costlint.estimate.model import Component, ProjectCost, ResourceCost
from costlint.model import Project

Change = Literal["added", "removed", "changed", "unchanged"]
ZERO = Decimal(0)


@dataclass
class ComponentDelta:
    change: Change
    before: Component | None
    after: Component | None
    monthly_cost_before: Decimal | None
    """None: no price on that side (``ZERO`` when the component does not exist on that side)."""
    monthly_cost_after: Decimal | None
    monthly_cost_delta: Decimal | None
    """None when either side has no price."""

    @property
    def name(self) -> str:
        return (self.after or self.before).name  # type: ignore[union-attr]


@dataclass
class ResourceDelta:
    project: str
    address: str
    change: Change
    before: ResourceCost | None
    after: ResourceCost | None
    monthly_cost_before: Decimal | None
    """The breakdown's ``monthly_cost`` of the before side; ``ZERO`` when the resource did not exist,
    None when it was not priced."""
    monthly_cost_after: Decimal | None
    monthly_cost_delta: Decimal | None
    """None when the resource is not priced on one side (or both)."""
    components: list[ComponentDelta] = field(default_factory=list)
    """The components that differ (changed resources only; an added or removed resource's components
    are its side's)."""

    @property
    def complete(self) -> bool:
        """The delta covers the whole resource (it and all its components are priced on both sides)."""
        return self.monthly_cost_delta is not None and all(c.monthly_cost_delta is not None for c in self.components)

    @property
    def current(self) -> ResourceCost:
        """The side to show (after, or before for a removed resource)."""
        return self.after or self.before  # type: ignore[return-value]


@dataclass
class ProjectDelta:
    path: str
    language: str
    change: Change
    before: ProjectCost | None
    after: ProjectCost | None
    resources: list[ResourceDelta] = field(default_factory=list)
    """Every resource, unchanged ones included (reports leave them out unless asked)."""

    @property
    def monthly_cost_before(self) -> Decimal:
        return self.before.monthly_cost if self.before is not None else ZERO

    @property
    def monthly_cost_after(self) -> Decimal:
        return self.after.monthly_cost if self.after is not None else ZERO

    @property
    def monthly_cost_delta(self) -> Decimal:
        return sum((r.monthly_cost_delta for r in self.resources if r.monthly_cost_delta is not None), ZERO)

    @property
    def without_delta(self) -> list[ResourceDelta]:
        """Changed resources whose delta is unknown, or known only in part (not priced on one side)."""
        return [r for r in self.resources if r.change != "unchanged" and not r.complete]


@dataclass
class CostDiff:
    projects: list[ProjectDelta] = field(default_factory=list)
    base: str = ""
    """What was compared, for people: ``git main (1a2b3c4)``, ``directory ../old``, ``prior state``."""
    head: str = ""

    @property
    def monthly_cost_before(self) -> Decimal:
        return sum((p.monthly_cost_before for p in self.projects), ZERO)

    @property
    def monthly_cost_after(self) -> Decimal:
        return sum((p.monthly_cost_after for p in self.projects), ZERO)

    @property
    def monthly_cost_delta(self) -> Decimal:
        return sum((p.monthly_cost_delta for p in self.projects), ZERO)

    @property
    def resources(self) -> list[ResourceDelta]:
        return [r for p in self.projects for r in p.resources]

    @property
    def after_costs(self) -> list[ProjectCost]:
        return [p.after for p in self.projects if p.after is not None]

    @property
    def before_costs(self) -> list[ProjectCost]:
        return [p.before for p in self.projects if p.before is not None]


def percent(before: Decimal, delta: Decimal) -> Decimal | None:
    """``delta`` as a percentage of ``before``; None when ``before`` is zero (from nothing)."""
    if before == 0:
        return None
    return delta * 100 / before


# -- matching ----------------------------------------------------------------------------------------


def _component_cost(component: Component) -> Decimal | None:
    """What a component counts for: its cost, zero while waiting for usage, None without a price."""
    if component.missing is not None or component.unit_price is None:
        return None
    cost = component.monthly_cost
    return cost if cost is not None else ZERO


def _component_key(component: Component) -> tuple[object, ...]:
    return (
        component.name,
        component.unit,
        component.unit_price,
        component.monthly_quantity,
        component.usage_based,
        component.missing,
    )


def _resource_key(cost: ResourceCost) -> tuple[object, ...]:
    return (cost.status, cost.reason, tuple(_component_key(c) for c in cost.components))


def _pair_components(
    before: list[Component], after: list[Component]
) -> list[tuple[Component | None, Component | None]]:
    """Pairs by name (in order among equal names), then the rest by unit in order, then the leftovers."""
    pairs: list[tuple[Component | None, Component | None]] = []
    left = list(before)
    unmatched_after: list[Component] = []
    for component in after:
        match = next((b for b in left if b.name == component.name), None)
        if match is not None:
            left.remove(match)
            pairs.append((match, component))
        else:
            unmatched_after.append(component)
    for component in unmatched_after:
        match = next((b for b in left if b.unit == component.unit), None)
        if match is not None:
            left.remove(match)
        pairs.append((match, component))
    pairs += [(b, None) for b in left]
    return pairs


def _delta(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    if before is None or after is None:
        return None
    return after - before


def _component_deltas(before: ResourceCost, after: ResourceCost) -> list[ComponentDelta]:
    out = []
    for b, a in _pair_components(before.components, after.components):
        if b is not None and a is not None and _component_key(b) == _component_key(a):
            continue
        cost_before = _component_cost(b) if b is not None else ZERO
        cost_after = _component_cost(a) if a is not None else ZERO
        change: Change = "added" if b is None else ("removed" if a is None else "changed")
        out.append(ComponentDelta(change, b, a, cost_before, cost_after, _delta(cost_before, cost_after)))
    return out


def _side_cost(cost: ResourceCost | None) -> Decimal | None:
    if cost is None:
        return ZERO
    if cost.status == "not_priced":
        return None
    return cost.monthly_cost


def resource_delta(project: str, before: ResourceCost | None, after: ResourceCost | None) -> ResourceDelta:
    address = (after or before).resource.address  # type: ignore[union-attr]
    cost_before, cost_after = _side_cost(before), _side_cost(after)
    if before is None or after is None:
        change: Change = "added" if before is None else "removed"
        return ResourceDelta(
            project, address, change, before, after, cost_before, cost_after, _delta(cost_before, cost_after)
        )
    if _resource_key(before) == _resource_key(after):
        return ResourceDelta(project, address, "unchanged", before, after, cost_before, cost_after, ZERO)
    if cost_before is None or cost_after is None:
        # Its components would all read as added or removed: each side's own components say more.
        return ResourceDelta(project, address, "changed", before, after, cost_before, cost_after, None)
    components = _component_deltas(before, after)
    # Only what is priced on both sides: a component that lost (or gained) its price is left out.
    delta = sum((c.monthly_cost_delta for c in components if c.monthly_cost_delta is not None), ZERO)
    return ResourceDelta(project, address, "changed", before, after, cost_before, cost_after, delta, components)


def project_delta(before: ProjectCost | None, after: ProjectCost | None) -> ProjectDelta:
    shown = after or before
    assert shown is not None
    path, language = shown.project.path, shown.project.language
    old = {r.resource.address: r for r in before.resources} if before is not None else {}
    new = {r.resource.address: r for r in after.resources} if after is not None else {}
    resources = [
        resource_delta(path, old.get(address), new.get(address)) for address in sorted(old.keys() | new.keys())
    ]
    if before is None or after is None:
        change: Change = "added" if before is None else "removed"
    else:
        change = "changed" if any(r.change != "unchanged" for r in resources) else "unchanged"
    return ProjectDelta(path, language, change, before, after, resources)


def diff_costs(before: list[ProjectCost], after: list[ProjectCost], base: str = "", head: str = "") -> CostDiff:
    """Match the projects of two estimates by path and compute every delta."""
    old = {c.project.path: c for c in before}
    new = {c.project.path: c for c in after}
    projects = [project_delta(old.get(path), new.get(path)) for path in sorted(old.keys() | new.keys())]
    return CostDiff(projects, base, head)


# -- plans ------------------------------------------------------------------------------------------


_NOT_IN_PRIOR_STATE = frozenset({"create", "read"})


def prior_state(project: Project) -> Project:
    """The state a plan starts from: its resources with their values before the change.

    A plan's project lists the planned resources plus those it destroys (``action`` ``delete``);
    the prior state holds every resource except those the plan creates, each with its ``before``
    values (``prior_state``, else ``change.before``). A resource without an action (an older plan
    without ``resource_changes``) is taken as unchanged.
    """
    resources = []
    for resource in project.resources:
        if resource.action in _NOT_IN_PRIOR_STATE:
            continue
        if resource.action is None:
            resources.append(resource)
            continue
        attributes = resource.before if resource.before is not None else resource.attributes
        region = resource.region
        if isinstance(attributes.get("region"), str) and attributes["region"]:
            region = attributes["region"]  # AWS provider 6: a resource's own region may change
        resources.append(dataclasses.replace(resource, attributes=dict(attributes), region=region, action=None))
    return dataclasses.replace(project, resources=resources, diagnostics=[])
