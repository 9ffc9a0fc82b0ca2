"""DynamoDB tables: figures worked out by hand from pricing_cache/aws/dynamodb/<region>.json.

us-east-1: write_capacity 0.00065 $/WCU-hour, read_capacity 0.00013 $/RCU-hour, write_requests 0.625 and
read_requests 0.125 $/1M, storage 0.25 $/GB-month (table_class=standard only; no PITR, backup, restore or
stream prices). us-east-2 adds pitr 0.2, backup 0.1, restore 0.15, stream_reads 0.2; us-west-1 has only
replicated_write_capacity 0.000725 $/WCU-hour.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from test_estimate_data_support import FIXTURES, component, estimate, monthly, names, shape

DYNAMODB = FIXTURES / "data" / "dynamodb"
ON_DEMAND = {"monthly_write_request_units": 10_000_000, "monthly_read_request_units": 20_000_000, "storage_gb": 100}
USAGE = {"aws_dynamodb_table.events": ON_DEMAND, "events": ON_DEMAND}


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(DYNAMODB / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(DYNAMODB / "cloudformation", USAGE)


def test_provisioned_by_default_with_index_capacity(tf: dict) -> None:
    rc = tf["aws_dynamodb_table.orders"]
    # table: 5 WCU x 730 h = 3,650 x 0.00065 = 2.3725; 10 RCU x 730 = 7,300 x 0.00013 = 0.949
    assert monthly(rc, "Write capacity (WCU)") == Decimal("2.37250")
    assert monthly(rc, "Read capacity (RCU)") == Decimal("0.94900")
    # index by_customer: 5 WCU = 2.3725; 5 RCU x 730 = 3,650 x 0.00013 = 0.4745
    assert monthly(rc, "Write capacity (WCU, index by_customer)") == Decimal("2.37250")
    assert monthly(rc, "Read capacity (RCU, index by_customer)") == Decimal("0.47450")
    assert rc.monthly_cost == Decimal("6.16850")
    assert not component(rc, "Write capacity (WCU)").usage_based


def test_on_demand_requests_and_storage_from_usage(tf: dict) -> None:
    rc = tf["aws_dynamodb_table.events"]
    # 10,000,000 WRU = 10 M x 0.625 = 6.25; 20 M RRU x 0.125 = 2.50; 100 GB x 0.25 = 25.00
    assert monthly(rc, "Write request units (WRU)") == Decimal("6.25")
    assert monthly(rc, "Read request units (RRU)") == Decimal("2.500")
    assert monthly(rc, "Data storage") == Decimal("25.00")
    assert rc.monthly_cost == Decimal("33.75")
    # PITR is on: aws-price-watcher dynamodb.json "PITR Backup Storage GB-Mo", US East (N. Virginia): 0.2,
    # usage-based (no PITR size in the usage file: no quantity)
    pitr = component(rc, "Point-in-time recovery (PITR) storage")
    assert (pitr.unit_price, pitr.monthly_quantity, pitr.missing) == (Decimal("0.2"), None, None)


def test_autoscaling_target_sets_read_capacity(tf: dict) -> None:
    rc = tf["aws_dynamodb_table.autoscaled"]
    # reads: min_capacity 20 RCU x 730 = 14,600 x 0.00013 = 1.898 (usage-based); writes: 100 x 730 x 0.00065 = 47.45
    assert monthly(rc, "Read capacity (RCU, autoscaling)") == Decimal("1.89800")
    assert component(rc, "Read capacity (RCU, autoscaling)").usage_based
    assert monthly(rc, "Write capacity (WCU)") == Decimal("47.45000")
    found = estimate(DYNAMODB / "terraform", {"aws_appautoscaling_target.autoscaled_reads": {"capacity": 50}})
    # 50 RCU x 730 = 36,500 x 0.00013 = 4.745
    assert monthly(found["aws_dynamodb_table.autoscaled"], "Read capacity (RCU, autoscaling)") == Decimal("4.74500")


def test_standard_ia_class_is_priced_at_its_own_rates(tf: dict) -> None:
    rc = tf["aws_dynamodb_table.archive"]
    # aws-price-watcher dynamodb.json, US East (N. Virginia): "Provisioned Write Units IA" 0.00081,
    # "Provisioned Read Units IA" 0.00016 (Standard: 0.00065 and 0.00013), "Data Storage Indexed - IA
    # GB-Mo" 0.10. 1 WCU x 730 h x 0.00081 = 0.5913; 1 RCU x 730 x 0.00016 = 0.1168; total 0.7081.
    assert monthly(rc, "Write capacity (WCU, Standard-IA)") == Decimal("0.59130")
    assert monthly(rc, "Read capacity (RCU, Standard-IA)") == Decimal("0.11680")
    assert component(rc, "Data storage").unit_price == Decimal("0.1")
    assert rc.monthly_cost == Decimal("0.70810")


def test_unknown_capacity_names_the_variable(tf: dict, cfn: dict) -> None:
    assert tf["aws_dynamodb_table.unknown_capacity"].reason == "write_capacity is unknown (var.wcu)"
    assert cfn["unknown_capacity"].reason == "write_capacity is unknown (parameter Wcu)"


def test_global_table_replica_priced_in_its_own_region(tf: dict) -> None:
    rc = tf["aws_dynamodb_table.global"]
    # us-east-2: 20 WCU x 730 = 14,600 x 0.00065 = 9.49; 10 RCU x 730 = 7,300 x 0.00013 = 0.949
    assert monthly(rc, "Write capacity (WCU)") == Decimal("9.49000")
    # replica us-west-1: 20 rWCU x 730 = 14,600 x 0.000725 = 10.585
    assert monthly(rc, "Replicated write capacity (rWCU, replica us-west-1)") == Decimal("10.585000")
    # the replica's reads and storage at us-west-1's own prices (aws-price-watcher dynamodb.json, US West
    # (N. California): "Provisioned Read Units" 0.000145, "Data Storage Indexed GB-Mo" 0.28, where us-east-2
    # has 0.00013 and 0.25): 10 RCU x 730 = 7,300 x 0.000145 = 1.0585
    assert monthly(rc, "Read capacity (RCU, replica us-west-1)") == Decimal("1.058500")
    assert component(rc, "Data storage (replica us-west-1)").unit_price == Decimal("0.28")
    # streams are enabled: the sRRU line shows its us-east-2 unit price (0.2 $/1M)
    assert component(rc, "Streams read request units (sRRU)").unit_price == Decimal("0.2")
    assert rc.monthly_cost == Decimal("22.082500")  # 9.49 + 0.949 + 10.585 + 1.0585


def test_backups_and_restores_only_when_the_usage_file_has_them(tf: dict) -> None:
    assert "On-demand backup storage" not in names(tf["aws_dynamodb_table.global"])
    usage = {
        "aws_dynamodb_table.global": {
            "on_demand_backup_storage_gb": 100,
            "monthly_data_restored_gb": 10,
            "monthly_streams_read_request_units": 5_000_000,
        }
    }
    rc = estimate(DYNAMODB / "terraform", usage)["aws_dynamodb_table.global"]
    # us-east-2: 100 GB x 0.1 = 10.00; 10 GB x 0.15 = 1.50; 5 M sRRU x 0.2 = 1.00
    assert monthly(rc, "On-demand backup storage") == Decimal("10.0")
    assert monthly(rc, "Table data restored") == Decimal("1.50")
    assert monthly(rc, "Streams read request units (sRRU)") == Decimal("1.0")


def test_sam_simple_table_is_on_demand() -> None:
    rc = estimate(DYNAMODB / "cloudformation", {"simple": {"monthly_write_request_units": 1_000_000}})["simple"]
    # SimpleTable without ProvisionedThroughput: PAY_PER_REQUEST; 1 M WRU x 0.625 = 0.625
    assert rc.monthly_cost == Decimal("0.625")


@pytest.mark.parametrize("name", ["orders", "events", "autoscaled", "archive"])
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, name: str) -> None:
    assert shape(cfn[name]) == shape(tf[f"aws_dynamodb_table.{name}"])
    assert cfn[name].reason == tf[f"aws_dynamodb_table.{name}"].reason
