"""The bundled example: the same web stack in Terraform and in CloudFormation costs the same.

The compute and network part, by hand (us-east-1): the NAT gateway's Elastic IP 730 x 0.005 = 3.65; the
NAT gateway 730 x 0.045 = 32.85; the internet-facing ALB 730 x 0.0225 = 16.425 plus its two public IPv4
addresses (two subnets) 2 x 730 x 0.005 = 7.30; the Auto Scaling group, 2 x t3.medium 2 x 730 x 0.0416 =
60.736 plus 2 x 30 GB gp3 root volumes 60 x 0.08 = 4.80.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from costlint.estimate.engine import estimate_project
from costlint.readers import ReadOptions, read_paths
from estimate_helpers import bundled_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "web-stack"


def _estimate(path: Path):
    projects, diagnostics = read_paths([str(path)], ReadOptions(environ={}))
    assert not diagnostics and len(projects) == 1
    assert not [d for d in projects[0].diagnostics if d.severity == "error"], projects[0].diagnostics
    return estimate_project(projects[0], bundled_catalog())


def _priced_by_kind(cost):
    """Components of the priced resources by kind (free ones differ: CloudFormation has separate routes and
    a gateway attachment where Terraform has inline routes)."""
    out: dict[str, list] = defaultdict(list)
    for r in cost.by_status("priced"):
        out[r.resource.kind].append(sorted((c.name, c.monthly_quantity, c.unit_price) for c in r.components))
    return {k: sorted(v, key=repr) for k, v in out.items()}


def test_terraform_and_cloudformation_examples_cost_the_same():
    terraform = _estimate(EXAMPLE / "terraform")
    cloudformation = _estimate(EXAMPLE / "cloudformation" / "web-stack.yaml")
    assert terraform.monthly_cost == cloudformation.monthly_cost
    assert terraform.monthly_cost > 0
    assert _priced_by_kind(terraform) == _priced_by_kind(cloudformation)
    for cost in (terraform, cloudformation):
        assert cost.by_status("not_priced") == [], [
            (r.resource.address, r.reason) for r in cost.by_status("not_priced")
        ]


def test_example_compute_and_network_figures():
    terraform = _estimate(EXAMPLE / "terraform")
    costs = {
        r.resource.kind: r.monthly_cost
        for r in terraform.resources
        if r.resource.kind in ("ec2.eip", "vpc.nat_gateway", "elb.load_balancer", "autoscaling.group")
    }
    assert costs == {
        "ec2.eip": Decimal("3.65"),
        "vpc.nat_gateway": Decimal("32.85"),
        "elb.load_balancer": Decimal("23.725"),  # 16.425 + 7.30
        "autoscaling.group": Decimal("65.536"),  # 60.736 + 4.80
    }


def test_readme_first_command_prices_both_examples_equally():
    run = subprocess.run(
        [sys.executable, "-m", "costlint", "breakdown", "examples/", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    totals = {p["path"]: p["total_monthly_cost"] for p in doc["projects"]}
    languages = {p["path"]: p["language"] for p in doc["projects"]}
    assert languages == {
        "examples/web-stack/terraform": "terraform",
        "examples/web-stack/cloudformation/web-stack.yaml": "cloudformation",
        "examples/design.yaml": "design",  # the design sheet (README: Design sheets)
    }
    assert totals["examples/web-stack/terraform"] == totals["examples/web-stack/cloudformation/web-stack.yaml"]
    assert totals["examples/design.yaml"] > 0
    assert doc["summary"]["not_priced"] == 0
