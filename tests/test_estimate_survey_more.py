"""ElastiCache Serverless, Kinesis Data Streams, Directory Service, ALB trust stores.

Figures worked out by hand from pricing_cache/aws/{elasticache,kinesis,directoryservice,elb}/us-east-1.json
(`costlint pricing lookup aws kinesis --product shard`, ...):
  elasticache serverless_storage valkey 0.084, redis 0.125 $/GB-hour; serverless_ecpu valkey 0.0023 $/1M ECPUs
  kinesis shard 0.015 $/shard-hour, extended_retention 0.02 $/shard-hour, put_payload_units 0.014 $/1M units,
  on_demand_stream 0.04 $/stream-hour, on_demand_ingested 0.08 $/GB, on_demand_retrieved 0.04 $/GB
  directoryservice domain_controller standard 0.06, enterprise 0.2 $/DC-hour; directory simple_ad_large
  0.15 $/hour (no small Simple AD price)
  elb trust_store 0.005 $/hour
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from costlint.estimate.model import ResourceCost
from test_estimate_data_support import FIXTURES, estimate, shape

MORE = FIXTURES / "survey" / "more"
USAGE_BY_NAME = {
    "sessions": {"storage_gb": 10, "monthly_ecpus": 1_000_000_000},
    "small": {"storage_gb": 0.5},
    "events": {"monthly_put_payload_units": 100_000_000},
    "clicks": {"monthly_data_ingested_gb": 100, "monthly_data_retrieved_gb": 200},
}
TF_TYPES = {
    "sessions": "aws_elasticache_serverless_cache",
    "small": "aws_elasticache_serverless_cache",
    "events": "aws_kinesis_stream",
    "clicks": "aws_kinesis_stream",
    "corp": "aws_directory_service_directory",
    "enterprise": "aws_directory_service_directory",
    "simple": "aws_directory_service_directory",
    "tiny": "aws_directory_service_directory",
    "clients": "aws_lb_trust_store",
}
USAGE = {**USAGE_BY_NAME, **{f"{TF_TYPES[name]}.{name}": value for name, value in USAGE_BY_NAME.items()}}


@pytest.fixture(scope="module")
def tf() -> dict[str, ResourceCost]:
    return estimate(MORE / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict[str, ResourceCost]:
    return estimate(MORE / "cloudformation", USAGE)


def costs(rc: ResourceCost) -> list[tuple[str, Decimal | None]]:
    return [(c.name, c.monthly_cost) for c in rc.components]


def test_elasticache_serverless_data_and_processing_units(tf: dict) -> None:
    # Valkey: 10 GB x 730 h = 7,300 GB-hours x 0.084 = 613.20; 1,000 M ECPUs x 0.0023 = 2.30
    assert costs(tf["aws_elasticache_serverless_cache.sessions"]) == [
        ("Data stored", Decimal("613.200")),
        ("ElastiCache Processing Units", Decimal("2.3000")),
    ]
    small = tf["aws_elasticache_serverless_cache.small"]
    # Redis OSS bills 1 GB at least: 1 x 730 x 0.125 = 91.25
    assert small.components[0].monthly_cost == Decimal("91.250")
    assert small.assumptions == ["0.5 GB stored: billed the minimum, 1 GB (redis)"]


def test_kinesis_provisioned_stream_with_extended_retention(tf: dict) -> None:
    # 2 shards x 730 h = 1,460 shard-hours x 0.015 = 21.90; 100 M PUT units x 0.014 = 1.40;
    # retention 48 h > 24 h: 1,460 x 0.02 = 29.20
    assert costs(tf["aws_kinesis_stream.events"]) == [
        ("Shard hours (2 shards)", Decimal("21.900")),
        ("PUT payload units", Decimal("1.400000")),
        ("Extended retention (up to 48 hours)", Decimal("29.200")),
    ]


def test_kinesis_on_demand_stream(tf: dict) -> None:
    # 730 h x 0.04 = 29.20; 100 GB x 0.08 = 8.00; 200 GB x 0.04 = 8.00
    assert costs(tf["aws_kinesis_stream.clicks"]) == [
        ("Stream hours (on-demand)", Decimal("29.20")),
        ("Data ingested", Decimal("8.00")),
        ("Data retrieved", Decimal("8.00")),
    ]


def test_directories(tf: dict) -> None:
    # Microsoft AD Standard: 2 controllers x 730 h = 1,460 DC-hours x 0.06 = 87.60
    assert tf["aws_directory_service_directory.corp"].monthly_cost == Decimal("87.60")
    # No edition: Enterprise (the provider's default), 1,460 x 0.2 = 292.00
    enterprise = tf["aws_directory_service_directory.enterprise"]
    assert enterprise.monthly_cost == Decimal("292.0")
    assert enterprise.assumptions == ["edition not set: assumed Enterprise"]
    # Simple AD large: 730 h x 0.15 = 109.50
    assert tf["aws_directory_service_directory.simple"].monthly_cost == Decimal("109.50")
    tiny = tf["aws_directory_service_directory.tiny"]
    assert (tiny.status, tiny.reason) == (
        "not_priced",
        "no price for aws/directoryservice directory (directory_type=simple_ad_small) in us-east-1",
    )


def test_trust_store_by_the_hour(tf: dict) -> None:
    # 730 h x 0.005 = 3.65
    assert costs(tf["aws_lb_trust_store.clients"]) == [("Trust store", Decimal("3.650"))]


@pytest.mark.parametrize("name", sorted(TF_TYPES))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, name: str) -> None:
    mine, theirs = cfn[name], tf[f"{TF_TYPES[name]}.{name}"]
    assert (shape(mine), mine.status, mine.reason) == (shape(theirs), theirs.status, theirs.reason)
