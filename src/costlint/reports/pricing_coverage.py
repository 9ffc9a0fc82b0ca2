"""``costlint pricing info --coverage``: the service x region matrix of ``pricing.coverage``, for people or JSON.

The table has a row per region of the snapshot's list and a column per service (names written
downwards), one symbol per cell; below it, every cell that is not exact, with the products it lacks
and why. ``--service S`` shows that service's products instead of the services.
"""

from __future__ import annotations

import json

from costlint.pricing.coverage import APPROXIMATE, EXACT, NONE, NOT_OFFERED, PARTIAL, STATUSES, Cell, Coverage
from costlint.reports.text_table import short

SYMBOLS = {EXACT: "E", APPROXIMATE: "~", PARTIAL: "P", NONE: "-", NOT_OFFERED: "x"}
LEGEND = (
    "E exact (a source's list price)   ~ approximate (derived; `pricing lookup` shows how)\n"
    "P partial (some products without a price)   - none   x not offered in that region"
)


def render_json(coverage: Coverage, service: str | None = None) -> str:
    """The whole matrix as JSON (``service`` is for the table's product view)."""
    return json.dumps(coverage.as_json(), indent=1, sort_keys=True)


def render_table(coverage: Coverage, service: str | None = None) -> str:
    """The matrix (all services, or the products of ``service``) and the cells that are not exact."""
    if service is not None:
        return _product_table(coverage, service)
    columns = sorted(coverage.cells)
    lines = [
        f"Coverage of {coverage.provider} prices in the snapshot's {len(coverage.regions)} regions "
        "(commercial AWS Regions where EC2 has prices):",
        "",
    ]
    lines += _matrix(coverage.regions, columns, lambda region, col: SYMBOLS[coverage.cells[col][region].status])
    lines += ["", LEGEND, ""]
    totals = {status: 0 for status in STATUSES}
    for col in columns:
        for status, count in coverage.status_counts(col).items():
            totals[status] += count
    lines.append("Cells: " + ", ".join(f"{count} {status.replace('_', ' ')}" for status, count in totals.items()))
    notes = _notes(coverage)
    if notes:
        lines += ["", "Not exact:", *notes]
    return "\n".join(lines) + "\n"


def _matrix(rows: list[str], columns: list[str], symbol: object) -> list[str]:
    width = max((len(r) for r in rows), default=6)
    height = max((len(c) for c in columns), default=1)
    header = []
    for i in range(height):
        # Column names written downwards, bottom-aligned over their column.
        cells = [c[i - (height - len(c))] if i >= height - len(c) else " " for c in columns]
        header.append(" " * (width + 2) + " ".join(cells).rstrip())
    body = [f"{row.ljust(width)}  " + " ".join(symbol(row, col) for col in columns) for row in rows]  # type: ignore[operator]
    return header + body


def _describe(cell: Cell) -> str:
    parts = []
    for name, product in sorted(cell.products.items()):
        if product.status == APPROXIMATE:
            parts.append(f"{name} ~")
        elif product.status in (NONE, NOT_OFFERED):
            why = "not offered" if product.status == NOT_OFFERED else (product.reason or "no source")
            parts.append(f"{name}: {short(why, 90)}")
    return "; ".join(parts)


def _notes(coverage: Coverage) -> list[str]:
    """One line per service and (description of what is missing) with the regions it applies to."""
    out = []
    for service, cells in sorted(coverage.cells.items()):
        groups: dict[tuple[str, str], list[str]] = {}
        for region, cell in cells.items():
            if cell.status != EXACT:
                groups.setdefault((cell.status, _describe(cell)), []).append(region)
        for (status, text), regions in sorted(groups.items()):
            where = ", ".join(regions) if len(regions) <= 6 else f"{len(regions)} regions"
            out.append(f"  {service} {SYMBOLS[status]} in {where}: {text}")
    return out


def _product_table(coverage: Coverage, service: str) -> str:
    cells = coverage.cells.get(service)
    if cells is None:
        return f"no {coverage.provider} service {service!r} in the price catalog\n"
    products = sorted({name for cell in cells.values() for name in cell.products})
    lines = [f"Coverage of {coverage.provider} {service} prices per product and region:", ""]
    lines += _matrix(
        coverage.regions,
        products,
        lambda region, name: SYMBOLS[cells[region].products[name].status] if name in cells[region].products else " ",
    )
    lines += ["", LEGEND]
    reasons: dict[tuple[str, str], list[str]] = {}
    for region, cell in cells.items():
        for name, product in cell.products.items():
            if product.status in (NONE, NOT_OFFERED):
                why = "not offered: " + product.reason if product.status == NOT_OFFERED else product.reason
                reasons.setdefault((name, short(why or "no source", 160)), []).append(region)
    if reasons:
        lines += ["", "Without a price:"]
        for (name, why), regions in sorted(reasons.items()):
            where = ", ".join(regions) if len(regions) <= 6 else f"{len(regions)} regions"
            lines.append(f"  {name} in {where}: {why}")
    return "\n".join(lines) + "\n"
