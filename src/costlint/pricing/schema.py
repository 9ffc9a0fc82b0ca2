"""What the price catalog holds: services, products, their attributes and units.

This table is the contract between the three parties that meet at the catalog:
- the snapshot builder (``costlint pricing build``) and the online update (``costlint pricing
  update``), which normalise source data into records of these products;
- the estimators, which look prices up by exactly these products and attributes.

A price is identified by (provider, service, region, product, attributes). Attribute values are
lower-case strings from the documented vocabularies below; region is the provider's region code, or
``global`` for services priced the same everywhere (Route 53, CloudFront).

Adding a product is fine; renaming one means changing its builders, the update and its estimators in
the same commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Product:
    service: str
    name: str
    attributes: tuple[str, ...]
    unit: str
    description: str
    tiered: bool = False
    """Several prices by usage bands (``Price.tiers``); ``Price.value`` is then the first band's."""


def _p(
    service: str, name: str, attributes: tuple[str, ...], unit: str, description: str, tiered: bool = False
) -> Product:
    return Product(service, name, attributes, unit, description, tiered)


# Vocabularies (documented here, checked by the builders):
#   os:           linux | windows | rhel | suse
#   tenancy:      shared | dedicated
#   purchase:     on_demand | spot
#   volume_type:  gp2 | gp3 | io1 | io2 | st1 | sc1 | standard
#   engine (rds): mysql | postgres | mariadb | aurora-mysql | aurora-postgresql |
#                 sqlserver-ex | sqlserver-web | sqlserver-se | sqlserver-ee | oracle-se2
#                 (SQL Server and Oracle: licence included, as Terraform's engine names them)
#   deployment:   single_az | multi_az | multi_az_cluster (a Multi-AZ DB cluster: two readable standbys)
#   engine (elasticache): redis | memcached | valkey
#   architecture: x86_64 | arm64
#   term:           1yr | 3yr                 (reserved products)
#   offering_class: standard | convertible
#   payment:        no_upfront | partial_upfront | all_upfront
#   table_class (dynamodb): standard | standard_ia
#   storage_class (efs): standard | standard_ia | one_zone | one_zone_ia | archive
#   storage_class (s3): also intelligent_tiering_ia | intelligent_tiering_archive |
#                 intelligent_tiering_deep_archive (Intelligent-Tiering's other access tiers;
#                 intelligent_tiering itself is its frequent-access tier)
#   geography (cloudfront): us_mexico_canada | europe_israel | south_africa_kenya_middle_east |
#                 south_america | japan | australia_new_zealand | hong_kong_philippines_asia_pacific | india
#   protocol (cloudfront requests): http | https
#   protocol (sns notifications): http | email | firehose | mobile_push | macos
#   state (public_ipv4): in_use | idle;  lb_type: application | network | gateway | classic
#   attachment_type (transit gateway): vpc | vpn | direct_connect | peering | connect
#   destination (vended logs): cloudwatch_logs | s3 | firehose
#   cache_size (API Gateway cache, GB): 0.5 | 1.6 | 6.1 | 13.5 | 28.4 | 58.2 | 118 | 237
#   year (rds extended_support): 1 | 2 | 3
# Reserved products hold the *effective* hourly rate: the recurring hourly fee plus the upfront fee
# spread over the term at 8,760 hours a year (the AWS Pricing Calculator's convention); the record's
# note keeps the two parts.
AWS_PRODUCTS: tuple[Product, ...] = (
    # EC2
    _p("ec2", "instance", ("instance_type", "os", "tenancy", "purchase"), "hour", "EC2 instance hours"),
    _p(
        "ec2",
        "reserved_instance",
        ("instance_type", "os", "tenancy", "term", "offering_class", "payment"),
        "hour",
        "EC2 reserved instance, effective hourly rate (upfront fee spread over the term)",
    ),
    _p("ec2", "cpu_credits", ("os",), "vCPU-hour", "T-family unlimited-mode surplus CPU credits"),
    # EBS
    _p("ebs", "storage", ("volume_type",), "GB-month", "EBS volume storage"),
    _p(
        "ebs",
        "iops",
        ("volume_type",),
        "IOPS-month",
        "EBS provisioned IOPS (gp3: above the 3,000 included; io1/io2: all)",
        tiered=True,
    ),
    _p(
        "ebs",
        "throughput",
        ("volume_type",),
        "MiBps-month",
        "EBS provisioned throughput (gp3: above the 125 MiB/s included)",
    ),
    _p("ebs", "io_requests", ("volume_type",), "1M requests", "EBS magnetic volume I/O requests"),
    _p("ebs", "snapshot", (), "GB-month", "EBS snapshot storage (standard tier)"),
    _p("ebs", "snapshot_archive", (), "GB-month", "EBS snapshot storage (archive tier)"),
    _p("ebs", "fast_snapshot_restore", (), "DSU-hour", "EBS fast snapshot restore"),
    # VPC / networking
    _p(
        "vpc",
        "public_ipv4",
        ("state",),
        "hour",
        "Public IPv4 address (state in_use | idle; Elastic IPs included since 2024-02-01)",
    ),
    _p("vpc", "nat_gateway", (), "hour", "NAT gateway hours"),
    _p("vpc", "nat_gateway_data", (), "GB", "NAT gateway data processed"),
    _p(
        "vpc",
        "endpoint",
        ("endpoint_type",),
        "hour",
        "VPC endpoint hours per AZ (endpoint_type interface | gateway_load_balancer)",
    ),
    _p("vpc", "endpoint_data", ("endpoint_type",), "GB", "VPC endpoint data processed", tiered=True),
    _p("vpc", "internet_egress", (), "GB", "Data transfer out to the internet", tiered=True),
    _p(
        "vpc",
        "transit_gateway_attachment",
        ("attachment_type",),
        "hour",
        "Transit Gateway attachment hours (attachment_type vpc | vpn | direct_connect | peering | connect)",
    ),
    _p(
        "vpc",
        "transit_gateway_data",
        ("attachment_type",),
        "GB",
        "Transit Gateway data processed, by the attachment it is sent from (vpc | vpn | direct_connect)",
    ),
    _p("vpc", "vpn_connection", (), "hour", "Site-to-Site VPN connection hours"),
    _p("vpc", "client_vpn_endpoint", (), "hour", "Client VPN endpoint hours per associated subnet"),
    _p("vpc", "client_vpn_connection", (), "hour", "Client VPN connection hours"),
    _p("vpc", "ipam_active_ip", (), "hour", "VPC IPAM (Advanced tier) hours per active IP address"),
    # Load balancing
    _p(
        "elb",
        "load_balancer",
        ("lb_type",),
        "hour",
        "Load balancer hours (lb_type application | network | gateway | classic)",
    ),
    _p("elb", "capacity_units", ("lb_type",), "LCU-hour", "Load balancer capacity units (LCU, NLCU, GLCU)"),
    _p("elb", "data_processed", ("lb_type",), "GB", "Classic load balancer data processed"),
    _p("elb", "trust_store", (), "hour", "Application Load Balancer trust store hours (mutual TLS)"),
    # RDS and Aurora
    _p("rds", "instance", ("instance_class", "engine", "deployment"), "hour", "RDS instance hours"),
    _p(
        "rds",
        "reserved_instance",
        ("instance_class", "engine", "deployment", "term", "payment"),
        "hour",
        "RDS reserved instance, effective hourly rate (upfront fee spread over the term)",
    ),
    _p(
        "rds",
        "storage",
        ("storage_type", "deployment"),
        "GB-month",
        "RDS storage (storage_type gp2 | gp3 | io1 | io2 | standard)",
    ),
    _p("rds", "iops", ("storage_type", "deployment"), "IOPS-month", "RDS provisioned IOPS"),
    _p("rds", "backup_storage", (), "GB-month", "RDS backup storage beyond the free allocation"),
    _p(
        "rds",
        "aurora_storage",
        ("storage_config",),
        "GB-month",
        "Aurora storage (storage_config standard | io_optimized)",
    ),
    _p("rds", "aurora_io", (), "1M requests", "Aurora I/O requests (standard configuration)"),
    _p("rds", "aurora_backup_storage", (), "GB-month", "Aurora backup storage beyond the free allocation"),
    _p("rds", "aurora_backtrack", (), "1M change records", "Aurora Backtrack change records"),
    _p("rds", "aurora_snapshot_export", (), "GB", "Aurora snapshot export"),
    _p("rds", "serverless_capacity", ("version",), "ACU-hour", "Aurora Serverless capacity (version v1 | v2)"),
    _p("rds", "extended_support", ("year",), "vCPU-hour", "RDS/Aurora extended support"),
    _p("rds", "performance_insights", (), "vCPU-month", "Performance Insights long-term retention"),
    _p(
        "rds",
        "performance_insights_serverless",
        (),
        "ACU-month",
        "Performance Insights long-term retention for Aurora Serverless v2",
    ),
    _p(
        "rds",
        "io_optimized_instance",
        ("instance_class", "engine"),
        "hour",
        "Aurora instance hours in an I/O-Optimized cluster (engine aurora-mysql | aurora-postgresql)",
    ),
    _p(
        "rds",
        "io_optimized_serverless_capacity",
        (),
        "ACU-hour",
        "Aurora Serverless v2 capacity in an I/O-Optimized cluster",
    ),
    # ElastiCache
    _p("elasticache", "node", ("node_type", "engine"), "hour", "ElastiCache node hours"),
    _p(
        "elasticache",
        "reserved_node",
        ("node_type", "engine", "term", "payment"),
        "hour",
        "ElastiCache reserved node, effective hourly rate (upfront fee spread over the term)",
    ),
    _p("elasticache", "backup_storage", (), "GB-month", "ElastiCache backup storage"),
    _p("elasticache", "serverless_storage", ("engine",), "GB-hour", "ElastiCache Serverless data stored"),
    _p("elasticache", "serverless_ecpu", ("engine",), "1M ECPUs", "ElastiCache Serverless processing units"),
    # Lambda
    _p("lambda", "requests", (), "1M requests", "Lambda requests"),
    _p("lambda", "duration", ("architecture",), "GB-second", "Lambda duration", tiered=True),
    _p("lambda", "ephemeral_storage", (), "GB-second", "Lambda ephemeral storage above 512 MB"),
    _p(
        "lambda",
        "provisioned_concurrency",
        ("architecture",),
        "GB-second",
        "Lambda provisioned concurrency, per GB-second configured",
    ),
    _p(
        "lambda",
        "provisioned_duration",
        ("architecture",),
        "GB-second",
        "Lambda duration of invocations served by provisioned concurrency",
    ),
    # S3
    _p(
        "s3",
        "storage",
        ("storage_class",),
        "GB-month",
        "S3 storage (storage_class standard | intelligent_tiering | standard_ia | one_zone_ia | "
        "glacier_instant | glacier_flexible | deep_archive | express_one_zone)",
        tiered=True,
    ),
    _p(
        "s3",
        "requests",
        ("storage_class", "request_tier"),
        "1k requests",
        "S3 requests (request_tier tier1 = PUT/COPY/POST/LIST, tier2 = GET and others)",
    ),
    _p("s3", "retrieval", ("storage_class",), "GB", "S3 data retrieval"),
    _p("s3", "inventory_objects", (), "1M objects", "S3 Inventory, per million objects listed"),
    _p("s3", "analytics_objects", (), "1M objects", "S3 Storage Class Analysis, per million objects monitored a month"),
    _p(
        "s3",
        "monitoring_objects",
        (),
        "1k objects",
        "S3 Intelligent-Tiering monitoring and automation, per 1,000 objects a month",
    ),
    # DynamoDB
    _p("dynamodb", "write_capacity", ("table_class",), "WCU-hour", "Provisioned write capacity"),
    _p("dynamodb", "read_capacity", ("table_class",), "RCU-hour", "Provisioned read capacity"),
    _p("dynamodb", "write_requests", ("table_class",), "1M requests", "On-demand write request units"),
    _p("dynamodb", "read_requests", ("table_class",), "1M requests", "On-demand read request units"),
    _p("dynamodb", "storage", ("table_class",), "GB-month", "Table data storage"),
    _p("dynamodb", "pitr_storage", (), "GB-month", "Point-in-time recovery storage"),
    _p("dynamodb", "backup_storage", (), "GB-month", "On-demand backup storage"),
    _p("dynamodb", "restore", (), "GB", "Table data restored"),
    _p("dynamodb", "stream_reads", (), "1M requests", "Streams read request units"),
    _p(
        "dynamodb",
        "replicated_write_requests",
        ("table_class",),
        "1M requests",
        "Global tables: on-demand replicated write request units, in the replica's region",
    ),
    _p(
        "dynamodb",
        "replicated_write_capacity",
        ("table_class",),
        "WCU-hour",
        "Global tables: provisioned replicated write capacity, in the replica's region",
    ),
    # CloudWatch
    _p("cloudwatch", "logs_ingestion", (), "GB", "CloudWatch Logs data ingestion (standard class)"),
    _p("cloudwatch", "logs_ingestion_ia", (), "GB", "CloudWatch Logs data ingestion (Infrequent Access class)"),
    _p(
        "cloudwatch",
        "vended_logs",
        ("destination",),
        "GB",
        "Vended logs (VPC flow logs, ...) delivered to CloudWatch Logs, S3 or Firehose",
        tiered=True,
    ),
    _p("cloudwatch", "logs_storage", (), "GB-month", "CloudWatch Logs archival storage"),
    _p("cloudwatch", "logs_insights", (), "GB", "CloudWatch Logs Insights data scanned"),
    _p("cloudwatch", "alarm", ("resolution",), "alarm-month", "Metric alarm per metric (resolution standard | high)"),
    _p("cloudwatch", "metrics", (), "metric-month", "Custom and detailed-monitoring metrics", tiered=True),
    # Containers
    _p("eks", "cluster", ("support",), "hour", "EKS control plane (support standard | extended)"),
    _p("fargate", "vcpu", ("os", "architecture", "purchase"), "vCPU-hour", "Fargate vCPU"),
    _p("fargate", "memory", ("os", "architecture", "purchase"), "GB-hour", "Fargate memory"),
    _p("fargate", "ephemeral_storage", (), "GB-hour", "Fargate ephemeral storage above the 20 GB included"),
    # Security and DNS
    _p("kms", "key", (), "month", "KMS customer managed key"),
    _p(
        "kms",
        "requests",
        ("request_type",),
        "10k requests",
        "KMS requests (request_type symmetric | asymmetric | ecc_generate_data_key_pair | rsa_generate_data_key_pair)",
    ),
    _p("secretsmanager", "secret", (), "month", "Secrets Manager secret"),
    _p("secretsmanager", "api_calls", (), "10k requests", "Secrets Manager API calls"),
    _p("route53", "hosted_zone", (), "month", "Route 53 hosted zone (first 25 zones)", tiered=True),
    _p(
        "route53",
        "queries",
        ("query_type",),
        "1M queries",
        "Route 53 queries (query_type standard | latency | geo)",
        tiered=True,
    ),
    # Storage
    _p(
        "efs",
        "storage",
        ("storage_class",),
        "GB-month",
        "EFS storage (storage_class standard | standard_ia | one_zone | one_zone_ia | archive)",
    ),
    _p("efs", "ia_access", (), "GB", "EFS Infrequent Access reads and writes"),
    _p("efs", "provisioned_throughput", (), "MBps-month", "EFS provisioned throughput"),
    # Messaging, API, CDN
    _p("sqs", "requests", ("queue_type",), "1M requests", "SQS requests (queue_type standard | fifo)"),
    _p("sns", "requests", ("topic_type",), "1M requests", "SNS publish requests (topic_type standard | fifo)"),
    _p("sns", "notifications", ("protocol",), "100k notifications", "SNS deliveries by protocol"),
    _p("sns", "fifo_payload", (), "GB", "SNS FIFO publish payload"),
    _p("apigateway", "rest_requests", (), "1M requests", "API Gateway REST requests", tiered=True),
    _p("apigateway", "http_requests", (), "1M requests", "API Gateway HTTP API requests", tiered=True),
    _p("apigateway", "websocket_messages", (), "1M messages", "API Gateway WebSocket messages", tiered=True),
    _p("apigateway", "websocket_minutes", (), "1M minutes", "API Gateway WebSocket connection minutes"),
    _p("apigateway", "cache", ("cache_size",), "hour", "API Gateway REST API cache hours (cache_size in GB)"),
    _p("cloudfront", "data_out", ("geography",), "GB", "CloudFront data transfer out", tiered=True),
    _p("cloudfront", "data_to_origin", ("geography",), "GB", "CloudFront data transfer to origin"),
    _p("cloudfront", "requests", ("geography", "protocol"), "10k requests", "CloudFront requests"),
    _p("cloudfront", "invalidations", (), "path", "CloudFront invalidation paths beyond 1,000"),
    _p("cloudfront", "dedicated_ip_ssl", (), "certificate-month", "CloudFront dedicated-IP SSL"),
    # Services the survey of real projects found (issue 10): priced here for estimators to come
    _p("waf", "web_acl", (), "month", "AWS WAF web ACL"),
    _p("waf", "rule", (), "month", "AWS WAF rule (or rule group) in a web ACL"),
    _p("waf", "requests", (), "1M requests", "AWS WAF requests inspected (default body size)"),
    _p("ecr", "storage", (), "GB-month", "ECR repository storage"),
    _p("eventbridge", "custom_events", (), "1M events", "EventBridge custom and partner events published"),
    _p("glue", "crawler", (), "DPU-hour", "Glue crawler run time"),
    _p("glue", "job", (), "DPU-hour", "Glue ETL (Spark) job run time"),
    _p("glue", "catalog_storage", (), "100k objects", "Glue Data Catalog objects beyond the free million"),
    _p("kinesis", "shard", (), "shard-hour", "Kinesis Data Streams provisioned shard hours"),
    _p("kinesis", "put_payload_units", (), "1M units", "Kinesis Data Streams PUT payload units (25 KB), provisioned"),
    _p("kinesis", "extended_retention", (), "shard-hour", "Kinesis Data Streams retention up to 7 days, provisioned"),
    _p("kinesis", "on_demand_stream", (), "stream-hour", "Kinesis Data Streams on-demand stream hours"),
    _p("kinesis", "on_demand_ingested", (), "GB", "Kinesis Data Streams on-demand data ingested"),
    _p("kinesis", "on_demand_retrieved", (), "GB", "Kinesis Data Streams on-demand data retrieved"),
    _p(
        "directoryservice",
        "domain_controller",
        ("edition",),
        "DC-hour",
        "AWS Managed Microsoft AD domain controller hours (edition standard | enterprise)",
    ),
    _p(
        "directoryservice",
        "directory",
        ("directory_type",),
        "hour",
        "Simple AD and AD Connector hours (directory_type simple_ad_large | ad_connector_large)",
    ),
)

