"""Design sheets (``kind: costlint/design``): read into the same resources as Terraform, so estimated,
reviewed and checked by the same code; every mistake one ``file:line: error:`` line."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.discovery import discover
from costlint.estimate.engine import estimate_project
from costlint.estimate.usage import parse_usage
from costlint.model import Project, Unknown
from costlint.readers import ReadOptions, read_paths, terraform_module
from costlint.readers import design as design_reader
from estimate_helpers import bundled_catalog

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "tests" / "fixtures" / "review"


def _read(path: Path, **options: str) -> Project:
    projects, diagnostics = read_paths([str(path)], ReadOptions(environ={}, **options))  # type: ignore[arg-type]
    assert diagnostics == [] and len(projects) == 1
    return projects[0]


def _sheet(tmp_path: Path, text: str, name: str = "design.yaml") -> Project:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip())
    return _read(path)


def _costs(project: Project) -> dict[str, Decimal]:
    cost = estimate_project(project, bundled_catalog())
    return {r.resource.address: r.monthly_cost for r in cost.resources if r.status == "priced"}


def test_a_design_sheet_and_the_equivalent_terraform_give_the_same_total() -> None:
    terraform = _read(REVIEW / "shop")
    design = _read(REVIEW / "shop-design.yaml")
    assert design.language == "design" and design.diagnostics == []
    by_terraform, by_design = _costs(terraform), _costs(design)
    # 434.866 a month: worked out in tests/test_review.py
    assert sum(by_design.values()) == sum(by_terraform.values()) == Decimal("434.866")
    assert by_design == by_terraform  # resource by resource, at the same addresses
    web = next(r for r in design.resources if r.address == "aws_instance.web[1]")
    assert (web.type, web.kind, web.region, web.file, web.line) == (
        "aws_instance",
        "ec2.instance",
        "us-east-1",
        "shop-design.yaml",
        6,
    )
    ci = next(r for r in design.resources if r.address == "aws_instance.ci")
    assert ci.type == "aws_instance"  # written as AWS::EC2::Instance: the Terraform type of its kind
    assert ci.attributes["instance_type"] == "m5.large" and ci.tags == {"Team": "platform", "Environment": "dev"}
    # ${logs} links the attachment to the volume as aws_ebs_volume.logs.id does in Terraform
    attachment = next(r for r in design.resources if r.kind == "ebs.volume_attachment")
    assert attachment.attributes["volume_id"] == Unknown("aws_ebs_volume.logs.id", ref="aws_ebs_volume.logs")
    assert attachment.attributes["instance_id"] == Unknown("aws_instance.web[0].id", ref="aws_instance.web[0]")


def test_the_same_findings_as_the_terraform() -> None:
    def findings(path: Path) -> list[tuple[str, str]]:
        run = subprocess.run(
            [sys.executable, "-m", "costlint", "check", str(path), "--format", "text"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert run.returncode == 1, run.stderr
        return sorted(tuple(line.split(": ", 2)[1:]) for line in run.stdout.splitlines())  # type: ignore[misc]

    # Same rule, same message, whatever the file and line (the volume is attached in both: no CL402).
    assert findings(REVIEW / "shop-design.yaml") == findings(REVIEW / "shop")


def test_sheet_region_tags_usage_and_size(tmp_path: Path) -> None:
    project = _sheet(
        tmp_path,
        """
        kind: costlint/design
        region: eu-west-1
        tags: {Team: shop, Owner: ann}
        components:
          - name: api
            type: aws_instance
            size: m5.large
            tags: {Owner: bob}
            usage: {monthly_hrs: 365}
          - name: queue
            type: sqs.queue
            region: us-east-1
            usage: {monthly_requests: 3000000}
          - name: cache
            type: AWS::ElastiCache::CacheCluster
            size: cache.t3.micro
            attributes: {engine: redis, num_cache_nodes: 1}
        """,
    )
    api, queue, cache = project.resources
    assert (api.address, api.region, api.tags) == ("aws_instance.api", "eu-west-1", {"Team": "shop", "Owner": "bob"})
    assert api.attributes == {"instance_type": "m5.large", "tags": {"Owner": "bob"}}
    assert (queue.address, queue.region) == ("aws_sqs_queue.queue", "us-east-1")
    assert (cache.address, cache.attributes["node_type"]) == ("aws_elasticache_cluster.cache", "cache.t3.micro")
    assert project.usage is not None and project.usage.values["aws_instance.api"] == {"monthly_hrs": Decimal(365)}
    costs = estimate_project(project, bundled_catalog())
    hours = next(c for c in costs.resources[0].components if c.name.startswith("Instance usage"))
    assert hours.monthly_quantity == 365  # the sheet's usage reaches the estimator without a usage file
    # ... and a usage file, given, wins key by key
    usage, problems = parse_usage({"resource_usage": {"aws_instance.api": {"monthly_hrs": 100}}}, "usage.yml")
    assert problems == []
    costs = estimate_project(project, bundled_catalog(), usage)
    hours = next(c for c in costs.resources[0].components if c.name.startswith("Instance usage"))
    assert hours.monthly_quantity == 100
    requests = next(c for c in costs.resources[1].components if "equest" in c.name)
    assert requests.monthly_quantity is not None and requests.monthly_quantity > 0  # the sheet's, still


def test_region_from_the_command_line_else_unknown(tmp_path: Path) -> None:
    text = "kind: costlint/design\ncomponents:\n  - {name: api, type: aws_instance, size: t3.micro}\n"
    (tmp_path / "d.yaml").write_text(text)
    (api,) = _read(tmp_path / "d.yaml").resources
    assert isinstance(api.region, Unknown) and "region not set in the design sheet" in api.region.reason
    (api,) = _read(tmp_path / "d.yaml", region="eu-central-1").resources
    assert api.region == "eu-central-1"


MISTAKES = """\
kind: costlint/design
region: mars-1
colour: blue
components:
  - name: web
    type: aws_instnce
  - name: db
    type: aws_db_instance
    sise: db.t3.micro
  - name: vpc
    type: aws_vpc
    size: large
  - name: many
    type: aws_instance
    count: 10001
  - name: neg
    type: aws_instance
    count: -1
  - name: web2
    type: aws_instance
    size: t3.micro
    attributes: {instance_type: t3.small}
  - type: aws_eip
  - name: ok
    type: aws_instance
    size: t3.micro
    usage: {monthly_hrs: [1, 2]}
  - name: ok
    type: aws_eip
  - name: link
    type: aws_eip
    attributes: {instance: "${nothing}"}
  - name: fine
    type: ec2.instance
    size: t3.micro
    region: us-east-1
