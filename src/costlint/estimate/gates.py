"""Cost gates: fail a run when a change raises the monthly cost by more than allowed.

Used by ``costlint diff`` and ``costlint comment github`` (and meant for any command that computes a
delta). A gate is crossed when the increase is strictly over its limit; a decrease never crosses one.
An increase from nothing (``before`` is zero) is an unbounded percentage and crosses every percent gate.
The messages are the reports' (``reports.diff_format.gate_message``): nothing here formats amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from costlint.estimate.diff import percent


@dataclass(frozen=True)
class Gates:
    increase: Decimal | None = None
    """``--fail-on-increase``: dollars a month."""
    increase_percent: Decimal | None = None
    """``--fail-on-increase-percent``: percent of the monthly cost before."""

    def __bool__(self) -> bool:
        return self.increase is not None or self.increase_percent is not None


@dataclass(frozen=True)
class Crossed:
    gate: Literal["increase", "increase_percent"]
    limit: Decimal
    delta: Decimal
    """The increase, dollars a month."""
    percent: Decimal | None
    """The increase as a percentage of the cost before; None from $0."""

    @property
    def option(self) -> str:
        return "--fail-on-increase" if self.gate == "increase" else "--fail-on-increase-percent"

    @property
    def over(self) -> Decimal | None:
        """By how much the limit is crossed (dollars or percentage points); None from $0."""
        if self.gate == "increase":
            return self.delta - self.limit
        return None if self.percent is None else self.percent - self.limit


def crossed(before: Decimal, delta: Decimal, gates: Gates) -> list[Crossed]:
    """The gates that ``delta`` (over a monthly cost of ``before``) crosses; empty when none is."""
    if delta <= 0:
        return []
    out = []
    share = percent(before, delta)
    if gates.increase is not None and delta > gates.increase:
        out.append(Crossed("increase", gates.increase, delta, share))
    if gates.increase_percent is not None and (share is None or share > gates.increase_percent):
        out.append(Crossed("increase_percent", gates.increase_percent, delta, share))
    return out
