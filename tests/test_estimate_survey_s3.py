"""S3 configurations that bill of their own, and directory buckets (issue 10's survey of real projects).

Figures worked out by hand from pricing_cache/aws/{s3,cloudwatch}/us-east-1.json
(`costlint pricing lookup aws s3 --product inventory_objects`, ...):
  s3 inventory_objects 0.0025 $/1M objects;  s3 analytics_objects 0.1 $/1M objects
  s3 monitoring_objects 0.0025 $/1k objects
  s3 storage|storage_class=express_one_zone 0.11 $/GB-month
  s3 requests|express_one_zone tier1 0.00113, tier2 0.00003 $/1k requests
  cloudwatch metrics 0.3 $/metric-month (first band)
A month is 730 hours: a daily inventory runs 730 / 24 = 30.41666... times, a weekly one 730 / 168.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from costlint.estimate.model import ResourceCost
from test_estimate_data_support import FIXTURES, cents, component, estimate, names

S3 = FIXTURES / "survey" / "s3"
OBJECTS = 20_000_000
USAGE = {
    "aws_s3_bucket.data": {"objects": OBJECTS, "intelligent_tiering": {"monitored_objects": 1_000_000}},
    "data": {"objects": OBJECTS, "intelligent_tiering": {"monitored_objects": 1_000_000}},
    "aws_s3_directory_bucket.fast": {
        "storage_gb": 100,
        "monthly_tier_1_requests": 1_000_000,
        "monthly_tier_2_requests": 10_000_000,
    },
    "fast": {"storage_gb": 100, "monthly_tier_1_requests": 1_000_000, "monthly_tier_2_requests": 10_000_000},
}


@pytest.fixture(scope="module")
def tf() -> dict[str, ResourceCost]:
    return estimate(S3 / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict[str, ResourceCost]:
    return estimate(S3 / "cloudformation", USAGE)


def test_daily_inventory_lists_the_buckets_objects_every_day(tf: dict) -> None:
    rc = tf["aws_s3_bucket_inventory.daily"]
    line = component(rc, "Inventory daily-all (daily)")
    # 20 M objects x 30.41666... runs = 608.333... M objects x 0.0025 = 1.5208... -> $1.52
    assert line.monthly_quantity is not None and line.monthly_quantity.quantize(Decimal("0.001")) == Decimal("608.333")
    assert line.unit_price == Decimal("0.0025") and line.usage_based
    assert cents(rc.monthly_cost) == Decimal("1.52")
    assert rc.assumptions == ["objects: the usage of its bucket aws_s3_bucket.data"]


def test_weekly_inventory_found_by_the_buckets_literal_name(tf: dict) -> None:
    rc = tf["aws_s3_bucket_inventory.weekly"]
    # bucket = "survey-data" (a literal name): 20 M x 730 / 168 = 86.9047... M x 0.0025 = 0.21726 -> $0.22
    assert cents(rc.monthly_cost) == Decimal("0.22")


def test_a_disabled_inventory_is_free(tf: dict) -> None:
    rc = tf["aws_s3_bucket_inventory.off"]
    assert (rc.status, rc.assumptions) == ("free", [])


def test_inventory_without_usage_shows_its_unit_price(tmp_path: Path) -> None:
    rc = estimate(S3 / "terraform")["aws_s3_bucket_inventory.daily"]
    assert rc.status == "priced" and rc.monthly_cost == 0
    assert [(c.name, c.unit_price, c.monthly_quantity) for c in rc.components] == [
        ("Inventory daily-all (daily)", Decimal("0.0025"), None)
    ]


def test_storage_class_analysis_per_object_monitored(tf: dict) -> None:
    rc = tf["aws_s3_bucket_analytics_configuration.all"]
    # 20 M objects x 0.10 per 1M = $2.00
    assert rc.monthly_cost == Decimal("2.0")


def test_request_metrics_are_sixteen_custom_metrics(tf: dict) -> None:
    rc = tf["aws_s3_bucket_metric.documents"]
    # 16 metrics x 0.30 = $4.80, not usage-based
    assert [(c.name, c.monthly_quantity, c.usage_based) for c in rc.components] == [
        ("Request metrics documents", Decimal(16), False)
    ]
    assert rc.monthly_cost == Decimal("4.8")


def test_intelligent_tiering_monitoring_is_priced(tf: dict) -> None:
    line = component(tf["aws_s3_bucket.data"], "Intelligent-Tiering: Monitoring and automation")
    # 1,000,000 objects = 1,000 x 1k objects x 0.0025 = $2.50
    assert (line.monthly_quantity, line.monthly_cost, line.missing) == (Decimal(1000), Decimal("2.5"), None)


def test_directory_bucket_express_one_zone(tf: dict) -> None:
    rc = tf["aws_s3_directory_bucket.fast"]
    # 100 GB x 0.11 = 11.00; 1,000 k x 0.00113 = 1.13; 10,000 k x 0.00003 = 0.30; total 12.43
    assert [(c.name, c.monthly_cost) for c in rc.components] == [
        ("Storage", Decimal("11.00")),
        ("PUT, COPY, POST, LIST requests", Decimal("1.13")),
        ("GET, SELECT, and all other requests", Decimal("0.30")),
    ]


def test_directory_bucket_where_express_one_zone_is_not_offered(tmp_path: Path) -> None:
    from estimate_helpers import terraform

    costs = terraform(
        tmp_path,
        """
resource "aws_s3_directory_bucket" "fast" {
  bucket = "fast--sae1-az1--x-s3"
  location {
    name = "sae1-az1"
  }
}
""",
        region="sa-east-1",
    )
    rc = costs["aws_s3_directory_bucket.fast"]
    assert rc.status == "not_priced" and rc.reason is not None and "not offered" in rc.reason


def test_cloudformation_bucket_properties_price_as_the_terraform_resources(tf: dict, cfn: dict) -> None:
    bucket = cfn["data"]
    assert names(bucket)[-4:] == [
        "Inventory daily-all (daily)",
        "Inventory weekly-current (weekly)",
        "Storage Class Analysis whole-bucket",
        "Request metrics documents",
    ]
    twins = {
        "Inventory daily-all (daily)": "aws_s3_bucket_inventory.daily",
        "Inventory weekly-current (weekly)": "aws_s3_bucket_inventory.weekly",
        "Storage Class Analysis whole-bucket": "aws_s3_bucket_analytics_configuration.all",
        "Request metrics documents": "aws_s3_bucket_metric.documents",
    }
    for name, address in twins.items():
        mine, theirs = component(bucket, name), tf[address].components[0]
        assert (mine.monthly_quantity, mine.unit_price, mine.usage_based) == (
            theirs.monthly_quantity,
            theirs.unit_price,
            theirs.usage_based,
        ), name
    assert not [n for n in names(bucket) if n.startswith("Inventory off")]  # disabled
    # The bucket's own lines are the Terraform bucket's.
    assert names(bucket)[: len(names(tf["aws_s3_bucket.data"]))] == names(tf["aws_s3_bucket.data"])
    assert [(c.name, c.monthly_cost) for c in cfn["fast"].components] == [
        (c.name, c.monthly_cost) for c in tf["aws_s3_directory_bucket.fast"].components
    ]
