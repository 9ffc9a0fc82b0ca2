"""The usage file: precedence (kind, type, [*] pattern, address), checks against the estimators' keys,
and the commented template ``costlint usage template`` writes."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import yaml

from costlint.estimate.usage import load_usage
from costlint.estimate.usage_check import check_usage
from costlint.model import Project, Resource
from costlint.readers import ReadOptions, read_paths
from costlint.reports.usage_template import render_template, yaml_key
from estimate_helpers import D, parts, terraform


def _resource(address: str, type_: str = "aws_nat_gateway", kind: str = "vpc.nat_gateway") -> Resource:
    return Resource(address, type_, kind, "aws", "us-east-1", {}, {}, "main.tf", 1, "terraform")


def _write(tmp_path, text: str, name: str = "usage.yml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return str(path)


def test_precedence_kind_type_pattern_address(tmp_path):
    usage, problems = load_usage(
        _write(
            tmp_path,
            """
        version: 0.1
        resource_type_default_usage:
          vpc.nat_gateway:
            monthly_data_processed_gb: 1
            kind_only: 1
          aws_nat_gateway:
            monthly_data_processed_gb: 2
        resource_usage:
          module.net[*].aws_nat_gateway.this[*]:
            monthly_data_processed_gb: 3
          module.net["a"].aws_nat_gateway.this[*]:
            monthly_data_processed_gb: 4
          module.net["a"].aws_nat_gateway.this[1]:
            monthly_data_processed_gb: 5
    """,
        )
    )
    assert problems == []

    def value(address: str) -> dict:
        return usage.for_resource(_resource(address))

    assert value("aws_nat_gateway.other") == {"monthly_data_processed_gb": D(2), "kind_only": D(1)}
    assert value('module.net["b"].aws_nat_gateway.this[0]')["monthly_data_processed_gb"] == D(3)
    assert value('module.net["a"].aws_nat_gateway.this[0]')["monthly_data_processed_gb"] == D(4)  # fewer [*]
    assert value('module.net["a"].aws_nat_gateway.this[1]')["monthly_data_processed_gb"] == D(5)  # exact wins


def test_usage_applies_to_estimates_by_index_pattern(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_nat_gateway" "gw" {
          count         = 2
          allocation_id = "eipalloc-1"
          subnet_id     = "subnet-1"
        }
    """,
        usage="""
        resource_usage:
          aws_nat_gateway.gw[*]:
            monthly_data_processed_gb: 100
    """,
    )
    for address in ("aws_nat_gateway.gw[0]", "aws_nat_gateway.gw[1]"):
        assert parts(costs[address])[1] == ("Data processed", D(100), D("0.045"), D("4.5"))  # 100 GB x 0.045


def test_invalid_values_are_errors_with_lines_and_unknown_names_warnings(tmp_path):
    usage, problems = load_usage(
        _write(
            tmp_path,
            """
        version: 0.1
        resource_type_default_usage:
          aws_nat_gateway:
            monthly_data_processed_gb: lots
          aws_made_up_type:
            x: 1
        resource_usage:
          aws_instance.web:
            operating_system: beos
            monthly_hrs: -5
            montly_hrs: 5
          aws_instance.gone:
            monthly_hrs: 5
    """,
        )
    )
    assert problems == []
    project = Project("p", "terraform", [_resource("aws_instance.web", "aws_instance", "ec2.instance")])
    found = {(d.line, d.severity, d.message) for d in check_usage(usage, [project])}
    assert (
        4,
        "error",
        'aws_nat_gateway: usage monthly_data_processed_gb must be a non-negative number, got the text "lots"',
    ) in found
    assert any(
        line == 5 and severity == "warning" and "aws_made_up_type" in message for line, severity, message in found
    )
    assert (
        9,
        "error",
        'aws_instance.web: usage operating_system must be one of linux, windows, rhel, suse, got the text "beos"',
    ) in found
    assert (
        10,
        "error",
        "aws_instance.web: usage monthly_hrs must be a non-negative number, got -5",
    ) in found
    assert any(
        line == 11 and severity == "warning" and "has no usage key 'montly_hrs'" in message
        for line, severity, message in found
    )
    assert (12, "warning", "no resource aws_instance.gone in the projects read") in found
    assert len(found) == 6


