"""S3 buckets: what a bucket says about itself (Terraform ``aws_s3_bucket``, CloudFormation
``AWS::S3::Bucket``). Settings Terraform keeps in separate resources (``aws_s3_bucket_lifecycle_configuration``,
kind ``s3.bucket_lifecycle``) are found through the links between resources, not here."""

from __future__ import annotations

from dataclasses import dataclass

from costlint.model import Resource, Unknown
from costlint.specs.values import Maybe, attr, block, length


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
