"""Wording shared by the cost-delta reports (table, Markdown, the pull-request comment) and the gates.

Amounts may come as ``Decimal`` (from the estimate) or as JSON numbers (a ``diff --format json`` file
read back by ``costlint comment github``); both go through ``costlint.money``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from costlint.estimate.diff import ProjectDelta, percent
from costlint.estimate.gates import Crossed
from costlint.money import money

Amount = Decimal | int | float | None


def dec(value: Amount) -> Decimal | None:
    """A JSON number (or Decimal) as a Decimal, through its shortest text (0.1 stays 0.1)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def signed(amount: Amount) -> str:
    """``+$3.20``, ``-$3.20``, ``$0.00``; ``-`` for no amount."""
    return money(dec(amount), signed=True)


def pct(value: Amount, *, signed: bool = True) -> str:
    """``+400%``, ``-12.5%``; one decimal at most; ``-`` for none."""
    number = dec(value)
    if number is None:
        return "-"
    rounded = number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{abs(rounded):,.1f}".removesuffix(".0")
    if rounded == 0:
        return "0%"
    sign = "-" if rounded < 0 else ("+" if signed else "")
    return f"{sign}{text}%"


def headline(before: Amount, delta: Amount, percent: Amount) -> str:
    """``Monthly cost will increase by $256.08 (+400%)``."""
    change = dec(delta) or Decimal(0)
    amount = money(abs(change))
    if money(change) == "$0.00":
        return "Monthly cost will not change"
    verb = "increase" if change > 0 else "decrease"
    share = pct(percent) if percent is not None else ("from $0.00" if not dec(before) else "")
    return f"Monthly cost will {verb} by {amount}" + (f" ({share})" if share else "")


def change_line(before: Decimal, after: Decimal, delta: Decimal) -> str:
    """``$255.92 -> $326.00 a month (+$70.08, +27.4%)``."""
    share = percent(before, delta)
    extra = signed(delta) + (f", {pct(share)}" if share is not None else "")
    return f"{money(before)} -> {money(after)} a month ({extra})"


def project_delta_line(delta: ProjectDelta) -> str:
    """One line for ``costlint check``: ``infra/app: $255.92 -> $326.00 a month (+$70.08, +27.4%) against
    HEAD``."""
    state = "" if delta.change in ("changed", "unchanged") else f" ({delta.change})"
    line = change_line(delta.monthly_cost_before, delta.monthly_cost_after, delta.monthly_cost_delta)
    return f"{delta.path}{state}: {line} against HEAD"


_BOUNDARY = " ,(=/"


def renamed(before: str, after: str) -> str:
    """``Instance usage (Linux/UNIX, on-demand, t3.medium → t3.large)``: the words that differ, in place."""
    if before == after:
        return after
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    while start > 0 and before[start - 1] not in _BOUNDARY:
        start -= 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    while end > 0 and before[len(before) - end] not in _BOUNDARY + ")":
        end -= 1
    old, new = before[start : len(before) - end], after[start : len(after) - end]
    return f"{after[:start]}{old} → {new}{after[len(after) - end :]}"


def gate_message(gate: Crossed) -> str:
    """``monthly cost increases by $256.08, over the --fail-on-increase limit of $100.00 by $156.08``."""
    if gate.gate == "increase":
        return (
            f"monthly cost increases by {money(gate.delta)}, over the {gate.option} limit of "
            f"{money(gate.limit)} by {money(gate.over)}"
        )
    if gate.percent is None:
        return (
            f"monthly cost increases by {money(gate.delta)} from $0.00, over the {gate.option} limit of "
            f"{pct(gate.limit, signed=False)}"
        )
    points = pct(gate.over, signed=False).removesuffix("%")
    return (
        f"monthly cost increases by {pct(gate.percent, signed=False)} ({money(gate.delta)}), over the "
        f"{gate.option} limit of {pct(gate.limit, signed=False)} by {points} percentage points"
    )
