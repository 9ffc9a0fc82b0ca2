"""Which estimator prices which kind of resource, and which kinds cost nothing.

An estimator is a function ``(resource, ctx) -> list[Component]`` registered for one or more
canonical kinds with ``@estimator("ec2.instance")``; it raises ``NotPriced(reason)`` when it cannot
price the resource. Estimators know nothing of HCL or YAML: they read the resource's attributes
through the normalisers in ``costlint.specs`` and prices through ``Context``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from costlint.estimate.context import Context
    from costlint.estimate.model import Component
    from costlint.model import Resource

EstimatorFn = Callable[["Resource", "Context"], "list[Component]"]


@dataclass(frozen=True)
class UsageKey:
    name: str
    description: str
    example: object = None
    """A typical value, written (commented) by ``costlint usage template``."""
    kind: str = ""
    """What the usage file must give: ``number`` (non-negative), ``string``, ``boolean`` or ``mapping``
    (nested keys, e.g. per storage class); checked when the usage file is loaded. Empty: inferred
    from ``example`` (a number when there is none)."""
    choices: tuple[str, ...] = ()
    """For ``string`` keys with a fixed vocabulary (compared in lower case)."""

    @property
    def value_kind(self) -> str:
        if self.kind:
            return self.kind
        if isinstance(self.example, bool):
            return "boolean"
        if isinstance(self.example, str):
            return "string"
        if isinstance(self.example, dict):
            return "mapping"
        return "number"


@dataclass(frozen=True)
class Estimator:
    kinds: tuple[str, ...]
    fn: EstimatorFn
    usage_keys: tuple[UsageKey, ...] = ()


ESTIMATORS: dict[str, Estimator] = {}

FREE_KINDS: frozenset[str] = frozenset({
    "vpc.vpc", "vpc.subnet", "vpc.route_table", "vpc.route", "vpc.route_table_association",
    "vpc.internet_gateway", "vpc.gateway_attachment",
    "ec2.security_group", "ec2.security_group_rule", "ec2.key_pair", "ec2.eip_association",
    "ec2.launch_template", "ec2.launch_configuration", "ec2.network_interface",
    "ebs.volume_attachment",
    "autoscaling.policy", "autoscaling.schedule", "appautoscaling.target", "appautoscaling.policy",
    "elb.target_group", "elb.listener", "elb.listener_rule",
    "iam.role", "iam.policy", "iam.role_policy_attachment", "iam.instance_profile", "iam.user",
    "rds.subnet_group", "rds.parameter_group", "elasticache.subnet_group",
    "s3.bucket_policy", "s3.bucket_lifecycle", "efs.mount_target",
    "lambda.permission", "sns.subscription", "kms.alias", "secretsmanager.secret_version",
    "ecs.cluster", "ecs.task_definition", "ecs.capacity_provider",
    "acm.certificate", "cloudformation.stack",
    # Settings and attachments of data, storage and serverless resources
    "rds.option_group", "elasticache.parameter_group", "dynamodb.table_item", "s3.bucket_config",
    "efs.access_point", "efs.file_system_policy", "lambda.event_source_mapping", "lambda.layer_version",
    "lambda.function_url", "logs.log_stream", "logs.resource_policy", "logs.subscription_filter",
    "secretsmanager.rotation", "secretsmanager.secret_policy", "route53.zone_association",
    "sqs.queue_policy", "sns.topic_policy", "apigateway.config",
})
"""Kinds that cost nothing themselves. Launch templates and configurations, and ECS task definitions,
are priced through the Auto Scaling groups, instances, node groups and services that use them."""

FREE_KIND_USAGE: dict[str, tuple[UsageKey, ...]] = {
    "appautoscaling.target": (
        UsageKey("capacity", "Average capacity the target scales its resource to (DynamoDB capacity units, "
                 "ElastiCache shards or replicas); default: its min_capacity", 10),
    ),
}
"""Usage keys of free kinds: read on them by the estimators of the resources they act on (the DynamoDB
and ElastiCache estimators read a scalable target's ``capacity``)."""

FREE_TYPES: frozenset[str] = frozenset({
    "aws_ecs_cluster_capacity_providers", "AWS::ECS::ClusterCapacityProviderAssociations",
})
"""Native types without a canonical kind that cost nothing (associations read by other estimators)."""

FREE_PROVIDERS: frozenset[str] = frozenset({
    "random", "null", "time", "tls", "local", "template", "archive", "external", "http", "terraform",
})
"""Terraform providers whose resources live only in the state: never billed."""


def estimator(*kinds: str, usage: tuple[UsageKey, ...] = ()) -> Callable[[EstimatorFn], EstimatorFn]:
    def register(fn: EstimatorFn) -> EstimatorFn:
        entry = Estimator(kinds, fn, usage)
        for kind in kinds:
            if kind in ESTIMATORS:
                raise ValueError(f"two estimators for {kind}")
            ESTIMATORS[kind] = entry
        return fn

    return register


def load_estimators() -> dict[str, Estimator]:
    """Import every estimator module (they register themselves) and return the registry."""
    import costlint.estimate.estimators  # noqa: F401  (registers on import)

    return ESTIMATORS


def usage_keys(kind: str) -> tuple[UsageKey, ...] | None:
    """The usage keys read on resources of ``kind``; None when nothing reads usage on them (no
    estimator, and not a free kind that others read usage on)."""
    entry = load_estimators().get(kind)
    return entry.usage_keys if entry is not None else FREE_KIND_USAGE.get(kind)
