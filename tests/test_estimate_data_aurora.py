"""Aurora clusters and cluster instances: figures worked out by hand from pricing_cache/aws/rds/us-east-1.json.

Prices used:
  instance|engine=aurora-postgresql|deployment=single_az|db.r6g.2xlarge  1.038 $/h
  instance|engine=aurora-mysql|deployment=single_az|db.t3.medium         0.082 $/h
  serverless_capacity|version=v2 0.12 $/ACU-hour;  aurora_storage|storage_config=standard 0.1 $/GB-month
  aurora_io 0.2 $/1M requests;  aurora_backup_storage 0.021 $/GB-month;  aurora_backtrack 0.012 $/1M records
  aurora_snapshot_export 0.01 $/GB;  extended_support|year=1 0.1 $/vCPU-hour
  io_optimized_instance|engine=aurora-postgresql|db.r6g.2xlarge 1.349 $/h
  instance|engine=postgres|deployment=multi_az_cluster|db.m5d.large 0.585 $/h (the writer and two standbys)
  storage|io1|multi_az_cluster 0.375 $/GB-month;  iops|io1|multi_az_cluster 0.3 $/IOPS-month
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.estimate.estimators.aws import databases
from test_estimate_data_support import FIXTURES, component, estimate, monthly, shape

AURORA = FIXTURES / "data" / "aurora"
CLUSTER_USAGE = {
    "storage_gb": 500,
    "write_requests_per_sec": 100,
    "read_requests_per_sec": 200,
    "backup_snapshot_size_gb": 100,
    "snapshot_export_size_gb": 50,
}
BACKTRACK_USAGE = {"average_statements_per_hr": 1_000_000, "change_records_per_statement": 0.5}
USAGE = {
    "aws_rds_cluster.pg": CLUSTER_USAGE,
    "pg": CLUSTER_USAGE,
    "aws_rds_cluster.mysql": BACKTRACK_USAGE,
    "mysql": BACKTRACK_USAGE,
}
TWINS = {
    "aws_rds_cluster.pg": "pg",
    "aws_rds_cluster_instance.writer": "writer",
    "aws_rds_cluster_instance.reader": "reader",
    "aws_rds_cluster.mysql": "mysql",
    "aws_rds_cluster_instance.mysql": "mysql_instance",
    "aws_rds_cluster.io_optimized": "io_optimized",
    "aws_rds_cluster_instance.io_optimized": "io_optimized_instance",
    "aws_rds_cluster.multi_az_db_cluster": "multi_az_db_cluster",
}


@pytest.fixture(autouse=True, scope="module")
def _fixed_day() -> Iterator[None]:
    # Aurora MySQL 2 (5.7) has been in extended support since 2024-12-01: year 2 on this day.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(databases, "today", lambda: date(2026, 6, 1))
        yield


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(AURORA / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(AURORA / "cloudformation", USAGE)


def test_cluster_storage_io_backups_export_from_usage(tf: dict) -> None:
    rc = tf["aws_rds_cluster.pg"]
    assert all(c.usage_based for c in rc.components)
    # 500 GB x 0.1 = 50.00
    assert monthly(rc, "Storage") == Decimal("50.0")
    # (100 + 200) I/O per second x 730 h x 3,600 s = 788,400,000 = 788.4 M x 0.2 = 157.68
    assert component(rc, "I/O requests").monthly_quantity == Decimal("788.4")
    assert monthly(rc, "I/O requests") == Decimal("157.68")
    # 100 GB snapshot x (7 retention days - 1 free) = 600 GB x 0.021 = 12.60
    assert monthly(rc, "Backup storage") == Decimal("12.600")
    # 50 GB x 0.01 = 0.50
    assert monthly(rc, "Snapshot export") == Decimal("0.50")
    assert rc.monthly_cost == Decimal("220.780")


def test_cluster_without_usage_shows_unit_prices_and_costs_nothing() -> None:
    rc = estimate(AURORA / "terraform")["aws_rds_cluster.pg"]
    assert rc.status == "priced" and rc.monthly_cost == 0
    assert [(c.name, c.unit_price) for c in rc.components] == [
        ("Storage", Decimal("0.1")),
        ("I/O requests", Decimal("0.2")),
        ("Backup storage", Decimal("0.021")),
        ("Snapshot export", Decimal("0.01")),
    ]


def test_provisioned_instance_at_the_aurora_engine_rate(tf: dict) -> None:
    # db.r6g.2xlarge aurora-postgresql 1.038 $/h x 730 h = 757.74
    rc = tf["aws_rds_cluster_instance.writer"]
    assert [c.name for c in rc.components] == ["Database instance (on-demand, db.r6g.2xlarge)"]
    assert rc.monthly_cost == Decimal("757.740")


def test_serverless_v2_at_the_cluster_minimum_without_usage(tf: dict) -> None:
    rc = tf["aws_rds_cluster_instance.reader"]
    # min_capacity 0.5 ACU x 730 h = 365 ACU-hours x 0.12 = 43.80
    assert monthly(rc, "Aurora Serverless v2") == Decimal("43.800")
    assert rc.assumptions == [
        "Serverless v2 at the cluster's minimum capacity, 0.5 ACU, all month "
        "(usage capacity_units_per_hr gives the average)"
    ]


def test_serverless_v2_from_usage() -> None:
    found = estimate(AURORA / "terraform", {"aws_rds_cluster_instance.reader": {"capacity_units_per_hr": 4}})
    # 4 ACU x 730 h = 2,920 ACU-hours x 0.12 = 350.40
    assert found["aws_rds_cluster_instance.reader"].monthly_cost == Decimal("350.40")


def test_backtrack_and_extended_support_of_aurora_mysql(tf: dict) -> None:
    cluster = tf["aws_rds_cluster.mysql"]
    # 1,000,000 statements/h x 0.5 records x 24 h window (backtrack_window 86,400 s) x 730 h
    # = 8,760,000,000 records = 8,760 M x 0.012 = 105.12
    assert monthly(cluster, "Backtrack") == Decimal("105.120")
    instance = tf["aws_rds_cluster_instance.mysql"]
    # db.t3.medium aurora-mysql 0.082 x 730 = 59.86; 2 vCPUs x 730 h x 0.1 (years 1-2 rate) = 146.00
    assert monthly(instance, "Database instance (on-demand, db.t3.medium)") == Decimal("59.860")
    assert monthly(instance, "Extended support (year 2)") == Decimal("146.0")


def test_io_optimized_storage_at_its_own_rate_and_instances_not_at_standard_rates(tf: dict) -> None:
    cluster = tf["aws_rds_cluster.io_optimized"]
    assert "I/O requests" not in [c.name for c in cluster.components]  # I/O-Optimized has no I/O charge
    storage = component(cluster, "Storage (I/O-Optimized)")
    # aws-price-watcher rds-aurora-storage.json "Any IO Optimized Aurora", US East (N. Virginia): 0.225
    # per GB-month (Standard: 0.10); usage-based, no usage given here.
    assert (storage.missing, storage.unit_price, storage.price_date) == (None, Decimal("0.225"), "2025-12-06")
    instance = tf["aws_rds_cluster_instance.io_optimized"]
    # aws-price-watcher rds-aurora-ondemand.json, I/O-Optimized db.r6g.2xlarge: 1.349 $/h (standard 1.038)
    # x 730 h = 984.77
    assert [(c.name, c.monthly_cost) for c in instance.components] == [
        ("Database instance (on-demand, db.r6g.2xlarge, I/O-Optimized)", Decimal("984.770"))
    ]


def test_multi_az_db_cluster_is_one_deployment_of_three_instances(tf: dict) -> None:
    rc = tf["aws_rds_cluster.multi_az_db_cluster"]
    # db.m5d.large postgres multi_az_cluster 0.585 $/h x 730 h = 427.05; io1 100 GB x 0.375 = 37.50;
    # 1,000 IOPS x 0.3 = 300.00; total 764.55
    assert [(c.name, c.monthly_cost) for c in rc.components] == [
        (
            "Database instance (on-demand, Multi-AZ DB cluster, 3 instances, db.m5d.large)",
            Decimal("427.050"),
        ),
        ("Storage (provisioned IOPS SSD, io1)", Decimal("37.500")),
        ("Provisioned IOPS", Decimal("300.0")),
    ]
    assert rc.monthly_cost == Decimal("764.550")


def test_unknown_instance_class_of_a_cluster_instance(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\nvariable "size" {}\n'
        'resource "aws_rds_cluster" "c" {\n  engine = "aurora-mysql"\n}\n'
        'resource "aws_rds_cluster_instance" "i" {\n  cluster_identifier = aws_rds_cluster.c.id\n'
        "  instance_class = var.size\n  engine = aws_rds_cluster.c.engine\n}\n"
    )
    projects = estimate(tmp_path)
    assert projects["aws_rds_cluster_instance.i"].reason == "instance_class is unknown (var.size)"


@pytest.mark.parametrize("address", sorted(TWINS))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str) -> None:
    assert shape(cfn[TWINS[address]]) == shape(tf[address])
    assert cfn[TWINS[address]].reason == tf[address].reason
