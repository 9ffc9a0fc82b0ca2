"""``costlint breakdown --format markdown``: the table's content for a pull request or a design doc."""

from __future__ import annotations

from costlint.estimate.model import ProjectCost
from costlint.money import money
from costlint.pricing.catalog import Catalog
from costlint.reports.breakdown_summary import free_types, price_info, summarize
from costlint.reports.breakdown_table import component_cells, component_name
from costlint.unit_economics import UnitEconomics


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`" if "`" not in text else _cell(text)


def render_project(cost: ProjectCost) -> list[str]:
    project = cost.project
    lines = [f"### {_code(project.path)} ({project.language}): {money(cost.monthly_cost)} a month", ""]
    priced = cost.by_status("priced")
    if priced:
        lines += ["| Resource / component | Monthly qty | Unit | Monthly cost |", "|---|---:|---|---:|"]
        for resource in priced:
            r = resource.resource
            lines.append(f"| **{_code(r.address)}** ({_code(r.location)}) | | | **{money(resource.monthly_cost)}** |")
            for component in resource.components:
                qty, unit_text, money_text, wide = component_cells(component)
                name = _cell("↳ " + component_name(component))
                if wide is not None:
                    lines.append(f"| {name} | | | {_cell(wide)} |")
                else:
                    lines.append(f"| {name} | {qty} | {_cell(unit_text)} | {money_text} |")
        lines.append(f"| **Project total** | | | **{money(cost.monthly_cost)}** |")
        lines.append("")
    notes = [(r.resource.address, text) for r in cost.resources for text in r.assumptions if r.status != "not_priced"]
    notes += [
        (r.resource.address, f"no price for {c.name}: {c.missing}") for r in priced for c in r.components if c.missing
    ]
    if notes:
        lines += ["<details><summary>Assumptions and notes</summary>", ""]
        lines += [f"- {_code(address)}: {_cell(text)}" for address, text in notes]
        lines += ["", "</details>", ""]
    unpriced = cost.by_status("not_priced")
    if unpriced:
        lines.append(f"**Not priced ({len(unpriced)}):**")
        lines.append("")
        lines += [
            f"- {_code(r.resource.address)} ({_code(r.resource.location)}): {_cell(r.reason or '')}" for r in unpriced
        ]
        lines.append("")
    free = cost.by_status("free")
    if free:
        lines += [f"Free ({len(free)}): {_cell(free_types(free))}", ""]
    return lines


def render_markdown(
    costs: list[ProjectCost], catalog: Catalog | None = None, economics: UnitEconomics | None = None
) -> str:
    if not costs:
        return "## costlint cost estimate\n\nNo projects found: nothing was estimated.\n"
    summary = summarize(costs)
    projects = f" ({len(costs)} projects)" if len(costs) != 1 else ""
    lines = [
        "## costlint cost estimate",
        "",
        f"**Total: {money(summary.total)} a month**{projects}{summary.missing()}",
        "",
    ]
    if summary.usage_cost:
        lines += [f"Of which usage-based (usage file or design sheet): {money(summary.usage_cost)}", ""]
    if economics is not None:
        text = f"Cost per {economics.unit}: {economics.amount(summary.total)} ({economics.volume_words()})"
        lines += [_cell(text), ""]
    lines += [summary.line(), ""]
    for cost in costs:
        lines += render_project(cost)
    info = price_info(costs, catalog)
    legend = "\\* usage-based (quantity from the usage file or a design sheet)"
    if info.approximate:
        legend += "; ~ lower-confidence price"
    lines += [f"<sub>{legend}. {_cell(info.line())}.</sub>"]
    return "\n".join(lines) + "\n"
