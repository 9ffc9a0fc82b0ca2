"""IPAM, ECR, WAF web ACLs, Glue crawlers and jobs, API Gateway HTTP and WebSocket APIs, EventBridge
buses, ECS Express Mode services (issue 10's survey of real projects).

Figures worked out by hand from pricing_cache/aws/{vpc,ecr,waf,glue,apigateway,eventbridge}/us-east-1.json
(`costlint pricing lookup aws waf --product web_acl`, ...):
  vpc ipam_active_ip 0.00027 $/IP-hour;  ecr storage 0.10 $/GB-month
  waf web_acl 5 $/month, rule 1 $/month, requests 0.60 $/1M
  glue crawler and job 0.44 $/DPU-hour
  apigateway http_requests 1.00 $/1M for the first 300 M, then 0.90; websocket_messages 1.00 $/1M for
  the first 1,000 M, then 0.80; websocket_minutes 0.25 $/1M minutes
  eventbridge custom_events 1.00 $/1M events
  fargate vcpu 0.04048 $/vCPU-hour, memory 0.004445 $/GB-hour (Linux, x86, on demand)
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from costlint.estimate.model import ResourceCost
from estimate_helpers import terraform
from test_estimate_data_support import FIXTURES, estimate, monthly, shape

SERVICES = FIXTURES / "survey" / "services"
USAGE_BY_NAME = {
    "main": {"active_ips": 1000},
    "app": {"storage_gb": 50},
    "web": {"monthly_requests": 20_000_000},
    "catalog": {"monthly_dpu_hours": 10},
    "etl": {"monthly_hours": 20},
    "shell": {"monthly_hours": 20},
    "flex": {"monthly_hours": 20},
    "http": {"monthly_requests": 400_000_000},
    "socket": {"monthly_messages": 2_000_000_000, "monthly_connection_minutes": 10_000_000},
    "orders": {"monthly_custom_events": 5_000_000},
}
TF_TYPES = {
    "main": "aws_vpc_ipam",
    "free": "aws_vpc_ipam",
    "app": "aws_ecr_repository",
    "web": "aws_wafv2_web_acl",
    "catalog": "aws_glue_crawler",
    "etl": "aws_glue_job",
    "shell": "aws_glue_job",
    "flex": "aws_glue_job",
    "http": "aws_apigatewayv2_api",
    "socket": "aws_apigatewayv2_api",
    "orders": "aws_cloudwatch_event_bus",
    "api": "aws_ecs_express_gateway_service",
}
USAGE = {**USAGE_BY_NAME, **{f"{TF_TYPES[name]}.{name}": value for name, value in USAGE_BY_NAME.items()}}


@pytest.fixture(scope="module")
def tf() -> dict[str, ResourceCost]:
    return estimate(SERVICES / "terraform", USAGE)


@pytest.fixture(scope="module")
def cfn() -> dict[str, ResourceCost]:
    return estimate(SERVICES / "cloudformation", USAGE)


def test_ipam_advanced_tier_bills_active_ips_and_the_free_tier_is_free(tf: dict) -> None:
    # 1,000 IPs x 730 h = 730,000 IP-hours x 0.00027 = $197.10
    assert tf["aws_vpc_ipam.main"].monthly_cost == Decimal("197.10000")
    assert tf["aws_vpc_ipam.free"].status == "free"


def test_ecr_storage(tf: dict) -> None:
    # 50 GB x 0.10 = $5.00
    assert tf["aws_ecr_repository.app"].monthly_cost == Decimal("5.00")


def test_waf_web_acl_rules_requests_and_a_paid_managed_group(tf: dict) -> None:
    rc = tf["aws_wafv2_web_acl.web"]
    # 5.00 + 3 rules x 1.00 + 20 M requests x 0.60 = 12.00; total 20.00
    assert monthly(rc, "Web ACL") == Decimal("5")
    assert monthly(rc, "Rules (3)") == Decimal("3")
    assert monthly(rc, "Requests") == Decimal("12.000000")
    assert rc.monthly_cost == Decimal("20.000000")
    bots = [c for c in rc.components if c.missing]
    assert [c.name for c in bots] == ["Bot Control (AWSManagedRulesBotControlRuleSet)"]


def test_waf_web_acl_with_unknown_rules_prices_the_acl(tmp_path: Path) -> None:
    costs = terraform(
        tmp_path,
        """
