"""S3 buckets: what a bucket says about itself, and the configurations that bill of their own.

``bucket``: Terraform ``aws_s3_bucket``, CloudFormation ``AWS::S3::Bucket``. Settings Terraform keeps in
separate resources (``aws_s3_bucket_lifecycle_configuration``, kind ``s3.bucket_lifecycle``) are found
through the links between resources, not here.

Inventory, Storage Class Analysis and request metrics: Terraform declares each as a resource naming
its bucket (``aws_s3_bucket_inventory``, ``aws_s3_bucket_analytics_configuration``,
``aws_s3_bucket_metric``); CloudFormation as lists of the bucket's properties
(``InventoryConfigurations``, ``AnalyticsConfigurations``, ``MetricsConfigurations``). Both read into
the same ``Configuration`` shape: the Terraform resource is one, the bucket has a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import (
    Flag,
    Maybe,
    Text,
    attr,
    block,
    boolean,
    known_block,
    known_blocks,
    length,
    lower,
    text,
)


@dataclass
class BucketSpec:
    name: Maybe = None
    lifecycle_rules: int | Unknown | None = None
    """How many lifecycle rules the bucket declares itself (Terraform's inline ``lifecycle_rule`` blocks,
    CloudFormation ``LifecycleConfiguration.Rules``); 0 when it declares none."""


def bucket(resource: Resource) -> BucketSpec:
    if resource.language == "cloudformation":
        config = block(attr(resource, "LifecycleConfiguration"))
        rules = length(attr(config, "Rules")) if isinstance(config, dict) else config
        return BucketSpec(name=attr(resource, "BucketName"), lifecycle_rules=0 if rules is None else rules)
    rules = length(attr(resource, "lifecycle_rule"))
    return BucketSpec(name=attr(resource, "bucket"), lifecycle_rules=0 if rules is None else rules)


INVENTORY = "inventory"
ANALYTICS = "analytics"
METRICS = "metrics"

# CloudFormation property of AWS::S3::Bucket holding each kind of configuration.
_CFN_PROPERTY = {
    INVENTORY: "InventoryConfigurations",
    ANALYTICS: "AnalyticsConfigurations",
    METRICS: "MetricsConfigurations",
}


@dataclass
class Configuration:
    name: Text
    """``name`` / ``Id``."""
    enabled: Flag = True
    """Inventory: ``enabled`` / ``Enabled`` (Terraform's default true)."""
    frequency: Text = None
    """Inventory: ``daily`` or ``weekly`` (lower case)."""
    filtered: bool = False
    """Analytics and metrics: a prefix, tag or access point filter narrows what is counted."""
    bucket: Any = None
    """Terraform: the bucket it configures (a name, or an Unknown with its ``ref``); CloudFormation: None."""


def inventory(resource: Resource) -> Configuration:
    """``aws_s3_bucket_inventory``."""
    schedule = known_block(attr(resource, "schedule"))
    return Configuration(
        name=text(attr(resource, "name"), "name"),
        enabled=_enabled(attr(resource, "enabled")),
        frequency=lower(attr(schedule, "frequency"), "schedule frequency"),
        bucket=attr(resource, "bucket"),
    )


def analytics(resource: Resource) -> Configuration:
    """``aws_s3_bucket_analytics_configuration``."""
    return Configuration(
        name=text(attr(resource, "name"), "name"),
        filtered=_filtered(attr(resource, "filter")),
        bucket=attr(resource, "bucket"),
    )


def metrics(resource: Resource) -> Configuration:
    """``aws_s3_bucket_metric``."""
    return Configuration(
        name=text(attr(resource, "name"), "name"),
        filtered=_filtered(attr(resource, "filter")),
        bucket=attr(resource, "bucket"),
    )


def bucket_configurations(resource: Resource, kind: str) -> list[Configuration]:
    """The configurations of one kind an ``AWS::S3::Bucket`` declares in its properties (Terraform's
    ``aws_s3_bucket`` declares none: they are resources of their own)."""
    if resource.language != "cloudformation":
        return []
    out = []
    for item in known_blocks(attr(resource, _CFN_PROPERTY[kind])):
        if kind == INVENTORY:
            out.append(
                Configuration(
                    name=text(attr(item, "Id"), "Id"),
                    enabled=_enabled(attr(item, "Enabled")),
                    frequency=lower(attr(item, "ScheduleFrequency"), "ScheduleFrequency"),
                )
            )
        else:
            filtered = any(attr(item, key) is not None for key in ("Prefix", "TagFilters", "AccessPointArn"))
            out.append(Configuration(name=text(attr(item, "Id"), "Id"), filtered=filtered))
    return out


def _enabled(value: Any) -> Flag:
    found = boolean(value, "enabled")
    return True if found is None else found


def _filtered(value: Any) -> bool:
    """A ``filter {}`` block with a prefix, tags or an access point (an unknown filter counts as one)."""
    if isinstance(value, Unknown):
        return True
    found = known_block(value)
    return any(found.get(key) not in (None, {}, []) for key in ("prefix", "tags", "access_point"))
