"""Lambda functions: figures worked out by hand from pricing_cache/aws/lambda/us-east-1.json.

requests 0.2 $/1M; duration x86_64 0.0000166667 $/GB-s (bands: first 6B, next 9B at 0.000015, then
0.0000133334); arm64 0.0000133334 (first 7.5B, next 11.25B at 0.0000120001, then 0.0000106667);
ephemeral_storage 0.0000000309 $/GB-s; provisioned_concurrency x86_64 0.0000041667, arm64 0.0000033334
$/GB-s (a month is 730 h x 3,600 = 2,628,000 s).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from test_estimate_data_support import FIXTURES, component, estimate, monthly, names, shape

LAMBDA = FIXTURES / "serverless" / "lambda"
API = {"monthly_requests": 5_000_000, "request_duration_ms": 199.2}
USAGE = {"aws_lambda_function.api": API, "api": API}


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(LAMBDA / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(LAMBDA / "cloudformation", USAGE)


def test_requests_duration_and_ephemeral_storage_arm64(tf: dict) -> None:
    rc = tf["aws_lambda_function.api"]
    # 5,000,000 requests = 5 M x 0.2 = 1.00
    assert monthly(rc, "Requests") == Decimal("1.0")
    # 199.2 ms billed as 200 ms: 5,000,000 x 0.2 s = 1,000,000 s x 1 GB (1,024 MB) = 1,000,000 GB-s
    # x 0.0000133334 (arm64, first band) = 13.3334
    assert monthly(rc, "Duration (first 7.5B GB-second)") == Decimal("13.3334000")
    # (2,048 - 512) MB = 1.5 GB x 1,000,000 s = 1,500,000 GB-s x 0.0000000309 = 0.04635
    assert monthly(rc, "Ephemeral storage (above 512 MB)") == Decimal("0.046350000")
    assert rc.monthly_cost == Decimal("14.379750000")
    assert all(c.usage_based for c in rc.components)


def test_defaults_and_usage_on_a_default_function() -> None:
    found = estimate(
        LAMBDA / "terraform",
        {"aws_lambda_function.worker": {"monthly_requests": 2_000_000, "request_duration_ms": 100}},
    )
    rc = found["aws_lambda_function.worker"]
    # 128 MB = 0.125 GB x 2,000,000 x 0.1 s = 25,000 GB-s x 0.0000166667 (x86_64) = 0.4166675; 2 M x 0.2 = 0.40
    assert rc.monthly_cost == Decimal("0.81666750")
    assert rc.assumptions == ["memory_size not set: 128 MB"]
    assert names(rc) == ["Requests", "Duration (first 6B GB-second)"]  # 512 MB ephemeral storage is included


def test_without_usage_unit_prices_only(tf: dict) -> None:
    rc = tf["aws_lambda_function.worker"]
    assert [(c.name, c.unit_price, c.monthly_quantity) for c in rc.components] == [
        ("Requests", Decimal("0.2"), None),
        ("Duration", Decimal("0.0000166667"), None),
    ]
    assert rc.monthly_cost == 0 and rc.status == "priced"


def test_duration_crosses_a_price_band() -> None:
    usage = {"aws_lambda_function.api": {"monthly_requests": 8_000_000_000, "request_duration_ms": 1000}}
    rc = estimate(LAMBDA / "terraform", usage)["aws_lambda_function.api"]
    # 8,000,000,000 x 1 s x 1 GB = 8,000,000,000 GB-s:
    # first 7,500,000,000 x 0.0000133334 = 100,000.50; next 500,000,000 x 0.0000120001 = 6,000.05
    assert monthly(rc, "Duration (first 7.5B GB-second)") == Decimal("100000.5000000000")
    assert monthly(rc, "Duration (next 11.25B GB-second)") == Decimal("6000.0500000")
    assert (
        "duration price bands applied to this function alone (AWS applies them to the account's total per "
        "region and architecture)" in rc.assumptions
    )


def test_not_priced_reasons(tf: dict, cfn: dict) -> None:
    assert tf["aws_lambda_function.unknown_memory"].reason == "memory_size is unknown (var.memory)"
    assert cfn["unknown_memory"].reason == "memory_size is unknown (parameter Memory)"
    # eu-west-1 has Lambda prices of its own (aws-price-watcher lambda.json, EU (Ireland): "Lambda Requests"
    # 0.0000002 per request = 0.2 per 1M, "Lambda Duration" 0.0000166667): priced, usage-based, no usage.
    ireland = tf["aws_lambda_function.ireland"]
    assert ireland.status == "priced" and ireland.monthly_cost == 0
    assert [(c.name, c.unit_price, c.price_date) for c in ireland.components] == [
        ("Requests", Decimal("0.2"), "2025-12-06"),
        ("Duration", Decimal("0.0000166667"), "2025-12-06"),
    ]
    # Provisioned concurrency of the arm64 1,024 MB function api: 5 x 1 GB x 2,628,000 s = 13,140,000 GB-s
    # x 0.0000033334 = 43.800876
    config = tf["aws_lambda_provisioned_concurrency_config.api"]
    assert [(c.name, c.monthly_quantity, c.monthly_cost) for c in config.components] == [
        ("Provisioned concurrency (5 x 1024 MB)", Decimal(13_140_000), Decimal("43.8008760000"))
    ]
    assert tf["aws_lambda_permission.api"].status == "free"


def test_sam_function_gets_sam_defaults_and_its_provisioned_concurrency(cfn: dict) -> None:
    assert shape(cfn["worker"])[:2] == [
        ("Requests", "1M requests", None, Decimal("0.2"), True, None),
        ("Duration", "GB-second", None, Decimal("0.0000166667"), True, None),
    ]
    # 2 x 512 MB = 1 GB x 2,628,000 s x 0.0000041667 (x86_64) = 10.9500876
    warm = component(cfn["warm"], "Provisioned concurrency (2 x 512 MB)")
    assert (warm.monthly_cost, warm.usage_based) == (Decimal("10.95008760000"), False)


def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict) -> None:
    assert shape(cfn["api"]) == shape(tf["aws_lambda_function.api"])
    # An alias with ProvisionedConcurrencyConfig is the twin of aws_lambda_provisioned_concurrency_config.
    assert shape(cfn["live"]) == shape(tf["aws_lambda_provisioned_concurrency_config.api"])
