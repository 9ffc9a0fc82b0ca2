"""Plans through the real CLI, and the promise that Terraform-only runs never import cfn-lint."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FULL = "tests/fixtures/plan/full"

# Runs the CLI inside the interpreter, then says on the last stderr line whether cfnlint was imported.
_PROBE = """
import sys
from costlint.cli import main
sys.argv = ["costlint", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    code = exit.code
sys.stderr.write("CFNLINT=%s EXIT=%s\\n" % (any(m == "cfnlint" or m.startswith("cfnlint.") for m in sys.modules), code))
"""


def run(*args: str, probe: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
    command = [sys.executable, "-c", _PROBE, *args] if probe else [sys.executable, "-m", "costlint", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _terraform_and_plan(directory: Path) -> None:
    (directory / "tf").mkdir()
    (directory / "tf" / "main.tf").write_text(
        'provider "aws" {\n  region = "eu-west-1"\n}\n\n'
        'resource "aws_instance" "web" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n}\n'
    )
    (directory / "plan").mkdir()
    shutil.copy(ROOT / FULL / "plan.json", directory / "plan" / "plan.json")


def test_terraform_and_plan_runs_do_not_import_cfnlint(tmp_path: Path) -> None:
    _terraform_and_plan(tmp_path)
    result = run("resources", str(tmp_path), "--format", "json", probe=True)
    assert result.stderr.splitlines()[-1] == "CFNLINT=False EXIT=0", result.stderr
    doc = json.loads(result.stdout)
    assert sorted(p["language"] for p in doc["projects"]) == ["terraform", "terraform-plan"]
    assert sum(1 for r in doc["resources"] if r["project"].endswith("plan.json")) == 14
    assert any(r["address"] == "aws_instance.web" and r["project"].endswith("tf") for r in doc["resources"])


def test_the_probe_does_see_cfnlint_when_a_template_is_read(tmp_path: Path) -> None:
    _terraform_and_plan(tmp_path)
    (tmp_path / "template.yaml").write_text("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
    result = run("resources", str(tmp_path), "--format", "json", probe=True)
    assert result.stderr.splitlines()[-1] == "CFNLINT=True EXIT=0", result.stderr


def test_help_does_not_import_cfnlint() -> None:
    result = run("--help", probe=True)
    assert result.stderr.splitlines()[-1] == "CFNLINT=False EXIT=0"
    assert "resources" in result.stdout


def test_plan_json_output(tmp_path: Path) -> None:
    result = run("resources", f"{FULL}/plan.json", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    doc = json.loads(result.stdout)
    assert doc["projects"] == [
        {"path": f"{FULL}/plan.json", "language": "terraform-plan", "files_read": 1, "resources": 14, "diagnostics": []}
    ]
    db = next(r for r in doc["resources"] if r["address"] == "aws_db_instance.main")
    assert (db["action"], db["before"]["instance_class"], db["attributes"]["instance_class"]) == (
        "update",
        "db.t3.medium",
        "db.m5.large",
    )
    assert (db["region"], db["file"], db["line"], db["tags"]) == ("eu-west-1", "main.tf", 55, {"Team": "platform"})
    asg = next(r for r in doc["resources"] if r["address"] == "aws_autoscaling_group.workers")
    assert asg["attributes"]["launch_template"][0]["id"] == {
        "$unknown": "known after apply: aws_launch_template.workers.id",
        "$ref": "aws_launch_template.workers",
    }
    table = run("resources", f"{FULL}/plan.json").stdout
    # The table joins the plan's directory and the block's file: a path a developer can open.
    assert f"{FULL}/modules/app/main.tf:5" in table


def test_malformed_plan_beside_a_good_one(tmp_path: Path) -> None:
    (tmp_path / "good").mkdir()
    shutil.copy(ROOT / FULL / "plan.json", tmp_path / "good" / "plan.json")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "plan.json").write_text('{\n  "terraform_version": "1.9.5",\n  "planned_values": {\n}')
    (tmp_path / "array").mkdir()
    (tmp_path / "array" / "plan.json").write_text('[{"terraform_version": "1.9.5", "resource_changes": []}]')
    saved = tmp_path / "tfplan"
    with zipfile.ZipFile(saved, "w") as archive:
        archive.writestr("tfplan", b"\x00binary")
    result = run("resources", str(tmp_path), str(saved), "--format", "json")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"{saved}:1: error: binary Terraform plan file; give its JSON form instead "
        "(terraform show -json PLAN > plan.json)",
        f"{tmp_path}/array/plan.json:1: error: plan must be a JSON object, got an array",
        f"{tmp_path}/bad/plan.json:4: error: invalid JSON: Expecting ',' delimiter (column 2)",
    ]
    doc = json.loads(result.stdout)
    assert sum(1 for r in doc["resources"] if r["project"] == f"{tmp_path}/good/plan.json") == 14
