"""``costlint review --format html``: one self-contained page (``templates/review.html.j2``).

jinja2 with autoescaping, so every text from the inputs (a tag value holding ``<script>``, an address
with quotes) is escaped; the CSS and the service bar chart (SVG) are inline, and nothing is loaded from
the network (its Content-Security-Policy forbids it). Readable printed (print styles, no collapsed parts).
"""

from __future__ import annotations

import functools
from typing import Any

from costlint.reports.review_format import review_context
from costlint.review.model import Review


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("costlint.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("review.html.j2")


def render_html(review: Review) -> str:
    return str(_template().render(**review_context(review)))
