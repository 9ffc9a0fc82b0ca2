"""``costlint diff`` as a table for people: ``+`` added, ``-`` removed, ``~`` changed, like a diff.

Per project with a change: its monthly cost before and after and the delta, then each added, removed
or changed resource with its cost before, after and the delta, and under a changed resource the
components that differ (a component whose name changed reads ``(..., t3.medium → t3.large)``). A
side that is not priced reads ``not priced``, and its delta ``no delta``, with the reason under the
resource. Then the overall line, the counts and where the prices come from.
"""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.diff import CostDiff, ProjectDelta, ResourceDelta
from costlint.estimate.model import ResourceCost
from costlint.money import money
from costlint.pricing.catalog import Catalog
from costlint.reports.breakdown_format import plural
from costlint.reports.breakdown_summary import price_info
from costlint.reports.diff_format import change_line, renamed, signed
from costlint.reports.text_table import short
from costlint.unit_economics import UnitEconomics

SIGNS = {"added": "+", "removed": "-", "changed": "~", "unchanged": " "}


def _side(cost: ResourceCost | None, amount: Decimal | None) -> str:
    if cost is None:
        return "-"
    if cost.status == "not_priced":
        return "not priced"
    return money(amount)


def _delta(delta: ResourceDelta) -> str:
    return "no delta" if delta.monthly_cost_delta is None else signed(delta.monthly_cost_delta)


def _rows(delta: ResourceDelta) -> list[tuple[str, str, str, str, str]]:
    resource = delta.current.resource
    rows = [
        (
            SIGNS[delta.change],
            f"{resource.address}  ({resource.location})",
            _side(delta.before, delta.monthly_cost_before),
            _side(delta.after, delta.monthly_cost_after),
            _delta(delta),
        )
    ]
    notes: list[str] = []
    for side, cost in (("before", delta.before), ("after", delta.after)):
        if cost is not None and cost.status == "not_priced" and (delta.change == "changed" or side == "after"):
            notes.append(f"not priced {side}: {cost.reason}")
    components = delta.components
    for i, component in enumerate(components):
        last = i == len(components) - 1 and not notes
        name = component.name
        if component.before is not None and component.after is not None:
            name = renamed(component.before.name, component.after.name)
        rows.append(
            (
                "",
                ("   └─ " if last else "   ├─ ") + f"{SIGNS[component.change]} {name}",
                money(component.monthly_cost_before) if component.before is not None else "-",
                money(component.monthly_cost_after) if component.after is not None else "-",
                "no price" if component.monthly_cost_delta is None else signed(component.monthly_cost_delta),
            )
        )
    for j, note in enumerate(notes):
        rows.append(("", ("   └─ " if j == len(notes) - 1 else "   │  ") + note, "", "", ""))
    return rows


def _layout(rows: list[tuple[str, str, str, str, str]]) -> list[str]:
    header = ("", "Resource", "Before", "After", "Delta")
    table = [r for r in rows if r[2] or r[3] or r[4]]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(5)]
    lines = []
    for row in [header, *rows]:
        if row is not header and not (row[2] or row[3] or row[4]):
            lines.append(f" {row[0]:1} {row[1]}".rstrip())
            continue
        lines.append(
            f" {row[0]:1} {row[1].ljust(widths[1])}  {row[2].rjust(widths[2])}  {row[3].rjust(widths[3])}  "
            f"{row[4].rjust(widths[4])}".rstrip()
        )
    return lines


def render_project(delta: ProjectDelta, show_unchanged: bool = False) -> list[str]:
    state = "" if delta.change in ("changed", "unchanged") else f", {delta.change}"
    lines = [
        f"Project: {delta.path} ({delta.language}{state}): "
        + change_line(delta.monthly_cost_before, delta.monthly_cost_after, delta.monthly_cost_delta),
        "",
    ]
    rows: list[tuple[str, str, str, str, str]] = []
    for resource in delta.resources:
        if resource.change != "unchanged" or show_unchanged:
            rows += _rows(resource)
    if rows:
        lines += _layout(rows)
    else:
        lines.append(" No resource changed.")
    return lines


def render_table(
    diff: CostDiff,
    catalog: Catalog | None = None,
    show_unchanged: bool = False,
    economics: UnitEconomics | None = None,
) -> str:
    lines: list[str] = []
    if diff.base:
        lines += [f"Comparing {diff.head or 'the change'} with {diff.base}", ""]
    quiet = []
    for project in diff.projects:
        if project.change == "unchanged" and not show_unchanged:
            quiet.append(project.path)
            continue
        lines += render_project(project, show_unchanged)
        lines.append("")
    if quiet:
        lines += [short(f" Unchanged ({plural(len(quiet), 'project')}): {', '.join(quiet)}", 200), ""]
    lines.append(
        " Monthly cost: " + change_line(diff.monthly_cost_before, diff.monthly_cost_after, diff.monthly_cost_delta)
    )
    if economics is not None:
        from costlint.reports.diff_json import unit_delta_json
        from costlint.reports.diff_markdown import unit_line

        lines.append(" " + unit_line({"unit_economics": unit_delta_json(economics, diff)}, arrow="->"))
    resources = diff.resources
    counts = {c: sum(1 for r in resources if r.change == c) for c in ("added", "removed", "changed", "unchanged")}
    text = (
        f" {plural(len(resources) - counts['unchanged'], 'resource')} changed: {counts['added']} added, "
        f"{counts['removed']} removed, {counts['changed']} changed; {counts['unchanged']} unchanged"
    )
    lines.append(text)
    unknown = sum(len(p.without_delta) for p in diff.projects)
    if unknown:
        lines.append(
            f" {plural(unknown, 'changed resource')} not (fully) priced on one side: what has no price is left "
            "out of the delta, never counted as a whole addition or removal"
        )
    lines.append(f" {price_info(diff.after_costs + diff.before_costs, catalog).line()}")
    return "\n".join(lines) + "\n"
