"""Estimate projects: each resource through its kind's estimator, into a ``ProjectCost``."""

from __future__ import annotations

from costlint.errors import debugging
from costlint.estimate.context import Context
from costlint.estimate.model import NotPriced, ProjectCost, ResourceCost
from costlint.estimate.registry import estimator_for, free_reason, not_priced_reason
from costlint.estimate.usage import Usage
from costlint.model import Project, Resource
from costlint.pricing.catalog import Catalog, default_catalog
from costlint.specs import InvalidValue


def estimate_resource(resource: Resource, ctx: Context) -> ResourceCost:
    if free_reason(resource) is not None:
        return ResourceCost(resource, "free")
    estimator = estimator_for(resource)
    if estimator is None:
        reason = not_priced_reason(resource) or f"unsupported type {resource.type}"
        return ResourceCost(resource, "not_priced", reason=reason)
    ctx.assumptions = []
    try:
        components = estimator(resource, ctx)
    except (NotPriced, InvalidValue) as exc:
        return ResourceCost(resource, "not_priced", reason=str(exc), assumptions=list(ctx.assumptions))
    except Exception as exc:  # an estimator bug must not cost the user the rest of the estimate
        if debugging():
            raise
        return ResourceCost(
            resource,
            "not_priced",
            reason=f"internal error in the {resource.kind} estimator ({type(exc).__name__}: {exc}); "
            "set COSTLINT_DEBUG=1 for a traceback",
        )
    if not components:
        # An estimator that finds nothing billable (an EIP in a region without IPv4 charges, a
        # gateway VPC endpoint) says the resource is free.
        return ResourceCost(resource, "free", assumptions=list(ctx.assumptions))
    if all(c.missing is not None for c in components):
        return ResourceCost(
            resource, "not_priced", components, reason=components[0].missing, assumptions=list(ctx.assumptions)
        )
    return ResourceCost(resource, "priced", components, assumptions=list(ctx.assumptions))


def estimate_project(project: Project, catalog: Catalog | None = None, usage: Usage | None = None) -> ProjectCost:
    """The monthly cost of what a project declares (planned state: resources a plan deletes are left out)."""
    ctx = Context(project, catalog or default_catalog(), usage)
    cost = ProjectCost(project)
    for resource in project.resources:
        if resource.action == "delete":
            continue
        cost.resources.append(estimate_resource(resource, ctx))
    return cost
