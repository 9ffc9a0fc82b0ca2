"""How golden-table lines map to catalog products: ``RULES`` (line patterns, not FinOps rules), their context.

Attributes a line does not state come from its context: sibling lines (the volume type of a
"Provisioned IOPS" line, the deployment of an RDS storage line), the enclosing group (an S3 storage
class, a CloudFront geography) or the resource address of the fixture (the engine of
``aws_db_instance.postgres``, the architecture of ``aws_lambda_function.lambda_arm``, the term of
``aws_instance.std_1yr_no_upfront``). A rule whose attributes come out None skips the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from costlint.pricing.sources.golden_table import Node

HOURS_PER_MONTH = Decimal(730)


# --------------------------------------------------------------------------------------------------
# Context of a line


@dataclass
class Ctx:
    node: Node
    match: re.Match[str]
    stem: str

    @property
    def name(self) -> str:
        return self.node.resource_name

    def sibling(self, pattern: str) -> re.Match[str] | None:
        regex = re.compile(pattern)
        for node in self.node.siblings:
            found = regex.fullmatch(node.label)
            if found:
                return found
        return None

    def group(self) -> str:
        return self.node.parent.label if self.node.parent is not None else ""


Attrs = Callable[[Ctx], "dict[str, str] | None"]


def fixed(**attrs: str) -> Attrs:
    return lambda ctx: dict(attrs)


def from_match(**names: str) -> Attrs:
    """Attributes taken from named groups of the label's match: ``from_match(volume_type="vt")``."""
    return lambda ctx: {attr: ctx.match.group(group).lower() for attr, group in names.items()}


def _volume_type(ctx: Ctx) -> str | None:
    found = ctx.sibling(r"Storage \((?:[^)]*), (gp2|gp3|io1|io2|st1|sc1)\)")
    if found:
        return found.group(1)
    return "standard" if ctx.sibling(r"Storage \(magnetic\)") else None


def _rds_deployment(ctx: Ctx) -> str | None:
    found = ctx.sibling(r"Database instance \((?:on-demand|reserved), (Single-AZ|Multi-AZ), [^)]*\)")
    return {"Single-AZ": "single_az", "Multi-AZ": "multi_az"}[found.group(1)] if found else None


# Engine of an aws_db_instance / aws_rds_cluster_instance from its name (the fixtures name them by
# engine; Oracle and SQL Server are not in the schema). Engine "aurora" is Aurora MySQL.
_RDS_ENGINES = (
    (re.compile(r"aurora-postgresql"), "aurora-postgresql"),
    (re.compile(r"aurora"), "aurora-mysql"),
    (re.compile(r"oracle|sqlserver"), None),
    (re.compile(r"postgres"), "postgres"),
    (re.compile(r"mariadb"), "mariadb"),
    (re.compile(r"mysql"), "mysql"),
)


def rds_engine(name: str) -> str | None:
    for pattern, engine in _RDS_ENGINES:
        if pattern.search(name):
            return engine
    return None


def _cache_engine(ctx: Ctx) -> str | None:
    if ctx.node.resource_type == "aws_elasticache_replication_group" or "redis" in ctx.name:
        return "redis"
    return "memcached" if "memcached" in ctx.name else None


def _rds_instance(ctx: Ctx) -> dict[str, str] | None:
    engine = rds_engine(ctx.name)
    deployment = ctx.match.groupdict().get("dep")
    if engine is None:
        return None
    return {
        "instance_class": ctx.match.group("cls"),
        "engine": engine,
        "deployment": {"Multi-AZ": "multi_az"}.get(deployment or "", "single_az"),
    }


def _rds_reserved(ctx: Ctx) -> dict[str, str] | None:
    terms = re.search(r"(\d)yr-no-upfront", ctx.name)
    attrs = _rds_instance(ctx)
    if terms is None or attrs is None:
        return None  # partial/all upfront: the hourly line leaves the upfront fee out
    return {**attrs, "term": f"{terms.group(1)}yr", "payment": "no_upfront"}


def _ec2_reserved(ctx: Ctx) -> dict[str, str] | None:
    terms = re.search(r"(std|cnvr)_(\d)yr_no_upfront", ctx.name)
    if terms is None:
        return None
    return {
        "instance_type": ctx.match.group("type"),
        "os": "linux",
        "tenancy": "shared",
        "term": f"{terms.group(2)}yr",
        "offering_class": "standard" if terms.group(1) == "std" else "convertible",
        "payment": "no_upfront",
    }


