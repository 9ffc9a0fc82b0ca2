"""Output formats, looked up by report and name.

Each report (what is shown: a breakdown, an inventory, a price) has formats (how: table, json,
markdown...). A format is a ``"module:function"`` under ``costlint.reports``, imported only when it is
asked for, so that adding a format is one entry here plus its function, and ``costlint --help`` imports
none of them. Renderers return the whole text; the command line only prints it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

FORMATS: dict[str, dict[str, str]] = {
    "breakdown": {
        "table": "breakdown_table:render_table",
        "json": "breakdown_json:render_json",
        "markdown": "breakdown_markdown:render_markdown",
    },
    "diff": {
        "table": "diff_table:render_table",
        "json": "diff_json:render_json",
        "markdown": "diff_markdown:render_markdown",
    },
    # The pull-request comment and job summary: Markdown from a ``diff --format json`` document.
    "comment": {
        "markdown": "diff_markdown:render_document",
    },
    "resources": {
        "table": "inventory:render_table",
        "json": "inventory:render_json",
    },
    "pricing-info": {
        "table": "pricing_info:render_table",
        "json": "pricing_info:render_json",
    },
    "pricing-coverage": {
        "table": "pricing_coverage:render_table",
        "json": "pricing_coverage:render_json",
    },
    "pricing-build": {
        "table": "pricing_build:render_table",
    },
    "pricing-lookup": {
        "table": "pricing_lookup:render_table",
        "json": "pricing_lookup:render_json",
    },
    "check": {
        "text": "check_text:render_text",
        "json": "check_json:render_json",
        "sarif": "check_sarif:render_sarif",
        "github": "check_text:render_github",
    },
    "rules": {
        "table": "rules_list:render_table",
        "json": "rules_list:render_json",
    },
    "rule-explain": {
        "text": "rules_list:render_explain",
    },
    # The architect's review: one self-contained HTML page, or the same content in Markdown.
    "review": {
        "html": "review_html:render_html",
        "markdown": "review_markdown:render_markdown",
    },
    "cache-info": {
        "table": "cache_info:render_table",
        "json": "cache_info:render_json",
    },
    "cache-clear": {
        "table": "cache_info:render_cleared_table",
        "json": "cache_info:render_cleared_json",
    },
}


def names(report: str) -> tuple[str, ...]:
    """The formats of a report, the default (first) first."""
    return tuple(FORMATS[report])


def renderer(report: str, name: str) -> Callable[..., str]:
    try:
        target = FORMATS[report][name]
    except KeyError:
        known = ", ".join(FORMATS.get(report, {}))
        raise KeyError(f"no format {name!r} for the {report} report (formats: {known})") from None
    module, _, function = target.partition(":")
    render: Callable[..., str] = getattr(importlib.import_module(f"costlint.reports.{module}"), function)
    return render


def render(report: str, name: str, *args: Any, **kwargs: Any) -> str:
    return renderer(report, name)(*args, **kwargs)
