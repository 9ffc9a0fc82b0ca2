"""The names and ids by which a resource may be referred to literally (``launch_template { name = "web" }``,
``TaskDefinition: web:3``), for the kinds that are referred to that way."""

from __future__ import annotations

from costlint.model import Resource

# kind: (Terraform attributes, CloudFormation properties)
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ec2.launch_template": (("name", "id"), ("LaunchTemplateName",)),
    "ec2.launch_configuration": (("name",), ("LaunchConfigurationName",)),
    "ecs.cluster": (("name", "arn"), ("ClusterName",)),
    "ecs.task_definition": (("family",), ("Family",)),
    "rds.instance": (("identifier",), ("DBInstanceIdentifier",)),
    "rds.cluster": (("cluster_identifier",), ("DBClusterIdentifier",)),
    "route53.record": (("name",), ("Name",)),
    "elasticache.replication_group": (("replication_group_id",), ("ReplicationGroupId",)),
    "s3.bucket": (("bucket",), ("BucketName",)),
    "autoscaling.group": (("name",), ("AutoScalingGroupName",)),
    "ecr.repository": (("name",), ("RepositoryName",)),
    "ecs.service": (("name",), ("ServiceName",)),
    "dynamodb.table": (("name",), ("TableName",)),
    "lambda.function": (("function_name",), ("FunctionName",)),
    "s3.directory_bucket": (("bucket",), ("BucketName",)),
}


def names(resource: Resource) -> tuple[object, ...]:
    """The literal names/ids of a resource, in its language (none for a kind not referred to by name)."""
    terraform, cloudformation = _NAMES.get(resource.kind or "", ((), ()))
    attributes = cloudformation if resource.language == "cloudformation" else terraform
    return tuple(resource.attributes.get(name) for name in attributes)
