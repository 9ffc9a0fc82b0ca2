"""Application Auto Scaling targets, as the resources they scale see them.

Terraform ``aws_appautoscaling_target`` and CloudFormation ``AWS::ApplicationAutoScaling::ScalableTarget``:
a DynamoDB table's capacity or an ElastiCache replication group's shards and replicas scale between a
minimum and a maximum; the estimators price what the target says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource
from costlint.specs.values import Num, Text, attr, number, text


@dataclass
class ScalableTargetSpec:
    service_namespace: Text
    resource_id: Any
    """``table/Orders``, ``replication-group/cache-1``; an Unknown (with ``ref``) when built from a reference."""
    dimension: Text
    """``dynamodb:table:ReadCapacityUnits``, ``elasticache:replication-group:NodeGroups``, ..."""
    min_capacity: Num
    max_capacity: Num


def scalable_target(resource: Resource) -> ScalableTargetSpec:
    return ScalableTargetSpec(
        service_namespace=text(attr(resource, "service_namespace", "ServiceNamespace"), "service_namespace"),
        resource_id=attr(resource, "resource_id", "ResourceId"),
        dimension=text(attr(resource, "scalable_dimension", "ScalableDimension"), "scalable_dimension"),
        min_capacity=number(attr(resource, "min_capacity", "MinCapacity"), "min_capacity"),
        max_capacity=number(attr(resource, "max_capacity", "MaxCapacity"), "max_capacity"),
    )
