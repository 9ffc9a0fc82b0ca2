"""``costlint check`` end to end: output formats, exit codes, which files are reported, config,
suppressions, baseline, user rule packs; and ``costlint rules``.

Savings in messages come from the bundled snapshot, us-east-1: m3.large 0.133/h and m7i.large
0.1008/h, so (0.133 - 0.1008) x 730 = $23.506 a month; gp2 0.10 and gp3 0.08 per GB-month.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from costlint.cli import cli

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'
OLD = 'resource "aws_instance" "old" {\n  ami           = "ami-1"\n  instance_type = "m3.large"\n}\n'
VOLUME = 'resource "aws_ebs_volume" "data" {\n  availability_zone = "us-east-1a"\n  size = 100\n  type = "gp2"\n}\n'
M3_LINE = "m3.large is previous generation; m7i.large saves $23.51/mo"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args])


def findings(result: Result) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return found


def test_text_output_is_one_grepable_line_per_finding_and_exits_1(repo: Path) -> None:
    (repo / "providers.tf").write_text(PROVIDER)
    (repo / "main.tf").write_text("\n" + OLD)
    result = check("main.tf")
    assert result.exit_code == 1
    assert result.stdout == f"main.tf:2: CL101 warning previous-generation: {M3_LINE}\n"
    assert "costlint: 1 finding (1 warning) in 1 project" in result.stderr
    assert "the fixes save $23.51/mo" in result.stderr


def test_findings_are_reported_for_the_files_given_but_the_whole_module_is_read(repo: Path) -> None:
    (repo / "providers.tf").write_text(PROVIDER)
    (repo / "compute.tf").write_text(OLD)
    (repo / "storage.tf").write_text(
        VOLUME + 'resource "aws_volume_attachment" "a" {\n  device_name = "/dev/sdf"\n'
        "  volume_id = aws_ebs_volume.data.id\n  instance_id = aws_instance.old.id\n}\n"
    )
    only_storage = check("--format", "json", "storage.tf")
    # The attachment in storage.tf refers to the instance in compute.tf: the module is read whole, so
    # the volume is attached (no CL402) and only storage.tf's gp2 finding is reported.
    assert [(f["file"], f["rule_id"]) for f in findings(only_storage)] == [("storage.tf", "CL201")]
    everything = check("--format", "json", ".")
    assert sorted((f["file"], f["rule_id"]) for f in findings(everything)) == [
        ("compute.tf", "CL101"),
        ("storage.tf", "CL201"),
    ]
    (repo / "terraform.tfvars").write_text("")
    assert len(findings(check("--format", "json", "terraform.tfvars"))) == 2  # a variables file touches its module


def test_severity_threshold_and_exit_codes(repo: Path) -> None:
    (repo / "providers.tf").write_text(PROVIDER)
    (repo / "main.tf").write_text('resource "aws_instance" "t" {\n  ami = "ami-1"\n  instance_type = "t2.micro"\n}\n')
    # t2.micro: CL102 older-generation, an info finding: below the default failing severity.
    result = check("main.tf")
    assert result.exit_code == 0, result.output
    assert "CL102 info older-generation" in result.stdout
    assert check("--fail-on", "info", "main.tf").exit_code == 1
    (repo / "main.tf").write_text(OLD)
    assert check("--fail-on", "never", "main.tf").exit_code == 0
    assert check("--fail-on", "error", "main.tf").exit_code == 0


def test_bad_input_exits_2_and_the_rest_is_still_checked(repo: Path) -> None:
    (repo / "good").mkdir()
    (repo / "good" / "main.tf").write_text(PROVIDER + OLD)
    (repo / "bad").mkdir()
    (repo / "bad" / "main.tf").write_text('resource "aws_instance" "x" {\n')
    result = check("good/main.tf", "bad/main.tf")
    assert result.exit_code == 2
    assert "good/main.tf:4: CL101 warning previous-generation" in result.stdout
    assert "bad/main.tf:" in result.stderr and "error:" in result.stderr
    assert "Traceback" not in result.output


def test_json_findings_have_the_documented_fields(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    document = json.loads(check("--format", "json", "main.tf").stdout)
    (finding,) = document["findings"]
    assert finding["rule_id"] == "CL101"
    assert finding["rule"] == "previous-generation"
    assert finding["severity"] == "warning"
    assert finding["address"] == "aws_instance.old"
    assert (finding["file"], finding["line"]) == ("main.tf", 4)
    assert finding["message"] == M3_LINE
    assert finding["monthly_savings"] == pytest.approx(23.506)
    assert document["summary"]["failed"] is True and document["summary"]["warning"] == 1


def test_github_annotations_escape_their_properties(repo: Path) -> None:
    (repo / "a,b.tf").write_text(PROVIDER + OLD)
    result = check("--format", "github", "a,b.tf")
    assert result.stdout.splitlines() == [
        f"::warning file=a%2Cb.tf,line=4,title=CL101 previous-generation::{M3_LINE}",
    ]


# -- config ------------------------------------------------------------------------------------------


def test_config_mistakes_are_reported_one_per_line_with_their_line(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    (repo / ".costlint.yml").write_text(
        "fail-on: error\n"  # line 1: a typo
        "rules:\n"
        "  CL101: loud\n"  # line 3: not a setting
        "  CL999: off\n"  # line 4: no such rule
        "ignore:\n"
        "  - rule: CL201\n"  # line 6: no reason
        "budgets: {prod: lots}\n"  # line 7
    )
    result = check("main.tf")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert ".costlint.yml:1: error: unknown setting 'fail-on' (did you mean 'fail_on'?)" in lines
    assert any(line.startswith(".costlint.yml:3: error: rule CL101: expected off, on") for line in lines)
    assert ".costlint.yml:6: error: ignore of CL201: 'reason' is required (say why it is acceptable)" in lines
    assert ".costlint.yml:7: error: budget for prod: expected an amount in USD a month, got 'lots'" in lines
    assert result.stdout == ""


def test_unknown_rule_names_in_the_config_are_errors(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    (repo / ".costlint.yml").write_text("rules:\n  CL101: off\n  gp2-volumes: error\n")
    result = check("main.tf")
    assert result.exit_code == 2
    assert ".costlint.yml:3: error: rules: unknown rule 'gp2-volumes' (did you mean 'gp2-volume'?)" in result.stderr


def test_rules_turned_off_and_severities_overridden(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD + VOLUME.replace('"data"', '"d"'))
    (repo / ".costlint.yml").write_text("rules:\n  previous-generation: off\n  CL201: error\n  CL402: off\n")
    result = check("main.tf")
    assert result.stdout.splitlines() == [
        "main.tf:8: CL201 error gp2-volume: gp2 volume (100 GB); gp3 saves $2.00/mo",
    ]
    assert result.exit_code == 1


def test_pyproject_table_is_read_and_its_mistakes_located(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.costlint]\nfail_on = "error"\nrequired_tags = "Owner"\n'
    )
    result = check("main.tf")
    assert result.exit_code == 2
    assert "pyproject.toml:6: error: required_tags must be a list of strings" in result.stderr
    (repo / "pyproject.toml").write_text('[tool.costlint]\nfail_on = "error"\n\n[tool.costlint.rules]\nCL101 = "off"\n')
    result = check("main.tf")
    assert (result.exit_code, result.stdout) == (0, "")


def test_config_ignores_by_path_and_address(repo: Path) -> None:
    (repo / "legacy").mkdir()
    (repo / "legacy" / "main.tf").write_text(PROVIDER + OLD)
    (repo / ".costlint.yml").write_text(
        "ignore:\n  - rule: previous-generation\n    paths: [legacy/**]\n    addresses: ['aws_instance.*']\n"
        "    reason: retired with the data centre\n"
    )
    document = json.loads(check("--format", "json", "legacy/main.tf").stdout)
    assert document["findings"] == []
    (suppressed,) = document["suppressed"]
    assert (suppressed["suppressed_by"], suppressed["justification"]) == ("config", "retired with the data centre")


# -- suppressions --------------------------------------------------------------------------------------


def test_inline_comment_suppresses_only_the_rule_it_names(repo: Path) -> None:
    (repo / "main.tf").write_text(
        PROVIDER + "// costlint:ignore CL101,CL999 appliance\n"
        'resource "aws_instance" "old" {\n  ami = "ami-1"\n  instance_type = "m3.large"\n'
        '  root_block_device {\n    volume_type = "gp2"\n  }\n}\n'
        'resource "aws_instance" "other" {\n  ami = "ami-1"\n  instance_type = "m3.large"\n}\n'
    )
    result = check("--format", "json", "main.tf")
    document = json.loads(result.stdout)
    assert [(f["address"], f["rule_id"]) for f in document["findings"]] == [
        ("aws_instance.old", "CL201"),
        ("aws_instance.other", "CL101"),
    ]
    assert [(f["address"], f["justification"]) for f in document["suppressed"]] == [("aws_instance.old", "appliance")]
    assert {d["message"] for d in document["diagnostics"]} == {"costlint:ignore names an unknown rule: CL999"}


def test_a_comment_inside_a_string_or_heredoc_does_not_end_the_block(repo: Path) -> None:
    (repo / "main.tf").write_text(
        PROVIDER + 'resource "aws_instance" "old" {\n  ami = "ami-1"\n  user_data = <<-EOT\n    }\n  EOT\n'
        '  tags = { Name = "x}${"{"}" }\n  instance_type = "m3.large" # costlint:ignore CL101 kept\n}\n'
    )
    document = json.loads(check("--format", "json", "main.tf").stdout)
    assert [f["rule_id"] for f in document["suppressed"]] == ["CL101"]


def test_cloudformation_yaml_comment_and_metadata(repo: Path) -> None:
    (repo / "stack.yaml").write_text(
        "Resources:\n"
        "  # costlint:ignore CL101 vendor image\n"
        "  A:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-1, InstanceType: m3.large}\n"
        "  B:\n    Type: AWS::EC2::Instance\n    Metadata:\n      costlint:\n        ignore: [previous-generation]\n"
        "    Properties: {ImageId: ami-1, InstanceType: m3.large}\n"
        "  C:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-1, InstanceType: m3.large}\n"
    )
    document = json.loads(check("--format", "json", "stack.yaml").stdout)
    assert [f["address"] for f in document["findings"] if f["rule_id"] == "CL101"] == ["C"]
    assert sorted((f["address"], f["suppressed_by"]) for f in document["suppressed"]) == [
        ("A", "inline"),
        ("B", "metadata"),
    ]


# -- baseline --------------------------------------------------------------------------------------------


def test_baseline_accepts_findings_by_file_address_and_rule_not_line(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    written = check("--write-baseline", ".")
    assert written.exit_code == 0, written.output
    assert "wrote 1 finding(s) to .costlint-baseline.json" in written.stderr
    baseline = json.loads((repo / ".costlint-baseline.json").read_text())
    assert baseline == {
        "version": 1,
        "tool": "costlint",
        "findings": [
            {"file": "main.tf", "address": "aws_instance.old", "rule_id": "CL101", "rule": "previous-generation"}
        ],
    }
    # Lines added above the finding: still accepted.
    (repo / "main.tf").write_text("\n\n\n" + PROVIDER + OLD)
    assert (check("main.tf").exit_code, check("main.tf").stdout) == (0, "")
    # A new finding is reported; the accepted one is not.
    (repo / "main.tf").write_text(PROVIDER + OLD + OLD.replace('"old"', '"new"'))
    result = check("main.tf")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()] == ["main.tf:8"]
    assert "1 suppressed" in result.stderr
    assert check("--no-baseline", "--format", "json", "main.tf").stdout.count('"rule_id": "CL101"') == 2


def test_baseline_keeps_the_entries_of_files_not_checked(repo: Path) -> None:
    (repo / "a").mkdir()
    (repo / "b").mkdir()
    (repo / "a" / "main.tf").write_text(PROVIDER + OLD)
    (repo / "b" / "main.tf").write_text(PROVIDER + OLD)
    check("--write-baseline", ".")
    (repo / "a" / "main.tf").write_text(PROVIDER)
    check("--write-baseline", "a/main.tf")
    baseline = json.loads((repo / ".costlint-baseline.json").read_text())
    assert [entry["file"] for entry in baseline["findings"]] == ["b/main.tf"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_baseline_in_a_read_only_directory_is_one_line_and_exit_3(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    locked = repo / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "costlint", "check", "--write-baseline", "--baseline", "locked/b.json", "."],
            capture_output=True,
            text=True,
            cwd=repo,
            timeout=120,
        )
    finally:
        locked.chmod(stat.S_IRWXU)
    assert result.returncode == 3
    assert result.stderr.startswith("costlint: error: cannot write the baseline locked/b.json")
    assert "Traceback" not in result.stderr


def test_a_baseline_that_cannot_be_written_is_one_line_and_exit_3(repo: Path) -> None:
    # Runs as any user: the target's directory does not exist.
    (repo / "main.tf").write_text(PROVIDER + OLD)
    result = subprocess.run(
        [sys.executable, "-m", "costlint", "check", "--write-baseline", "--baseline", "missing/b.json", "."],
        capture_output=True,
        text=True,
        cwd=repo,
        timeout=120,
    )
    assert result.returncode == 3
    assert result.stderr.startswith("costlint: error: cannot write the baseline missing/b.json")
    assert "Traceback" not in result.stderr


# -- user rule packs ---------------------------------------------------------------------------------------


def test_a_user_pack_adds_a_data_rule(repo: Path) -> None:
    (repo / "policies").mkdir()
    (repo / "policies" / "acme.yaml").write_text(
        "pack: acme\nrules:\n"
        "  - id: ACME1\n    slug: no-xlarge\n    title: No xlarge in this repository\n    severity: error\n"
        "    kinds: [ec2.instance]\n    rationale: Sandbox accounts run small machines.\n"
        "    fix: Use a large or smaller size.\n"
        "    when: {field: instance_type, matches: 'xlarge$'}\n"
        "    message: '{instance_type} is too big for a sandbox'\n"
    )
    (repo / ".costlint.yml").write_text("rule_packs: [policies/acme.yaml]\n")
    (repo / "main.tf").write_text(
        PROVIDER + 'resource "aws_instance" "big" {\n  ami = "a"\n  instance_type = "m7g.2xlarge"\n}\n'
    )
    result = check("main.tf")
    assert result.stdout == "main.tf:4: ACME1 error no-xlarge: m7g.2xlarge is too big for a sandbox\n"
    assert result.exit_code == 1
    explained = CliRunner().invoke(cli, ["rules", "explain", "no-xlarge"])
    assert "ACME1 no-xlarge: No xlarge in this repository" in explained.stdout
    assert "policies/acme.yaml:3" in explained.stdout


def test_mistakes_in_a_user_pack_are_located(repo: Path) -> None:
    (repo / "pack.yaml").write_text(
        "rules:\n"
        "  - id: acme-1\n"  # line 2: not an ID
        "    slug: x\n    title: t\n    severity: fatal\n"  # line 5
        "    kinds: [ec2.instanse]\n"  # line 6
        "    rationale: r\n    fix: f\n"
        "    when: {field: size, equals: 1}\n"  # line 9: no such field of an instance spec
        "    message: m\n"
        "    colour: red\n"  # line 11
    )
    (repo / ".costlint.yml").write_text("rule_packs: [pack.yaml]\n")
    result = check(".")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert "pack.yaml:2: error: invalid rule ID 'acme-1': capitals then digits, such as CL101" in lines
    assert "pack.yaml:5: error: severity must be one of info, warning, error, got 'fatal'" in lines
    assert "pack.yaml:6: error: unknown kind 'ec2.instanse'" in lines
    assert "pack.yaml:11: error: unknown key 'colour' in rule acme-1" in lines


# -- rules list / explain ------------------------------------------------------------------------------------


def test_rules_list_shows_every_builtin_rule(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["rules", "list", "--format", "json"])
    rules = json.loads(result.stdout)["rules"]
    assert [r["id"] for r in rules] == [
        "CL101", "CL102", "CL103", "CL201", "CL301", "CL302", "CL401", "CL402", "CL501", "CL502", "CL503",
        "CL601", "CL602", "CL603",
    ]  # fmt: skip
    table = CliRunner().invoke(cli, ["rules", "list"]).stdout
    assert table.splitlines()[0].split() == ["ID", "RULE", "SEVERITY", "ON", "KINDS", "TITLE"]


def test_rules_explain_by_id_or_slug_and_unknown_rule(repo: Path) -> None:
    by_id = CliRunner().invoke(cli, ["rules", "explain", "CL502"]).stdout
    by_slug = CliRunner().invoke(cli, ["rules", "explain", "log-retention"]).stdout
    assert by_id == by_slug
    assert by_id.startswith("CL502 log-retention: Log group that never expires its events")
    assert "checkov CKV_AWS_66" in by_id
    missing = CliRunner().invoke(cli, ["rules", "explain", "CL999"])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("costlint: error: no rule 'CL999'")


# -- what a run imports ------------------------------------------------------------------------------------------


def _imported(repo: Path, target: str) -> list[str]:
    """The cfn-lint, price catalog and estimator modules a fresh ``costlint check target`` imports."""
    probe = (
        "import sys\n"
        "from costlint.cli import main\n"
        f"sys.argv = ['costlint', 'check', {target!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "prefixes = ('cfnlint', 'yaml', 'costlint.pricing.catalog', 'costlint.estimate.estimators.aws.')\n"
        "print('MODULES', ' '.join(sorted(m for m in sys.modules if m.startswith(prefixes))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=repo, timeout=120)
    return next(line for line in done.stderr.splitlines() if line.startswith("MODULES")).split()[1:]


def test_a_terraform_check_imports_neither_cfn_lint_nor_unneeded_estimators(repo: Path) -> None:
    (repo / "main.tf").write_text(PROVIDER + OLD)
    (repo / "clean.tf").write_text(
        'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  lifecycle_rule {\n    enabled = true\n  }\n}\n'
    )
    _imported(repo, "main.tf")  # a first run writes the rules cache; later runs read no YAML
    modules = _imported(repo, "main.tf")
    assert not [m for m in modules if m.startswith(("cfnlint", "yaml"))]
    # The saving of the m3.large needs the compute estimator (and the storage one, for its root volume).
    assert set(modules) <= {
        "costlint.pricing.catalog",
        "costlint.estimate.estimators.aws.compute",
        "costlint.estimate.estimators.aws.storage",
        "costlint.estimate.estimators.aws._data_helpers",
    }
    # A file without findings needs no price at all.
    assert _imported(repo, "clean.tf") == []


def test_opentofu_files_are_read_and_replace_the_tf_file_of_the_same_name(repo: Path) -> None:
    (repo / "providers.tf").write_text(PROVIDER)
    (repo / "main.tf").write_text(OLD)
    (repo / "main.tofu").write_text(OLD.replace("m3.large", "m7i.large"))
    (repo / "extra.tofu").write_text(OLD.replace('"old"', '"extra"'))
    document = json.loads(check("--format", "json", "main.tofu", "extra.tofu").stdout)
    assert [(f["file"], f["address"]) for f in document["findings"] if f["rule_id"] == "CL101"] == [
        ("extra.tofu", "aws_instance.extra")
    ]
