"""``costlint breakdown`` in a subprocess: the three formats, the JSON contract, exit codes.

Fixture ``tests/fixtures/estimate/breakdown/app``: an m5.large with a 20 GB gp3 root volume
(0.096 x 730 = 70.08; 20 x 0.08 = 1.60), a NAT gateway (0.045 x 730 = 32.85; data processed
0.045/GB from usage), a VPC (free), an instance whose type is a variable without a value and an
``aws_ec2_host`` (not priced).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "estimate" / "breakdown"
APP = FIXTURES / "app"


def breakdown(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "costlint", "breakdown", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def test_json_contract():
    run = breakdown(str(APP), "--format", "json", "--usage-file", str(FIXTURES / "usage.yml"))
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["currency"] == "USD" and doc["format_version"] == 1 and doc["hours_per_month"] == 730
    # 70.08 + 1.60 + 32.85 + 200 GB x 0.045 (= 9.00) = 113.53
    assert doc["total_monthly_cost"] == 113.53
    assert doc["usage_monthly_cost"] == 9
    assert doc["summary"] == {
        "resources": 5,
        "priced": 2,
        "free": 1,
        "not_priced": 2,
        "components_awaiting_usage": 0,
        "components_missing_price": 0,
    }
    assert doc["prices"]["caches"] == ["bundled"] and doc["prices"]["first_date"] <= doc["prices"]["last_date"]
    (project,) = doc["projects"]
    assert project["path"] == "tests/fixtures/estimate/breakdown/app"
    assert project["total_monthly_cost"] == 113.53
    web = next(r for r in project["resources"] if r["address"] == "aws_instance.web")
    assert {k: web[k] for k in ("type", "kind", "file", "line", "region", "monthly_cost")} == {
        "type": "aws_instance",
        "kind": "ec2.instance",
        "file": "main.tf",
        "line": 14,
        "region": "us-east-1",
        "monthly_cost": 71.68,
    }
    assert web["components"][0] == {
        "name": "Instance usage (Linux/UNIX, on-demand, m5.large)",
        "unit": "hour",
        "monthly_quantity": 730,
        "unit_price": 0.096,
        "monthly_cost": 70.08,
        "usage_based": False,
        "price_source": "Karpenter generated EC2 on-demand prices (2026-07-20)",
        "approximate": False,
        "missing": None,
    }
    nat = next(r for r in project["resources"] if r["address"] == "aws_nat_gateway.gw")
    data = nat["components"][1]
    assert (data["monthly_quantity"], data["unit_price"], data["monthly_cost"], data["usage_based"]) == (
        200,
        0.045,
        9,
        True,
    )
    assert all(isinstance(c["monthly_cost"], (int, float)) for r in project["resources"] for c in r["components"])
    assert project["free"] == [
        {"address": "aws_vpc.main", "type": "aws_vpc", "file": "main.tf", "line": 10, "assumptions": []}
    ]
    unpriced = {u["address"]: u for u in project["unpriced"]}
    assert unpriced["aws_instance.worker"]["reason"] == "instance type is unknown (var.worker_type)"
    assert unpriced["aws_ec2_host.mac"]["reason"] == "unsupported type aws_ec2_host"
    assert set(unpriced["aws_ec2_host.mac"]) >= {"address", "type", "reason"}
    assert project["diagnostics"][0]["severity"] == "warning"


def test_json_nulls_for_components_waiting_for_usage():
    run = breakdown(str(APP), "--format", "json")
    doc = json.loads(run.stdout)
    assert doc["total_monthly_cost"] == 104.53  # 70.08 + 1.60 + 32.85; data processed counts 0
    nat = next(r for r in doc["projects"][0]["resources"] if r["address"] == "aws_nat_gateway.gw")
    assert nat["components"][1]["monthly_quantity"] is None and nat["components"][1]["monthly_cost"] is None
    assert nat["components"][1]["unit_price"] == 0.045
    assert doc["summary"]["components_awaiting_usage"] == 1


def test_table():
    run = breakdown(str(APP))
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.startswith("Project: tests/fixtures/estimate/breakdown/app (terraform)\n")
    assert "├─ Instance usage (Linux/UNIX, on-demand, m5.large)          730  hours           $70.08" in out
    assert "├─ Data processed *" in out and "depends on usage: $0.045 per GB" in out
    assert "└─ note: its public IPv4 address is billed with its Elastic IP" in out
    assert " Project total " in out and "$104.53" in out
    assert " Free (1): aws_vpc" in out
    assert "   aws_instance.worker  (main.tf:23): instance type is unknown (var.worker_type)" in out
    assert (
        " 5 resources: 2 priced, 1 free, 2 not priced; 1 usage-based component waiting for usage (counted as $0)"
    ) in out
    assert " Prices: the bundled snapshot, price data dated " in out
    assert 'variable "worker_type" has no value' in run.stderr


def test_markdown():
    run = breakdown(str(APP), "--format", "markdown")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.startswith(
        "## costlint cost estimate\n\n**Total: $104.53 a month**, 2 of 4 billed resources not priced\n"
    )
    assert "| Resource / component | Monthly qty | Unit | Monthly cost |" in out
    assert "| ↳ Instance usage (Linux/UNIX, on-demand, m5.large) | 730 | hours | $70.08 |" in out
    assert "| ↳ Data processed \\* | | | depends on usage: $0.045 per GB |" in out
    assert "- `aws_ec2_host.mac` (`main.tf:33`): unsupported type aws_ec2_host" in out
    assert "5 resources: 2 priced, 1 free, 2 not priced" in out


def test_several_projects_have_an_overall_total():
    run = breakdown(str(APP), "examples/web-stack/terraform")
    assert run.returncode == 0, run.stderr
    assert "OVERALL TOTAL (2 projects): $" in run.stdout
    doc = json.loads(breakdown(str(APP), "examples/web-stack/terraform", "--format", "json").stdout)
    assert len(doc["projects"]) == 2
    assert abs(doc["total_monthly_cost"] - sum(p["total_monthly_cost"] for p in doc["projects"])) < 1e-9


def test_exit_codes(tmp_path):
    broken = breakdown(str(FIXTURES / "broken"))
    assert broken.returncode == 2
    assert "broken/main.tf:10: error: " in broken.stderr
    assert broken.stdout.startswith("Project: tests/fixtures/estimate/breakdown/broken")  # still reported

    missing = breakdown(str(tmp_path / "nowhere"))
    assert missing.returncode == 2

    bad_yaml = tmp_path / "bad.yml"
    bad_yaml.write_text("resource_usage:\n  a: [1\n", encoding="utf-8")
    run = breakdown(str(APP), "--usage-file", str(bad_yaml))
    assert run.returncode == 2 and run.stdout == ""
    assert f"{bad_yaml}:" in run.stderr and "invalid YAML in usage file" in run.stderr

    bad_value = tmp_path / "value.yml"
    bad_value.write_text(
        "resource_usage:\n  aws_nat_gateway.gw:\n    monthly_data_processed_gb: lots\n", encoding="utf-8"
    )
    run = breakdown(str(APP), "--usage-file", str(bad_value))
    assert run.returncode == 2
    assert f"{bad_value}:3: error: aws_nat_gateway.gw: usage monthly_data_processed_gb must be" in run.stderr

    typo = tmp_path / "typo.yml"
    typo.write_text("resource_usage:\n  aws_nat_gateway.gw:\n    monthly_data_processed: 5\n", encoding="utf-8")
    run = breakdown(str(APP), "--usage-file", str(typo))
    assert run.returncode == 0  # unknown keys are warnings
    assert f"{typo}:3: warning: aws_nat_gateway.gw: aws_nat_gateway has no usage key" in run.stderr

    bad_format = breakdown(str(APP), "--format", "html")
    assert bad_format.returncode == 2


def test_phase_timings_on_request():
    run = breakdown(str(APP), env={"COSTLINT_TIMINGS": "1"})
    line = next(x for x in run.stderr.splitlines() if x.startswith("costlint: timings: "))
    assert [part.split("=")[0] for part in line.split(": ", 2)[2].split()] == ["read", "estimate", "render", "output"]