variable "blocked" {
  type = list(string)
}
resource "aws_wafv2_web_acl" "web" {
  name  = "web"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  dynamic "rule" {
    for_each = var.blocked
    content {
      name     = rule.value
      priority = 1
      action {
        block {}
      }
      statement {
        byte_match_statement {
          search_string         = rule.value
          positional_constraint = "EXACTLY"
          field_to_match {
            uri_path {}
          }
          text_transformation {
            priority = 0
            type     = "NONE"
          }
        }
      }
      visibility_config {
        cloudwatch_metrics_enabled = false
        metric_name                = rule.value
        sampled_requests_enabled   = false
      }
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = false
    metric_name                = "web"
    sampled_requests_enabled   = false
  }
}
""",
    )
    rc = costs["aws_wafv2_web_acl.web"]
    # The web ACL's 5.00 a month is known; its rules depend on var.blocked
    assert (rc.status, rc.monthly_cost) == ("priced", Decimal("5"))
    assert [c.missing for c in rc.components if c.missing] == ["the rules are unknown (var.blocked)"]


def test_glue_crawler_and_jobs(tf: dict) -> None:
    # 10 DPU-hours x 0.44 = $4.40
    assert tf["aws_glue_crawler.catalog"].monthly_cost == Decimal("4.40")
    # G.1X x 10 workers = 10 DPU x 20 h = 200 DPU-hours x 0.44 = $88.00
    assert monthly(tf["aws_glue_job.etl"], "Job run time (10 DPU)") == Decimal("88.00")
    # Python shell, AWS's default 0.0625 DPU x 20 h = 1.25 DPU-hours x 0.44 = $0.55
    assert tf["aws_glue_job.shell"].monthly_cost == Decimal("0.550000")
    flex = tf["aws_glue_job.flex"]
    assert (flex.status, flex.reason) == ("not_priced", "the price catalog has no Glue Flex price")


def test_http_and_websocket_apis_in_bands(tf: dict) -> None:
    http = tf["aws_apigatewayv2_api.http"]
    # 400 M requests: 300 x 1.00 = 300.00 + 100 x 0.90 = 90.00
    assert [c.monthly_cost for c in http.components] == [Decimal("300"), Decimal("90.0")]
    socket = tf["aws_apigatewayv2_api.socket"]
    # 2,000 M messages: 1,000 x 1.00 + 1,000 x 0.80 = 1,800.00; 10 M minutes x 0.25 = 2.50
    assert [c.monthly_cost for c in socket.components] == [Decimal("1000"), Decimal("800.0"), Decimal("2.50")]


def test_event_bus_custom_events(tf: dict) -> None:
    # 5 M events x 1.00 = $5.00
    assert tf["aws_cloudwatch_event_bus.orders"].monthly_cost == Decimal("5.00")


def test_ecs_express_service_tasks_on_fargate(tf: dict) -> None:
    rc = tf["aws_ecs_express_gateway_service.api"]
    # 1 vCPU (1024 units) x 2 tasks (min_task_count) x 730 h = 1,460 vCPU-h x 0.04048 = 59.1008;
    # 4 GB (4096 MiB) x 2 x 730 = 5,840 GB-h x 0.004445 = 25.9588; total 85.0596
    assert [c.monthly_cost for c in rc.components] == [Decimal("59.1008"), Decimal("25.9588")]
    assert rc.assumptions == [
        "2 task(s): the scaling target's minimum",
        "the Application Load Balancer ECS creates for Express Mode services (shared by up to 25) is billed "
        "on top and not counted",
    ]


@pytest.mark.parametrize("name", sorted(TF_TYPES))
def test_cloudformation_twin_gives_the_same_components(tf: dict, cfn: dict, name: str) -> None:
    mine, theirs = cfn[name], tf[f"{TF_TYPES[name]}.{name}"]
    assert (shape(mine), mine.status, mine.reason) == (shape(theirs), theirs.status, theirs.reason)
