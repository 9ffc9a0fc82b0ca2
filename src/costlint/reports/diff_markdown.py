"""The cost delta in Markdown, from the ``diff --format json`` document, through ``templates/diff.md.j2``.

One renderer serves ``costlint diff --format markdown``, the pull-request comment and the job summary:
the comment reads a JSON file (``comment github --path``) that may carry a ``findings`` list the diff
does not produce (the rules engine's), so the Markdown is made from the document, not from objects.

Text from the input (addresses, paths, reasons, messages) is escaped by the template's filters:
``code`` (an inline code span long enough for any backticks inside; newlines shown as ``\\n``),
``cell`` (the same inside a table cell, where ``|`` must be ``\\|``) and ``text`` (Markdown and HTML
characters escaped, so ``<script>`` stays text). With ``limit`` (bytes of UTF-8) the lists are cut,
smallest changes first, until the body fits, and a note says so.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Any

from costlint.estimate.diff import CostDiff
from costlint.money import money
from costlint.pricing.catalog import Catalog
from costlint.reports.breakdown_format import plural
from costlint.reports.breakdown_summary import PriceInfo
from costlint.reports.diff_format import dec, headline, pct, renamed, signed
from costlint.unit_economics import UnitEconomics, per_unit_money

SIGNS = {"added": "+", "removed": "−", "changed": "~", "unchanged": ""}
_TEXT_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "~": "\\~",
    "|": "\\|",
    "#": "\\#",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "@": "&#64;",  # no @mention from a name or a message
}
_TEXT = re.compile("|".join(re.escape(c) for c in _TEXT_ESCAPES))
_NEWLINES = re.compile(r"\r\n|\r|\n")


def text(value: Any) -> str:
    """Plain text: one line, every character Markdown or HTML would act on escaped."""
    flat = _NEWLINES.sub(" ", str(value if value is not None else ""))
    return _TEXT.sub(lambda m: _TEXT_ESCAPES[m.group(0)], flat)


def code(value: Any, *, table: bool = False) -> str:
    """An inline code span that shows ``value`` exactly (newlines as ``\\n``), whatever backticks it holds."""
    flat = _NEWLINES.sub("\\\\n", str(value if value is not None else ""))
    if table:
        # GFM splits table cells on "|" before parsing code spans; "\|" keeps it in the cell.
        flat = flat.replace("|", "\\|")
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or not flat.strip() else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("costlint.reports", "templates"),
        autoescape=False,  # Markdown, not HTML: the filters escape what must be
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["text"] = text
    environment.filters["code"] = code
    environment.filters["cell"] = functools.partial(code, table=True)
    return environment.get_template("diff.md.j2")


def _amount(side: dict[str, Any] | None, value: Any) -> str:
    if side is None:
        return "-"
    if side.get("status") == "not_priced":
        return "not priced"
    return money(dec(value))


def _delta(value: Any) -> str:
    return "no delta" if value is None else signed(value)


def _location(side: dict[str, Any] | None) -> str:
    if not side:
        return ""
    return f"{side.get('file')}:{side.get('line')}"


def _resource_row(r: dict[str, Any]) -> dict[str, Any]:
    before, after = r.get("before"), r.get("after")
    notes = []
    for name, side in (("before", before), ("after", after)):
        if side and side.get("status") == "not_priced" and (r.get("change") == "changed" or name == "after"):
            notes.append(f"not priced {name}: {side.get('reason') or 'no reason given'}")
    components = []
    for c in r.get("components") or []:
        name = str(c.get("name", ""))
        if c.get("before") and c.get("after"):
            name = renamed(str(c["before"].get("name", "")), str(c["after"].get("name", "")))
        components.append(
            {
                "sign": SIGNS.get(c.get("change", ""), ""),
                "name": name,
                "before": "-" if c.get("before") is None else money(dec(c.get("monthly_cost_before"))),
                "after": "-" if c.get("after") is None else money(dec(c.get("monthly_cost_after"))),
                "delta": "no price" if c.get("monthly_cost_delta") is None else signed(c.get("monthly_cost_delta")),
            }
        )
    return {
        "sign": SIGNS.get(r.get("change", ""), ""),
        "address": r.get("address", ""),
        "project": r.get("project", ""),
        "location": _location(after or before),
        "before": _amount(before, r.get("monthly_cost_before")),
        "after": _amount(after, r.get("monthly_cost_after")),
        "delta": _delta(r.get("monthly_cost_delta")),
        "components": components,
        "notes": notes,
    }


def _importance(r: dict[str, Any]) -> tuple[Any, ...]:
    """Unknown deltas first (they need a look), then the largest changes, then by address."""
    delta = dec(r.get("monthly_cost_delta"))
    return (delta is not None, -abs(delta) if delta is not None else 0, r.get("project", ""), r.get("address", ""))


def _findings(items: list[Any]) -> tuple[list[dict[str, Any]], str]:
    rows = []
    total = Decimal(0)
    for f in items:
        if not isinstance(f, dict):
            continue
        savings = dec(f.get("monthly_savings")) if isinstance(f.get("monthly_savings"), (int, float)) else None
        total += savings or 0
        rows.append(
            {
                "severity": f.get("severity") or "",
                "rule": f.get("rule_id") or f.get("slug") or f.get("rule") or "",
                "address": f.get("address") or "",
                "savings": money(savings) if savings is not None else "-",
                "message": f.get("message") or "",
                "_key": -(savings or 0),
            }
        )
    rows.sort(key=lambda row: row["_key"])
    return rows, (money(total) if total else "")


def unit_line(doc: dict[str, Any], arrow: str = "→") -> str:
    """``Cost per order: $0.0000612 → $0.0001218 (+$0.0000606)``, from the document's ``unit_economics``."""
    found = doc.get("unit_economics")
    if not isinstance(found, dict) or not found.get("unit"):
        return ""
    before, after, delta = (
        dec(found.get(k)) for k in ("cost_per_unit_before", "cost_per_unit_after", "cost_per_unit_delta")
    )
    if before is None or after is None:
        return ""
    change = ""
    if delta is not None:
        change = f" ({'+' if delta > 0 else ''}{per_unit_money(delta)})"
    return f"Cost per {found['unit']}: {per_unit_money(before)} {arrow} {per_unit_money(after)}{change}"