def _cache_reserved(ctx: Ctx) -> dict[str, str] | None:
    terms = re.search(r"_reserved_(\d)yr_no_upfront", ctx.name)
    engine = _cache_engine(ctx)
    if terms is None or engine is None:
        return None
    return {
        "node_type": ctx.match.group("node"),
        "engine": engine,
        "term": f"{terms.group(1)}yr",
        "payment": "no_upfront",
    }


def _windows(ctx: Ctx) -> dict[str, str] | None:
    if re.search(r"dedicated|tenancy|host", ctx.name):
        return None
    return {"instance_type": ctx.match.group("type"), "os": "windows", "tenancy": "shared", "purchase": "on_demand"}


def _linux_cpu_credits(ctx: Ctx) -> dict[str, str] | None:
    # Infracost prices Windows credits like Linux ones; AWS does not: only Linux lines are taken.
    if ctx.sibling(r"Instance usage \(Linux/UNIX, [^)]*\)") and not ctx.sibling(r"Instance usage \(Windows.*"):
        return {"os": "linux"}
    return None


_S3_CLASSES = {
    "Standard": "standard",
    "Standard - infrequent access": "standard_ia",
    "One zone - infrequent access": "one_zone_ia",
    "Glacier flexible retrieval": "glacier_flexible",
    "Glacier deep archive": "deep_archive",
    "Intelligent tiering": "intelligent_tiering",
}
_S3_IT_TIERS = {
    "frequent": "intelligent_tiering",
    "infrequent": "intelligent_tiering_ia",
    "archive": "intelligent_tiering_archive",
    "deep archive": "intelligent_tiering_deep_archive",
}


def _s3_class(ctx: Ctx) -> str | None:
    return _S3_CLASSES.get(ctx.group())


def _s3_storage(ctx: Ctx) -> dict[str, str] | None:
    klass = _s3_class(ctx)
    access = ctx.match.group("access")
    if klass == "intelligent_tiering" and access:
        return {"storage_class": _S3_IT_TIERS[access]}
    return {"storage_class": klass} if klass and klass != "intelligent_tiering" and not access else None


def _s3_requests(tier: str) -> Attrs:
    def attrs(ctx: Ctx) -> dict[str, str] | None:
        klass = _s3_class(ctx)
        return {"storage_class": klass, "request_tier": tier} if klass else None

    return attrs


def _s3_retrieval(ctx: Ctx) -> dict[str, str] | None:
    klass = _s3_class(ctx)
    return {"storage_class": klass} if klass else None


_CLOUDFRONT_GEOGRAPHIES = {
    "US, Mexico, Canada": "us_mexico_canada",
    "Europe, Israel": "europe_israel",
    "South Africa, Kenya, Middle East": "south_africa_kenya_middle_east",
    "South America": "south_america",
    "Japan": "japan",
    "Australia, New Zealand": "australia_new_zealand",
    "Hong Kong, Philippines, Asia Pacific": "hong_kong_philippines_asia_pacific",
    "India": "india",
}


def _geography(**extra: str) -> Attrs:
    def attrs(ctx: Ctx) -> dict[str, str] | None:
        geography = _CLOUDFRONT_GEOGRAPHIES.get(ctx.group())
        return {"geography": geography, **extra} if geography else None

    return attrs


def _lambda_arch(ctx: Ctx) -> dict[str, str]:
    return {"architecture": "arm64" if re.search(r"_arm\b|_arm_|_arm$", ctx.name) else "x86_64"}


def _lb_type(ctx: Ctx) -> dict[str, str] | None:
    found = ctx.sibling(r"(Application|Network|Gateway) load balancer")
    return {"lb_type": found.group(1).lower()} if found else None


def _endpoint_type(ctx: Ctx) -> dict[str, str] | None:
    found = ctx.sibling(r"Endpoint \((Interface|GatewayLoadBalancer)\)")
    if not found:
        return None
    return {"endpoint_type": "interface" if found.group(1) == "Interface" else "gateway_load_balancer"}


def _with(attrs: Attrs, key: str, value_of: Callable[[Ctx], str | None]) -> Attrs:
    def combined(ctx: Ctx) -> dict[str, str] | None:
        base = attrs(ctx)
        value = value_of(ctx)
        return None if base is None or value is None else {**base, key: value}

    return combined


