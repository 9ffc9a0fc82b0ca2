"""Prices from ``sanity-checks.json`` that no other source file here carries.

Most of its 127 entries are derived from the other files (and serve as test expectations); a few are
list prices quoted from AWS's public pages. Only those are taken, through ``ENTRIES``: the entry's
service and item text (matched exactly, so a reworded entry is noticed) and the catalog price it is.

``CATALOG_KEYS`` says which catalog price each entry is (all 113 that are one; not the ratio, the
monthly totals, GCP and Azure), so that every source's values can be checked against them
(``agreement``: the table of pricing_cache/README.md, kept in the manifest as ``sanity_agreement``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.pricing.records import PriceRecord, decimal_text
from costlint.pricing.schema import product as schema_product
from costlint.pricing.sources import Kept, Source, SourceError, load_json, positive

SOURCE_ID = "sanity-checks"
PATH = "sanity-checks.json"
KEPT = (Kept(PATH, PATH, how="copied unchanged (also the reference of pricing_cache/README.md's agreement table)"),)
DATE = "2026-11-26"
"""The folder's assembly date (pricing-sources/README.md): the entries quote prices current then."""

# (service, item, region) -> (catalog service, product, attributes, unit as written in the entry)
ENTRIES: dict[tuple[str, str, str], tuple[str, str, dict[str, str], str]] = {
    # AWS DynamoDB pricing page, US East (N. Virginia).
    ("AmazonDynamoDB", "provisioned write capacity unit (Standard table class)", "us-east-1"): (
        "dynamodb",
        "write_capacity",
        {"table_class": "standard"},
        "USD/WCU-hour",
    ),
    ("AmazonDynamoDB", "provisioned read capacity unit (Standard table class)", "us-east-1"): (
        "dynamodb",
        "read_capacity",
        {"table_class": "standard"},
        "USD/RCU-hour",
    ),
    ("AmazonDynamoDB", "on-demand write request units", "us-east-1"): (
        "dynamodb",
        "write_requests",
        {"table_class": "standard"},
        "USD/1M WRU",
    ),
    ("AmazonDynamoDB", "on-demand read request units", "us-east-1"): (
        "dynamodb",
        "read_requests",
        {"table_class": "standard"},
        "USD/1M RRU",
    ),
    ("AmazonDynamoDB", "table data storage (Standard table class)", "us-east-1"): (
        "dynamodb",
        "storage",
        {"table_class": "standard"},
        "USD/GB-month",
    ),
    # AWS re:Post and networking blog: since 2024-02-01 every public IPv4 address, in use or idle,
    # costs what an idle Elastic IP costs (the golden file only shows the idle one).
    ("VPC/EC2", "Elastic IP idle (and, since 2024-02-01, every public IPv4 address)", "us-east-1"): (
        "vpc",
        "public_ipv4",
        {"state": "in_use"},
        "USD/hour",
    ),
}


