"""``costlint diff --format json``: the delta's contract for scripts (documented in README.md).

Each side of a resource is the breakdown's own resource object (``breakdown_json.resource_json``: the
components, assumptions, ``file``/``line``), plus its ``status`` and, when not priced, the ``reason``,
so one schema serves both commands. The same document is what ``costlint comment github --path``
reads, with an optional ``findings`` list added by whoever produces it (see README.md).
"""

from __future__ import annotations

import json
from typing import Any

from costlint.estimate.diff import ComponentDelta, CostDiff, ProjectDelta, ResourceDelta, percent
from costlint.estimate.model import ResourceCost
from costlint.pricing.catalog import Catalog
from costlint.reports.breakdown_json import FORMAT_VERSION, component_json, number, resource_json
from costlint.reports.breakdown_summary import price_info
from costlint.unit_economics import UnitEconomics


def side_json(cost: ResourceCost | None) -> dict[str, Any] | None:
    if cost is None:
        return None
    return {**resource_json(cost), "status": cost.status, "reason": cost.reason}


def _component_delta_json(delta: ComponentDelta) -> dict[str, Any]:
    return {
        "name": delta.name,
        "change": delta.change,
        "before": component_json(delta.before) if delta.before is not None else None,
        "after": component_json(delta.after) if delta.after is not None else None,
        "monthly_cost_before": number(delta.monthly_cost_before),
        "monthly_cost_after": number(delta.monthly_cost_after),
        "monthly_cost_delta": number(delta.monthly_cost_delta),
    }


def resource_delta_json(delta: ResourceDelta) -> dict[str, Any]:
    current = delta.current.resource
    return {
        "project": delta.project,
        "address": delta.address,
        "type": current.type,
        "change": delta.change,
        "monthly_cost_before": number(delta.monthly_cost_before),
        "monthly_cost_after": number(delta.monthly_cost_after),
        "monthly_cost_delta": number(delta.monthly_cost_delta),
        "components": [_component_delta_json(c) for c in delta.components],
        "before": side_json(delta.before),
        "after": side_json(delta.after),
    }


def _project_json(delta: ProjectDelta) -> dict[str, Any]:
    diagnostics = []
    for side, cost in (("before", delta.before), ("after", delta.after)):
        if cost is not None:
            diagnostics += [
                {"side": side, "file": d.file, "line": d.line, "severity": d.severity, "message": d.message}
                for d in cost.project.diagnostics
            ]
    return {
        "path": delta.path,
        "language": delta.language,
        "change": delta.change,
        "total_monthly_cost_before": number(delta.monthly_cost_before),
        "total_monthly_cost_after": number(delta.monthly_cost_after),
        "total_monthly_cost_delta": number(delta.monthly_cost_delta),
        "total_monthly_cost_delta_percent": number(percent(delta.monthly_cost_before, delta.monthly_cost_delta)),
        "resources_without_delta": len(delta.without_delta),
        "diagnostics": diagnostics,
    }


def _count(items: list[Any], change: str) -> int:
    return sum(1 for item in items if item.change == change)


def unit_delta_json(economics: UnitEconomics | None, diff: CostDiff) -> dict[str, Any] | None:
    """The config's unit economics: the cost per unit before and after the change; None without them."""
    if economics is None:
        return None
    before = economics.cost_per_unit(diff.monthly_cost_before)
    after = economics.cost_per_unit(diff.monthly_cost_after)
    return {
        "unit": economics.unit,
        "monthly_volume": number(economics.monthly_volume),
        "cost_per_unit_before": number(before),
        "cost_per_unit_after": number(after),
        "cost_per_unit_delta": number(economics.cost_per_unit(diff.monthly_cost_delta)),
    }


def document(
    diff: CostDiff,
    catalog: Catalog | None = None,
    show_unchanged: bool = False,
    economics: UnitEconomics | None = None,
) -> dict[str, Any]:
    resources = diff.resources
    shown = [r for r in resources if show_unchanged or r.change != "unchanged"]
    change_of = {(r.project, r.address): r.change for r in resources}
    not_priced = [
        {
            "project": r.project,
            "address": r.address,
            "type": r.after.resource.type,
            "file": r.after.resource.file,
            "line": r.after.resource.line,
            "reason": r.after.reason,
            "change": change_of[(r.project, r.address)],
        }
        for r in resources
        if r.after is not None and r.after.status == "not_priced"
    ]
    info = price_info(diff.after_costs + diff.before_costs, catalog)
    before, delta = diff.monthly_cost_before, diff.monthly_cost_delta
    return {
        "format_version": FORMAT_VERSION,
        "currency": "USD",
        "hours_per_month": 730,
        "base": diff.base,
        "head": diff.head,
        "total_monthly_cost_before": number(before),
        "total_monthly_cost_after": number(diff.monthly_cost_after),
        "total_monthly_cost_delta": number(delta),
        "total_monthly_cost_delta_percent": number(percent(before, delta)),
        "unit_economics": unit_delta_json(economics, diff),
        "summary": {
            "projects": len(diff.projects),
            "projects_added": _count(diff.projects, "added"),
            "projects_removed": _count(diff.projects, "removed"),
            "projects_changed": _count(diff.projects, "changed"),
            "resources_added": _count(resources, "added"),
            "resources_removed": _count(resources, "removed"),
            "resources_changed": _count(resources, "changed"),
            "resources_unchanged": _count(resources, "unchanged"),
            "resources_without_delta": sum(len(p.without_delta) for p in diff.projects),
        },
        "prices": {
            "first_date": info.first_date,
            "last_date": info.last_date,
            "caches": info.caches,
            "user_cache_updated": info.user_updated,
        },
        "projects": [_project_json(p) for p in diff.projects],
        "resources": [resource_delta_json(r) for r in shown],
        "not_priced": sorted(not_priced, key=lambda r: (r["change"] == "unchanged", r["project"], r["address"])),
    }


def render_json(
    diff: CostDiff,
    catalog: Catalog | None = None,
    show_unchanged: bool = False,
    economics: UnitEconomics | None = None,
) -> str:
    return json.dumps(document(diff, catalog, show_unchanged, economics), indent=2) + "\n"
