"""Unit economics: the monthly cost per business unit (an order, a request, a user) the config names.

``.costlint.yml``::

    unit_economics: {unit: order, monthly_volume: 2000000}

A cost per unit is the monthly cost divided by the monthly volume; it is shown with four significant
digits (``$0.00006525 per order``), since it is usually far below a cent, and kept unrounded in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SIGNIFICANT = 4


@dataclass(frozen=True)
class UnitEconomics:
    unit: str
    """What one unit is, singular (``order``)."""
    monthly_volume: Decimal
    """Units a month (positive)."""

    def cost_per_unit(self, monthly_cost: Decimal) -> Decimal:
        return monthly_cost / self.monthly_volume

    def amount(self, monthly_cost: Decimal) -> str:
        """``$0.00006525``."""
        return per_unit_money(self.cost_per_unit(monthly_cost))

    def words(self, monthly_cost: Decimal) -> str:
        """``$0.00006525 per order``."""
        return f"{self.amount(monthly_cost)} per {self.unit}"

    def volume_words(self) -> str:
        """``2,000,000 orders a month``."""
        volume = self.monthly_volume
        shown = f"{volume:,.0f}" if volume == volume.to_integral_value() else f"{volume.normalize():,f}"
        return f"{shown} {self.unit}{'' if volume == 1 else 's'} a month"


def per_unit_money(amount: Decimal) -> str:
    """An amount below or around a cent, to ``SIGNIFICANT`` digits: ``$0.00006525``, ``$1.235``, ``$0.00``;
    a sign for changes is the caller's."""
    if amount == 0:
        return "$0.00"
    magnitude = abs(amount).adjusted()  # the exponent of the leading digit
    places = max(SIGNIFICANT - 1 - magnitude, 2)
    rounded = abs(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{rounded:,.{places}f}".partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")  # significant digits only, but always cents
    text = f"{whole}.{fraction}"
    return ("-" if amount < 0 else "") + "$" + text