# --------------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True)
class Rule:
    resources: str
    """Regex (full match) on the resource type of the line's top-level address."""
    label: str
    """Regex (full match) on the component label; a ``tier`` group (first|next|over) marks tier lines."""
    service: str
    product: str
    attrs: Attrs = field(default=lambda ctx: {})
    per_unit: Decimal = Decimal(1)
    """Catalog units in one golden unit: 730 when the table counts vCPUs or LCUs a month and the
    catalog prices them per hour, 10**-6 when it counts requests and the catalog prices millions."""


_EC2 = r"aws_(?:instance|ebs_volume|autoscaling_group|eks_node_group)"
_DB = r"aws_db_instance"
_CLUSTER = r"aws_rds_cluster"
_MILLIONTH = Decimal(1).scaleb(-6)

RULES: tuple[Rule, ...] = (
    # EC2 and EBS
    Rule(_EC2, r"Instance usage \(Windows, on-demand, (?P<type>[a-z0-9.-]+)\)", "ec2", "instance", _windows),
    Rule(
        _EC2,
        r"Instance usage \(Linux/UNIX, reserved, (?P<type>[a-z0-9.-]+)\)",
        "ec2",
        "reserved_instance",
        _ec2_reserved,
    ),
    Rule(_EC2, r"CPU credits", "ec2", "cpu_credits", _linux_cpu_credits),
    Rule(_EC2, r"EC2 detailed monitoring", "cloudwatch", "metrics"),
    Rule(
        _EC2,
        r"Storage \((?:general purpose SSD|provisioned IOPS SSD|throughput optimized HDD|cold HDD), "
        r"(?P<vt>gp2|gp3|io1|io2|st1|sc1)\)",
        "ebs",
        "storage",
        from_match(volume_type="vt"),
    ),
    Rule(_EC2, r"Storage \(magnetic\)", "ebs", "storage", fixed(volume_type="standard")),
    Rule(_EC2, r"Provisioned IOPS", "ebs", "iops", _with(fixed(), "volume_type", _volume_type)),
    Rule(_EC2, r"Provisioned throughput", "ebs", "throughput", _with(fixed(), "volume_type", _volume_type)),
    Rule(_EC2, r"I/O requests", "ebs", "io_requests", _with(fixed(), "volume_type", _volume_type)),
    Rule(r"aws_ebs_snapshot", r"EBS snapshot storage", "ebs", "snapshot"),
    Rule(r"aws_ebs_snapshot", r"Fast snapshot restore", "ebs", "fast_snapshot_restore"),
    # VPC
    Rule(r"aws_nat_gateway", r"NAT gateway", "vpc", "nat_gateway"),
    Rule(r"aws_nat_gateway", r"Data processed", "vpc", "nat_gateway_data"),
    Rule(r"aws_eip", r"IP address \(if unused\)", "vpc", "public_ipv4", fixed(state="idle")),
    Rule(r"aws_vpc_endpoint", r"Endpoint \(Interface\)", "vpc", "endpoint", fixed(endpoint_type="interface")),
    Rule(
        r"aws_vpc_endpoint",
        r"Endpoint \(GatewayLoadBalancer\)",
        "vpc",
        "endpoint",
        fixed(endpoint_type="gateway_load_balancer"),
    ),
    Rule(
        r"aws_vpc_endpoint",
        r"Data processed(?: \((?P<tier>first|next|over) [^)]*\))?",
        "vpc",
        "endpoint_data",
        _endpoint_type,
    ),
    # Load balancers
    Rule(
        r"aws_(?:lb|alb)",
        r"(?P<t>Application|Network|Gateway) load balancer",
        "elb",
        "load_balancer",
        lambda ctx: {"lb_type": ctx.match.group("t").lower()},
    ),
    Rule(
        r"aws_(?:lb|alb)", r"Load balancer capacity units", "elb", "capacity_units", _lb_type, per_unit=HOURS_PER_MONTH
    ),
    Rule(r"aws_elb", r"Classic load balancer", "elb", "load_balancer", fixed(lb_type="classic")),
    Rule(r"aws_elb", r"Data processed", "elb", "data_processed", fixed(lb_type="classic")),
    # RDS
    Rule(
        _DB,
        r"Database instance \(on-demand, (?P<dep>Single-AZ|Multi-AZ), (?P<cls>db\.[a-z0-9.]+)\)",
        "rds",
        "instance",
        _rds_instance,
    ),
    Rule(
        r"aws_rds_cluster_instance",
        r"Database instance \(on-demand, (?P<cls>db\.[a-z0-9.]+)\)",
        "rds",
        "instance",
        _rds_instance,
    ),
    Rule(
        _DB,
        r"Database instance \(reserved, (?P<dep>Single-AZ|Multi-AZ), (?P<cls>db\.[a-z0-9.]+)\)",
        "rds",
        "reserved_instance",
        _rds_reserved,
    ),
    Rule(
        _DB,
        r"Storage \((?:general purpose SSD|provisioned IOPS SSD), (?P<st>gp2|gp3|io1|io2)\)",
        "rds",
        "storage",
        _with(from_match(storage_type="st"), "deployment", _rds_deployment),
    ),
    Rule(
        _DB,
        r"Storage \(magnetic\)",
        "rds",
        "storage",
        _with(fixed(storage_type="standard"), "deployment", _rds_deployment),
    ),
    Rule(
        _DB,
        r"Provisioned IOPS",
        "rds",
        "iops",
        _with(_with(fixed(), "storage_type", _volume_type), "deployment", _rds_deployment),
    ),
    Rule(
        _DB,
        r"Provisioned GP3 IOPS \(above [\d,]+\)",
        "rds",
        "iops",
        _with(fixed(storage_type="gp3"), "deployment", _rds_deployment),
    ),
    Rule(
        _DB,
        r"Additional backup storage",
        "rds",
        "backup_storage",
        lambda ctx: None if rds_engine(ctx.name) in (None, "aurora-mysql", "aurora-postgresql") else {},
    ),
    Rule(
        _DB,
        r"Additional backup storage",
        "rds",
        "aurora_backup_storage",
        lambda ctx: {} if rds_engine(ctx.name) in ("aurora-mysql", "aurora-postgresql") else None,
    ),
    Rule(
        r"aws_(?:db_instance|rds_cluster_instance)",
        r"Extended support \(year (?P<y>\d)\)",
        "rds",
        "extended_support",
        from_match(year="y"),
    ),
    Rule(_CLUSTER, r"Storage", "rds", "aurora_storage", fixed(storage_config="standard")),
    Rule(_CLUSTER, r"Storage \(I/O-optimized\)", "rds", "aurora_storage", fixed(storage_config="io_optimized")),
    Rule(
        _CLUSTER,
        r"I/O requests",
        "rds",
        "aurora_io",
        lambda ctx: None if ctx.sibling(r"Storage \(I/O-optimized\)") else {},
    ),
    Rule(_CLUSTER, r"Backup storage", "rds", "aurora_backup_storage"),
    Rule(_CLUSTER, r"Backtrack", "rds", "aurora_backtrack"),
    Rule(_CLUSTER, r"Snapshot export", "rds", "aurora_snapshot_export"),
    Rule(_CLUSTER, r"Aurora serverless", "rds", "serverless_capacity", fixed(version="v1")),
    Rule(r"aws_rds_cluster_instance", r"Aurora serverless v2", "rds", "serverless_capacity", fixed(version="v2")),
    # ElastiCache
    Rule(
        r"aws_elasticache_(?:cluster|replication_group)",
        r"ElastiCache \(on-demand, (?P<node>cache\.[a-z0-9.]+)(?:, autoscaling)?\)",
        "elasticache",
        "node",
        _with(lambda ctx: {"node_type": ctx.match.group("node")}, "engine", _cache_engine),
    ),
    Rule(
        r"aws_elasticache_(?:cluster|replication_group)",
        r"ElastiCache \(reserved, (?P<node>cache\.[a-z0-9.]+)\)",
        "elasticache",
        "reserved_node",
        _cache_reserved,
    ),
    Rule(r"aws_elasticache_(?:cluster|replication_group)", r"Backup storage", "elasticache", "backup_storage"),
    # Lambda
    Rule(r"aws_lambda_function", r"Requests", "lambda", "requests"),
    Rule(r"aws_lambda_function", r"Duration \((?P<tier>first|next|over) [^)]*\)", "lambda", "duration", _lambda_arch),
    Rule(r"aws_lambda_function", r"Ephemeral storage", "lambda", "ephemeral_storage"),
    # S3
    Rule(
        r"aws_s3_bucket",
        r"Storage(?: \((?P<access>frequent|infrequent|archive|deep archive) access\))?",
        "s3",
        "storage",
        _s3_storage,
    ),
    Rule(r"aws_s3_bucket", r"PUT, COPY, POST, LIST requests", "s3", "requests", _s3_requests("tier1")),
    Rule(r"aws_s3_bucket", r"GET, SELECT, and all other requests", "s3", "requests", _s3_requests("tier2")),
    Rule(r"aws_s3_bucket", r"Retrievals(?: \(standard\))?", "s3", "retrieval", _s3_retrieval),
    # DynamoDB
    Rule(
        r"aws_dynamodb_table",
        r"Write capacity unit \(WCU(?:, autoscaling)?\)",
        "dynamodb",
        "write_capacity",
        fixed(table_class="standard"),
        per_unit=HOURS_PER_MONTH,
    ),
    Rule(
        r"aws_dynamodb_table",
        r"Read capacity unit \(RCU(?:, autoscaling)?\)",
        "dynamodb",
        "read_capacity",
        fixed(table_class="standard"),
        per_unit=HOURS_PER_MONTH,
    ),
    Rule(
        r"aws_dynamodb_table",
        r"Write request unit \(WRU\)",
        "dynamodb",
        "write_requests",
        fixed(table_class="standard"),
        per_unit=_MILLIONTH,
    ),
    Rule(
        r"aws_dynamodb_table",
        r"Read request unit \(RRU\)",
        "dynamodb",
        "read_requests",
        fixed(table_class="standard"),
        per_unit=_MILLIONTH,
    ),
    Rule(r"aws_dynamodb_table", r"Data storage", "dynamodb", "storage", fixed(table_class="standard")),
    Rule(r"aws_dynamodb_table", r"Point-In-Time Recovery \(PITR\) backup storage", "dynamodb", "pitr_storage"),
    Rule(r"aws_dynamodb_table", r"On-demand backup storage", "dynamodb", "backup_storage"),
    Rule(r"aws_dynamodb_table", r"Table data restored", "dynamodb", "restore"),
    Rule(r"aws_dynamodb_table", r"Streams read request unit \(sRRU\)", "dynamodb", "stream_reads", per_unit=_MILLIONTH),
    Rule(
        r"aws_dynamodb_table",
        r"Replicated write capacity unit \(rWCU\)",
        "dynamodb",
        "replicated_write_capacity",
        fixed(table_class="standard"),
        per_unit=HOURS_PER_MONTH,
    ),
    # CloudWatch
    Rule(r"aws_cloudwatch_log_group", r"Data ingested", "cloudwatch", "logs_ingestion"),
    Rule(r"aws_cloudwatch_log_group", r"Archival Storage", "cloudwatch", "logs_storage"),
    Rule(r"aws_cloudwatch_log_group", r"Insights queries data scanned", "cloudwatch", "logs_insights"),
    Rule(r"aws_cloudwatch_metric_alarm", r"Standard resolution", "cloudwatch", "alarm", fixed(resolution="standard")),
    # An anomaly-detection alarm is billed as three high-resolution alarm metrics (the line counts them).
    Rule(
        r"aws_cloudwatch_metric_alarm",
        r"High resolution(?: anomaly detection)?",
        "cloudwatch",
        "alarm",
        fixed(resolution="high"),
    ),
    # Containers
    Rule(r"aws_eks_cluster", r"EKS cluster", "eks", "cluster", fixed(support="standard")),
    Rule(r"aws_eks_cluster", r"EKS cluster \(extended support\)", "eks", "cluster", fixed(support="extended")),
    # The Fargate lines count vCPUs and GB for the month (730 hours each); ECS and EKS Fargate
    # fixtures are Linux on x86.
    Rule(
        r"aws_(?:ecs_service|eks_fargate_profile)",
        r"Per vCPU per hour",
        "fargate",
        "vcpu",
        fixed(os="linux", architecture="x86_64", purchase="on_demand"),
        per_unit=HOURS_PER_MONTH,
    ),
    Rule(
        r"aws_(?:ecs_service|eks_fargate_profile)",
        r"Per GB per hour",
        "fargate",
        "memory",
        fixed(os="linux", architecture="x86_64", purchase="on_demand"),
        per_unit=HOURS_PER_MONTH,
    ),
    # Security, DNS
    Rule(r"aws_kms_key", r"Customer master key", "kms", "key"),
    Rule(r"aws_kms_key", r"Requests", "kms", "requests", fixed(request_type="symmetric")),
    Rule(r"aws_secretsmanager_secret", r"Secret", "secretsmanager", "secret"),
    Rule(r"aws_secretsmanager_secret", r"API requests", "secretsmanager", "api_calls"),
    Rule(r"aws_route53_(?:zone|record)", r"Hosted zone", "route53", "hosted_zone"),
    Rule(
        r"aws_route53_record",
        r"(?P<q>Standard|Latency based routing|Geo DNS) queries \((?P<tier>first|over) [^)]*\)",
        "route53",
        "queries",
        lambda ctx: {
            "query_type": {"Standard": "standard", "Latency based routing": "latency", "Geo DNS": "geo"}[
                ctx.match.group("q")
            ]
        },
    ),
    # Storage
    Rule(
        r"aws_efs_file_system",
        r"Storage \((?P<c>standard|standard, infrequent access|one zone|"
        r"one zone, infrequent access)\)",
        "efs",
        "storage",
        lambda ctx: {
            "storage_class": {
                "standard": "standard",
                "standard, infrequent access": "standard_ia",
                "one zone": "one_zone",
                "one zone, infrequent access": "one_zone_ia",
            }[ctx.match.group("c")]
        },
    ),
    Rule(r"aws_efs_file_system", r"(?:Read|Write) requests \(infrequent access\)", "efs", "ia_access"),
    Rule(r"aws_efs_file_system", r"Provisioned throughput", "efs", "provisioned_throughput"),
    # Messaging
    Rule(
        r"aws_sqs_queue",
        r"Requests",
        "sqs",
        "requests",
        lambda ctx: {"queue_type": "fifo" if "fifo" in ctx.name else "standard"},
    ),
    Rule(r"aws_sns_topic", r"API requests \(over 1M\)", "sns", "requests", fixed(topic_type="standard")),
    Rule(r"aws_sns_topic", r"FIFO Publish API requests", "sns", "requests", fixed(topic_type="fifo")),
    Rule(r"aws_sns_topic", r"FIFO Publish API payload", "sns", "fifo_payload"),
    Rule(r"aws_sns_topic", r"HTTP/HTTPS notifications \(over 100k\)", "sns", "notifications", fixed(protocol="http")),
    Rule(
        r"aws_sns_topic", r"Email/Email-JSON notifications \(over 1k\)", "sns", "notifications", fixed(protocol="email")
    ),
    # These three are counted in millions; the catalog unit is 100k notifications.
    Rule(
        r"aws_sns_topic",
        r"Kinesis Firehose notifications",
        "sns",
        "notifications",
        fixed(protocol="firehose"),
        per_unit=Decimal(10),
    ),
    Rule(
        r"aws_sns_topic",
        r"Mobile Push notifications",
        "sns",
        "notifications",
        fixed(protocol="mobile_push"),
        per_unit=Decimal(10),
    ),
    Rule(
        r"aws_sns_topic", r"MacOS notifications", "sns", "notifications", fixed(protocol="macos"), per_unit=Decimal(10)
    ),
    # API Gateway, CloudFront
    Rule(r"aws_api_gateway_rest_api", r"Requests \((?P<tier>first|next|over) [^)]*\)", "apigateway", "rest_requests"),
    Rule(
        r"aws_cloudfront_distribution",
        r"Data transfer out to internet \((?P<tier>first|next|over) [^)]*\)",
        "cloudfront",
        "data_out",
        _geography(),
    ),
    Rule(r"aws_cloudfront_distribution", r"Data transfer out to origin", "cloudfront", "data_to_origin", _geography()),
    Rule(r"aws_cloudfront_distribution", r"HTTP requests", "cloudfront", "requests", _geography(protocol="http")),
    Rule(r"aws_cloudfront_distribution", r"HTTPS requests", "cloudfront", "requests", _geography(protocol="https")),
    Rule(r"aws_cloudfront_distribution", r"Invalidation requests \(over 1k\)", "cloudfront", "invalidations"),
    Rule(r"aws_cloudfront_distribution", r"Dedicated IP custom SSLs", "cloudfront", "dedicated_ip_ssl"),
)

_COMPILED = [(re.compile(r.resources), re.compile(r.label), r) for r in RULES]


def match(node: Node) -> tuple[Rule, re.Match[str]] | None:
    for resources, label, rule in _COMPILED:
        if not resources.fullmatch(node.resource_type):
            continue
        found = label.fullmatch(node.label)
        if found:
            return rule, found
    return None
