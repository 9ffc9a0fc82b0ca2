"""Auto Scaling groups: N x the machine of their launch template or launch configuration.

N is the usage file's ``instances``, else ``desired_capacity``, else ``min_size`` (the group keeps at
least that many running). A mixed-instances policy prices its first override's type (divided by its
weighted capacity when it has one) and splits the instances into on-demand (the base capacity, then
the percentage above it, rounded up as EC2 Auto Scaling does) and spot, priced from the spot snapshot.
"""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws.compute import (
    MACHINE_USAGE,
    Fleet,
    ceil_int,
    describe,
    launch_template_of,
    machine_components,
)
from costlint.estimate.model import Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.money import money
from costlint.specs.aws import asg, ec2
from costlint.specs.aws.names import names
from costlint.specs.values import provider_default

GROUP_USAGE = (
    UsageKey("instances", "Average number of running instances (default: desired_capacity, else min_size)", 2),
    *MACHINE_USAGE,
)
TARGET_USAGE = (
    UsageKey(
        "capacity",
        "Average capacity the target scales its resource to (DynamoDB capacity units, "
        "ElastiCache shards or replicas); default: its min_capacity",
        10,
    ),
)
"""Read on Application Auto Scaling targets (a free kind) by the DynamoDB and ElastiCache estimators."""


def _count(ctx: Context, resource: Resource, spec: asg.GroupSpec) -> tuple[int, str]:
    """How many instances, and why."""
    usage = ctx.usage_number(resource, "instances")
    if usage is not None:
        return ceil_int(usage), "instances from the usage file"
    # A plan leaves an unset desired capacity "known after apply": AWS starts the group at min_size.
    desired = None if provider_default(spec.desired) else spec.desired
    if isinstance(desired, Unknown):
        if spec.min_size is None or isinstance(spec.min_size, Unknown):
            ctx.known(desired, "desired capacity")
        ctx.assume(f"desired capacity is unknown ({desired.reason}): priced at min_size {spec.min_size}")
        return int(spec.min_size), "min_size"
    if desired is not None:
        return int(desired), "desired_capacity"
    min_size = ctx.known(spec.min_size, "min size")
    if min_size is None:
        raise NotPriced("neither desired capacity nor min size is set")
    return int(min_size), "min_size (no desired capacity)"


def machine_of(ctx: Context, spec: asg.GroupSpec) -> tuple[ec2.MachineSpec, str]:
    """The machine the group launches, and the address of the template or configuration."""
    if spec.launch_template is not None:
        template = launch_template_of(ctx, spec.launch_template)
        if template is None:
            raise NotPriced(f"launch template {describe(spec.launch_template.value)} is not in this project")
        return ec2.launch_template(template), template.address
    if spec.launch_configuration is not None:
        config = ctx.linked(spec.launch_configuration, kinds=("ec2.launch_configuration",), names=names)
        if config is None or config.kind != "ec2.launch_configuration":
            raise NotPriced(f"launch configuration {describe(spec.launch_configuration)} is not in this project")
        return ec2.launch_configuration(config), config.address
    raise NotPriced("no launch template or launch configuration")


def _split(count: int, spec: asg.GroupSpec, machine: ec2.MachineSpec) -> Fleet:
    if machine.spot and not spec.mixed:
        return Fleet(on_demand=0, spot=count)
    if not spec.mixed:
        return Fleet(on_demand=count)
    base = spec.on_demand_base
    percentage = spec.on_demand_percentage
    if isinstance(base, Unknown) or isinstance(percentage, Unknown):
        unknown = base if isinstance(base, Unknown) else percentage
        raise NotPriced(f"the on-demand/spot split is unknown ({unknown.reason})")
    base = min(int(base or 0), count)
    percentage = Decimal(100) if percentage is None else Decimal(percentage)
    on_demand = base + ceil_int((count - base) * percentage / 100)
    return Fleet(on_demand=min(on_demand, count), spot=count - min(on_demand, count))


def autoscaling_group(resource: Resource, ctx: Context) -> list[Component]:
    spec = asg.group(resource)
    count, why = _count(ctx, resource, spec)
    machine, source = machine_of(ctx, spec)
    if spec.overrides:
        first = spec.overrides[0]
        if first.instance_type is not None:
            machine.instance_type = first.instance_type
            shown = first.instance_type.reason if isinstance(first.instance_type, Unknown) else first.instance_type
            ctx.assume(
                f"priced as {shown}, the first of the mixed-instances policy's {len(spec.overrides)} override(s)"
            )
        weight = first.weighted_capacity
        if weight is not None and not isinstance(weight, Unknown) and Decimal(weight) > 0:
            capacity = count
            count = ceil_int(Decimal(capacity) / Decimal(weight))
            ctx.assume(
                f"capacity {capacity} at weighted capacity {Decimal(weight).normalize():f} per "
                f"instance: {count} instances"
            )
    fleet = _split(count, spec, machine)
    components = machine_components(ctx, resource, machine, fleet=fleet, source=source)
    per_instance = sum((c.monthly_cost for c in components if c.monthly_cost is not None), Decimal(0))
    bought = ""
    if fleet.spot:
        bought = f" ({fleet.on_demand} on-demand, {fleet.spot} spot)"
    each = f" x {money(per_instance / count)} a month" if count else ""
    # First among the resource's notes: what the figures multiply.
    ctx.assumptions.insert(0, f"{count} instance{'s' if count != 1 else ''}{bought} ({why}){each}, from {source}")
    return components