def test_malformed_usage_files(tmp_path):
    _, problems = load_usage(_write(tmp_path, "resource_usage:\n  a: [1\n", "broken.yml"))
    assert len(problems) == 1 and problems[0].severity == "error" and "invalid YAML" in problems[0].message
    _, problems = load_usage(_write(tmp_path, "resource_usage:\n  aws_nat_gateway.a: 5\n", "scalar.yml"))
    assert [(p.line, p.message) for p in problems] == [
        (2, "resource_usage.aws_nat_gateway.a must be a mapping of usage keys")
    ]
    _, problems = load_usage(str(tmp_path / "missing.yml"))
    assert problems and problems[0].message.startswith("cannot read usage file")


def test_usage_file_structure_is_checked_when_loaded(tmp_path):
    # Duplicate keys are an error, not "the last one wins"; only Infracost's version 0.1 is read; a
    # 408-byte alias bomb is refused like a CloudFormation template's (250,000 values).
    cases = {
        "dup.yml": (
            "version: 0.1\nresource_usage:\n  aws_nat_gateway.a:\n    monthly_data_processed_gb: 1\n"
            "    monthly_data_processed_gb: 2\n",
            [(5, "error", "invalid YAML in usage file: duplicate key 'monthly_data_processed_gb' (first at line 4)")],
        ),
        "version.yml": (
            "version: 9\nresource_usage: {}\n",
            [(1, "error", "usage file version must be 0.1 (Infracost's format), got 9")],
        ),
        "bomb.yml": (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)),
            [
                (
                    6,
                    "error",
                    "invalid YAML in usage file: the document expands to more than 250,000 values once its aliases are "
                    "resolved (YAML alias amplification); refused",
                )
            ],
        ),
    }
    for name, (text, expected) in cases.items():
        _, problems = load_usage(_write(tmp_path, text, name))
        assert [(p.line, p.severity, p.message) for p in problems] == expected, name
    _, problems = load_usage(_write(tmp_path, 'version: "0.1"\nresource_usage: {}\n', "quoted.yml"))
    assert problems == []


def test_nested_usage_values_are_checked_with_their_lines(tmp_path):
    usage, problems = load_usage(
        _write(
            tmp_path,
            """
        version: 0.1
        resource_usage:
          aws_s3_bucket.logs:
            standard:
              storage_gb: x
              monthly_tier_1_requests: -100
            glacier_flexible_retrieval: 5
          aws_instance.web:
            monthly_hrs: true
            vcpu_count: 1e308
            monthly_cpu_credit_hrs: .inf
    """,
        )
    )
    assert problems == []
    project = Project(
        "p",
        "terraform",
        [
            _resource("aws_s3_bucket.logs", "aws_s3_bucket", "s3.bucket"),
            _resource("aws_instance.web", "aws_instance", "ec2.instance"),
        ],
    )
    found = sorted((d.line, d.severity, d.message) for d in check_usage(usage, [project]))
    assert found == [
        (5, "error", 'aws_s3_bucket.logs: usage standard.storage_gb must be a non-negative number, got the text "x"'),
        (
            6,
            "error",
            "aws_s3_bucket.logs: usage standard.monthly_tier_1_requests must be a non-negative number, got -100",
        ),
        (7, "error", "aws_s3_bucket.logs: usage glacier_flexible_retrieval must be a mapping, got 5"),
        (9, "error", "aws_instance.web: usage monthly_hrs must be a non-negative number, got true"),
        (
            10,
            "error",
            'aws_instance.web: usage vcpu_count must be a non-negative number, got the text "1e308" '
            "(YAML reads a number with an exponent as a number only in the form 1.0e+308)",
        ),
        (11, "error", "aws_instance.web: usage monthly_cpu_credit_hrs must be a non-negative number, got infinity"),
    ]


TEMPLATE_PROJECT = """
provider "aws" {
  region = "us-east-1"
}
resource "aws_nat_gateway" "gw" {
  count         = 2
  allocation_id = "eipalloc-1"
  subnet_id     = "subnet-1"
}
resource "aws_lb" "web" {
  for_each = toset(["a"])
  subnets  = ["subnet-1", "subnet-2"]
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
"""


