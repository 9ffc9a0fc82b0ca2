"""Formatting shared by the cost reports (breakdown table, Markdown, and whatever quotes a cost).

Amounts are rounded by ``costlint.money``. Unit prices are shown in full (``$0.0104``), never rounded to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def unit_price(price: Decimal | None) -> str:
    """A price per unit in full: ``$0.045``, ``$0.0104``, ``$5``, ``$1,000``."""
    if price is None:
        return "-"
    text = format(Decimal(price).normalize(), "f")
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}"
    if fraction and len(fraction) < 2:
        fraction = fraction.ljust(2, "0")
    return f"${whole}.{fraction}" if fraction else f"${whole}"


def quantity(value: Decimal | int | None, places: int = 4) -> str:
    """``1,460``; ``1.3699``; up to ``places`` decimals, trailing zeros dropped."""
    if value is None:
        return "-"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_PLURAL = {"hour": "hours", "month": "months", "path": "paths"}


def unit(name: str, amount: Decimal | int | None = None) -> str:
    """A catalog unit for display: ``hour`` -> ``hours`` (for amounts other than 1)."""
    if amount is not None and Decimal(amount) == 1:
        return name
    return _PLURAL.get(name, name)


def per_unit(price: Decimal | None, unit_name: str) -> str:
    """``$0.045 per GB``."""
    return f"{unit_price(price)} per {unit_name}"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
