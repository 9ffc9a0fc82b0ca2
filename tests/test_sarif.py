"""``costlint check --format sarif`` is valid SARIF 2.1.0 (the official schema, kept in
``tests/fixtures/sarif`` with its origin) and carries what GitHub code scanning needs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from costlint.cli import cli

SCHEMA = Path(__file__).resolve().parent / "fixtures" / "sarif" / "sarif-schema-2.1.0.json"
PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'


def test_the_schema_file_is_the_one_recorded_in_its_origin_note() -> None:
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest in (SCHEMA.parent / "ORIGIN.md").read_text()


@pytest.fixture
def sarif(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(
        PROVIDER
        + 'resource "aws_instance" "web" {\n  ami = "ami-1"\n  instance_type = "m3.large"\n}\n'
        + 'resource "aws_instance" "kept" {\n  ami = "ami-1"\n'
        + '  instance_type = "m3.large" # costlint:ignore CL101 appliance\n}\n'
        + 'resource "aws_cloudwatch_log_group" "app" {\n  name = "/app"\n}\n'
        + 'resource "aws_instance" "bastion" {\n  ami = "ami-1"\n  instance_type = "t2.micro"\n}\n'
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "sarif", "infra/main.tf"])
    assert result.exit_code == 1, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_output_validates_against_the_sarif_2_1_0_schema(sarif: dict[str, object]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(sarif), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_results_carry_rule_level_message_and_start_line(sarif: dict[str, object]) -> None:
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]  # type: ignore[misc]
    driver = run["tool"]["driver"]
    assert driver["name"] == "costlint"
    rules = driver["rules"]
    assert [r["id"] for r in rules] == sorted(r["id"] for r in rules)
    by_id = {r["id"]: r for r in rules}
    assert by_id["CL101"]["name"] == "previous-generation"
    assert by_id["CL101"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["CL102"]["defaultConfiguration"]["level"] == "note"
    assert by_id["CL101"]["properties"]["tags"] == ["cost", "finops"]
    results = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]): r for r in run["results"]}
    web = results[("CL101", 4)]
    assert rules[web["ruleIndex"]]["id"] == "CL101"
    assert web["level"] == "warning"
    assert web["message"]["text"] == "m3.large is previous generation; m7i.large saves $23.51/mo"
    assert web["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "infra/main.tf"
    assert web["properties"]["monthlySavings"] == pytest.approx(23.506)  # (0.133 - 0.1008) x 730
    assert results[("CL102", 15)]["level"] == "note"
    kept = results[("CL101", 8)]
    assert kept["suppressions"] == [{"kind": "inSource", "justification": "appliance"}]


def test_no_security_severity_anywhere(sarif: dict[str, object]) -> None:
    assert "security-severity" not in json.dumps(sarif)


def test_fingerprints_do_not_depend_on_the_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    prints = []
    for padding in ("", "\n\n\n"):
        (tmp_path / "main.tf").write_text(
            padding + PROVIDER + 'resource "aws_instance" "web" {\n  ami = "a"\n  instance_type = "m3.large"\n}\n'
        )
        document = json.loads(CliRunner().invoke(cli, ["check", "--format", "sarif", "main.tf"]).stdout)
        (result,) = [r for r in document["runs"][0]["results"] if r["ruleId"] == "CL101"]
        prints.append(result["partialFingerprints"])
    assert prints[0] == prints[1]
