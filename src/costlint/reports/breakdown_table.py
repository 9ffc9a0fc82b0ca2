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
from costlint.reports.text_wrap import wrap
from costlint.unit_economics import UnitEconomics


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


def _continuation(name: str) -> str:
    """The indent under a row's name when it wraps: inside the tree for components and notes."""
    if name.startswith(("├─ ", "│  ")):
        return "│    "
    if name.startswith("└─ "):
        return "     "
    return "   "


def _layout(rows: list[_Row], header: _Row, width: int | None = None) -> list[str]:
    table_rows = [r for r in rows if r.wide is None]
    name_width = max([len(header.name)] + [len(r.name) for r in table_rows])
    qty_width = max([len(header.qty)] + [len(r.qty) for r in table_rows])
    unit_width = max([len(header.unit)] + [len(r.unit) for r in table_rows])
    cost_width = max([len(header.cost)] + [len(r.cost) for r in table_rows])
    if width is not None:
        # The numbers keep their columns; the name column takes what is left of the terminal.
        name_width = min(name_width, max(width - 1 - (2 + qty_width) - (2 + unit_width) - (2 + cost_width), 16))
    lines = []
    for row in [header, _Row("", wide=""), *rows]:
        names = [row.name]
        if width is not None and len(row.name) > name_width and row.wide != "":
            names = wrap(row.name, name_width, _continuation(row.name))
        if row.wide is None:
            line = (
                f" {names[0].ljust(name_width)}  {row.qty.rjust(qty_width)}  {row.unit.ljust(unit_width)}  "
                f"{row.cost.rjust(cost_width)}"
            )
        elif row.wide:
            line = f" {names[0].ljust(name_width)}  {row.wide}"
            if width is not None and len(line) > width:
                # "depends on usage: $0.008 per LCU-hour" continues under the number columns.
                column = " " * (name_width + 3)
                lines += wrap(row.wide, width, column, f" {names[0].ljust(name_width)}  ")
                lines += [f" {text}" for text in names[1:]]
                continue
        elif width is not None:
            lines += [f" {text}".rstrip() for text in wrap(row.name, width - 1, _continuation(row.name))]
            continue
        else:
            line = f" {row.name}"
        lines.append(line.rstrip())
        lines += [f" {text}" for text in names[1:]]
    return lines


def render_project(cost: ProjectCost, width: int | None = None) -> list[str]:
    project = cost.project
    priced = cost.by_status("priced")
    lines = [*_fit(f"Project: {project.path} ({project.language})", width, "", "  "), ""]
    rows: list[_Row] = []
    for resource in priced:
        rows += _resource_rows(resource)
        rows.append(_Row("", wide=""))
    rows.append(_Row("Project total", cost=money(cost.monthly_cost)))
    header = _Row("Name", "Monthly qty", "Unit", "Monthly cost")
    if width is not None and width < 100:
        header = _Row("Name", "Qty", "Unit", "Cost/mo")  # narrow terminals: the room goes to the names
    lines += _layout(rows, header, width)
    free = cost.by_status("free")
    if free:
        lines.append("")
        lines += textwrap.wrap(
            f"Free ({len(free)}): {free_types(free)}",
            width=min(width or 100, 100),
            initial_indent=" ",
            subsequent_indent="   ",
        )
        for resource in free:
            for text in resource.assumptions:
                lines += _fit(f"{resource.resource.address}: {text}", width, "   ", "     ")
    unpriced = cost.by_status("not_priced")
    if unpriced:
        lines += ["", f" Not priced ({len(unpriced)}):"]
        for resource in unpriced:
            text = f"{resource.resource.address}  ({resource.resource.location}): {resource.reason}"
            lines += _fit(text, width, "   ", "     ")
    return lines


def _fit(text: str, width: int | None, first: str, rest: str) -> list[str]:
    """One line as it is, or wrapped to the terminal's ``width``."""
    return [first + text] if width is None else wrap(text, width, rest, first)


def render_table(
    costs: list[ProjectCost],
    catalog: Catalog | None = None,
    width: int | None = None,
    economics: UnitEconomics | None = None,
) -> str:
    """The breakdown for people; ``width``: fit a terminal of that many columns (None: lines as long
    as they need, for pipes and files); ``economics``: the config's unit economics (the cost per unit)."""
    if not costs:
        return " No projects found: nothing was estimated.\n"
    lines: list[str] = []
    for cost in costs:
        lines += render_project(cost, width)
        lines.append("")
    summary = summarize(costs)
    if len(costs) != 1:
        total = f"OVERALL TOTAL ({len(costs)} projects): {money(summary.total)} a month{summary.missing()}"
    else:
        total = f"TOTAL: {money(summary.total)} a month{summary.missing()}"
    lines += _fit(total, width, " ", "   ")
    if summary.usage_cost:
        lines.append(f"   of which usage-based (usage file or design sheet): {money(summary.usage_cost)}")
    if economics is not None:
        text = f"cost per {economics.unit}: {economics.amount(summary.total)} ({economics.volume_words()})"
        lines += _fit(text, width, "   ", "     ")
    lines += _fit(summary.line(), width, " ", "   ")
    info = price_info(costs, catalog)
    legend = "* usage-based (quantity from the usage file or a design sheet)"
    if info.approximate:
        legend += "; ~ lower-confidence price (spot, derived or unverified; see `costlint pricing lookup`)"
    lines += _fit(legend, width, " ", "   ")
    lines += _fit(info.line(), width, " ", "   ")
    return "\n".join(lines) + "\n"
