"""S3 buckets and EFS file systems: figures worked out by hand from pricing_cache/aws/{s3,efs}/us-east-1.json.

S3: storage standard 0.023 (first band only), standard_ia 0.0125, one_zone_ia 0.01 $/GB-month; requests
standard tier1 0.005, tier2 0.0004, standard_ia tier1 0.01, tier2 0.001 $/1k; retrieval standard_ia 0.01 $/GB.
EFS: storage standard 0.3, standard_ia 0.025, one_zone 0.16 $/GB-month; ia_access 0.01 $/GB;
provisioned_throughput 6 $/MBps-month.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from test_estimate_data_support import FIXTURES, component, estimate, monthly, names, shape

STORAGE = FIXTURES / "data" / "storage"
BUCKET = {
    "standard": {
        "storage_gb": 1000,
        "monthly_tier_1_requests": 100_000,
        "monthly_tier_2_requests": 1_000_000,
        "monthly_select_data_scanned_gb": 10,
    },
    "standard_infrequent_access": {"storage_gb": 500, "monthly_data_retrieval_gb": 100},
}
EFS = {"storage_gb": 200, "infrequent_access_storage_gb": 100, "monthly_infrequent_access_read_gb": 20}
USAGE = {"aws_s3_bucket.assets": BUCKET, "assets": BUCKET, "aws_efs_file_system.shared": EFS, "shared": EFS}


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(STORAGE / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(STORAGE / "cloudformation", USAGE)


def test_s3_classes_and_requests_from_nested_usage(tf: dict) -> None:
    rc = tf["aws_s3_bucket.assets"]
    assert all(c.usage_based for c in rc.components)
    # 1,000 GB, all in the first band (aws-price-watcher s3.json "Standard Storage First 50 TB per GB Mo",
    # US East (N. Virginia): 0.023): 1,000 x 0.023 = 23.00
    assert monthly(rc, "Standard: Storage (first 50 TB-month)") == Decimal("23.000")
    # 100,000 PUT = 100 x 1k x 0.005 = 0.50; 1,000,000 GET = 1,000 x 1k x 0.0004 = 0.40
    assert monthly(rc, "Standard: PUT, COPY, POST, LIST requests") == Decimal("0.500")
    assert monthly(rc, "Standard: GET, SELECT, and all other requests") == Decimal("0.4000")
    # Standard-IA: 500 GB x 0.0125 = 6.25; 100 GB retrieved x 0.01 = 1.00
    assert monthly(rc, "Standard-IA: Storage") == Decimal("6.2500")
    assert monthly(rc, "Standard-IA: Retrievals") == Decimal("1.00")
    # S3 Select has no catalog price: shown with its quantity, never dropped
    select = component(rc, "Standard: Select data scanned")
    assert select.monthly_quantity == 10
    assert select.missing == "the price catalog has no S3 price for select data scanned"
    assert rc.monthly_cost == Decimal("31.1500")


def test_s3_without_usage_shows_standard_unit_prices() -> None:
    rc = estimate(STORAGE / "terraform")["aws_s3_bucket.assets"]
    assert [(c.name, c.unit_price) for c in rc.components] == [
        ("Standard: Storage", Decimal("0.023")),
        ("Standard: PUT, COPY, POST, LIST requests", Decimal("0.005")),
        ("Standard: GET, SELECT, and all other requests", Decimal("0.0004")),
    ]
    assert rc.monthly_cost == 0


def test_s3_standard_beyond_the_first_band_is_priced_at_the_next_bands_rate() -> None:
    rc = estimate(STORAGE / "terraform", {"aws_s3_bucket.assets": {"standard": {"storage_gb": 60_000}}})[
        "aws_s3_bucket.assets"
    ]
    # aws-price-watcher s3.json, US East (N. Virginia): "Standard Storage First 50 TB per GB Mo" 0.023,
    # "Standard Storage Next 450 TB per GB Mo" 0.022 (bands of 51,200 and 460,800 GB).
    # The first 51,200 GB x 0.023 = 1,177.60; the other 8,800 GB x 0.022 = 193.60 (not at 0.023).
    assert monthly(rc, "Standard: Storage (first 50 TB-month)") == Decimal("1177.600")
    over = component(rc, "Standard: Storage (next 450 TB-month)")
    assert (over.monthly_quantity, over.unit_price, over.monthly_cost) == (8800, Decimal("0.022"), Decimal("193.600"))


def test_s3_config_resources_are_free(tf: dict) -> None:
    assert tf["aws_s3_bucket_versioning.assets"].status == "free"


def test_efs_storage_ia_and_provisioned_throughput(tf: dict) -> None:
    rc = tf["aws_efs_file_system.shared"]
    # 200 GB x 0.3 = 60.00; 100 GB IA x 0.025 = 2.50; 20 GB read from IA x 0.01 = 0.20
    assert monthly(rc, "Storage (Standard)") == Decimal("60.0")
    assert monthly(rc, "Storage (Standard, Infrequent Access)") == Decimal("2.500")
    assert monthly(rc, "Infrequent Access reads") == Decimal("0.20")
    # 100 MB/s provisioned - 200 GB x 50 KB/s per GB (10 MB/s included) = 90 MB/s x 6 = 540.00
    assert monthly(rc, "Provisioned throughput") == Decimal("540.00")
    assert not component(rc, "Provisioned throughput").usage_based
    assert rc.monthly_cost == Decimal("602.700")


def test_efs_provisioned_throughput_without_storage_usage_says_so() -> None:
    rc = estimate(STORAGE / "terraform")["aws_efs_file_system.shared"]
    # nothing included without stored data: 100 MB/s x 6 = 600.00
    assert rc.monthly_cost == Decimal("600")
    assert rc.assumptions == ["provisioned throughput: no usage storage_gb, so none of it is included with storage"]


def test_efs_one_zone_archive_and_elastic(tf: dict) -> None:
    assert component(tf["aws_efs_file_system.one_zone"], "Storage (One Zone)").unit_price == Decimal("0.16")
    elastic = tf["aws_efs_file_system.elastic"]
    assert names(elastic) == ["Storage (Standard)", "Storage (Archive)", "Elastic throughput"]
    assert component(elastic, "Elastic throughput").missing == "the price catalog has no EFS elastic throughput price"
    assert tf["aws_efs_mount_target.shared"].status == "free"


@pytest.mark.parametrize(
    ("address", "twin"),
    [
        ("aws_s3_bucket.assets", "assets"),
        ("aws_efs_file_system.shared", "shared"),
        ("aws_efs_file_system.one_zone", "one_zone"),
        ("aws_efs_file_system.elastic", "elastic"),
    ],
)
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str, twin: str) -> None:
    assert shape(cfn[twin]) == shape(tf[address])
