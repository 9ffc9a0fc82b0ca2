"""RDS engines and options the multi-region catalog now prices: SQL Server and Oracle SE2 licence
included, Multi-AZ DB clusters, Aurora I/O-Optimized Serverless v2, Performance Insights for Serverless.

Figures worked out by hand from pricing_cache/aws/rds/us-east-1.json (`costlint pricing lookup aws rds
db.m5.large --engine sqlserver-se`, `... --product io_optimized_serverless_capacity`, ...):
  instance|sqlserver-se|db.m5.large single_az 0.977, multi_az 1.954 $/h; sqlserver-ex|db.t3.small 0.044 $/h
  instance|oracle-se2|db.m5.large multi_az 0.876 $/h
  instance|mysql|multi_az_cluster|db.r6gd.large 0.722 $/h (the writer and two readable standbys)
  storage gp2 single_az 0.115, multi_az 0.23; gp3 multi_az_cluster 0.345 $/GB-month; backup_storage 0.095
  io_optimized_serverless_capacity 0.16 $/ACU-hour; performance_insights_serverless 0.375 $/ACU-month
  (no performance_insights price per vCPU)
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from costlint.estimate.model import ResourceCost
from test_estimate_data_support import FIXTURES, component, estimate, shape

RDS = FIXTURES / "survey" / "rds"
USAGE = {"aws_rds_cluster.maz": {"additional_backup_storage_gb": 50}, "maz": {"additional_backup_storage_gb": 50}}
TWINS = {
    "aws_db_instance.sqlserver": "sqlserver",
    "aws_db_instance.sqlserver_multi_az": "sqlserver_multi_az",
    "aws_db_instance.express": "express",
    "aws_db_instance.oracle": "oracle",
    "aws_db_instance.oracle_byol": "oracle_byol",
    "aws_rds_cluster.iopt": "iopt",
    "aws_rds_cluster_instance.iopt": "iopt_instance",
    "aws_rds_cluster.maz": "maz",
}


@pytest.fixture(scope="module")
def tf() -> dict[str, ResourceCost]:
    return estimate(RDS / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict[str, ResourceCost]:
    return estimate(RDS / "cloudformation", USAGE)


def costs(rc: ResourceCost) -> list[tuple[str, Decimal | None]]:
    return [(c.name, c.monthly_cost) for c in rc.components]


def test_sql_server_licence_included(tf: dict) -> None:
    # SE db.m5.large 0.977 x 730 = 713.21; 100 GB gp2 x 0.115 = 11.50
    assert costs(tf["aws_db_instance.sqlserver"]) == [
        ("Database instance (on-demand, Single-AZ, db.m5.large)", Decimal("713.210")),
        ("Storage (general purpose SSD, gp2)", Decimal("11.500")),
    ]
    # Multi-AZ: 1.954 x 730 = 1,426.42; 100 GB x 0.23 = 23.00
    assert tf["aws_db_instance.sqlserver_multi_az"].monthly_cost == Decimal("1449.420")
    # Express db.t3.small 0.044 x 730 = 32.12; 20 GB x 0.115 = 2.30
    assert tf["aws_db_instance.express"].monthly_cost == Decimal("34.420")


def test_oracle_se2_licence_included_unless_it_brings_its_own(tf: dict) -> None:
    rc = tf["aws_db_instance.oracle"]
    # Multi-AZ db.m5.large 0.876 x 730 = 639.48; 100 GB x 0.23 = 23.00; total 662.48
    assert rc.monthly_cost == Decimal("662.480")
    assert rc.assumptions == ["license_model not set: licence included (bring-your-own-license costs less per hour)"]
    byol = tf["aws_db_instance.oracle_byol"]
    assert (byol.status, byol.reason) == (
        "not_priced",
        "oracle-se2 with bring-your-own-license: the price catalog has licence-included prices only",
    )


def test_io_optimized_serverless_v2_and_its_performance_insights(tf: dict) -> None:
    rc = tf["aws_rds_cluster_instance.iopt"]
    # min_capacity 2 ACU x 730 h = 1,460 ACU-hours x 0.16 = 233.60; PI 93 days: 2 ACUs x 0.375 = 0.75
    assert costs(rc) == [
        ("Aurora Serverless v2 (I/O-Optimized)", Decimal("233.60")),
        ("Performance Insights long-term retention (serverless)", Decimal("0.750")),
    ]


def test_multi_az_db_cluster_with_gp3_backups_and_performance_insights(tf: dict) -> None:
    rc = tf["aws_rds_cluster.maz"]
    # 0.722 x 730 = 527.06; 400 GB gp3 x 0.345 = 138.00 (12,000 IOPS are the 400 GB baseline: none billed);
    # 50 GB backup x 0.095 = 4.75
    assert costs(rc)[:3] == [
        ("Database instance (on-demand, Multi-AZ DB cluster, 3 instances, db.r6gd.large)", Decimal("527.060")),
        ("Storage (general purpose SSD, gp3)", Decimal("138.000")),
        ("Additional backup storage", Decimal("4.750")),
    ]
    # Performance Insights: 2 vCPUs x 3 instances, and no price per vCPU in the catalog
    pi = component(rc, "Performance Insights long-term retention (db.r6gd.large)")
    assert pi.monthly_quantity == 6 and pi.missing == "no price for aws/rds performance_insights in us-east-1"
    assert rc.monthly_cost == Decimal("669.810")


@pytest.mark.parametrize("address", sorted(TWINS))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str) -> None:
    mine, theirs = cfn[TWINS[address]], tf[address]
    assert (shape(mine), mine.reason) == (shape(theirs), theirs.reason)
