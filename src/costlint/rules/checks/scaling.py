"""CL301 missing-autoscaling and CL302 spot-eligible.

missing-autoscaling fires on capacity fixed in code that could follow the load:
- several identical EC2 instances: made by one Terraform block with ``count``/``for_each``, or
  CloudFormation instances with the same properties (tags aside); reported once, on the first;
- an ECS service (not a daemon) that no Application Auto Scaling target scales
  (``ecs:service:DesiredCount``, by reference or ``service/<cluster>/<name>``);
- a DynamoDB table with provisioned capacity (PROVISIONED, the default) whose read or write capacity no
  target scales (``dynamodb:table:*CapacityUnits``);
- an Auto Scaling group with min = max (at least ``min_fleet``) and no scaling policy or schedule.
Its saving depends on the load, which code does not say: the message gives what the fixed capacity
costs, the finding no saving.

spot-eligible fires on batch work bought on demand: a managed Batch compute environment of type EC2 or
FARGATE; EMR task groups and fleets with on-demand capacity; EKS node groups (capacity type ON_DEMAND,
the default) and Auto Scaling groups (100 % on demand) that the config's batch markers mark as batch or
worker capacity. The saving comes from the spot snapshot (``purchase=spot``), through the estimators.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costlint.estimate.context import base_address
from costlint.estimate.model import HOURS_PER_MONTH
from costlint.model import Project, Resource, Unknown, to_jsonable
from costlint.money import money
from costlint.rules import links
from costlint.rules.engine import Hit, RuleContext, spec_of
from costlint.rules.savings import Saving
from costlint.specs.aws import fixes, tagging
from costlint.specs.aws.names import names

if TYPE_CHECKING:
    from costlint.specs.aws.app_autoscaling import ScalableTargetSpec

# Specs are read through the provider table (``spec_of``): only the spec modules of the kinds met are
# imported.

# -- missing-autoscaling -----------------------------------------------------------------------------


def _fleets(project: Project) -> dict[str, list[Resource]]:
    """Groups of identical instances, by the address of their first member."""
    groups: dict[str, list[Resource]] = {}
    by_key: dict[str, list[Resource]] = {}
    for resource in project.resources:
        if resource.kind != "ec2.instance" or resource.action == "delete":
            continue
        if resource.language == "cloudformation":
            shape = {k: v for k, v in resource.attributes.items() if k != "Tags"}
            key = "cfn:" + json.dumps(to_jsonable(shape), sort_keys=True, default=str)
        else:
            if base_address(resource.address) == resource.address:
                continue  # not made by count / for_each
            key = "tf:" + base_address(resource.address)
        by_key.setdefault(key, []).append(resource)
    for members in by_key.values():
        members.sort(key=lambda r: (r.file, r.line, r.address))
        groups[members[0].address] = members
    return groups


def _fixed_fleet(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    groups = rc.shared.get("fleets")
    if groups is None:
        groups = rc.shared["fleets"] = _fleets(rc.project)
    members = groups.get(resource.address)
    if not members or len(members) < int(rc.option("min_fleet", 2)):
        return
    instance_type = spec_of(resource).instance_type
    shown = instance_type if isinstance(instance_type, str) else "instances"
    how = (
        "count/for_each"
        if resource.language != "cloudformation"
        else "identical properties: " + ", ".join(m.address for m in members)
    )
    costs = [rc.estimates.cost(m) for m in members]
    total = sum((c.monthly_cost for c in costs), Decimal(0)) if all(c.status == "priced" for c in costs) else None
    price = f" ({money(total)}/mo whatever the load)" if total is not None else ""
    yield Hit(
        f"{len(members)} identical {shown} instances ({how}) and no Auto Scaling group{price}; "
        "an Auto Scaling group could follow the load"
    )


def _targets(rc: RuleContext, namespace: str) -> list[ScalableTargetSpec]:
    key = f"targets:{namespace}"
    if key not in rc.shared:
        found = []
        for other in rc.project.resources:
            if other.kind == "appautoscaling.target":
                spec = spec_of(other)
                if spec.service_namespace == namespace:
                    found.append((other, spec))
        rc.shared[key] = found
    return [spec for _, spec in rc.shared[key]]


def _points_at(spec: ScalableTargetSpec, resource: Resource, literal: Any) -> bool | None:
    rid = spec.resource_id
    if isinstance(rid, Unknown):
        if rid.ref is None:
            return None
        return rid.ref in (resource.address, base_address(resource.address))
    return isinstance(rid, str) and literal(rid)


def _scaled(
    rc: RuleContext, resource: Resource, namespace: str, dimensions: tuple[str, ...], literal: Any
) -> bool | None:
    """Whether a target of ``namespace`` scales the resource (None: a target's resource is unknown)."""
    unknown = False
    for spec in _targets(rc, namespace):
        if not isinstance(spec.dimension, str) or spec.dimension not in dimensions:
            continue
        found = _points_at(spec, resource, literal)
        if found:
            return True
        unknown = unknown or found is None
    return None if unknown else False


def _ecs_service(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    spec = spec_of(resource)
    if spec.scheduling == "daemon" or isinstance(spec.scheduling, Unknown):
        return
    service_names = {n for n in names(resource) if isinstance(n, str)}

    def literal(rid: str) -> bool:
        return rid.startswith("service/") and rid.rsplit("/", 1)[-1] in service_names

    if _scaled(rc, resource, "ecs", ("ecs:service:DesiredCount",), literal) is False:
        tasks = spec.desired_count if spec.desired_count is not None else spec.default_desired_count
        shown = tasks.reason if isinstance(tasks, Unknown) else tasks
        yield Hit(
            f"ECS service runs a fixed {shown} task(s): no Application Auto Scaling target scales its desired count"
        )


def _dynamodb_table(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    spec = spec_of(resource)
    if spec.billing_mode not in ("PROVISIONED", None):
        return
    table_names = {n for n in (spec.name,) if isinstance(n, str)}

    def literal(rid: str) -> bool:
        return rid.startswith("table/") and rid.removeprefix("table/") in table_names

    missing = []
    for what in ("Read", "Write"):
        dimension = f"dynamodb:table:{what}CapacityUnits"
        scaled = _scaled(rc, resource, "dynamodb", (dimension,), literal)
        if scaled is None:
            return
        if not scaled:
            missing.append(what.lower())
    if missing:
        units = f"{_units(spec.read_capacity)} read / {_units(spec.write_capacity)} write units"
        yield Hit(
            f"DynamoDB table with provisioned capacity ({units}) and no autoscaling target for its "
            f"{' and '.join(missing)} capacity; use autoscaling or on-demand (PAY_PER_REQUEST)"
        )


def _units(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "?" if value is None or isinstance(value, Unknown) else str(value)


def _autoscaling_group(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    spec = spec_of(resource)
    low, high = spec.min_size, spec.max_size
    if not isinstance(low, int) or not isinstance(high, int) or low != high or high < int(rc.option("min_fleet", 2)):
        return
    if links.may_be_referenced_by(rc.ctx, resource, ("autoscaling.policy", "autoscaling.schedule")) is not False:
        return
    yield Hit(
        f"Auto Scaling group with min = max = {high}: it cannot scale; let max exceed min and add a scaling policy"
    )


def missing_autoscaling(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    if resource.kind == "ec2.instance":
        yield from _fixed_fleet(resource, rc)
    elif resource.kind == "ecs.service":
        yield from _ecs_service(resource, rc)
    elif resource.kind == "dynamodb.table":
        yield from _dynamodb_table(resource, rc)
    elif resource.kind == "autoscaling.group":
        yield from _autoscaling_group(resource, rc)


# -- spot-eligible -----------------------------------------------------------------------------------


def _marked(rc: RuleContext, *mappings: Any) -> str | None:
    """The ``key=value`` tag or label that marks batch or worker capacity, if any."""
    keys, values = rc.settings.marker_keys, rc.settings.marker_values
    for mapping in mappings:
        if not isinstance(mapping, dict):
            continue
        for key, value in mapping.items():
            if isinstance(key, str) and isinstance(value, str) and key.lower() in keys and value.lower() in values:
                return f"{key}={value}"
    return None


def machine_spot_saving(rc: RuleContext, resource: Resource, instance_type: str, count: Decimal) -> Saving:
    """``count`` machines of ``instance_type`` running all month, on demand minus on spot, through the
    EC2 pricing of the estimators (only the instance hours differ)."""
    from costlint.estimate.estimators.aws.compute import Fleet, machine_components
    from costlint.estimate.model import NotPriced
    from costlint.specs.aws import ec2

    machine = ec2.MachineSpec(instance_type=instance_type)
    whole = int(count) if count == count.to_integral_value() else None
    if whole is None or whole <= 0:
        return Saving(None, f"capacity {count} is not a whole number of instances")
    totals = []
    for fleet in (Fleet(on_demand=whole), Fleet(on_demand=0, spot=whole)):
        rc.ctx.assumptions = []
        try:
            components = machine_components(rc.ctx, resource, machine, fleet=fleet, hours=HOURS_PER_MONTH)
        except NotPriced as exc:
            return Saving(None, str(exc))
        hours = [c for c in components if c.name.startswith("Instance usage")]
        if any(c.missing for c in hours):
            return Saving(None, next(c.missing for c in hours if c.missing))
        totals.append(sum((c.monthly_cost or Decimal(0) for c in hours), Decimal(0)))
    return Saving(totals[0] - totals[1], before=totals[0], after=totals[1])


def _batch(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    spec = spec_of(resource)
    if spec.managed is not True or spec.capacity not in ("ec2", "fargate"):
        return
    target = "SPOT" if spec.capacity == "ec2" else "FARGATE_SPOT"
    if spec.capacity == "fargate":
        yield Hit(
            "Batch compute environment on FARGATE (on demand); FARGATE_SPOT suits interruptible jobs "
            "(saving not computed: the price snapshot has no Fargate Spot price)",
            Saving(None, "the price snapshot has no Fargate Spot price"),
        )
        return
    types = [
        t
        for t in (spec.instance_types if isinstance(spec.instance_types, list) else [])
        if isinstance(t, str) and "." in t
    ]
    if not types:
        yield Hit(
            f"Batch compute environment on EC2 (on demand); {target} suits interruptible jobs "
            "(saving not computed: no instance type named)",
            Saving(None, "no instance type named"),
        )
        return
    saving = machine_spot_saving(rc, resource, types[0], Decimal(1))
    if saving.amount is None:
        rate = f"saving not computed: {saving.reason}"
    else:
        rate = f"{types[0]} on spot costs {money(saving.amount / HOURS_PER_MONTH)} less an instance-hour" + (
            f" ({money(saving.before)} -> {money(saving.after)} a month per instance running all month)"
        )
    # The hours a Batch environment runs depend on its jobs: the rate is given, not a monthly figure.
    yield Hit(
        f"Batch compute environment on EC2 (on demand); {target} suits interruptible jobs: {rate}",
        Saving(None, "depends on the hours the jobs run" if saving.amount is not None else saving.reason),
    )


def _emr(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    for capacity in spec_of(resource).capacities:
        if capacity.role != "task" or not isinstance(capacity.on_demand, Decimal) or capacity.on_demand <= 0:
            continue
        if isinstance(capacity.spot, Decimal) and capacity.spot > 0:
            continue
        types = [t for t in capacity.instance_types if isinstance(t, str)]
        what = "task fleet" if capacity.fleet else "task group"
        count = capacity.on_demand
        if not types:
            yield Hit(f"EMR {what} of {count.normalize():f} on demand; task capacity suits spot")
            continue
        saving = machine_spot_saving(rc, resource, types[0], count)
        units = " (capacity units counted as instances)" if capacity.fleet else ""
        yield Hit(
            f"EMR {what} of {count.normalize():f} x {types[0]} on demand{units}; "
            f"{saving.words('spot').replace('spot saves', 'spot saves (EC2 part)')}",
            saving,
        )


def _node_group(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    spec = spec_of(resource)
    if spec.capacity_type not in (None, "on_demand"):
        return
    marker = _marked(rc, tagging.tags(resource), spec.labels)
    if marker is None:
        return
    saving = rc.estimates.fix(resource, fixes.with_spot_capacity(resource))
    yield Hit(f"node group marked {marker} runs on demand; {saving.words('SPOT capacity')}", saving)


def _group(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    from costlint.estimate.estimators.aws.autoscaling import machine_of
    from costlint.estimate.model import NotPriced

    marker = _marked(rc, tagging.tags(resource))
    if marker is None:
        return
    spec = spec_of(resource)
    if spec.mixed and spec.on_demand_percentage is not None and spec.on_demand_percentage != 100:
        return
    try:
        machine, _ = machine_of(rc.ctx, spec)
    except NotPriced:
        machine = None
    if machine is not None and machine.spot:
        return
    if spec.launch_template is None and not spec.mixed:
        yield Hit(
            f"Auto Scaling group marked {marker} runs 100 % on demand; a mixed instances policy with spot "
            "needs a launch template (saving not computed: it uses a launch configuration)",
            Saving(None, "it uses a launch configuration"),
        )
        return
    saving = rc.estimates.fix(resource, fixes.with_spot_share(resource, 0))
    yield Hit(f"Auto Scaling group marked {marker} runs 100 % on demand; {saving.words('spot above its base')}", saving)


def spot_eligible(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    kind = resource.kind or ""
    if kind == "batch.compute_environment":
        yield from _batch(resource, rc)
    elif kind.startswith("emr."):
        yield from _emr(resource, rc)
    elif kind == "eks.node_group":
        yield from _node_group(resource, rc)
    elif kind == "autoscaling.group":
        yield from _group(resource, rc)