def _context(doc: dict[str, Any], marker: str | None) -> dict[str, Any]:
    projects = [p for p in doc.get("projects") or [] if isinstance(p, dict)]
    shown_projects = [p for p in projects if p.get("change") != "unchanged"] or projects[:1]
    unchanged = len(projects) - len(shown_projects)
    resources = sorted(
        (r for r in doc.get("resources") or [] if isinstance(r, dict) and r.get("change") != "unchanged"),
        key=_importance,
    )
    findings_list = doc.get("findings")
    findings, savings = _findings(findings_list) if isinstance(findings_list, list) else (None, "")
    not_priced = [n for n in doc.get("not_priced") or [] if isinstance(n, dict)]
    prices = doc.get("prices") or {}
    info = PriceInfo(prices.get("first_date"), prices.get("last_date"), list(prices.get("caches") or []))
    info.user_updated = prices.get("user_cache_updated")
    without = (doc.get("summary") or {}).get("resources_without_delta") or 0
    return {
        "marker": marker,
        "headline": headline(
            doc.get("total_monthly_cost_before"),
            doc.get("total_monthly_cost_delta"),
            doc.get("total_monthly_cost_delta_percent"),
        ),
        "before": money(dec(doc.get("total_monthly_cost_before")) or 0),
        "after": money(dec(doc.get("total_monthly_cost_after")) or 0),
        "base": doc.get("base") or "",
        "unit_line": unit_line(doc),
        "without_delta": plural(without, "changed resource") if without else "",
        "projects": [
            {
                "path": p.get("path", ""),
                "change": p.get("change", ""),
                "before": money(dec(p.get("total_monthly_cost_before")) or 0),
                "after": money(dec(p.get("total_monthly_cost_after")) or 0),
                "delta": signed(p.get("total_monthly_cost_delta") or 0),
                "percent": pct(p["total_monthly_cost_delta_percent"])
                if p.get("total_monthly_cost_delta_percent") is not None
                else "",
            }
            for p in shown_projects
        ],
        "unchanged_projects": plural(unchanged, "other project") if unchanged else "",
        "several_projects": len(projects) > 1,
        "resources": [_resource_row(r) for r in resources],
        "resources_total": len(resources),
        "findings": findings,
        "findings_total": len(findings or []),
        "savings": savings,
        "not_priced": [
            {
                "address": n.get("address", ""),
                "project": n.get("project", ""),
                "location": f"{n.get('file')}:{n.get('line')}",
                "change": n.get("change", ""),
                "reason": n.get("reason") or "",
            }
            for n in not_priced
        ],
        "not_priced_total": len(not_priced),
        "prices": info.line(),
    }


def _cut(context: dict[str, Any], keep: int) -> dict[str, Any]:
    """The context with every list cut to ``keep`` items (and the counts of what was left out)."""
    out = dict(context)
    for name in ("projects", "resources", "findings", "not_priced"):
        items = context[name]
        if items is None:
            continue
        out[name] = items[:keep]
        out[f"{name}_cut"] = max(0, len(items) - keep)
    return out


def render_document(
    doc: dict[str, Any], *, marker: str | None = None, limit: int | None = None, full_report: str | None = None
) -> str:
    """Markdown for a ``diff --format json`` document; with ``limit``, at most that many UTF-8 bytes.

    ``full_report`` says where everything is when lists had to be cut (``the job summary``).
    """
    template = _template()
    context = _context(doc, marker)
    longest = max(len(context[name] or []) for name in ("projects", "resources", "findings", "not_priced"))

    def render(keep: int, note: str = "") -> str:
        return template.render(**_cut(context, keep), cut_note=note)

    body = render(longest)
    if limit is None or len(body.encode()) <= limit:
        return body
    where = f"; {full_report} has them all" if full_report else "; `costlint diff` shows them all"
    note = f"This report was shortened to fit GitHub's size limit{where}."
    low, high = 0, longest  # the largest number of items per list that fits
    while low < high:
        middle = (low + high + 1) // 2
        if len(render(middle, note).encode()) <= limit:
            low = middle
        else:
            high = middle - 1
    body = render(low, note)
    if len(body.encode()) > limit:  # the fixed parts alone are too long: a hard cut keeps the marker
        tail = f"\n\n> {note}\n"
        body = body.encode()[: limit - len(tail.encode())].decode("utf-8", "ignore") + tail
    return body


def render_markdown(
    diff: CostDiff,
    catalog: Catalog | None = None,
    show_unchanged: bool = False,
    economics: UnitEconomics | None = None,
) -> str:
    from costlint.reports.diff_json import document

    return render_document(document(diff, catalog, show_unchanged, economics))
