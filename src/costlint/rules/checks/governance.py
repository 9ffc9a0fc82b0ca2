"""CL601 required-tags, CL602 expensive-region, CL603 budget: rules driven by the config file.

required-tags: the cost-allocation tags the config names (``required_tags``), looked for in each
resource's tags with the provider's default tags merged; a resource whose tags cannot be known is left
alone. expensive-region: the project estimated in each of the config's ``preferred_regions`` (the same
resources, the same estimators), compared over the resources priced in both regions. budget: the
project's monthly estimate (usage file included) against the config's ``budgets``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from costlint.model import Project, Resource, Unknown
from costlint.money import money
from costlint.rules.engine import Hit, RuleContext
from costlint.rules.savings import Saving
from costlint.specs.aws import tagging

if TYPE_CHECKING:
    from costlint.estimate.model import ResourceCost


def required_tags(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    wanted = rc.settings.required_tags
    if not wanted:
        return
    tags = tagging.tags(resource)
    if isinstance(tags, Unknown):
        return
    present = {key.lower() for key in tags if isinstance(key, str)}
    missing = [tag for tag in wanted if tag.lower() not in present]
    if missing:
        yield Hit(f"missing cost-allocation tag{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")


def _region(project: Project) -> str | None:
    regions = {r.region for r in project.resources if r.provider == "aws" and isinstance(r.region, str) and r.region}
    return regions.pop() if len(regions) == 1 else None


def _priced_components(cost: ResourceCost) -> dict[str, Decimal]:
    return {c.name: c.monthly_cost for c in cost.components if c.monthly_cost is not None and not c.usage_based}


def expensive_region(project: Project, rc: RuleContext) -> Iterator[Hit]:
    """Compared component by component (same name, priced in both regions, usage aside): the snapshot
    prices many services in us-east-1 only, and a component priced on one side only must not count."""
    preferred = rc.settings.preferred_regions
    current = _region(project)
    if not preferred or current is None or current in preferred:
        return
    from costlint.estimate.context import Context
    from costlint.estimate.engine import estimate_resource
    from costlint.specs.aws.fixes import in_region

    here = {c.resource.address: c for c in rc.estimates.project_cost().resources if c.status == "priced"}
    best: tuple[Decimal, str, Decimal, Decimal, int] | None = None
    for region in preferred:
        moved = in_region(project, region)
        ctx = Context(moved, rc.ctx.catalog, rc.estimates.usage)
        total_here, total_there, compared = Decimal(0), Decimal(0), 0
        for resource in moved.resources:
            if resource.address not in here:
                continue
            cost = estimate_resource(resource, ctx)
            if cost.status != "priced":
                continue
            mine, theirs = _priced_components(here[resource.address]), _priced_components(cost)
            common = mine.keys() & theirs.keys()
            if common:
                compared += 1
                total_here += sum((mine[name] for name in common), Decimal(0))
                total_there += sum((theirs[name] for name in common), Decimal(0))
        if compared and (best is None or total_here - total_there > best[0]):
            best = (total_here - total_there, region, total_here, total_there, compared)
    if best is None or best[0] <= 0:
        return
    saving, region, total_here, there, compared = best
    yield Hit(
        f"{money(total_here)}/mo in {current} would be {money(there)}/mo in {region}, a preferred region: "
        f"saves {money(saving)}/mo (over the {compared} resource{'s' if compared != 1 else ''} "
        "and components priced in both regions)",
        Saving(saving, before=total_here, after=there),
    )


def _budget_for(project: Project, budgets: dict[str, Decimal]) -> tuple[str, Decimal] | None:
    if project.path in budgets:
        return project.path, budgets[project.path]
    matches = [(pattern, amount) for pattern, amount in budgets.items() if fnmatch.fnmatchcase(project.path, pattern)]
    # The most specific pattern (the longest without wildcards) wins over "*".
    matches.sort(key=lambda item: (-len(item[0].replace("*", "")), item[0]))
    return matches[0] if matches else None


def budget(project: Project, rc: RuleContext) -> Iterator[Hit]:
    found = _budget_for(project, rc.settings.budgets)
    if found is None:
        return
    pattern, limit = found
    cost = rc.estimates.project_cost()
    total = cost.monthly_cost
    if total <= limit:
        return
    unpriced = len(cost.by_status("not_priced"))
    note = f"; {unpriced} resource{'s' if unpriced != 1 else ''} not priced" if unpriced else ""
    yield Hit(
        f"project {project.path} costs {money(total)}/mo, over its budget of {money(limit)} "
        f"({money(total - limit, signed=True)}; budget '{pattern}'){note}"
    )
