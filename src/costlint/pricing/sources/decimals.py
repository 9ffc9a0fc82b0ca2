"""Exact decimal prices recovered from rounded figures.

Two kinds of source figures need care:

- Infracost golden tables print a monthly cost rounded to the cent for a printed quantity. The unit
  price is only known to lie in an interval; the price AWS publishes is the decimal with the fewest
  decimal places inside it (list prices are short decimals: 0.0225, 0.0000166667). When that
  shortest decimal is not unique the figure is ambiguous and no price is taken from it.
- coroot stores internet egress prices as float32 values widened to float64
  (0.09000000357627869). The published price is the shortest decimal that reads back as the same
  float32.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

MAX_PLACES = 12
"""AWS price lists carry at most 10 decimal places; a little more leaves room for unit conversions."""


@dataclass(frozen=True)
class Interval:
    lo: Decimal
    hi: Decimal

    def __and__(self, other: Interval) -> Interval | None:
        lo, hi = max(self.lo, other.lo), min(self.hi, other.hi)
        return Interval(lo, hi) if lo <= hi else None

    def scaled(self, factor: Decimal) -> Interval:
        """The interval of ``price / factor`` (factor > 0): a price per golden unit made per schema unit."""
        with localcontext() as ctx:
            ctx.prec = 40
            return Interval(self.lo / factor, self.hi / factor)


def point(value: Decimal) -> Interval:
    return Interval(value, value)


def half_ulp(text: str) -> Decimal:
    """Half a unit of the last printed digit of a decimal figure ("52.56" -> 0.005; "730" -> 0)."""
    if "." not in text:
        return Decimal(0)
    places = len(text.split(".", 1)[1])
    return Decimal(5).scaleb(-(places + 1))


def unit_price_interval(quantity: Decimal, quantity_tolerance: Decimal, cost: Decimal) -> Interval | None:
    """Unit prices compatible with ``quantity`` (± tolerance) costing ``cost`` rounded to the cent."""
    q_lo, q_hi = quantity - quantity_tolerance, quantity + quantity_tolerance
    if q_lo <= 0:
        return None
    cent = Decimal("0.005")
    with localcontext() as ctx:
        ctx.prec = 40
        lo = max(cost - cent, Decimal(0)) / q_hi
        hi = (cost + cent) / q_lo
    return Interval(lo, hi)


class Ambiguous(Exception):
    """Several decimals with the fewest places fit the interval."""


def shortest_decimal(interval: Interval, max_places: int = MAX_PLACES) -> Decimal | None:
    """The positive decimal with the fewest decimal places in ``interval``.

    None when no positive decimal of up to ``max_places`` places fits; ``Ambiguous`` when two or more
    fit with the fewest places (e.g. [0.625, 0.6283] holds 0.625, 0.626, 0.627 and 0.628).
    """
    with localcontext() as ctx:
        ctx.prec = 60
        for places in range(max_places + 1):
            step = Decimal(1).scaleb(-places)
            first = max((interval.lo / step).to_integral_value(rounding=ROUND_CEILING), Decimal(1))
            last = (interval.hi / step).to_integral_value(rounding=ROUND_FLOOR)
            if first == last:
                return (first * step).normalize()
            if first < last:
                raise Ambiguous(f"{first * step} .. {last * step}")
    return None


def _as_float32(value: float) -> float:
    result: float = struct.unpack("<f", struct.pack("<f", value))[0]
    return result


def shortest_float32(value: Decimal) -> Decimal:
    """The shortest decimal that reads back as the same float32 as ``value``.

    >>> shortest_float32(Decimal("0.09000000357627869"))
    Decimal('0.09')
    """
    target = _as_float32(float(value))
    if not math.isfinite(target):
        raise ValueError(f"not a finite float32: {value}")
    for digits in range(1, 10):
        candidate = Decimal(f"{target:.{digits}g}")
        if _as_float32(float(candidate)) == target:
            return candidate.normalize()
    return value