"""


def test_every_mistake_has_its_line_and_the_rest_is_read(tmp_path: Path) -> None:
    project = _sheet(tmp_path, MISTAKES)
    messages = [(d.line, d.severity, d.message) for d in project.diagnostics]
    assert messages == [
        (2, "error", "region: 'mars-1' is not a region code such as us-east-1"),
        (3, "error", "design sheet: unknown key 'colour' (keys: kind, name, description, region, tags, components)"),
        (
            6,
            "error",
            "unknown type 'aws_instnce' (did you mean 'aws_instance'?): give a Terraform type (aws_instance), a "
            "CloudFormation type (AWS::EC2::Instance) or a costlint kind (ec2.instance)",
        ),
        (9, "error", "component: unknown key 'sise' (did you mean 'size'?)"),
        (
            12,
            "error",
            "component vpc: vpc.vpc has no size shorthand; set its attributes instead (size stands for: "
            + ", ".join(f"{k} {v}" for k, v in design_reader.SIZE_ATTRIBUTE.items())
            + ")",
        ),
        (
            15,
            "error",
            "component many: count is 10,001; costlint expands at most 10,000 instances of one component (left out)",
        ),
        (18, "error", "component neg: count must be a whole number of 0 or more, got -1"),
        (21, "error", "component web2: size and attributes.instance_type are both given"),
        (23, "error", "a component needs a name"),
        (27, "error", "usage.monthly_hrs must be a number, text or mapping, got a list"),
        (28, "error", "a component named 'ok' is already at line 24"),
        (30, "error", "${nothing}: no component is named 'nothing'"),
    ]
    assert [r.address for r in project.resources] == ["aws_eip.link", "aws_instance.fine"]
    assert project.failed


def test_invalid_yaml_and_other_files(tmp_path: Path) -> None:
    project = _sheet(tmp_path, "kind: costlint/design\ncomponents:\n  - name: a\n    type: [\n")
    assert [(d.line, d.message.split(":")[0]) for d in project.diagnostics] == [(5, "invalid YAML")]
    project = _sheet(tmp_path, "kind: costlint/design\ncomponents: {a: 1}\n", "b.yaml")
    assert [(d.line, d.message) for d in project.diagnostics] == [
        (2, "components must be a list of components (- name: ..., type: ...)")
    ]


def test_found_by_a_text_sniff(tmp_path: Path) -> None:
    (tmp_path / "design.yml").write_text("# a design\nkind: costlint/design\ncomponents: []\n")
    (tmp_path / "json.json").write_text('{"kind": "costlint/design", "components": []}')
    (tmp_path / "nested.yaml").write_text("spec:\n  kind: costlint/design\n")  # not at the top level
    (tmp_path / "k8s.yaml").write_text("kind: Deployment\n")
    found, _ = discover([str(tmp_path)], tmp_path)
    assert sorted((d.display, d.language) for d in found) == [("design.yml", "design"), ("json.json", "design")]


def test_instance_caps_are_the_terraform_readers() -> None:
    assert design_reader.MAX_INSTANCES == terraform_module.MAX_INSTANCES
    assert design_reader.MAX_PROJECT_INSTANCES == terraform_module.MAX_PROJECT_INSTANCES


def test_project_instance_cap(tmp_path: Path) -> None:
    components = "".join(f"  - {{name: c{i}, type: aws_eip, count: 10000}}\n" for i in range(6))
    project = _sheet(tmp_path, "kind: costlint/design\ncomponents:\n" + components)
    assert len(project.resources) == 50_000
    assert [(d.line, d.message) for d in project.diagnostics] == [
        (8, "component c5: 10,000 more instances would pass the 50,000 costlint expands in one project (left out)")
    ]


def test_usage_of_the_sheet_is_checked_at_its_lines(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").write_text(
        "kind: costlint/design\n"
        "region: us-east-1\n"
        "components:\n"
        "  - name: api\n"
        "    type: aws_instance\n"
        "    count: 3\n"
        "    size: t3.micro\n"
        "    usage:\n"
        "      monthly_hrz: 100\n"
        "      operating_system: beos\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "costlint", "breakdown", "d.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert any(
        line.startswith("d.yaml:9: warning: aws_instance.api[0]: aws_instance has no usage key 'monthly_hrz'")
        for line in lines
    )
    assert (
        "d.yaml:10: error: aws_instance.api[0]: usage operating_system must be one of linux, windows, rhel, suse, "
        'got the text "beos"'
    ) in lines
    assert len([line for line in lines if line.startswith("d.yaml:10:")]) == 1  # once, not once per instance


@pytest.mark.parametrize("suppression", ["  # costlint:ignore CL401 kept for the partner allow-list\n", ""])
def test_checked_with_inline_suppressions(tmp_path: Path, suppression: str) -> None:
    (tmp_path / "d.yaml").write_text(
        f"kind: costlint/design\nregion: us-east-1\ncomponents:\n{suppression}  - name: spare\n    type: aws_eip\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "costlint", "check", "d.yaml"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    if suppression:
        assert run.returncode == 0 and run.stdout == "", run.stdout
        assert "1 suppressed" in run.stderr
    else:
        assert run.returncode == 1
        assert run.stdout.startswith("d.yaml:4: CL401 warning unattached-eip:")
