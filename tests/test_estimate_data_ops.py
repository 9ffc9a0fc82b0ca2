"""CloudWatch log groups and alarms, KMS keys, Secrets Manager secrets, Route 53 zones and records:
figures worked out by hand from pricing_cache/aws/{cloudwatch,kms,secretsmanager}/us-east-1.json and
pricing_cache/aws/route53/global.json.

cloudwatch: logs_ingestion 0.5 $/GB (Infrequent Access class: 0.25), logs_storage 0.03 $/GB-month, logs_insights
0.005 $/GB, alarm standard 0.1 / high 0.3 $/alarm-metric-month. kms: key 1 $/month, symmetric requests
0.03 $/10k (no asymmetric or RSA 2048 price). secretsmanager: secret 0.4 $/month, api_calls 0.05 $/10k.
route53: hosted_zone 0.5 $/month (first band), latency queries 0.6 $/1M for the first 1,000 M, then 0.3.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from test_estimate_data_support import FIXTURES, component, estimate, monthly, shape

OPS = FIXTURES / "data" / "ops"
LOGS = {"monthly_data_ingested_gb": 10, "storage_gb": 100, "monthly_data_scanned_gb": 50}
USAGE = {
    "aws_cloudwatch_log_group.app": LOGS,
    "app": LOGS,
    "aws_kms_key.data": {"monthly_requests": 100_000},
    "data": {"monthly_requests": 100_000},
    "aws_secretsmanager_secret.db": {"monthly_requests": 50_000},
    "db": {"monthly_requests": 50_000},
    "aws_route53_record.www": {"monthly_latency_based_queries": 2_000_000_000},
    "www": {"monthly_latency_based_queries": 2_000_000_000},
}
TWINS = {
    "aws_cloudwatch_log_group.app": "app",
    "aws_cloudwatch_log_group.audit": "audit",
    "aws_cloudwatch_metric_alarm.cpu": "cpu",
    "aws_cloudwatch_metric_alarm.fast": "fast",
    "aws_cloudwatch_metric_alarm.error_rate": "error_rate",
    "aws_cloudwatch_metric_alarm.anomaly": "anomaly",
    "aws_kms_key.data": "data",
    "aws_kms_key.signing": "signing",
    "aws_kms_key.rsa": "rsa",
    "aws_secretsmanager_secret.db": "db",
    "aws_route53_zone.main": "main",
    "aws_route53_record.www": "www",
    "aws_route53_record.apex": "apex",
}


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(OPS / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(OPS / "cloudformation", USAGE)


def test_log_group_ingestion_storage_and_insights(tf: dict) -> None:
    rc = tf["aws_cloudwatch_log_group.app"]
    # 10 GB x 0.5 = 5.00; 100 GB x 0.03 = 3.00; 50 GB scanned x 0.005 = 0.25
    assert [c.monthly_cost for c in rc.components] == [Decimal("5.0"), Decimal("3.00"), Decimal("0.250")]
    assert rc.monthly_cost == Decimal("8.250")


def test_log_group_infrequent_access_ingestion_at_its_own_rate(tf: dict) -> None:
    ingestion = component(tf["aws_cloudwatch_log_group.audit"], "Data ingested (infrequent access class)")
    # aws-price-watcher cloudwatch.json, US East (N. Virginia): Infrequent Access ingestion 0.25 $/GB
    # (Standard: 0.50); usage-based
    assert (ingestion.missing, ingestion.unit_price, ingestion.usage_based) == (None, Decimal("0.25"), True)


def test_alarms_by_resolution_and_metric_count(tf: dict) -> None:
    # period 60 s: 1 standard metric x 0.1 = 0.10; period 10 s: 1 high-resolution metric x 0.3 = 0.30
    assert tf["aws_cloudwatch_metric_alarm.cpu"].monthly_cost == Decimal("0.1")
    assert tf["aws_cloudwatch_metric_alarm.fast"].monthly_cost == Decimal("0.3")
    # metric math over 2 metrics: 2 x 0.1 = 0.20
    assert monthly(tf["aws_cloudwatch_metric_alarm.error_rate"], "Standard resolution alarm metrics") == Decimal("0.2")
    # anomaly detection: the metric and the band's two bounds = 3 x 0.1 = 0.30
    assert monthly(
        tf["aws_cloudwatch_metric_alarm.anomaly"], "Standard resolution anomaly detection alarm metrics"
    ) == Decimal("0.3")


def test_kms_keys_and_requests(tf: dict) -> None:
    rc = tf["aws_kms_key.data"]
    # 1 key-month x 1.00; 100,000 requests = 10 x 10k x 0.03 = 0.30
    assert monthly(rc, "Customer managed key") == Decimal("1")
    assert monthly(rc, "Requests") == Decimal("0.30")
    # asymmetric keys: their requests at the asymmetric rate, never the symmetric one (aws-price-watcher
    # kms.json "Asymmetric Requests except RSA_2048API" 0.000015 per request = 0.15 per 10k)
    signing = tf["aws_kms_key.signing"]
    assert signing.monthly_cost == Decimal("1")
    assert component(signing, "Requests (asymmetric, ECC_NIST_P256)").unit_price == Decimal("0.15")
    assert (
        component(tf["aws_kms_key.rsa"], "Requests (RSA 2048)").missing
        == "the price catalog has no price for requests to RSA 2048 keys"
    )
    assert tf["aws_kms_alias.data"].status == "free"
    # eu-west-1's own KMS prices (aws-price-watcher kms.json "Encryption Key", EU (Ireland): 1.00)
    ireland = tf["aws_kms_key.ireland"]
    assert ireland.status == "priced" and ireland.monthly_cost == Decimal("1")
    assert component(ireland, "Customer managed key").price_date == "2025-12-06"


def test_secret_its_replica_and_api_calls(tf: dict) -> None:
    rc = tf["aws_secretsmanager_secret.db"]
    # 0.40 per secret-month; 50,000 calls = 5 x 10k x 0.05 = 0.25
    assert monthly(rc, "Secret") == Decimal("0.4")
    assert monthly(rc, "API requests") == Decimal("0.250000")
    # the replica is a secret billed in us-west-2, at us-west-2's price (aws-price-watcher
    # secretsmanager.json "Secret", US West (Oregon): 0.40): 0.4 + 0.4 + 0.25 = 1.05
    replica = component(rc, "Secret replica (us-west-2)")
    assert (replica.monthly_quantity, replica.unit_price) == (1, Decimal("0.4"))
    assert rc.monthly_cost == Decimal("1.050000")
    assert tf["aws_secretsmanager_secret_version.db"].status == "free"


def test_route53_zone_and_record_queries_in_bands(tf: dict) -> None:
    assert tf["aws_route53_zone.main"].monthly_cost == Decimal("0.5")
    rc = tf["aws_route53_record.www"]
    # latency routing, 2,000,000,000 queries = 2,000 M: first 1,000 M x 0.6 = 600.00, next 1,000 M x 0.3 = 300.00
    assert [c.monthly_cost for c in rc.components] == [Decimal("600.0"), Decimal("300.0")]
    apex = tf["aws_route53_record.apex"]
    assert apex.status == "free" and apex.assumptions == ["alias to an AWS resource: its queries are free"]


@pytest.mark.parametrize("address", sorted(TWINS))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str) -> None:
    assert shape(cfn[TWINS[address]]) == shape(tf[address])
    assert cfn[TWINS[address]].status == tf[address].status
