"""`costlint pricing lookup`: one price with its provenance, as a table or JSON."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costlint.pricing.records import decimal_text

if TYPE_CHECKING:
    from costlint.pricing.catalog import Price


def render_json(price: Price) -> str:
    return json.dumps(_price_json(price), indent=1, sort_keys=True) + "\n"


def _price_json(price: Price) -> dict[str, Any]:
    return {
        "provider": price.provider,
        "service": price.service,
        "product": price.product,
        "region": price.region,
        "attributes": dict(price.attributes),
        "price": decimal_text(price.value),
        "unit": price.unit,
        "currency": "USD",
        "source": price.source,
        "source_name": price.source_name,
        "date": price.date,
        "confidence": price.confidence,
        "cache": price.cache,
        "note": price.note,
        "tiers": [
            [decimal_text(t.start), None if t.end is None else decimal_text(t.end), decimal_text(t.price)]
            for t in price.tiers
        ],
    }


def render_table(price: Price) -> str:
    attrs = " ".join(f"{k}={v}" for k, v in price.attributes)
    rows = [
        ("price", f"{decimal_text(price.value)} USD per {price.unit}"),
        ("product", f"{price.provider} {price.service} {price.product} {attrs}".rstrip()),
        ("region", price.region),
        ("source", f"{price.source} ({price.source_name})" if price.source_name != price.source else price.source),
        ("date", price.date),
        ("confidence", price.confidence),
        ("cache", price.cache),
    ]
    if price.tiers:
        bands = "; ".join(
            f"{decimal_text(t.start)}-{decimal_text(t.end) if t.end is not None else ''}: {decimal_text(t.price)}"
            for t in price.tiers
        )
        rows.append(("tiers", f"{bands} (bands of monthly usage, in {price.unit})"))
    if price.note:
        rows.append(("note", price.note))
    width = max(len(k) for k, _ in rows)
    return "".join(f"{key.ljust(width)}  {value}\n" for key, value in rows)


def _end(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)
