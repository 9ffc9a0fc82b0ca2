"""``costlint review --format markdown``: the review for a wiki or a pull request, through
``templates/review.md.j2`` (the same content as the HTML). Text from the inputs is escaped by the filters
of the cost-delta Markdown (``diff_markdown``): ``<script>``, ``|``, backticks and ``@mentions`` stay text."""

from __future__ import annotations

import functools
from typing import Any

from costlint.reports.diff_markdown import code, text
from costlint.reports.review_format import review_context
from costlint.review.model import Review


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
    return environment.get_template("review.md.j2")


def render_markdown(review: Review) -> str:
    return str(_template().render(**review_context(review)))
