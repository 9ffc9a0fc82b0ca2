"""Helpers for the data/storage/serverless estimator tests: read a fixture with the real readers,
estimate it with the bundled price snapshot and a usage file, look at components by name."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from costlint.estimate.model import Component, ResourceCost
from costlint.estimate.usage import parse_usage
from costlint.readers import ReadOptions
from estimate_helpers import estimate_path

FIXTURES = Path(__file__).parent / "fixtures" / "estimate"


def estimate(path: Path, usage: dict[str, Any] | None = None, **options: Any) -> dict[str, ResourceCost]:
    """Every resource's cost, by address, of the one project found at ``path`` (``usage``: the usage
    file's ``resource_usage``)."""
    parsed = None
    if usage is not None:
        parsed, problems = parse_usage({"version": "0.1", "resource_usage": usage}, "usage.yml")
        assert not problems, problems
    return estimate_path(path, parsed, ReadOptions(environ={}, **options))


def component(rc: ResourceCost, name: str) -> Component:
    found = [c for c in rc.components if c.name == name]
    assert len(found) == 1, f"{name!r} not in {[c.name for c in rc.components]}"
    return found[0]


def cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def monthly(rc: ResourceCost, name: str) -> Decimal | None:
    """A component's monthly cost, exact (tests compare it with the hand-worked figure)."""
    return component(rc, name).monthly_cost


def shape(rc: ResourceCost) -> list[tuple[Any, ...]]:
    """What must be equal between a Terraform resource and its CloudFormation twin."""
    return [(c.name, c.unit, c.monthly_quantity, c.unit_price, c.usage_based, c.missing) for c in rc.components]


def names(rc: ResourceCost) -> list[str]:
    return [c.name for c in rc.components]
