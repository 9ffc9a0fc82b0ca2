"""EC2 capacity reservations: instance hours whether used or not, less the instances running in them.

Figures worked out by hand from pricing_cache/aws/ec2/us-east-1.json (`costlint pricing lookup aws ec2
m5.large`, `... t3.medium --os windows`): m5.large Linux 0.096 $/h; t3.medium Windows 0.06 $/h; no
dedicated m5.large price.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from costlint.estimate.model import ResourceCost
from test_estimate_data_support import FIXTURES, estimate, shape

CAPACITY = FIXTURES / "survey" / "capacity"
TWINS = {
    "aws_ec2_capacity_reservation.web": "web",
    "aws_ec2_capacity_reservation.windows": "windows",
    "aws_ec2_capacity_reservation.dedicated": "dedicated",
    "aws_ec2_capacity_reservation.sql": "sql",
}


@pytest.fixture(scope="module")
def tf() -> dict[str, ResourceCost]:
    return estimate(CAPACITY / "terraform")


@pytest.fixture(scope="module")
def cfn() -> dict[str, ResourceCost]:
    return estimate(CAPACITY / "cloudformation")


def test_the_capacity_no_instance_of_the_project_uses(tf: dict) -> None:
    rc = tf["aws_ec2_capacity_reservation.web"]
    # 3 reserved - 1 instance targeting it = 2 x 730 h = 1,460 h x 0.096 = $140.16
    assert [(c.name, c.monthly_quantity, c.monthly_cost) for c in rc.components] == [
        ("Unused reserved capacity (Linux/UNIX, m5.large, 2 of 3)", Decimal(1460), Decimal("140.160"))
    ]
    assert rc.assumptions == ["1 instance(s) of this project run in it, billed as themselves: aws_instance.web"]
    # The instance itself is priced as usual: 730 h x 0.096 = 70.08 (its root volume aside).
    assert tf["aws_instance.web"].components[0].monthly_cost == Decimal("70.080")


def test_instances_running_from_usage() -> None:
    rc = estimate(CAPACITY / "terraform", {"aws_ec2_capacity_reservation.web": {"instances_running": 3}})[
        "aws_ec2_capacity_reservation.web"
    ]
    # all 3 used: 0 h, $0, still priced (the unit price shows what an idle slot costs)
    assert (rc.status, rc.monthly_cost, rc.components[0].unit_price) == ("priced", 0, Decimal("0.096"))


def test_an_unused_windows_reservation(tf: dict) -> None:
    rc = tf["aws_ec2_capacity_reservation.windows"]
    # 2 x 730 h = 1,460 h x 0.06 = $87.60
    assert rc.monthly_cost == Decimal("87.60")
    assert rc.assumptions == ["no instance of this project targets it: priced as unused capacity"]


def test_no_price_or_a_licensed_platform_is_not_priced(tf: dict) -> None:
    dedicated = tf["aws_ec2_capacity_reservation.dedicated"]
    assert dedicated.status == "not_priced" and "tenancy=dedicated" in (dedicated.reason or "")
    assert tf["aws_ec2_capacity_reservation.sql"].reason == (
        "instance platform 'Windows with SQL Server Standard': the catalog prices Linux/UNIX, Windows, "
        "Red Hat Enterprise Linux and SUSE Linux instance hours only"
    )


@pytest.mark.parametrize("address", sorted(TWINS))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str) -> None:
    assert shape(cfn[TWINS[address]]) == shape(tf[address])
    assert cfn[TWINS[address]].reason == tf[address].reason
