"""``costlint diff plan.json``: a plan's planned values against its prior state, through ``resource_changes``.

Fixture ``tests/fixtures/diff/plan/plan.json`` (us-east-1, bundled snapshot prices, 730 hours):

- ``aws_instance.web`` update m5.large -> m5.xlarge: 0.096 x 730 = 70.08 -> 0.192 x 730 = 140.16, root gp3 8 GB
  x 0.08 = 0.64 on both sides: 70.72 -> 140.80 (+70.08)
- ``aws_nat_gateway.gw`` create: 0.045 x 730 = 32.85 (data processed waits for usage: $0)
- ``aws_ebs_volume.old`` delete: 100 GB gp3 x 0.08 = 8.00
- ``aws_instance.mac`` update m5.large -> mac1.metal (no price for mac1.metal: not priced after)
- ``aws_instance.replaced`` replace (new AMI), still a t3.micro: 0.0104 x 730 = 7.592 + root 8 GB gp2 x 0.10 = 0.80;
  same cost: unchanged
- ``aws_s3_bucket.logs`` no-op: unchanged

Before 70.72 + 8.00 + 70.72 + 8.392 = 157.832; after 140.80 + 32.85 + 8.392 = 182.042; delta 70.08 + 32.85 - 8.00
= 94.93 (the mac instance, priced only before, is left out rather than counted -70.72).
"""

from __future__ import annotations

import json
from pathlib import Path

from diff_repo import ROOT
from diff_repo import costlint as run

PLAN = ROOT / "tests" / "fixtures" / "diff" / "plan" / "plan.json"


def test_plan_against_its_prior_state() -> None:
    result = run("diff", str(PLAN.relative_to(ROOT)), "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert (doc["base"], doc["head"]) == ("prior state", "planned state")
    assert doc["total_monthly_cost_before"] == 157.832
    assert doc["total_monthly_cost_after"] == 182.042
    assert doc["total_monthly_cost_delta"] == 94.93
    changes = {r["address"]: (r["change"], r["monthly_cost_delta"]) for r in doc["resources"]}
    assert changes == {
        "aws_instance.web": ("changed", 70.08),
        "aws_nat_gateway.gw": ("added", 32.85),
        "aws_ebs_volume.old": ("removed", -8),
        "aws_instance.mac": ("changed", None),
    }
    mac = next(r for r in doc["resources"] if r["address"] == "aws_instance.mac")
    assert mac["before"]["status"] == "priced" and mac["monthly_cost_before"] == 70.72
    assert mac["after"]["status"] == "not_priced" and "mac1.metal" in mac["after"]["reason"]
    assert doc["summary"]["resources_unchanged"] == 2  # the replaced instance and the bucket
    web = next(r for r in doc["resources"] if r["address"] == "aws_instance.web")
    assert web["before"]["components"][0]["unit_price"] == 0.096
    assert web["after"]["components"][0]["unit_price"] == 0.192


def test_plan_diff_markdown_and_gate() -> None:
    result = run("diff", str(PLAN), "--format", "markdown", "--fail-on-increase-percent", "60", cwd=ROOT)
    assert result.returncode == 1
    assert "**Monthly cost will increase by $94.93 (+60.1%)**" in result.stdout
    assert "$157.83 → $182.04 a month (compared with prior state)." in result.stdout
    assert "over the --fail-on-increase-percent limit of 60% by 0.1 percentage points" in result.stderr


def test_a_directory_without_a_base_is_refused(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    result = run("diff", str(tmp_path), cwd=ROOT)
    assert result.returncode == 2
    assert result.stderr.startswith("costlint: error: nothing to compare with: give --base REF or --base-path DIR")