PRODUCTS: dict[tuple[str, str, str], Product] = {("aws", p.service, p.name): p for p in AWS_PRODUCTS}


LOOKUP_SHORTHAND: dict[tuple[str, str], tuple[str, str]] = {
    ("aws", "ec2"): ("instance", "instance_type"),
    ("aws", "rds"): ("instance", "instance_class"),
    ("aws", "elasticache"): ("node", "node_type"),
    ("aws", "ebs"): ("storage", "volume_type"),
    ("aws", "elb"): ("load_balancer", "lb_type"),
    ("aws", "s3"): ("storage", "storage_class"),
    ("aws", "efs"): ("storage", "storage_class"),
    ("aws", "lambda"): ("duration", "architecture"),
    ("aws", "eks"): ("cluster", "support"),
    ("aws", "vpc"): ("nat_gateway", ""),
    ("aws", "kms"): ("key", ""),
    ("aws", "secretsmanager"): ("secret", ""),
    ("aws", "route53"): ("hosted_zone", ""),
    ("aws", "dynamodb"): ("write_capacity", "table_class"),
    ("aws", "cloudwatch"): ("logs_ingestion", ""),
    ("aws", "fargate"): ("vcpu", "architecture"),
    ("aws", "sqs"): ("requests", "queue_type"),
    ("aws", "sns"): ("requests", "topic_type"),
    ("aws", "apigateway"): ("rest_requests", ""),
    ("aws", "cloudfront"): ("data_out", "geography"),
}
"""The main product of a service and the attribute ``costlint pricing lookup``'s ITEM names
(``costlint pricing lookup aws ec2 m5.large``)."""