def test_template_is_valid_commented_yaml_and_round_trips(tmp_path):
    project_dir = tmp_path / "p"
    project_dir.mkdir()
    (project_dir / "main.tf").write_text(TEMPLATE_PROJECT, encoding="utf-8")
    projects, _ = read_paths([str(project_dir)], ReadOptions(environ={}))
    from costlint.estimate.engine import estimate_project

    text = render_template([estimate_project(p) for p in projects])
    assert yaml.safe_load(text) == {
        "version": 0.1,
        "resource_type_default_usage": None,
        "resource_usage": {"aws_nat_gateway.gw[*]": None, 'aws_lb.web["a"]': None},
    }
    assert "  aws_nat_gateway.gw[*]:\n    # monthly_data_processed_gb: 100" in text
    assert "# waiting for usage: Data processed" in text
    assert "aws_vpc" not in text  # free resources read no usage
    # uncommenting a key is all it takes
    edited = text.replace("    # monthly_data_processed_gb: 100", "    monthly_data_processed_gb: 100")
    path = _write(tmp_path, edited, "edited.yml")
    usage, problems = load_usage(path)
    assert problems == [] and check_usage(usage, projects) == []
    assert usage.for_resource(projects[0].resources[1])["monthly_data_processed_gb"] == D(100)


def test_yaml_keys_are_quoted_when_needed():
    assert yaml_key("aws_instance.web") == "aws_instance.web"
    assert yaml_key("aws_instance.web[*]") == "aws_instance.web[*]"
    assert yaml_key('module.a["x"].aws_instance.web') == '"module.a[\\"x\\"].aws_instance.web"'
    assert yaml.safe_load(yaml_key('module.a["x"].b') + ": 1") == {'module.a["x"].b': 1}


def test_usage_template_cli(tmp_path):
    project_dir = tmp_path / "p"
    project_dir.mkdir()
    (project_dir / "main.tf").write_text(TEMPLATE_PROJECT, encoding="utf-8")
    out = tmp_path / "usage.yml"
    run = subprocess.run(
        [sys.executable, "-m", "costlint", "usage", "template", str(project_dir), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "aws_nat_gateway.gw[*]:" in out.read_text(encoding="utf-8")
    again = subprocess.run(
        [sys.executable, "-m", "costlint", "usage", "template", str(project_dir), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 2 and "--force" in again.stderr
    to_stdout = subprocess.run(
        [sys.executable, "-m", "costlint", "usage", "template", str(project_dir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert to_stdout.returncode == 0 and to_stdout.stdout == out.read_text(encoding="utf-8")


def test_an_unknown_nested_usage_key_is_a_warning_naming_the_known_ones(tmp_path):
    usage, problems = load_usage(
        _write(
            tmp_path,
            """
        version: 0.1
        resource_usage:
          aws_s3_bucket.logs:
            standard:
              storage_gb: 10
              storage_gbs: 5
          aws_cloudfront_distribution.cdn:
            monthly_data_transfer_to_internet_gb:
              us: 100
              mars: 1
    """,
        )
    )
    assert problems == []
    project = Project(
        "p",
        "terraform",
        [
            _resource("aws_s3_bucket.logs", "aws_s3_bucket", "s3.bucket"),
            _resource("aws_cloudfront_distribution.cdn", "aws_cloudfront_distribution", "cloudfront.distribution"),
        ],
    )
    found = sorted((d.line, d.severity, d.message) for d in check_usage(usage, [project]))
    assert [(line, severity) for line, severity, _ in found] == [(6, "warning"), (10, "warning")]
    assert found[0][2].startswith("aws_s3_bucket.logs: usage standard has no key 'storage_gbs' (its keys: storage_gb, ")
    assert found[1][2] == (
        "aws_cloudfront_distribution.cdn: usage monthly_data_transfer_to_internet_gb has no key 'mars' (its keys: "
        "us, europe, south_africa, south_america, japan, australia, asia_pacific, india)"
    )
