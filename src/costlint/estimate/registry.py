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

FREE_KINDS: frozenset[str] = frozenset(
    {
        "vpc.vpc",
        "vpc.subnet",
        "vpc.route_table",
        "vpc.route",
        "vpc.route_table_association",
        "vpc.internet_gateway",
        "vpc.gateway_attachment",
        "ec2.security_group",
        "ec2.security_group_rule",
        "ec2.key_pair",
        "ec2.eip_association",
        "ec2.launch_template",
        "ec2.launch_configuration",
        "ec2.network_interface",
        "ebs.volume_attachment",
        "autoscaling.policy",
        "autoscaling.schedule",
        "appautoscaling.target",
        "appautoscaling.policy",
        "elb.target_group",
        "elb.listener",
        "elb.listener_rule",
        "iam.role",
        "iam.policy",
        "iam.role_policy_attachment",
        "iam.instance_profile",
        "iam.user",
        "rds.subnet_group",
        "rds.parameter_group",
        "elasticache.subnet_group",
        "s3.bucket_policy",
        "s3.bucket_lifecycle",
        "efs.mount_target",
        "lambda.permission",
        "sns.subscription",
        "kms.alias",
        "secretsmanager.secret_version",
        "ecs.cluster",
        "ecs.task_definition",
        "ecs.capacity_provider",
        "acm.certificate",
        "cloudformation.stack",
        # Settings and attachments of data, storage and serverless resources
        "rds.option_group",
        "elasticache.parameter_group",
        "dynamodb.table_item",
        "s3.bucket_config",
        "efs.access_point",
        "efs.file_system_policy",
        "lambda.event_source_mapping",
        "lambda.layer_version",
        "lambda.function_url",
        "logs.log_stream",
        "logs.resource_policy",
        "logs.subscription_filter",
        "secretsmanager.rotation",
        "secretsmanager.secret_policy",
        "route53.zone_association",
        "sqs.queue_policy",
        "sns.topic_policy",
        "apigateway.config",
    }
)
"""Kinds that cost nothing themselves. Launch templates and configurations, and ECS task definitions,
are priced through the Auto Scaling groups, instances, node groups and services that use them."""

FREE_KIND_USAGE: dict[str, tuple[UsageKey, ...]] = {
    "appautoscaling.target": (
        UsageKey(
            "capacity",
            "Average capacity the target scales its resource to (DynamoDB capacity units, "
            "ElastiCache shards or replicas); default: its min_capacity",
            10,
        ),
    ),
}
"""Usage keys of free kinds: read on them by the estimators of the resources they act on (the DynamoDB
and ElastiCache estimators read a scalable target's ``capacity``)."""

