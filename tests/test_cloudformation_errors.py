"""Malformed CloudFormation inputs through the real CLI: one line each on stderr, the rest still read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CFN = "tests/fixtures/cloudformation"

EXPECTED_STDERR = [
    f"{CFN}/binary/blob.yaml:1: error: binary file, not a Terraform plan or CloudFormation template",
    f"{CFN}/empty/empty.yaml:1: warning: empty file",
    f"{CFN}/malformed/ansible-vault.yaml:6: error: unknown YAML tag !vault (not a CloudFormation intrinsic function)",
    f"{CFN}/malformed/array.json:1: error: template must be a mapping, got a list",
    f"{CFN}/malformed/duplicate-keys.json:5: error: duplicate key 'Bucket' (first at line 4)",
    f"{CFN}/malformed/duplicate-keys.yaml:7: error: duplicate key 'Bucket' (first at line 3)",
    f"{CFN}/malformed/invalid-json.json:6: error: invalid JSON: did not find expected ',' or '}}'",
    f"{CFN}/malformed/invalid-yaml.yaml:6: error: invalid YAML: did not find expected ',' or ']'",
    f"{CFN}/malformed/latin1.yaml:2: error: not UTF-8 text (byte 0xe9)",
    f"{CFN}/malformed/no-resources.yaml:1: error: no Resources section",
    f"{CFN}/malformed/no-type.yaml:5: error: resource Untyped has no Type",
    f"{CFN}/malformed/python-tag.yaml:6: error: invalid YAML: unsupported YAML tag !!python/object/apply:os.system",
    f"{CFN}/malformed/secret-tag.yaml:7: error: unknown YAML tag !Secret (not a CloudFormation intrinsic "
    "function); 1 more at line 8",
]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_REGION", "AWS_DEFAULT_REGION")}
    return subprocess.run(
        [sys.executable, "-m", "costlint", "resources", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def malformed_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    # A good plan in the same run: it must be reported although every template around it is broken.
    plans = tmp_path_factory.mktemp("plans")
    shutil.copy(ROOT / "tests/fixtures/plan/full/plan.json", plans / "plan.json")
    result = run_cli(
        f"{CFN}/malformed", f"{CFN}/binary/blob.yaml", f"{CFN}/empty/empty.yaml", str(plans), "--format", "json"
    )
    return result


def test_each_malformed_input_gives_its_one_line(malformed_run: subprocess.CompletedProcess[str]) -> None:
    result = malformed_run
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == EXPECTED_STDERR
    assert result.returncode == 2


def test_everything_else_is_still_reported(malformed_run: subprocess.CompletedProcess[str]) -> None:
    result = malformed_run
    doc = json.loads(result.stdout)
    addresses = {(r["project"].rsplit("/", 1)[-1], r["address"]) for r in doc["resources"]}
    # Templates with a problem inside still list what could be read.
    assert ("good.yaml", "Bucket") in addresses
    assert ("secret-tag.yaml", "Db") in addresses
    assert ("no-type.yaml", "Typed") in addresses
    assert ("ansible-vault.yaml", "Queue") in addresses
    # The plan of the same run is read in full.
    assert sum(1 for r in doc["resources"] if r["project"].endswith("plan.json")) == 14
    good = next(r for r in doc["resources"] if r["project"].endswith("good.yaml"))
    assert good["attributes"] == {"BucketName": "${self:custom.bucket}"}  # a Serverless variable is text
    secret = next(r for r in doc["resources"] if r["address"] == "Db")
    assert secret["attributes"]["MasterUserPassword"] == {"$unknown": "Fn::Secret"}
    failed = {p["path"].rsplit("/", 1)[-1]: [d["message"] for d in p["diagnostics"]] for p in doc["projects"]}
    assert failed["array.json"] == ["template must be a mapping, got a list"]
    assert failed["good.yaml"] == []


def test_clean_run_exits_zero_with_nothing_on_stderr() -> None:
    result = run_cli(f"{CFN}/malformed/good.yaml", f"{CFN}/json/template.json", "--format", "json")
    assert (result.returncode, result.stderr) == (0, "")
    # Projects come sorted by path: json/ before malformed/.
    assert [r["address"] for r in json.loads(result.stdout)["resources"]] == ["Queue", "Cache", "Group", "Bucket"]


def test_warnings_alone_do_not_fail_the_run() -> None:
    result = run_cli(f"{CFN}/features/template.yaml")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{CFN}/features/template.yaml:14: warning: parameter AppName has no value; its uses are unknown "
        "(give it with --parameter NAME=VALUE or --parameters-file)"
    ]
    assert f"{CFN}/features/template.yaml:41" in result.stdout


def test_cli_parameters_and_region_reach_the_reader() -> None:
    result = run_cli(
        f"{CFN}/features/template.yaml",
        "--parameter",
        "Env=prod",
        "--parameter",
        "AppName=shop",
        "--parameters-file",
        f"{CFN}/features/params-map.json",
        "--region",
        "eu-west-1",
        "--format",
        "json",
    )
    assert (result.returncode, result.stderr) == (0, "")
    resources = {r["address"]: r for r in json.loads(result.stdout)["resources"]}
    assert resources["Web"]["attributes"]["InstanceType"] == "m5.large"
    assert resources["Web"]["region"] == "eu-west-1"
    assert resources["Web"]["file"] == "template.yaml"
    assert resources["Web"]["line"] == 41
    assert resources["Named"]["attributes"]["LogGroupName"] == "/app/shop"
    assert "TwoOnly" not in resources


def test_nested_stack_listing_through_the_cli() -> None:
    result = run_cli(f"{CFN}/nested", "--format", "json")
    doc = json.loads(result.stdout)
    # The child templates are not projects of their own: the parent's reader follows them.
    assert [p["path"] for p in doc["projects"]] == [f"{CFN}/nested/parent.yaml"]
    s3 = next(r for r in doc["resources"] if r["address"] == "Network.Endpoints.S3Endpoint")
    assert (s3["file"], s3["line"], s3["module"]) == ("stacks/endpoints.yaml", 5, "Network.Endpoints")
    assert result.returncode == 2  # the Missing stack's template does not exist
    table = run_cli(f"{CFN}/nested").stdout
    assert f"{CFN}/nested/stacks/endpoints.yaml:5" in table


def test_rain_templates_and_non_templates_found_by_walking(tmp_path: Path) -> None:
    # Extracts of aws-cloudformation-templates: a Rain module used as a resource type (Solutions/Gitea),
    # and a macro's test event (CloudFormation/MacrosExamples/Count/event.json), which is not a template.
    (tmp_path / "rain.yaml").write_text(
        "Resources:\n  Network:\n    Type: !Rain::Module ../RainModules/vpc.yml\n  Queue:\n    Type: AWS::SQS::Queue\n"
    )
    (tmp_path / "event.json").write_text(
        '{"requestId": 1, "fragment": {"Resources": {"B": {"Type": "AWS::S3::Bucket", "Count": 2}}}}'
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    run = subprocess.run(
        [sys.executable, "-m", "costlint", "resources", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.stderr.splitlines() == [
        "event.json:1: warning: not a CloudFormation template (no Resources section at the top); skipped",
        "rain.yaml:3: error: unknown YAML tag !Rain::Module (a Rain directive: rain pkg turns the file into a "
        "CloudFormation template)",
    ]
    assert run.returncode == 2
