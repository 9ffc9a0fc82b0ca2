"""ElastiCache clusters and replication groups: figures worked out by hand from
pricing_cache/aws/elasticache/us-east-1.json.

Prices used: node|engine=memcached|cache.t3.medium 0.068, node|engine=redis|cache.t3.medium 0.068,
node|engine=redis|cache.r6g.large 0.206, node|engine=redis|cache.r6g.xlarge 0.411 $/h;
backup_storage 0.085 $/GB-month; no Valkey prices; reserved only for cache.m6g.12xlarge.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from test_estimate_data_support import FIXTURES, component, estimate, monthly, shape

CACHE = FIXTURES / "data" / "elasticache"
SNAPSHOT = {"snapshot_storage_size_gb": 20}
USAGE = {"aws_elasticache_cluster.redis": SNAPSHOT, "redis": SNAPSHOT}


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(CACHE / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(CACHE / "cloudformation", USAGE)


def test_cluster_nodes_times_hours(tf: dict) -> None:
    # 3 nodes x 730 h = 2,190 h x 0.068 (memcached cache.t3.medium) = 148.92
    assert tf["aws_elasticache_cluster.memcached"].monthly_cost == Decimal("148.920")


def test_redis_backups_beyond_the_first_snapshot(tf: dict) -> None:
    rc = tf["aws_elasticache_cluster.redis"]
    # 730 h x 0.206 = 150.38
    assert monthly(rc, "ElastiCache (on-demand, cache.r6g.large)") == Decimal("150.380")
    # 20 GB snapshot x (retention 3 - 1 free) = 40 GB x 0.085 = 3.40
    assert monthly(rc, "Backup storage") == Decimal("3.400")
    assert component(rc, "Backup storage").usage_based


def test_replication_group_shards_times_replicas_plus_primary(tf: dict) -> None:
    rc = tf["aws_elasticache_replication_group.sharded"]
    # 2 shards x (1 replica + 1 primary) = 4 nodes x 730 h = 2,920 h x 0.411 = 1,200.12
    assert rc.monthly_cost == Decimal("1200.120")
    assert "2 shard(s) x (1 replica(s) + 1 primary) = 4 nodes" in rc.assumptions


def test_replication_group_num_cache_clusters_and_its_member_cluster(tf: dict) -> None:
    # 3 nodes x 730 h x 0.068 (redis cache.t3.medium) = 148.92
    assert tf["aws_elasticache_replication_group.primary_replicas"].monthly_cost == Decimal("148.920")
    member = tf["aws_elasticache_cluster.member"]
    assert member.status == "free"
    assert member.assumptions == [
        "a member of aws_elasticache_replication_group.primary_replicas: its nodes are priced with the group"
    ]


def test_autoscaling_target_sets_the_shards(tf: dict) -> None:
    rc = tf["aws_elasticache_replication_group.autoscaled"]
    # min_capacity 3 shards x (1 + 1) = 6 nodes x 730 h = 4,380 h x 0.206 = 902.28
    assert rc.monthly_cost == Decimal("902.280")
    assert component(rc, "ElastiCache (on-demand, cache.r6g.large, autoscaling)").usage_based
    # usage capacity on the target: 5 shards x 2 = 10 nodes x 730 x 0.206 = 1,503.80
    found = estimate(CACHE / "terraform", {"aws_appautoscaling_target.autoscaled_shards": {"capacity": 5}})
    assert found["aws_elasticache_replication_group.autoscaled"].monthly_cost == Decimal("1503.800")


def test_valkey_is_priced_at_valkey_rates_not_redis(tf: dict) -> None:
    rc = tf["aws_elasticache_replication_group.valkey"]
    # aws-price-watcher elasticache.json, US East (N. Virginia): "... cache t3.medium Valkey Current
    # Generation" 0.0544 (Redis: 0.068). 2 nodes x 730 h = 1,460 h x 0.0544 = 79.424.
    assert rc.status == "priced"
    assert [(c.name, c.monthly_quantity, c.unit_price) for c in rc.components] == [
        ("ElastiCache (on-demand, cache.t3.medium)", Decimal(1460), Decimal("0.0544"))
    ]
    assert rc.monthly_cost == Decimal("79.424")


def test_unknown_node_type_and_serverless_rates(tf: dict, cfn: dict) -> None:
    assert tf["aws_elasticache_cluster.unknown_type"].reason == "node_type is unknown (var.node_type)"
    assert cfn["unknown_type"].reason == "node_type is unknown (parameter NodeType)"
    # Serverless (Redis OSS): usage-based, at its own rates (0.125 $/GB-hour, 0.0034 $/1M ECPUs)
    serverless = tf["aws_elasticache_serverless_cache.serverless"]
    assert [(c.name, c.unit_price, c.usage_based) for c in serverless.components] == [
        ("Data stored", Decimal("0.125"), True),
        ("ElastiCache Processing Units", Decimal("0.0034"), True),
    ]


def test_reserved_nodes_from_usage() -> None:
    usage = {
        "aws_elasticache_cluster.redis": {
            "reserved_instance_term": "1_year",
            "reserved_instance_payment_option": "no_upfront",
        }
    }
    rc = estimate(CACHE / "terraform", usage)["aws_elasticache_cluster.redis"]
    hours = component(rc, "ElastiCache (reserved 1yr no_upfront, cache.r6g.large)")
    assert hours.unit_price is None
    # Infracost's fixtures carry a few us-east-1 reserved terms, not this one; the catalog says why.
    assert hours.missing.startswith(
        "no price for aws/elasticache reserved_node (node_type=cache.r6g.large, engine=redis, "
        "term=1yr, payment=no_upfront) in us-east-1 (reserved terms come only from"
    )


@pytest.mark.parametrize(
    "name", ["memcached", "redis", "sharded", "primary_replicas", "autoscaled", "valkey", "serverless"]
)
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, name: str) -> None:
    address = next(a for a in tf if a.endswith(f".{name}"))
    assert shape(cfn[name]) == shape(tf[address])
    assert cfn[name].reason == tf[address].reason