FREE_TYPES: frozenset[str] = frozenset(
    {
        "aws_ecs_cluster_capacity_providers",
        "AWS::ECS::ClusterCapacityProviderAssociations",
        # Network configuration: no charge for the object (traffic through it is billed elsewhere).
        "aws_network_acl",
        "aws_network_acl_rule",
        "aws_network_acl_association",
        "aws_default_network_acl",
        "aws_default_route_table",
        "aws_default_security_group",
        "aws_default_vpc",
        "aws_default_subnet",
        "aws_main_route_table_association",
        "aws_egress_only_internet_gateway",
        "aws_vpc_dhcp_options",
        "aws_vpc_dhcp_options_association",
        "aws_vpc_ipv4_cidr_block_association",
        "aws_vpc_ipv6_cidr_block_association",
        "aws_vpc_peering_connection",
        "aws_vpc_peering_connection_accepter",
        "aws_vpc_peering_connection_options",
        "aws_customer_gateway",
        "aws_vpn_gateway",
        "aws_placement_group",
        "aws_ec2_tag",
        "aws_vpc_block_public_access_options",
        "aws_vpc_block_public_access_exclusion",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::NetworkAclEntry",
        "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::EgressOnlyInternetGateway",
        "AWS::EC2::DHCPOptions",
        "AWS::EC2::VPCDHCPOptionsAssociation",
        "AWS::EC2::VPCCidrBlock",
        "AWS::EC2::SubnetCidrBlock",
        "AWS::EC2::VPCPeeringConnection",
        "AWS::EC2::CustomerGateway",
        "AWS::EC2::VPNGateway",
        "AWS::EC2::VPNGatewayRoutePropagation",
        "AWS::EC2::PlacementGroup",
        "AWS::EC2::VPCEndpointServicePermissions",
        # Identity and access.
        "aws_iam_openid_connect_provider",
        "aws_iam_saml_provider",
        "aws_iam_policy_attachment",
        "aws_iam_service_linked_role",
        "aws_iam_group",
        "aws_iam_group_policy",
        "aws_iam_group_policy_attachment",
        "aws_iam_group_membership",
        "aws_iam_user_policy",
        "aws_iam_user_policy_attachment",
        "aws_iam_access_key",
        "aws_eks_access_entry",
        "aws_eks_access_policy_association",
        "aws_eks_pod_identity_association",
        "aws_eks_identity_provider_config",
        "aws_kms_grant",
        "AWS::IAM::RolePolicy",
        "AWS::IAM::UserPolicy",
        "AWS::IAM::GroupPolicy",
        "AWS::IAM::Group",
        "AWS::IAM::UserToGroupAddition",
        "AWS::IAM::AccessKey",
        "AWS::IAM::OIDCProvider",
        "AWS::IAM::SAMLProvider",
        "AWS::IAM::ServiceLinkedRole",
        "AWS::EKS::AccessEntry",
        "AWS::EKS::PodIdentityAssociation",
        # Attachments, policies and settings of resources priced on their own.
        "aws_lb_target_group_attachment",
        "aws_lb_listener_certificate",
        "aws_autoscaling_attachment",
        "aws_autoscaling_traffic_source_attachment",
        "aws_autoscaling_lifecycle_hook",
        "aws_autoscaling_notification",
        "aws_lambda_function_event_invoke_config",
        "aws_lambda_event_source_mapping",
        "aws_lambda_code_signing_config",
        "aws_cloudwatch_event_target",
        "aws_cloudwatch_log_resource_policy",
        "aws_cloudwatch_log_subscription_filter",
        "aws_sns_topic_policy",
        "aws_sqs_queue_policy",
        "aws_ecr_lifecycle_policy",
        "aws_ecr_repository_policy",
        "aws_db_instance_role_association",
        "aws_elasticache_user",
        "aws_elasticache_user_group",
        "aws_elasticache_user_group_association",
        "aws_redshift_subnet_group",
        "aws_dynamodb_resource_policy",
        "aws_s3_bucket_versioning",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_ownership_controls",
        "aws_s3_bucket_acl",
        "aws_s3_bucket_cors_configuration",
        "aws_s3_bucket_website_configuration",
        "aws_s3_bucket_logging",
        "aws_s3_bucket_notification",
        "aws_s3_bucket_object_lock_configuration",
        "aws_acm_certificate_validation",
        "aws_cloudfront_origin_access_identity",
        "aws_cloudfront_origin_access_control",
        "aws_cloudfront_cache_policy",
        "aws_cloudfront_origin_request_policy",
        "aws_cloudfront_response_headers_policy",
        "aws_api_gateway_resource",
        "aws_api_gateway_method",
        "aws_api_gateway_integration",
        "aws_api_gateway_method_response",
        "aws_api_gateway_integration_response",
        "aws_api_gateway_deployment",
        "aws_api_gateway_model",
        "aws_signer_signing_profile",
        "aws_signer_signing_job",
        "aws_ssm_activation",
        "AWS::ElasticLoadBalancingV2::ListenerCertificate",
        "AWS::Lambda::EventSourceMapping",
        "AWS::Lambda::EventInvokeConfig",
        "AWS::Logs::QueryDefinition",
        "AWS::Logs::SubscriptionFilter",
        "AWS::Logs::ResourcePolicy",
        "AWS::SNS::TopicPolicy",
        "AWS::SQS::QueuePolicy",
        "AWS::CloudFront::CloudFrontOriginAccessIdentity",
        "AWS::CloudFront::OriginAccessControl",
        "AWS::CloudFront::CachePolicy",
        "AWS::CloudFront::OriginRequestPolicy",
        "AWS::CloudFront::ResponseHeadersPolicy",
        "AWS::ApiGateway::Resource",
        "AWS::ApiGateway::Method",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::Model",
        "AWS::Events::EventBusPolicy",
        "AWS::SSM::Document",
        "AWS::SSM::Association",
        "AWS::ServiceCatalog::TagOption",
        "AWS::ServiceCatalog::TagOptionAssociation",
        "AWS::ServiceCatalog::PortfolioProductAssociation",
        "AWS::IoT::Policy",
        "AWS::IoT::PolicyPrincipalAttachment",
        "AWS::IoT::ThingPrincipalAttachment",
        # CloudFormation's own bookkeeping.
        "AWS::CloudFormation::WaitCondition",
        "AWS::CloudFormation::WaitConditionHandle",
        "AWS::CloudFormation::Macro",
        "AWS::CloudFormation::CustomResource",
    }
)
"""Native types without a canonical kind that cost nothing themselves: configuration, attachments and
policies of resources that are priced on their own (a VPN gateway is free, its VPN connections are
not; a peering connection is free, the traffic across it is not)."""

FREE_TYPE_PREFIXES: tuple[str, ...] = ("Custom::",)
"""CloudFormation custom resources: the Lambda function or topic behind them is priced as itself."""

FREE_PROVIDERS: frozenset[str] = frozenset(
    {
        "random",
        "null",
        "time",
        "tls",
        "local",
        "template",
        "archive",
        "external",
        "http",
        "terraform",
    }
)
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