def read(root: Path) -> list[PriceRecord]:
    doc = load_json(root, PATH)
    try:
        entries = doc["entries"]
    except (KeyError, TypeError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    found: dict[tuple[str, str, str], PriceRecord] = {}
    for entry in entries:
        key = (entry.get("service"), entry.get("item"), entry.get("region"))
        mapping = ENTRIES.get(key)
        if mapping is None:
            continue
        service, name, attrs, unit = mapping
        value = positive(entry.get("value"))
        if value is None or entry.get("unit") != unit:
            raise SourceError(f"{PATH}: entry {key} has value {entry.get('value')!r} {entry.get('unit')!r}")
        found[key] = PriceRecord(
            "aws",
            service,
            key[2],
            name,
            attrs,
            value,
            schema_product("aws", service, name).unit,
            SOURCE_ID,
            DATE,
            note=_public_reference(entry.get("sources", [])),
        )
    missing = set(ENTRIES) - set(found)
    if missing:
        raise SourceError(f"{PATH}: entries not found: {sorted(missing)}")
    return [found[key] for key in sorted(found)]


def _public_reference(sources: list[str]) -> str:
    """The entry's first source that is not a file of the folder, shortened."""
    local = ("karpenter/", "libcloud/", "coroot/", "infracost-golden/", "api-samples/")
    public = [str(s) for s in sources if not str(s).startswith(local)]
    text = public[0] if public else ""
    return text if len(text) <= 120 else text[:117].rstrip() + "..."


def source() -> Source:
    return Source(
        id=SOURCE_ID,
        name="costlint sanity-check prices",
        path=PATH,
        origin="pricing-sources/sanity-checks.json, assembled for costlint from the files of that folder and "
        "AWS's public pricing pages",
        license="compiled reference data (AWS public list prices)",
        date=DATE,
        notes="only entries quoting AWS pricing pages are used as prices; the rest serve as test expectations",
    )


# (service, item, region) of an entry -> (catalog service, product, attributes; defaults filled by the catalog)
CATALOG_KEYS: dict[tuple[str, str, str], tuple[str, str, dict[str, str]]] = {
    ("AmazonEC2", "t2.micro Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "t2.micro"}),
    ("AmazonEC2", "t3.micro Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "t3.micro"}),
    ("AmazonEC2", "t4g.micro Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "t4g.micro"}),
    ("AmazonEC2", "m4.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m4.large"}),
    ("AmazonEC2", "m5.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m5.large"}),
    ("AmazonEC2", "m6i.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m6i.large"}),
    ("AmazonEC2", "m7i.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m7i.large"}),
    ("AmazonEC2", "m7g.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m7g.large"}),
    ("AmazonEC2", "m8g.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m8g.large"}),
    ("AmazonEC2", "c5.xlarge Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "c5.xlarge"}),
    ("AmazonEC2", "r5.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "r5.large"}),
    ("AmazonEC2", "c7g.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "c7g.large"}),
    ("AmazonEC2", "r7g.large Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "r7g.large"}),
    ("AmazonEC2", "m5.metal Linux Shared on-demand", "us-east-1"): ("ec2", "instance", {"instance_type": "m5.metal"}),
    ("EBS", "gp2 storage", "us-east-1"): ("ebs", "storage", {"volume_type": "gp2"}),
    ("EBS", "gp3 storage", "us-east-1"): ("ebs", "storage", {"volume_type": "gp3"}),
    ("EBS", "gp3 provisioned IOPS above the free 3,000", "us-east-1"): ("ebs", "iops", {"volume_type": "gp3"}),
    ("EBS", "gp3 provisioned throughput above the free 125 MiB/s", "us-east-1"): (
        "ebs",
        "throughput",
        {"volume_type": "gp3"},
    ),
    ("EBS", "io1/io2 storage", "us-east-1"): ("ebs", "storage", {"volume_type": "io2"}),
    ("EBS", "io1 provisioned IOPS (io2 first tier same)", "us-east-1"): ("ebs", "iops", {"volume_type": "io2"}),
    ("EBS", "st1 storage", "us-east-1"): ("ebs", "storage", {"volume_type": "st1"}),
    ("EBS", "sc1 storage", "us-east-1"): ("ebs", "storage", {"volume_type": "sc1"}),
    ("EBS", "standard (magnetic) storage", "us-east-1"): ("ebs", "storage", {"volume_type": "standard"}),
    ("EBS", "snapshot storage (standard tier)", "us-east-1"): ("ebs", "snapshot", {}),
    ("VPC/EC2", "NAT gateway hour", "us-east-1"): ("vpc", "nat_gateway", {}),
    ("VPC/EC2", "NAT gateway data processed", "us-east-1"): ("vpc", "nat_gateway_data", {}),
    ("VPC/EC2", "Elastic IP idle (and, since 2024-02-01, every public IPv4 address)", "us-east-1"): (
        "vpc",
        "public_ipv4",
        {"state": "idle"},
    ),
    ("VPC", "Interface VPC endpoint per AZ", "us-east-1"): ("vpc", "endpoint", {"endpoint_type": "interface"}),
    ("AWSELB", "ALB hour", "us-east-1"): ("elb", "load_balancer", {"lb_type": "application"}),
    ("AWSELB", "ALB LCU", "us-east-1"): ("elb", "capacity_units", {"lb_type": "application"}),
    ("AWSELB", "NLB hour", "us-east-1"): ("elb", "load_balancer", {"lb_type": "network"}),
    ("AWSELB", "NLB NLCU", "us-east-1"): ("elb", "capacity_units", {"lb_type": "network"}),
    ("AWSELB", "Classic LB hour", "us-east-1"): ("elb", "load_balancer", {"lb_type": "classic"}),
    ("AmazonRDS", "db.t3.micro MySQL Single-AZ", "us-east-1"): (
        "rds",
        "instance",
        {"instance_class": "db.t3.micro", "engine": "mysql", "deployment": "single_az"},
    ),
    ("AmazonRDS", "db.m5.large MySQL Single-AZ", "us-east-1"): (
        "rds",
        "instance",
        {"instance_class": "db.m5.large", "engine": "mysql", "deployment": "single_az"},
    ),
    ("AmazonRDS", "gp2 storage Single-AZ", "us-east-1"): (
        "rds",
        "storage",
        {"storage_type": "gp2", "deployment": "single_az"},
    ),
    ("AmazonRDS", "io1 storage / provisioned IOPS", "us-east-1"): (
        "rds",
        "storage",
        {"storage_type": "io1", "deployment": "single_az"},
    ),
    ("AmazonRDS", "backup storage beyond free allocation", "us-east-1"): ("rds", "backup_storage", {}),
    ("AmazonElastiCache", "cache.t3.micro Redis/Memcached", "us-east-1"): (
        "elasticache",
        "node",
        {"node_type": "cache.t3.micro", "engine": "redis"},
    ),
    ("AmazonElastiCache", "cache.m5.large / cache.m4.large", "us-east-1"): (
        "elasticache",
        "node",
        {"node_type": "cache.m5.large", "engine": "redis"},
    ),
    ("AmazonElastiCache", "cache.m6g.12xlarge", "us-east-1"): (
        "elasticache",
        "node",
        {"node_type": "cache.m6g.12xlarge", "engine": "redis"},
    ),
    ("AmazonElastiCache", "backup storage", "us-east-1"): ("elasticache", "backup_storage", {}),
    ("AWSLambda", "requests", "us-east-1"): ("lambda", "requests", {}),
    ("AWSLambda", "x86 duration, first 6B GB-s/month", "us-east-1"): ("lambda", "duration", {"architecture": "x86_64"}),
    ("AWSLambda", "arm64 duration, first 7.5B GB-s/month", "us-east-1"): (
        "lambda",
        "duration",
        {"architecture": "arm64"},
    ),
    ("AWSLambda", "ephemeral storage", "us-east-1"): ("lambda", "ephemeral_storage", {}),
    ("AmazonS3", "Standard storage, first 50 TB", "us-east-1"): ("s3", "storage", {"storage_class": "standard"}),
    ("AmazonS3", "Standard-IA storage", "us-east-1"): ("s3", "storage", {"storage_class": "standard_ia"}),
    ("AmazonS3", "Glacier Flexible Retrieval storage", "us-east-1"): (
        "s3",
        "storage",
        {"storage_class": "glacier_flexible"},
    ),
    ("AmazonS3", "Glacier Deep Archive storage", "us-east-1"): ("s3", "storage", {"storage_class": "deep_archive"}),
    ("AWSDataTransfer", "internet egress first 10 TB/month", "us-east-1"): ("vpc", "internet_egress", {}),
    ("AmazonEKS", "EKS cluster control plane (standard support)", "us-east-1"): (
        "eks",
        "cluster",
        {"support": "standard"},
    ),
    ("AmazonEKS", "EKS cluster control plane (extended support)", "us-east-1"): (
        "eks",
        "cluster",
        {"support": "extended"},
    ),
    ("AmazonECS/AmazonEKS", "Fargate Linux/x86 per vCPU", "us-east-1"): (
        "fargate",
        "vcpu",
        {"os": "linux", "architecture": "x86_64", "purchase": "on_demand"},
    ),
    ("AmazonECS/AmazonEKS", "Fargate Linux/x86 per GB of memory", "us-east-1"): (
        "fargate",
        "memory",
        {"os": "linux", "architecture": "x86_64", "purchase": "on_demand"},
    ),
    ("AmazonDynamoDB", "provisioned write capacity unit (Standard table class)", "us-east-2"): (
        "dynamodb",
        "write_capacity",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "provisioned read capacity unit (Standard table class)", "us-east-2"): (
        "dynamodb",
        "read_capacity",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "on-demand write request units", "us-east-2"): (
        "dynamodb",
        "write_requests",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "on-demand read request units", "us-east-2"): (
        "dynamodb",
        "read_requests",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "table data storage (Standard table class)", "us-east-2"): (
        "dynamodb",
        "storage",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "point-in-time recovery (continuous backup) storage", "us-east-2"): (
        "dynamodb",
        "pitr_storage",
        {},
    ),
    ("AmazonDynamoDB", "on-demand backup storage", "us-east-2"): ("dynamodb", "backup_storage", {}),
    ("AmazonDynamoDB", "table data restored", "us-east-2"): ("dynamodb", "restore", {}),
    ("AmazonDynamoDB", "Streams read request units", "us-east-2"): ("dynamodb", "stream_reads", {}),
    ("AmazonCloudWatch", "Logs data ingestion (Standard log class)", "us-east-1"): ("cloudwatch", "logs_ingestion", {}),
    ("AmazonCloudWatch", "Logs archival storage", "us-east-1"): ("cloudwatch", "logs_storage", {}),
    ("AmazonCloudWatch", "Logs Insights data scanned", "us-east-1"): ("cloudwatch", "logs_insights", {}),
    ("AmazonCloudWatch", "metric alarm, standard resolution", "us-east-1"): (
        "cloudwatch",
        "alarm",
        {"resolution": "standard"},
    ),
    ("AmazonCloudWatch", "metric alarm, high resolution (period under 60 s)", "us-east-1"): (
        "cloudwatch",
        "alarm",
        {"resolution": "high"},
    ),
    ("AmazonCloudWatch", "EC2 detailed monitoring (metrics, first tier)", "us-east-1"): ("cloudwatch", "metrics", {}),
    ("awskms", "customer managed key", "us-east-1"): ("kms", "key", {}),
    ("awskms", "symmetric-key requests (also RSA 2048 key requests)", "us-east-1"): (
        "kms",
        "requests",
        {"request_type": "symmetric"},
    ),
    ("awskms", "asymmetric-key requests other than RSA 2048", "us-east-1"): (
        "kms",
        "requests",
        {"request_type": "asymmetric"},
    ),
    ("awskms", "ECC GenerateDataKeyPair requests", "us-east-1"): (
        "kms",
        "requests",
        {"request_type": "ecc_generate_data_key_pair"},
    ),
    ("AWSSecretsManager", "secret", "us-east-1"): ("secretsmanager", "secret", {}),
    ("AWSSecretsManager", "API calls", "us-east-1"): ("secretsmanager", "api_calls", {}),
    ("AmazonRoute53", "standard queries, first 1B/month", "us-east-1"): (
        "route53",
        "queries",
        {"query_type": "standard"},
    ),
    ("AmazonRoute53", "latency-based routing queries, first 1B/month", "us-east-1"): (
        "route53",
        "queries",
        {"query_type": "latency"},
    ),
    ("AWSQueueService", "SQS standard queue requests", "us-east-1"): ("sqs", "requests", {"queue_type": "standard"}),
    ("AWSQueueService", "SQS FIFO queue requests", "us-east-1"): ("sqs", "requests", {"queue_type": "fifo"}),
    ("AmazonEFS", "Standard storage", "us-east-1"): ("efs", "storage", {"storage_class": "standard"}),
    ("AmazonEFS", "Standard-Infrequent Access storage", "us-east-1"): (
        "efs",
        "storage",
        {"storage_class": "standard_ia"},
    ),
    ("AmazonEFS", "One Zone storage", "us-east-1"): ("efs", "storage", {"storage_class": "one_zone"}),
    ("AmazonEFS", "One Zone-Infrequent Access storage", "us-east-1"): (
        "efs",
        "storage",
        {"storage_class": "one_zone_ia"},
    ),
    ("AmazonEFS", "Infrequent Access data read or written", "us-east-1"): ("efs", "ia_access", {}),
    ("AmazonEFS", "provisioned throughput above the storage baseline", "us-east-1"): (
        "efs",
        "provisioned_throughput",
        {},
    ),
    ("AmazonRDS", "Aurora storage (Standard configuration)", "us-east-1"): (
        "rds",
        "aurora_storage",
        {"storage_config": "standard"},
    ),
    ("AmazonRDS", "Aurora I/O requests (Standard configuration)", "us-east-1"): ("rds", "aurora_io", {}),
    ("AmazonRDS", "Aurora backup storage beyond the free allocation", "us-east-1"): (
        "rds",
        "aurora_backup_storage",
        {},
    ),
    ("AmazonRDS", "Aurora Backtrack change records", "us-east-1"): ("rds", "aurora_backtrack", {}),
    ("AmazonRDS", "Aurora snapshot export", "us-east-1"): ("rds", "aurora_snapshot_export", {}),
    ("AmazonRDS", "Aurora Serverless v1 capacity", "us-east-1"): ("rds", "serverless_capacity", {"version": "v1"}),
    ("AmazonRDS", "Aurora Serverless v2 capacity (Standard configuration)", "us-east-1"): (
        "rds",
        "serverless_capacity",
        {"version": "v2"},
    ),
    ("AmazonRDS", "Aurora MySQL db.t3.medium on-demand", "us-east-1"): (
        "rds",
        "instance",
        {"instance_class": "db.t3.medium", "engine": "aurora-mysql", "deployment": "single_az"},
    ),
    ("AmazonRDS", "Aurora MySQL db.t3.large on-demand", "us-east-1"): (
        "rds",
        "instance",
        {"instance_class": "db.t3.large", "engine": "aurora-mysql", "deployment": "single_az"},
    ),
    ("AmazonRDS", "Aurora MySQL db.r4.large on-demand", "us-east-1"): (
        "rds",
        "instance",
        {"instance_class": "db.r4.large", "engine": "aurora-mysql", "deployment": "single_az"},
    ),
    ("AmazonRDS", "Aurora/RDS extended support, year 1", "us-east-1"): ("rds", "extended_support", {"year": "1"}),
    ("AmazonEC2", "T-family unlimited-mode CPU credits (Linux)", "us-east-1"): ("ec2", "cpu_credits", {"os": "linux"}),
    ("AmazonEC2", "t3.medium Windows on-demand", "us-east-1"): (
        "ec2",
        "instance",
        {"instance_type": "t3.medium", "os": "windows"},
    ),
    ("AmazonSNS", "standard topic publish API requests beyond the first 1M", "us-east-1"): (
        "sns",
        "requests",
        {"topic_type": "standard"},
    ),
    ("AmazonSNS", "HTTP/HTTPS notifications beyond the first 100k", "us-east-1"): (
        "sns",
        "notifications",
        {"protocol": "http"},
    ),
    ("AmazonSNS", "email/email-JSON notifications beyond the first 1k", "us-east-1"): (
        "sns",
        "notifications",
        {"protocol": "email"},
    ),
    ("AmazonSNS", "FIFO topic publish API requests", "us-east-1"): ("sns", "requests", {"topic_type": "fifo"}),
    ("AmazonSNS", "FIFO topic publish payload", "us-east-1"): ("sns", "fifo_payload", {}),
    ("AmazonApiGateway", "REST API requests, first 333M/month", "us-east-1"): ("apigateway", "rest_requests", {}),
    ("AmazonCloudFront", "data transfer out to internet, US/Mexico/Canada, first 10 TB/month", "global"): (
        "cloudfront",
        "data_out",
        {"geography": "us_mexico_canada"},
    ),
    ("AmazonCloudFront", "data transfer out to origin, US/Mexico/Canada", "global"): (
        "cloudfront",
        "data_to_origin",
        {"geography": "us_mexico_canada"},
    ),
    ("AmazonCloudFront", "HTTPS requests, US/Mexico/Canada", "global"): (
        "cloudfront",
        "requests",
        {"geography": "us_mexico_canada", "protocol": "https"},
    ),
    ("AmazonCloudFront", "invalidation paths beyond the first 1,000/month", "global"): (
        "cloudfront",
        "invalidations",
        {},
    ),
    ("AmazonCloudFront", "dedicated-IP custom SSL certificate", "global"): ("cloudfront", "dedicated_ip_ssl", {}),
    ("AmazonDynamoDB", "provisioned write capacity unit (Standard table class)", "us-east-1"): (
        "dynamodb",
        "write_capacity",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "on-demand write request units", "us-east-1"): (
        "dynamodb",
        "write_requests",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "table data storage (Standard table class)", "us-east-1"): (
        "dynamodb",
        "storage",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "provisioned read capacity unit (Standard table class)", "us-east-1"): (
        "dynamodb",
        "read_capacity",
        {"table_class": "standard"},
    ),
    ("AmazonDynamoDB", "on-demand read request units", "us-east-1"): (
        "dynamodb",
        "read_requests",
        {"table_class": "standard"},
    ),
}


def agreement(candidates: Iterable[PriceRecord], root: Path) -> dict[str, dict[str, Any]]:
    """Per source (a family of files counts as one: ``infracost-golden``, ``aws-price-watcher``), how
    many ``CATALOG_KEYS`` entries it prices, how many at the entry's value, and the others."""
    from costlint.pricing.catalog import normalise
    from costlint.pricing.schema import price_key

    doc = load_json(root, PATH)
    wanted: dict[tuple[str, str, str], tuple[str, Decimal]] = {}
    for entry in doc["entries"]:
        key = (entry["service"], entry["item"], "global" if entry["region"].startswith("global") else entry["region"])
        if key in CATALOG_KEYS:
            service, product, attrs = CATALOG_KEYS[key]
            full = price_key(product, normalise("aws", service, product, attrs))
            wanted[(service, key[2], full)] = (entry["item"], Decimal(entry["value"]))
    out: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for record in candidates:
        family = record.source.split(":", 1)[0]
        found = wanted.get((record.service, record.region, record.key))
        if found is None or family == SOURCE_ID or (family, *found[:1], record.region, record.key) in seen:
            continue
        seen.add((family, found[0], record.region, record.key))
        row = out.setdefault(family, {"checked": 0, "agree": 0, "differ": []})
        row["checked"] += 1
        if record.price == found[1]:
            row["agree"] += 1
        else:
            row["differ"].append(
                f"{record.service} {record.key} {record.region}: {decimal_text(record.price)} "
                f"({record.source}) vs {decimal_text(found[1])}"
            )
    for row in out.values():
        row["differ"].sort()
    return dict(sorted(out.items()))
