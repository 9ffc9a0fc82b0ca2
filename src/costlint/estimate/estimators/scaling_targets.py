"""Application Auto Scaling targets cost nothing themselves (``appautoscaling.target`` is a free kind);
this entry only documents the usage key that the DynamoDB and ElastiCache estimators read on them."""

from __future__ import annotations

from costlint.estimate.context import Context
from costlint.estimate.model import Component
from costlint.estimate.registry import UsageKey, estimator
from costlint.model import Resource


@estimator("appautoscaling.target", usage=(
    UsageKey("capacity", "Average capacity the target scales its resource to (DynamoDB capacity units, "
             "ElastiCache shards or replicas); default: its min_capacity", 10),
))
def scalable_target(resource: Resource, ctx: Context) -> list[Component]:
    return []  # never called for a free kind: the engine lists it as free
