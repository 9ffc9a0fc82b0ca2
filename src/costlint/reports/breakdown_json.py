"""``costlint breakdown --format json``: the contract for scripts (documented in README.md).

Numbers are JSON numbers in USD, unrounded (``monthly_cost`` of 730 h x $0.0225 is ``16.425``). A
``null`` ``monthly_quantity`` is a usage-based component without usage; a ``null`` ``unit_price`` a price
the catalog does not have (``missing`` says why); either makes ``monthly_cost`` ``null``, counted as 0.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from costlint.estimate.model import Component, ProjectCost, ResourceCost
from costlint.model import Unknown
from costlint.pricing.catalog import Catalog
from costlint.reports.breakdown_summary import Summary, price_info, summarize
from costlint.unit_economics import UnitEconomics

FORMAT_VERSION = 1


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an int when whole, else the float that prints as the decimal."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def component_json(component: Component) -> dict[str, Any]:
    return {
        "name": component.name,
        "unit": component.unit,
        "monthly_quantity": number(component.monthly_quantity),
        "unit_price": number(component.unit_price),
        "monthly_cost": number(component.monthly_cost),
        "usage_based": component.usage_based,
        "price_source": component.price_source,
        "approximate": component.approximate,
        "missing": component.missing,
    }


def _region(cost: ResourceCost) -> str | None:
    region = cost.resource.region
    if isinstance(region, Unknown):
        return None
    return region or None


def resource_json(cost: ResourceCost) -> dict[str, Any]:
    r = cost.resource
    return {
        "address": r.address,
        "type": r.type,
        "kind": r.kind,
        "file": r.file,
        "line": r.line,
        "region": _region(cost),
        "monthly_cost": number(cost.monthly_cost),
        "usage_cost": number(cost.usage_cost),
        "components": [component_json(c) for c in cost.components],
        "assumptions": list(cost.assumptions),
    }


def _summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "resources": summary.resources,
        "priced": summary.priced,
        "free": summary.free,
        "not_priced": summary.not_priced,
        "components_awaiting_usage": summary.awaiting_usage,
        "components_missing_price": summary.missing_prices,
    }


def project_json(cost: ProjectCost) -> dict[str, Any]:
    return {
        "path": cost.project.path,
        "language": cost.project.language,
        "total_monthly_cost": number(cost.monthly_cost),
        "usage_monthly_cost": number(cost.usage_cost),
        "summary": _summary_json(summarize([cost])),
        "resources": [resource_json(r) for r in cost.by_status("priced")],
        "free": [
            {
                "address": r.resource.address,
                "type": r.resource.type,
                "file": r.resource.file,
                "line": r.resource.line,
                "assumptions": list(r.assumptions),
            }
            for r in cost.by_status("free")
        ],
        "unpriced": [
            {
                "address": r.resource.address,
                "type": r.resource.type,
                "file": r.resource.file,
                "line": r.resource.line,
                "region": _region(r),
                "reason": r.reason,
                "assumptions": list(r.assumptions),
            }
            for r in cost.by_status("not_priced")
        ],
        "diagnostics": [
            {"file": d.file, "line": d.line, "severity": d.severity, "message": d.message}
            for d in cost.project.diagnostics
        ],
    }


def unit_json(unit: UnitEconomics | None, total: Decimal) -> dict[str, Any] | None:
    """The config's unit economics with the cost per unit of ``total``; None without them."""
    if unit is None:
        return None
    return {
        "unit": unit.unit,
        "monthly_volume": number(unit.monthly_volume),
        "cost_per_unit": number(unit.cost_per_unit(total)),
    }


def render_json(
    costs: list[ProjectCost], catalog: Catalog | None = None, economics: UnitEconomics | None = None
) -> str:
    summary = summarize(costs)
    info = price_info(costs, catalog)
    doc = {
        "format_version": FORMAT_VERSION,
        "currency": "USD",
        "hours_per_month": 730,
        "total_monthly_cost": number(summary.total),
        "usage_monthly_cost": number(summary.usage_cost),
        "summary": _summary_json(summary),
        "unit_economics": unit_json(economics, summary.total),
        "prices": {
            "first_date": info.first_date,
            "last_date": info.last_date,
            "caches": info.caches,
            "user_cache_updated": info.user_updated,
        },
        "projects": [project_json(c) for c in costs],
    }
    return json.dumps(doc, indent=2) + "\n"
