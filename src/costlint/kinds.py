"""Canonical resource kinds: one name for the same cloud resource in every language.

``aws_instance`` (Terraform) and ``AWS::EC2::Instance`` (CloudFormation) are both ``ec2.instance``,
so that one estimator and one rule serve both. Kinds are ``<service>.<resource>``.

Types absent from this table have no kind (``None``): they are still listed in the inventory, and
the estimators report them as not priced, "unsupported type".
"""

from __future__ import annotations

# kind: (terraform types, cloudformation types)
_KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Compute
    "ec2.instance": (("aws_instance",), ("AWS::EC2::Instance",)),
    "ec2.spot_instance_request": (("aws_spot_instance_request",), ()),
    "ec2.launch_template": (("aws_launch_template",), ("AWS::EC2::LaunchTemplate",)),
    "ec2.launch_configuration": (("aws_launch_configuration",), ("AWS::AutoScaling::LaunchConfiguration",)),
    "ec2.eip": (("aws_eip",), ("AWS::EC2::EIP",)),
    "ec2.eip_association": (("aws_eip_association",), ("AWS::EC2::EIPAssociation",)),
    "ec2.network_interface": (("aws_network_interface",), ("AWS::EC2::NetworkInterface",)),
    "ec2.security_group": (("aws_security_group",), ("AWS::EC2::SecurityGroup",)),
    "ec2.security_group_rule": (
        ("aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"),
        ("AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"),
    ),
    "ec2.key_pair": (("aws_key_pair",), ("AWS::EC2::KeyPair",)),
    "autoscaling.group": (("aws_autoscaling_group",), ("AWS::AutoScaling::AutoScalingGroup",)),
    "autoscaling.policy": (("aws_autoscaling_policy",), ("AWS::AutoScaling::ScalingPolicy",)),
    "autoscaling.schedule": (("aws_autoscaling_schedule",), ("AWS::AutoScaling::ScheduledAction",)),
    "appautoscaling.target": (("aws_appautoscaling_target",), ("AWS::ApplicationAutoScaling::ScalableTarget",)),
    "appautoscaling.policy": (("aws_appautoscaling_policy",), ("AWS::ApplicationAutoScaling::ScalingPolicy",)),
    # Storage
    "ebs.volume": (("aws_ebs_volume",), ("AWS::EC2::Volume",)),
    "ebs.volume_attachment": (("aws_volume_attachment",), ("AWS::EC2::VolumeAttachment",)),
    "ebs.snapshot": (("aws_ebs_snapshot",), ()),
    "s3.bucket": (("aws_s3_bucket",), ("AWS::S3::Bucket",)),
    "s3.bucket_lifecycle": (("aws_s3_bucket_lifecycle_configuration",), ()),
    "s3.bucket_policy": (("aws_s3_bucket_policy",), ("AWS::S3::BucketPolicy",)),
    "efs.file_system": (("aws_efs_file_system",), ("AWS::EFS::FileSystem",)),
    "efs.mount_target": (("aws_efs_mount_target",), ("AWS::EFS::MountTarget",)),
    # Networking
    "vpc.vpc": (("aws_vpc",), ("AWS::EC2::VPC",)),
    "vpc.subnet": (("aws_subnet",), ("AWS::EC2::Subnet",)),
    "vpc.route_table": (("aws_route_table",), ("AWS::EC2::RouteTable",)),
    "vpc.route": (("aws_route",), ("AWS::EC2::Route",)),
    "vpc.route_table_association": (("aws_route_table_association",), ("AWS::EC2::SubnetRouteTableAssociation",)),
    "vpc.internet_gateway": (("aws_internet_gateway",), ("AWS::EC2::InternetGateway",)),
    "vpc.gateway_attachment": ((), ("AWS::EC2::VPCGatewayAttachment",)),
    "vpc.nat_gateway": (("aws_nat_gateway",), ("AWS::EC2::NatGateway",)),
    "vpc.endpoint": (("aws_vpc_endpoint",), ("AWS::EC2::VPCEndpoint",)),
    "vpc.flow_log": (("aws_flow_log",), ("AWS::EC2::FlowLog",)),
    "elb.load_balancer": (("aws_lb", "aws_alb"), ("AWS::ElasticLoadBalancingV2::LoadBalancer",)),
    "elb.classic": (("aws_elb",), ("AWS::ElasticLoadBalancing::LoadBalancer",)),
    "elb.target_group": (
        ("aws_lb_target_group", "aws_alb_target_group"),
        ("AWS::ElasticLoadBalancingV2::TargetGroup",),
    ),
    "elb.listener": (("aws_lb_listener", "aws_alb_listener"), ("AWS::ElasticLoadBalancingV2::Listener",)),
    "elb.listener_rule": (
        ("aws_lb_listener_rule", "aws_alb_listener_rule"),
        ("AWS::ElasticLoadBalancingV2::ListenerRule",),
    ),
    "route53.zone": (("aws_route53_zone",), ("AWS::Route53::HostedZone",)),
    "route53.record": (("aws_route53_record",), ("AWS::Route53::RecordSet",)),
    "cloudfront.distribution": (("aws_cloudfront_distribution",), ("AWS::CloudFront::Distribution",)),
    # Containers
    "eks.cluster": (("aws_eks_cluster",), ("AWS::EKS::Cluster",)),
    "eks.node_group": (("aws_eks_node_group",), ("AWS::EKS::Nodegroup",)),
    "eks.fargate_profile": (("aws_eks_fargate_profile",), ("AWS::EKS::FargateProfile",)),
    "ecs.cluster": (("aws_ecs_cluster",), ("AWS::ECS::Cluster",)),
    "ecs.service": (("aws_ecs_service",), ("AWS::ECS::Service",)),
    "ecs.task_definition": (("aws_ecs_task_definition",), ("AWS::ECS::TaskDefinition",)),
    "ecs.capacity_provider": (("aws_ecs_capacity_provider",), ("AWS::ECS::CapacityProvider",)),
    "ecr.repository": (("aws_ecr_repository",), ("AWS::ECR::Repository",)),
    # Databases
    "rds.instance": (("aws_db_instance",), ("AWS::RDS::DBInstance",)),
    "rds.cluster": (("aws_rds_cluster",), ("AWS::RDS::DBCluster",)),
    "rds.cluster_instance": (("aws_rds_cluster_instance",), ()),
    "rds.subnet_group": (("aws_db_subnet_group",), ("AWS::RDS::DBSubnetGroup",)),
    "rds.parameter_group": (
        ("aws_db_parameter_group", "aws_rds_cluster_parameter_group"),
        ("AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup"),
    ),
    "elasticache.cluster": (("aws_elasticache_cluster",), ("AWS::ElastiCache::CacheCluster",)),
    "elasticache.replication_group": (("aws_elasticache_replication_group",), ("AWS::ElastiCache::ReplicationGroup",)),
    "elasticache.subnet_group": (("aws_elasticache_subnet_group",), ("AWS::ElastiCache::SubnetGroup",)),
    "dynamodb.table": (("aws_dynamodb_table",), ("AWS::DynamoDB::Table",)),
    # Serverless, messaging
    "lambda.function": (("aws_lambda_function",), ("AWS::Lambda::Function",)),
    "lambda.permission": (("aws_lambda_permission",), ("AWS::Lambda::Permission",)),
    "sqs.queue": (("aws_sqs_queue",), ("AWS::SQS::Queue",)),
    "sns.topic": (("aws_sns_topic",), ("AWS::SNS::Topic",)),
    "sns.subscription": (("aws_sns_topic_subscription",), ("AWS::SNS::Subscription",)),
    "apigateway.rest_api": (("aws_api_gateway_rest_api",), ("AWS::ApiGateway::RestApi",)),
    # Observability, security
    "logs.log_group": (("aws_cloudwatch_log_group",), ("AWS::Logs::LogGroup",)),
    "cloudwatch.alarm": (("aws_cloudwatch_metric_alarm",), ("AWS::CloudWatch::Alarm",)),
    "kms.key": (("aws_kms_key",), ("AWS::KMS::Key",)),
    "kms.alias": (("aws_kms_alias",), ("AWS::KMS::Alias",)),
    "secretsmanager.secret": (("aws_secretsmanager_secret",), ("AWS::SecretsManager::Secret",)),
    "secretsmanager.secret_version": (("aws_secretsmanager_secret_version",), ()),
    "iam.role": (("aws_iam_role",), ("AWS::IAM::Role",)),
    "iam.policy": (("aws_iam_policy", "aws_iam_role_policy"), ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")),
    "iam.role_policy_attachment": (("aws_iam_role_policy_attachment",), ()),
    "iam.instance_profile": (("aws_iam_instance_profile",), ("AWS::IAM::InstanceProfile",)),
    "iam.user": (("aws_iam_user",), ("AWS::IAM::User",)),
    "acm.certificate": (("aws_acm_certificate",), ("AWS::CertificateManager::Certificate",)),
    # Stacks
    "cloudformation.stack": (("aws_cloudformation_stack",), ("AWS::CloudFormation::Stack",)),
    # Data, storage and serverless: settings, attachments and extras
    "rds.option_group": (("aws_db_option_group",), ("AWS::RDS::OptionGroup",)),
    "elasticache.parameter_group": (("aws_elasticache_parameter_group",), ("AWS::ElastiCache::ParameterGroup",)),
    "elasticache.serverless_cache": (("aws_elasticache_serverless_cache",), ("AWS::ElastiCache::ServerlessCache",)),
    "dynamodb.table_item": (("aws_dynamodb_table_item",), ()),
    "s3.bucket_config": (
        (
            "aws_s3_bucket_versioning",
            "aws_s3_bucket_acl",
            "aws_s3_bucket_public_access_block",
            "aws_s3_bucket_server_side_encryption_configuration",
            "aws_s3_bucket_ownership_controls",
            "aws_s3_bucket_cors_configuration",
            "aws_s3_bucket_website_configuration",
            "aws_s3_bucket_logging",
            "aws_s3_bucket_notification",
            "aws_s3_bucket_accelerate_configuration",
            "aws_s3_bucket_request_payment_configuration",
            "aws_s3_bucket_object_lock_configuration",
            "aws_s3_bucket_intelligent_tiering_configuration",
            "aws_s3_bucket_replication_configuration",
            "aws_s3_account_public_access_block",
        ),
        (),
    ),
    "efs.access_point": (("aws_efs_access_point",), ("AWS::EFS::AccessPoint",)),
    "efs.file_system_policy": (("aws_efs_file_system_policy",), ("AWS::EFS::FileSystemPolicy",)),
    "lambda.provisioned_concurrency": (("aws_lambda_provisioned_concurrency_config",), ()),
    "lambda.alias": (("aws_lambda_alias",), ("AWS::Lambda::Alias",)),
    "lambda.version": ((), ("AWS::Lambda::Version",)),
    "lambda.event_source_mapping": (("aws_lambda_event_source_mapping",), ("AWS::Lambda::EventSourceMapping",)),
    "lambda.layer_version": (("aws_lambda_layer_version",), ("AWS::Lambda::LayerVersion",)),
    "lambda.function_url": (("aws_lambda_function_url",), ("AWS::Lambda::Url",)),
    "logs.log_stream": (("aws_cloudwatch_log_stream",), ("AWS::Logs::LogStream",)),
    "logs.resource_policy": (("aws_cloudwatch_log_resource_policy",), ("AWS::Logs::ResourcePolicy",)),
    "logs.subscription_filter": (("aws_cloudwatch_log_subscription_filter",), ("AWS::Logs::SubscriptionFilter",)),
    "kms.replica_key": (("aws_kms_replica_key",), ("AWS::KMS::ReplicaKey",)),
    "kms.external_key": (("aws_kms_external_key",), ()),
    "secretsmanager.rotation": (("aws_secretsmanager_secret_rotation",), ("AWS::SecretsManager::RotationSchedule",)),
    "secretsmanager.secret_policy": (
        ("aws_secretsmanager_secret_policy",),
        ("AWS::SecretsManager::ResourcePolicy", "AWS::SecretsManager::SecretTargetAttachment"),
    ),
    "route53.zone_association": (("aws_route53_zone_association",), ()),
    "sqs.queue_policy": (("aws_sqs_queue_policy",), ("AWS::SQS::QueuePolicy",)),
    "sns.topic_policy": (("aws_sns_topic_policy",), ("AWS::SNS::TopicPolicy",)),
    "apigateway.config": (
        (
            "aws_api_gateway_resource",
            "aws_api_gateway_method",
            "aws_api_gateway_integration",
            "aws_api_gateway_method_response",
            "aws_api_gateway_integration_response",
            "aws_api_gateway_deployment",
            "aws_api_gateway_model",
            "aws_api_gateway_authorizer",
            "aws_api_gateway_method_settings",
            "aws_api_gateway_base_path_mapping",
            "aws_api_gateway_request_validator",
            "aws_api_gateway_gateway_response",
        ),
        (
            "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::Method",
            "AWS::ApiGateway::Deployment",
            "AWS::ApiGateway::Model",
            "AWS::ApiGateway::Authorizer",
            "AWS::ApiGateway::BasePathMapping",
            "AWS::ApiGateway::RequestValidator",
            "AWS::ApiGateway::GatewayResponse",
        ),
    ),
    "apigateway.stage": (("aws_api_gateway_stage",), ("AWS::ApiGateway::Stage",)),
}

KIND_OF_TYPE: dict[str, str] = {native: kind for kind, (tf, cfn) in _KINDS.items() for native in (*tf, *cfn)}

# SAM types become their CloudFormation equivalents' kinds (the reader also maps their properties).
KIND_OF_TYPE.update(
    {
        "AWS::Serverless::Function": "lambda.function",
        "AWS::Serverless::SimpleTable": "dynamodb.table",
        "AWS::Serverless::Api": "apigateway.rest_api",
    }
)


def kind_of(native_type: str) -> str | None:
    return KIND_OF_TYPE.get(native_type)


def provider_of(native_type: str) -> str:
    """Provider name of a native type: ``aws_instance`` -> ``aws``, ``AWS::EC2::VPC`` -> ``aws``."""
    if "::" in native_type:
        return native_type.split("::", 1)[0].lower()
    return native_type.split("_", 1)[0]


def kinds() -> list[str]:
    return sorted(_KINDS)
