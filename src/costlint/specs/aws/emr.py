"""Amazon EMR capacity: the instance groups and instance fleets of a cluster, and the task groups and
fleets added to it.

Terraform ``aws_emr_cluster`` (``master_instance_group``, ``core_instance_group``,
``master_instance_fleet``, ``core_instance_fleet``), ``aws_emr_instance_group`` (always a task group)
and ``aws_emr_instance_fleet`` (always a task fleet); CloudFormation ``AWS::EMR::Cluster``
(``Instances.MasterInstanceGroup``, ``CoreInstanceGroup``, ``TaskInstanceGroups``, and the ``*Fleet``
equivalents), ``AWS::EMR::InstanceGroupConfig`` and ``AWS::EMR::InstanceFleetConfig``. Every one reads
into a list of ``Capacity``: what role, which instance types, how much on demand and how much spot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Maybe, Num, attr, block, known_blocks, lower, number, text


@dataclass
class Capacity:
    role: str
    """``master``, ``core`` or ``task``."""
    fleet: bool
    instance_types: list[Maybe] = field(default_factory=list)
    on_demand: Num = None
    """Instances (groups) or capacity units (fleets) bought on demand."""
    spot: Num = None


@dataclass
class EmrSpec:
    capacities: list[Capacity] = field(default_factory=list)


def _group(values: dict[str, Any], role: str, cfn: bool) -> Capacity:
    """An instance group: its count, on demand unless it names a spot market or a bid price."""
    if cfn:
        count = number(values.get("InstanceCount"), "InstanceCount")
        market: Maybe = lower(values.get("Market"), "Market")
        bid = values.get("BidPrice")
        instance_type = text(values.get("InstanceType"), "InstanceType")
    else:
        count = number(values.get("instance_count"), "instance_count")
        market = None
        bid = values.get("bid_price")
        instance_type = text(values.get("instance_type"), "instance_type")
    if count is None:
        count = number(1, "instance count")  # EMR's default for a group
    if isinstance(market, Unknown) or isinstance(bid, Unknown):
        unknown = market if isinstance(market, Unknown) else bid
        return Capacity(role, False, [instance_type], unknown, unknown)
    spot = market == "spot" or (market is None and bid not in (None, ""))
    return Capacity(role, False, [instance_type], None if spot else count, count if spot else None)


def _fleet(values: dict[str, Any], role: str, cfn: bool) -> Capacity:
    keys = (
        ("InstanceTypeConfigs", "InstanceType", "TargetOnDemandCapacity", "TargetSpotCapacity")
        if cfn
        else ("instance_type_configs", "instance_type", "target_on_demand_capacity", "target_spot_capacity")
    )
    types = [text(c.get(keys[1]), "instance type") for c in known_blocks(values.get(keys[0]))]
    return Capacity(
        role,
        True,
        types,
        number(values.get(keys[2]), "on-demand capacity"),
        number(values.get(keys[3]), "spot capacity"),
    )


def cluster(resource: Resource) -> EmrSpec:
    """``aws_emr_cluster`` / ``AWS::EMR::Cluster``."""
    out: list[Capacity] = []
    if resource.language == "cloudformation":
        instances = block(attr(resource, "Instances"))
        if not isinstance(instances, dict):
            return EmrSpec()
        for key, role in (("MasterInstanceGroup", "master"), ("CoreInstanceGroup", "core")):
            found = block(instances.get(key))
            if isinstance(found, dict):
                out.append(_group(found, role, True))
        out += [_group(g, "task", True) for g in known_blocks(instances.get("TaskInstanceGroups"))]
        for key, role in (("MasterInstanceFleet", "master"), ("CoreInstanceFleet", "core")):
            found = block(instances.get(key))
            if isinstance(found, dict):
                out.append(_fleet(found, role, True))
        out += [_fleet(f, "task", True) for f in known_blocks(instances.get("TaskInstanceFleets"))]
        return EmrSpec(out)
    for key, role in (("master_instance_group", "master"), ("core_instance_group", "core")):
        found = block(attr(resource, key))
        if isinstance(found, dict):
            out.append(_group(found, role, False))
    for key, role in (("master_instance_fleet", "master"), ("core_instance_fleet", "core")):
        found = block(attr(resource, key))
        if isinstance(found, dict):
            out.append(_fleet(found, role, False))
    return EmrSpec(out)


def instance_group(resource: Resource) -> EmrSpec:
    """``aws_emr_instance_group`` (a task group) / ``AWS::EMR::InstanceGroupConfig`` (its ``InstanceRole``)."""
    if resource.language == "cloudformation":
        role = lower(attr(resource, "InstanceRole"), "InstanceRole")
        return EmrSpec([_group(resource.attributes, role if isinstance(role, str) else "task", True)])
    return EmrSpec([_group(resource.attributes, "task", False)])


def instance_fleet(resource: Resource) -> EmrSpec:
    """``aws_emr_instance_fleet`` (a task fleet) / ``AWS::EMR::InstanceFleetConfig`` (its ``InstanceFleetType``)."""
    if resource.language == "cloudformation":
        role = lower(attr(resource, "InstanceFleetType"), "InstanceFleetType")
        return EmrSpec([_fleet(resource.attributes, role if isinstance(role, str) else "task", True)])
    return EmrSpec([_fleet(resource.attributes, "task", False)])
