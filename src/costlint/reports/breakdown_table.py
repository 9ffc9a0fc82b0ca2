"""``costlint breakdown`` as a table for people.

Per project: each priced resource with its monthly cost and components (``*`` usage-based; usage-based
components without usage read "depends on usage: $0.045 per GB" and count $0; ``~`` a lower-confidence
price), the assumptions under it; the project total; the free resources by type and the resources not
priced with their reasons. Then the overall total (several projects), the summary line and where the
prices come from.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from costlint.estimate.model import Component, ProjectCost, ResourceCost
from costlint.money import money
from costlint.pricing.catalog import Catalog
from costlint.reports.breakdown_format import per_unit, quantity, unit
from costlint.reports.breakdown_summary import free_types, price_info, summarize


@dataclass
class _Row:
    name: str
    qty: str = ""
    unit: str = ""
    cost: str = ""
    wide: str | None = None
    """A line that spans the quantity, unit and cost columns (``depends on usage: ...``)."""


def component_cells(component: Component) -> tuple[str, str, str, str | None]:
    """(quantity, unit, cost, wide text) of a component, shared with the Markdown format."""
    if component.missing is not None:
        qty = quantity(component.monthly_quantity) if component.monthly_quantity is not None else ""
        return qty, unit(component.unit, component.monthly_quantity) if qty else "", "no price", None
    if component.monthly_quantity is None:
        return "", "", "", f"depends on usage: {per_unit(component.unit_price, component.unit)}"
    cost = money(component.monthly_cost)
    if component.approximate:
        cost = "~" + cost
    return quantity(component.monthly_quantity), unit(component.unit, component.monthly_quantity), cost, None


def component_name(component: Component) -> str:
    return component.name + (" *" if component.usage_based else "")


def _resource_rows(cost: ResourceCost) -> list[_Row]:
    r = cost.resource
    rows = [_Row(f"{r.address}  ({r.location})", cost=money(cost.monthly_cost))]
    notes = [f"note: {text}" for text in cost.assumptions]
    notes += [f"no price for {c.name}: {c.missing}" for c in cost.components if c.missing]
    for i, component in enumerate(cost.components):
        last = i == len(cost.components) - 1 and not notes
        qty, unit_text, money_text, wide = component_cells(component)
        rows.append(_Row(("└─ " if last else "├─ ") + component_name(component), qty, unit_text, money_text, wide))
    for j, note in enumerate(notes):
        rows.append(_Row(("└─ " if j == len(notes) - 1 else "│  ") + note, wide=""))
    return rows


def _layout(rows: list[_Row], header: _Row) -> list[str]:
    table_rows = [r for r in rows if r.wide is None]
    name_width = max([len(header.name)] + [len(r.name) for r in table_rows])
    qty_width = max([len(header.qty)] + [len(r.qty) for r in table_rows])
    unit_width = max([len(header.unit)] + [len(r.unit) for r in table_rows])
    cost_width = max([len(header.cost)] + [len(r.cost) for r in table_rows])
    lines = []
    for row in [header, _Row("", wide=""), *rows]:
        if row.wide is None:
            line = (
                f" {row.name.ljust(name_width)}  {row.qty.rjust(qty_width)}  {row.unit.ljust(unit_width)}  "
                f"{row.cost.rjust(cost_width)}"
            )
        elif row.wide:
            line = f" {row.name.ljust(name_width)}  {row.wide}"
        else:
            line = f" {row.name}"
        lines.append(line.rstrip())
    return lines


def render_project(cost: ProjectCost) -> list[str]:
    project = cost.project
    priced = cost.by_status("priced")
    lines = [f"Project: {project.path} ({project.language})", ""]
    rows: list[_Row] = []
    for resource in priced:
        rows += _resource_rows(resource)
        rows.append(_Row("", wide=""))
    rows.append(_Row("Project total", cost=money(cost.monthly_cost)))
    lines += _layout(rows, _Row("Name", "Monthly qty", "Unit", "Monthly cost"))
    free = cost.by_status("free")
    if free:
        lines.append("")
        lines += textwrap.wrap(
            f"Free ({len(free)}): {free_types(free)}", width=100, initial_indent=" ", subsequent_indent="   "
        )
        for resource in free:
            for text in resource.assumptions:
                lines.append(f"   {resource.resource.address}: {text}")
    unpriced = cost.by_status("not_priced")
    if unpriced:
        lines += ["", f" Not priced ({len(unpriced)}):"]
        for resource in unpriced:
            lines.append(f"   {resource.resource.address}  ({resource.resource.location}): {resource.reason}")
    return lines


def render_table(costs: list[ProjectCost], catalog: Catalog | None = None) -> str:
    lines: list[str] = []
    for cost in costs:
        lines += render_project(cost)
        lines.append("")
    summary = summarize(costs)
    if len(costs) != 1:
        lines.append(f" OVERALL TOTAL ({len(costs)} projects): {money(summary.total)} a month")
    else:
        lines.append(f" TOTAL: {money(summary.total)} a month")
    if summary.usage_cost:
        lines.append(f"   of which usage-based (from the usage file): {money(summary.usage_cost)}")
    lines.append(f" {summary.line()}")
    info = price_info(costs, catalog)
    legend = "* usage-based (quantity from the usage file)"
    if info.approximate:
        legend += "; ~ lower-confidence price (spot, derived or unverified; see `costlint pricing lookup`)"
    lines.append(f" {legend}")
    lines.append(f" {info.line()}")
    return "\n".join(lines) + "\n"