GLOBAL_SERVICES: frozenset[tuple[str, str]] = frozenset({("aws", "route53"), ("aws", "cloudfront")})
"""Services priced once for all regions: their prices live under region ``global``."""

ATTRIBUTE_DEFAULTS: dict[str, str] = {
    "os": "linux",
    "tenancy": "shared",
    "purchase": "on_demand",
    "deployment": "single_az",
    "architecture": "x86_64",
    "table_class": "standard",
    "support": "standard",
}
"""What a lookup assumes for an attribute it is not given: the Terraform/CloudFormation defaults."""


def product(provider: str, service: str, name: str) -> Product:
    found = PRODUCTS.get((provider, service, name)) or plugin_products(provider).get((provider, service, name))
    if found is None:
        raise KeyError(f"no product {provider}/{service}/{name} in the pricing schema")
    return found


@cache
def plugin_products(provider: str) -> dict[tuple[str, str, str], Product]:
    """The products of a provider plugin (``Provider.products``); empty for the providers costlint ships."""
    if any(p == provider for p, _, _ in PRODUCTS):
        return {}
    from costlint.providers import priced_as

    found = priced_as(provider)
    if found is None or not found.products:
        return {}
    return {(provider, p.service, p.name): p for p in found.load(found.products)}


def price_key(product_name: str, attributes: dict[str, str]) -> str:
    """The key of a price inside a service/region file: product then sorted ``attr=value`` pairs.

    >>> price_key("instance", {"os": "linux", "instance_type": "m5.large"})
    'instance|instance_type=m5.large|os=linux'
    """
    parts = [product_name]
    parts.extend(f"{k}={attributes[k]}" for k in sorted(attributes))
    return "|".join(parts)
