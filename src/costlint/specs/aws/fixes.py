"""A resource as it would be with a suggested fix applied, for estimating what the fix saves.

Rules read specs and never native attribute names; a fix has to be written back in the resource's
own language, so the inverse of the specs lives here: each function returns a copy of the resource
(attributes deep-copied, the original untouched) with one setting changed where that kind keeps it in
Terraform and in CloudFormation. The rules engine estimates the copy with the same estimators as the
original and reports the difference.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from costlint.model import Project, Resource, Unknown
from costlint.specs.aws.ebs import ROOT_DEVICE_NAMES

# Where an instance type, instance class or node type is written, whatever the kind: instances,
# launch templates and configurations, Auto Scaling overrides, EKS node groups (a list), Batch
# compute environments (a list), EMR groups and fleets, RDS instances, ElastiCache clusters.
TYPE_KEYS = frozenset(
    {
        "instance_type",
        "InstanceType",
        "instance_types",
        "InstanceTypes",
        "instance_class",
        "DBInstanceClass",
        "node_type",
        "CacheNodeType",
    }
)


def _copy(resource: Resource) -> Resource:
    return dataclasses.replace(resource, attributes=copy.deepcopy(resource.attributes))


def _replace_strings(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return new if value == old else value
    if isinstance(value, list):
        return [_replace_strings(v, old, new) for v in value]
    return value


def _walk_types(value: Any, old: str, new: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TYPE_KEYS and not isinstance(item, (dict, Unknown)):
                value[key] = _replace_strings(item, old, new)
            else:
                _walk_types(item, old, new)
    elif isinstance(value, list):
        for item in value:
            _walk_types(item, old, new)


def with_instance_type(resource: Resource, old: str, new: str) -> Resource:
    """Every instance type, class or node type ``old`` of the resource replaced by ``new``."""
    fixed = _copy(resource)
    _walk_types(fixed.attributes, old, new)
    return fixed


def _set_volume_type(settings: dict[str, Any], key: str, old: str, new: str, unset_is_old: bool) -> None:
    value = settings.get(key)
    if (isinstance(value, str) and value.lower() == old) or (value is None and unset_is_old):
        settings[key] = new


def _blocks(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _mapping_types(mappings: Any, ebs_key: str, device_key: str, type_key: str, old: str, new: str) -> None:
    """Block device mappings: a root device keeps an unset type (the AMI decides), other devices
    take the EC2 default, gp2, when they set none."""
    for mapping in _blocks(mappings):
        root = mapping.get(device_key) in ROOT_DEVICE_NAMES
        for settings in _blocks(mapping.get(ebs_key)):
            _set_volume_type(settings, type_key, old, new, old == "gp2" and not root)


def with_volume_type(resource: Resource, old: str = "gp2", new: str = "gp3") -> Resource:
    """Every EBS volume or RDS storage of type ``old`` switched to ``new``; with ``old`` gp2, also those
    that leave the type to the EC2 or RDS default (gp2), except a root device (the AMI decides)."""
    fixed = _copy(resource)
    a = fixed.attributes
    default = old == "gp2"
    kind = resource.kind
    cloudformation = resource.language == "cloudformation"
    if kind == "ebs.volume":
        _set_volume_type(a, "VolumeType" if cloudformation else "type", old, new, default)
    elif kind == "rds.instance":
        if a.get("iops") is None and a.get("Iops") is None:
            _set_volume_type(a, "StorageType" if cloudformation else "storage_type", old, new, default)
    elif cloudformation:
        data = a.get("LaunchTemplateData") if kind == "ec2.launch_template" else a
        if isinstance(data, dict):
            _mapping_types(data.get("BlockDeviceMappings"), "Ebs", "DeviceName", "VolumeType", old, new)
    else:
        for device in _blocks(a.get("root_block_device")):
            _set_volume_type(device, "volume_type", old, new, False)
        for device in _blocks(a.get("ebs_block_device")):
            _set_volume_type(device, "volume_type", old, new, default)
        _mapping_types(a.get("block_device_mappings"), "ebs", "device_name", "volume_type", old, new)
    return fixed


def with_spot_capacity(resource: Resource) -> Resource:
    """An EKS node group bought on the spot market (``capacity_type`` / ``CapacityType`` SPOT)."""
    fixed = _copy(resource)
    fixed.attributes["CapacityType" if resource.language == "cloudformation" else "capacity_type"] = "SPOT"
    return fixed


def with_spot_share(resource: Resource, on_demand_percentage: int) -> Resource:
    """An Auto Scaling group buying ``on_demand_percentage`` % on demand above its base capacity and the
    rest on spot: its mixed instances policy's distribution, or a policy made from its launch template."""
    fixed = _copy(resource)
    a = fixed.attributes
    if resource.language == "cloudformation":
        policy = a.get("MixedInstancesPolicy")
        if not isinstance(policy, dict):
            template = a.pop("LaunchTemplate", None)
            policy = a["MixedInstancesPolicy"] = {"LaunchTemplate": {"LaunchTemplateSpecification": template}}
        distribution = policy.setdefault("InstancesDistribution", {})
        if isinstance(distribution, dict):
            distribution["OnDemandPercentageAboveBaseCapacity"] = on_demand_percentage
        return fixed
    policies = _blocks(a.get("mixed_instances_policy"))
    if not policies:
        templates = _blocks(a.pop("launch_template", None))
        template = templates[0] if templates else {}
        specification = {
            "launch_template_id": template.get("id"),
            "launch_template_name": template.get("name"),
            "version": template.get("version"),
        }
        policies = [{"launch_template": [{"launch_template_specification": [specification]}]}]
        a["mixed_instances_policy"] = policies
    distributions = _blocks(policies[0].get("instances_distribution"))
    if not distributions:
        distributions = [{}]
        policies[0]["instances_distribution"] = distributions
    distributions[0]["on_demand_percentage_above_base_capacity"] = on_demand_percentage
    return fixed


def in_region(project: Project, region: str) -> Project:
    """A copy of the project with its AWS resources in ``region`` (those whose region is unknown keep it:
    they are not priced anywhere)."""
    moved = [
        dataclasses.replace(r, region=region) if r.provider == "aws" and isinstance(r.region, str) else r
        for r in project.resources
    ]
    return dataclasses.replace(project, resources=moved)
