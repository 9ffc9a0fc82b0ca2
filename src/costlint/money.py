"""Amounts of money in words, with the one rounding rule every report and note uses.

Amounts are ``Decimal`` USD, rounded only when shown, half up to the cent: ``money(Decimal("70.075"))``
is ``$70.08``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def money(amount: Decimal | int | None, *, signed: bool = False) -> str:
    """``$1,234.56``; ``-$3.20``; with ``signed``, ``+$3.20`` for increases."""
    if amount is None:
        return "-"
    value = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no "-$0.00"
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}${abs(value):,.2f}"
