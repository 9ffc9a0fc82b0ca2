"""SQS, SNS, API Gateway REST and CloudFront: figures worked out by hand from
pricing_cache/aws/{sqs,sns,apigateway}/us-east-1.json and pricing_cache/aws/cloudfront/global.json.

sqs requests standard 0.4, fifo 0.5 $/1M; sns requests standard 0.5, fifo 0.3 $/1M, notifications http
0.06 $/100k, fifo_payload 0.017 $/GB; apigateway rest_requests 3.5 $/1M for the first 333 M, 2.8 for the
next 667 M, cache|cache_size=0.5 0.02 $/hour; cloudfront data_out us_mexico_canada 0.085 (first 10,240
GB) then 0.08, europe_israel 0.085, requests https us 0.01 $/10k, invalidations 0.005 $/path beyond 1,000,
dedicated_ip_ssl 600 $/month.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from test_estimate_data_support import FIXTURES, component, estimate, monthly, names, shape

MESSAGING = FIXTURES / "serverless" / "messaging"
CDN = {
    "monthly_data_transfer_to_internet_gb": {"us": 20480, "europe": 100},
    "monthly_https_requests": {"us": 50_000_000},
    "monthly_invalidation_requests": 1500,
}
USAGE = {
    "aws_sqs_queue.jobs": {"monthly_requests": 3_000_000, "request_size_kb": 100},
    "aws_sqs_queue.ordered": {"monthly_requests": 1_000_000},
    "aws_sns_topic.alerts": {"monthly_requests": 1_000_000},
    "aws_sns_topic.orders": {"monthly_requests": 1_000_000, "request_size_kb": 16},
    "aws_api_gateway_rest_api.api": {"monthly_requests": 500_000_000},
    "aws_cloudfront_distribution.cdn": CDN,
}
TWINS = {
    "aws_sqs_queue.jobs": "jobs",
    "aws_sqs_queue.ordered": "ordered",
    "aws_sns_topic.alerts": "alerts",
    "aws_sns_topic.orders": "orders",
    "aws_api_gateway_rest_api.api": "api",
    "aws_api_gateway_stage.cached": "cached",
    "aws_cloudfront_distribution.cdn": "cdn",
}


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(MESSAGING / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(MESSAGING / "cloudformation", {TWINS[a]: u for a, u in USAGE.items()})


def test_sqs_requests_billed_per_64_kb(tf: dict) -> None:
    # 3,000,000 requests of 100 KB = 2 chunks each = 6 M x 0.4 = 2.40
    assert tf["aws_sqs_queue.jobs"].monthly_cost == Decimal("2.4")
    # FIFO: 1 M x 0.5 = 0.50
    assert monthly(tf["aws_sqs_queue.ordered"], "Requests (fifo)") == Decimal("0.5")


def test_sns_deliveries_from_the_subscriptions_declared(tf: dict) -> None:
    rc = tf["aws_sns_topic.alerts"]
    # 1 M publishes x 0.5 = 0.50; 2 HTTPS subscriptions (the SQS one is free) = 2 M deliveries = 20 x 100k x 0.06
    assert monthly(rc, "Publish requests (standard)") == Decimal("0.5")
    assert monthly(rc, "HTTP/HTTPS notifications (2 subscriptions)") == Decimal("1.20")
    assert rc.assumptions == ["subscriptions counted from the project: 2 http"]
    for name in ("alerts_hook_a", "alerts_hook_b", "alerts_queue"):
        assert tf[f"aws_sns_topic_subscription.{name}"].status == "free"


def test_sns_subscriptions_from_usage_win() -> None:
    rc = estimate(
        MESSAGING / "terraform", {"aws_sns_topic.alerts": {"monthly_requests": 100_000, "email_subscriptions": 3}}
    )["aws_sns_topic.alerts"]
    assert names(rc) == ["Publish requests (standard)", "Email/Email-JSON notifications (3 subscriptions)"]
    # 100,000 x 3 = 300,000 deliveries = 3 x 100k x 2.00 = 6.00 (the account's free tier is not deducted)
    assert monthly(rc, "Email/Email-JSON notifications (3 subscriptions)") == Decimal("6")


def test_sns_fifo_payload(tf: dict) -> None:
    rc = tf["aws_sns_topic.orders"]
    # 1 M x 0.3 = 0.30; 1,000,000 x 16 KB = 16,000,000 KB / 1,048,576 = 15.2587890625 GB x 0.017
    assert monthly(rc, "Publish requests (fifo)") == Decimal("0.3")
    assert monthly(rc, "FIFO publish payload") == Decimal("0.2593994140625")


def test_api_gateway_requests_in_bands(tf: dict) -> None:
    rc = tf["aws_api_gateway_rest_api.api"]
    # 500 M requests: first 333 M x 3.5 = 1,165.50; next 167 M x 2.8 = 467.60
    assert [c.monthly_cost for c in rc.components] == [Decimal("1165.5"), Decimal("467.6")]
    # A 0.5 GB cache (aws-price-watcher apigateway.json "Caching Memory Size 0 5", per hour: 0.02):
    # 730 h x 0.02 = 14.60
    stage = tf["aws_api_gateway_stage.cached"]
    assert [(c.name, c.monthly_quantity, c.monthly_cost) for c in stage.components] == [
        ("Cache (0.5 GB)", Decimal(730), Decimal("14.60"))
    ]


def test_cloudfront_by_geography(tf: dict) -> None:
    rc = tf["aws_cloudfront_distribution.cdn"]
    # US: 20,480 GB = 10,240 x 0.085 = 870.40 + 10,240 x 0.08 = 819.20; 50 M HTTPS = 5,000 x 10k x 0.01 = 50.00
    assert monthly(rc, "US, Mexico, Canada: data transfer out to internet (first 10 TB)") == Decimal("870.400")
    assert monthly(rc, "US, Mexico, Canada: data transfer out to internet (next 40 TB)") == Decimal("819.20")
    assert monthly(rc, "US, Mexico, Canada: HTTPS requests") == Decimal("50.00")
    # Europe: 100 GB x 0.085 = 8.50
    assert monthly(rc, "Europe, Israel: data transfer out to internet (first 10 TB)") == Decimal("8.500")
    # 1,500 paths - 1,000 free = 500 x 0.005 = 2.50; ssl_support_method vip: 1 certificate x 600.00
    assert monthly(rc, "Invalidation paths (beyond 1,000 free)") == Decimal("2.500")
    certificate = component(rc, "Dedicated IP custom SSL certificates")
    assert certificate.monthly_cost == Decimal("600") and not certificate.usage_based
    assert rc.monthly_cost == Decimal("2350.600")


@pytest.mark.parametrize("address", sorted(TWINS))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str) -> None:
    assert shape(cfn[TWINS[address]]) == shape(tf[address])
    assert cfn[TWINS[address]].reason == tf[address].reason
