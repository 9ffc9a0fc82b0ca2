"""AWS Batch compute environments: Terraform ``aws_batch_compute_environment`` (``type``,
``compute_resources {}``) and CloudFormation ``AWS::Batch::ComputeEnvironment`` (``Type``,
``ComputeResources``) read into one ``ComputeEnvironmentSpec``."""

from __future__ import annotations

from dataclasses import dataclass, field

from costlint.model import Resource, Unknown
from costlint.specs.values import Maybe, Num, Text, attr, block, lower, number, text


@dataclass
class ComputeEnvironmentSpec:
    managed: bool | Unknown = True
    """``MANAGED`` (the default) environments launch capacity themselves; ``UNMANAGED`` ones use
    instances made elsewhere."""
    capacity: Text = None
    """``ec2``, ``spot``, ``fargate``, ``fargate_spot`` (lower case); None when not set."""
    instance_types: list[Maybe] | Unknown = field(default_factory=list)
    """``optimal``, families (``m5``) or types (``m5.large``)."""
    min_vcpus: Num = None
    max_vcpus: Num = None
    desired_vcpus: Num = None


def _types(value: Maybe) -> list[Maybe] | Unknown:
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, tuple)):
        return [text(v, "instance type") for v in value]
    return [text(value, "instance type")]


def compute_environment(resource: Resource) -> ComputeEnvironmentSpec:
    cfn = resource.language == "cloudformation"
    kind = lower(attr(resource, "Type" if cfn else "type"), "type")
    resources = block(attr(resource, "ComputeResources" if cfn else "compute_resources"))
    if isinstance(resources, Unknown):
        return ComputeEnvironmentSpec(
            managed=kind != "unmanaged" if not isinstance(kind, Unknown) else kind, capacity=resources
        )
    found = resources or {}
    keys = (
        ("Type", "InstanceTypes", "MinvCpus", "MaxvCpus", "DesiredvCpus")
        if cfn
        else ("type", "instance_type", "min_vcpus", "max_vcpus", "desired_vcpus")
    )
    return ComputeEnvironmentSpec(
        managed=kind != "unmanaged" if not isinstance(kind, Unknown) else kind,
        capacity=lower(found.get(keys[0]), "compute resources type"),
        instance_types=_types(found.get(keys[1])),
        min_vcpus=number(found.get(keys[2]), "min vCPUs"),
        max_vcpus=number(found.get(keys[3]), "max vCPUs"),
        desired_vcpus=number(found.get(keys[4]), "desired vCPUs"),
    )
