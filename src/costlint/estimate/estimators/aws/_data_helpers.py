"""Helpers shared by the estimators (not an estimator module)."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from costlint.estimate.context import Context
from costlint.estimate.model import NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1000)
TEN_THOUSAND = Decimal(10_000)
KB_PER_GB = Decimal(1024 * 1024)
"""AWS bills payload GB as 2^30 bytes and request sizes in KB of 1,024 bytes."""

TERMS = {"1_year": "1yr", "3_year": "3yr"}
"""Reserved terms: usage file words -> catalog words (EC2, RDS, ElastiCache)."""
PAYMENTS = ("no_upfront", "partial_upfront", "all_upfront")

RESERVED_USAGE = (
    UsageKey(
        "reserved_instance_term",
        "Reserved term: 1_year or 3_year (omit for on-demand)",
        "1_year",
        kind="string",
        choices=tuple(TERMS),
    ),
    UsageKey(
        "reserved_instance_payment_option",
        "Reserved payment: no_upfront, partial_upfront or all_upfront (the upfront fee is spread over the term)",
        "no_upfront",
        kind="string",
        choices=PAYMENTS,
    ),
)


def reserved(ctx: Context, resource: Resource) -> tuple[str, str] | None:
    """(term, payment) in catalog words when the usage file reserves the resource, else None."""
    term = ctx.usage_choice(resource, "reserved_instance_term", tuple(TERMS))
    payment = ctx.usage_choice(resource, "reserved_instance_payment_option", PAYMENTS)
    if term is None:
        if payment is not None:
            raise NotPriced("usage reserved_instance_payment_option is given without reserved_instance_term")
        return None
    if payment is None:
        raise NotPriced("usage reserved_instance_term is given without reserved_instance_payment_option")
    return TERMS[term], payment


def billed_chunks(size_kb: Decimal | None, chunk_kb: int = 64) -> Decimal:
    """How many billed requests one request of ``size_kb`` is (SQS/SNS bill every 64 KB as one)."""
    if size_kb is None or size_kb <= 0:
        return Decimal(1)
    return (size_kb / Decimal(chunk_kb)).to_integral_value(rounding=ROUND_CEILING)


def scaled_capacity(
    ctx: Context,
    resource: Resource,
    namespace: str,
    dimension: str,
    resource_ids: tuple[str, ...],
    *,
    by_reference: bool = True,
) -> Decimal | None:
    """The capacity an Application Auto Scaling target of ``resource`` sets for ``dimension``: the
    target's usage ``capacity``, else its ``min_capacity`` (what the resource runs at least, said as
    an assumption); None when no target scales that dimension.

    A target names what it scales by ``resource_id``: a literal (``table/Orders``) compared with
    ``resource_ids``, or a reference to the resource (``by_reference``)."""
    from costlint.specs.aws import app_autoscaling

    base = resource.address.split("[", 1)[0]
    for target in ctx.project.resources:
        if target.kind != "appautoscaling.target":
            continue
        spec = app_autoscaling.scalable_target(target)
        if spec.service_namespace != namespace or spec.dimension != dimension:
            continue
        rid = spec.resource_id
        if isinstance(rid, Unknown):
            if not (by_reference and rid.ref in (resource.address, base)):
                continue
        elif rid not in resource_ids:
            continue
        capacity = ctx.usage_number(target, "capacity")
        if capacity is not None:
            return capacity
        minimum = ctx.known(spec.min_capacity, f"min_capacity of {target.address}")
        if minimum is None:
            continue
        ctx.assume(
            f"{dimension.rsplit(':', 1)[-1]} scaled by {target.address}: its min_capacity, {minimum} "
            "(usage capacity on the target gives another)"
        )
        return minimum
    return None


def unique_name(ctx: Context, resource: Resource, name: Any, names_of: Any) -> bool:
    """Whether no other resource of the same kind and region has ``name`` (``names_of(other)``): only
    then can a target that names it by a literal (``table/Orders``) be attributed to it."""
    if not isinstance(name, str):
        return False
    for other in ctx.project.resources:
        if (
            other is not resource
            and other.kind == resource.kind
            and other.region == resource.region
            and names_of(other) == name
        ):
            ctx.assume(
                f"{other.address} has the same name, {name}: Application Auto Scaling targets naming it "
                "are not attributed"
            )
            return False
    return True
