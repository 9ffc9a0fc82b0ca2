"""Logs AWS services deliver: VPC flow logs and WAF logs, billed as vended logs by destination.

Figures worked out by hand from pricing_cache/aws/cloudwatch/us-east-1.json
(`costlint pricing lookup aws cloudwatch --product vended_logs --attr destination=s3`):
  vended_logs|destination=cloudwatch_logs  0.50 $/GB up to 10,240 GB, then 0.25, 0.10, 0.05
  vended_logs|destination=s3 and firehose  0.25 $/GB up to 10,240 GB, then 0.15, 0.075, 0.05
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from costlint.estimate.model import ResourceCost
from estimate_helpers import terraform
from test_estimate_data_support import FIXTURES, estimate, shape

LOGS = FIXTURES / "survey" / "logs"
USAGE = {
    "aws_flow_log.to_logs": {"monthly_data_delivered_gb": 100},
    "to_logs": {"monthly_data_delivered_gb": 100},
    "aws_flow_log.to_s3": {"monthly_data_delivered_gb": 20_000},
    "to_s3": {"monthly_data_delivered_gb": 20_000},
    "aws_wafv2_web_acl_logging_configuration.web": {"monthly_data_delivered_gb": 10},
    "web": {"monthly_data_delivered_gb": 10},
}
TWINS = {
    "aws_flow_log.to_logs": "to_logs",
    "aws_flow_log.to_s3": "to_s3",
    "aws_flow_log.to_firehose": "to_firehose",
    "aws_wafv2_web_acl_logging_configuration.web": "web",
}


@pytest.fixture(scope="module")
def tf() -> dict[str, ResourceCost]:
    return estimate(LOGS / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict[str, ResourceCost]:
    return estimate(LOGS / "cloudformation", USAGE)


def test_flow_logs_to_cloudwatch_logs(tf: dict) -> None:
    rc = tf["aws_flow_log.to_logs"]
    # No log_destination_type: CloudWatch Logs. 100 GB x 0.50 = $50.00
    assert [(c.name, c.monthly_quantity, c.monthly_cost, c.usage_based) for c in rc.components] == [
        ("Flow logs delivered to CloudWatch Logs (first 10 TB)", Decimal(100), Decimal("50.0"), True)
    ]


def test_flow_logs_to_s3_cross_a_volume_band(tf: dict) -> None:
    rc = tf["aws_flow_log.to_s3"]
    # 10,240 GB x 0.25 = 2,560.00; (20,000 - 10,240) = 9,760 GB x 0.15 = 1,464.00; total 4,024.00
    assert [c.monthly_cost for c in rc.components] == [Decimal("2560.00"), Decimal("1464.00")]
    assert rc.monthly_cost == Decimal("4024.00")
    assert rc.assumptions == [
        "vended log volume bands applied to this resource alone (AWS applies them to the account's total)"
    ]


def test_flow_logs_to_firehose_without_usage_show_the_unit_price(tf: dict) -> None:
    rc = tf["aws_flow_log.to_firehose"]
    assert [(c.name, c.unit_price, c.monthly_quantity) for c in rc.components] == [
        ("Flow logs delivered to Firehose", Decimal("0.25"), None)
    ]


def test_waf_logs_find_their_destination_through_the_log_group(tf: dict) -> None:
    rc = tf["aws_wafv2_web_acl_logging_configuration.web"]
    # log_destination_configs = [aws_cloudwatch_log_group.waf.arn]: CloudWatch Logs, 10 GB x 0.50 = $5.00
    assert [(c.name, c.monthly_cost) for c in rc.components] == [
        ("WAF logs delivered to CloudWatch Logs (first 10 TB)", Decimal("5.0"))
    ]


def test_an_unknown_destination_is_not_priced(tmp_path: Path) -> None:
    costs = terraform(
        tmp_path,
        """
variable "destination" {}
resource "aws_wafv2_web_acl_logging_configuration" "web" {
  resource_arn            = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/web/0123"
  log_destination_configs = [var.destination]
}
""",
    )
    assert costs["aws_wafv2_web_acl_logging_configuration.web"].reason == "log destination is unknown (var.destination)"


@pytest.mark.parametrize("address", sorted(TWINS))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, address: str) -> None:
    assert shape(cfn[TWINS[address]]) == shape(tf[address])
