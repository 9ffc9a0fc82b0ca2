"""Discovery: which projects a set of paths holds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from costlint.discovery import discover, display_path, sniff

TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n'
PLAN = '{"format_version": "1.2", "terraform_version": "1.9.5", "planned_values": {"root_module": {}}}'


def write(root: Path, relative: str, text: str | bytes = "") -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text)
    return path


def found(root: Path, *paths: str) -> list[tuple[str, str]]:
    projects, diagnostics = discover(list(paths) or ["."], cwd=root)
    assert [str(d) for d in diagnostics] == []
    return [(p.language, p.display) for p in projects]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_terraform_root_modules_not_the_modules_they_call(tmp_path: Path) -> None:
    write(tmp_path, "live/main.tf", 'module "net" {\n  source = "../modules/net"\n}\n')
    write(tmp_path, "modules/net/main.tf", 'resource "aws_vpc" "this" {}\n')
    write(tmp_path, "modules/net/nested/main.tf", 'resource "aws_subnet" "this" {}\n')
    write(tmp_path, "other/main.tf.json", '{"resource": {}}')
    assert found(tmp_path) == [("terraform", "live"), ("terraform", "modules/net/nested"), ("terraform", "other")]


def test_a_called_module_given_explicitly_is_a_project(tmp_path: Path) -> None:
    write(tmp_path, "live/main.tf", 'module "net" {\n  source = "../modules/net"\n}\n')
    write(tmp_path, "modules/net/main.tf", 'resource "aws_vpc" "this" {}\n')
    assert found(tmp_path, ".", "modules/net") == [("terraform", "live"), ("terraform", "modules/net")]


def test_skipped_directories(tmp_path: Path) -> None:
    write(tmp_path, "app/main.tf", "")
    for skipped in (".terraform/modules/x", ".git/hooks", "node_modules/pkg"):
        write(tmp_path, f"app/{skipped}/main.tf", "")
        write(tmp_path, f"app/{skipped}/template.yaml", TEMPLATE)
        write(tmp_path, f"app/{skipped}/plan.json", PLAN)
    assert found(tmp_path) == [("terraform", "app")]


def test_plans_and_templates_by_content(tmp_path: Path) -> None:
    write(tmp_path, "plan.json", PLAN)
    write(tmp_path, "changes.json", '{"terraform_version": "1.9.5", "resource_changes": []}')
    write(tmp_path, "cfn/with-version.yaml", TEMPLATE)
    write(tmp_path, "cfn/no-version.json", '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}')
    write(tmp_path, "cfn/custom-only.yml", "Resources:\n  W:\n    Type: Custom::Widget\n")
    write(tmp_path, "cfn/bom.template", "\ufeff" + TEMPLATE)
    # Not projects: other YAML/JSON, a plan-like name in a non-JSON file, Resources without AWS types.
    write(tmp_path, "package.json", '{"name": "x", "version": "1.0.0"}')
    write(tmp_path, "docker-compose.yml", "services:\n  web:\n    image: nginx\n")
    write(tmp_path, "k8s.yaml", "Resources:\n  limits:\n    Type: memory\n")
    write(tmp_path, "plan.yaml", '"terraform_version": x\n"planned_values": y\n')
    write(tmp_path, "notes.txt", TEMPLATE)
    assert found(tmp_path) == [
        ("cloudformation", "cfn/bom.template"),
        ("cloudformation", "cfn/custom-only.yml"),
        ("cloudformation", "cfn/no-version.json"),
        ("cloudformation", "cfn/with-version.yaml"),
        ("terraform-plan", "changes.json"),
        ("terraform-plan", "plan.json"),
    ]


def test_sniff_one_file(tmp_path: Path) -> None:
    assert sniff(write(tmp_path, "a.json", PLAN)) == "terraform-plan"
    assert sniff(write(tmp_path, "b.yaml", TEMPLATE)) == "cloudformation"
    assert sniff(write(tmp_path, "c.yaml", "")) is None
    assert sniff(write(tmp_path, "d.yaml", b"\0\1AWSTemplateFormatVersion: x")) is None


def test_nested_stack_templates_are_not_projects_of_their_own(tmp_path: Path) -> None:
    write(
        tmp_path,
        "stacks/parent.yaml",
        "Resources:\n  Net:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
        "      TemplateURL: ./children/net.yaml\n",
    )
    write(
        tmp_path,
        "stacks/children/net.yaml",
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n  Deep:\n    Type: AWS::CloudFormation::Stack\n"
        '    Properties:\n      TemplateURL: "deep.json"\n',
    )
    write(tmp_path, "stacks/children/deep.json", '{"Resources": {"S": {"Type": "AWS::EC2::Subnet"}}}')
    write(
        tmp_path,
        "stacks/app.json",
        '{"Resources": {"App": {"Type": "AWS::Serverless::Application",'
        ' "Properties": {"Location": "./sam/app.yaml"}}}}',
    )
    write(tmp_path, "stacks/sam/app.yaml", TEMPLATE)
    write(
        tmp_path,
        "stacks/remote.yaml",
        "Resources:\n  R:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
        "      TemplateURL: https://example.com/children/net.yaml\n",
    )
    assert found(tmp_path) == [
        ("cloudformation", "stacks/app.json"),
        ("cloudformation", "stacks/parent.yaml"),
        ("cloudformation", "stacks/remote.yaml"),
    ]
    # Named on the command line, a child is read on its own too.
    assert ("cloudformation", "stacks/children/net.yaml") in found(tmp_path, "stacks", "stacks/children/net.yaml")


def test_templates_nesting_each_other_stay_projects(tmp_path: Path) -> None:
    write(
        tmp_path,
        "a.yaml",
        "Resources:\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./b.yaml\n",
    )
    write(
        tmp_path,
        "b.yaml",
        "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./a.yaml\n",
    )
    assert found(tmp_path) == [("cloudformation", "a.yaml"), ("cloudformation", "b.yaml")]


def test_explicit_files(tmp_path: Path) -> None:
    write(tmp_path, "infra/main.tf", "")
    write(tmp_path, "infra/prod.tfvars", "")
    write(tmp_path, "t.yaml", TEMPLATE)
    write(tmp_path, "readme.md", "# hello")
    assert found(tmp_path, "infra/prod.tfvars", "t.yaml", "readme.md") == [
        ("terraform", "infra"),
        ("cloudformation", "t.yaml"),
    ]


def test_explicit_problem_files(tmp_path: Path) -> None:
    write(tmp_path, "empty.yaml", "  \n")
    write(tmp_path, "blob.json", bytes(range(256)))
    with zipfile.ZipFile(tmp_path / "tfplan", "w") as archive:
        archive.writestr("tfplan", b"\0")
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("x", b"")
    projects, diagnostics = discover(["missing", "empty.yaml", "blob.json", "tfplan", "other.zip"], cwd=tmp_path)
    assert projects == []
    assert [str(d) for d in diagnostics] == [
        "missing:1: error: no such file or directory",
        "empty.yaml:1: warning: empty file",
        "blob.json:1: error: binary file, not a Terraform plan or CloudFormation template",
        "tfplan:1: error: binary Terraform plan file; give its JSON form instead "
        "(terraform show -json PLAN > plan.json)",
    ]
    # Found by walking, the same files are simply not projects.
    assert found(tmp_path) == []


def test_a_file_both_given_and_walked_counts_as_given(tmp_path: Path) -> None:
    write(tmp_path, "empty.yaml", "")
    projects, diagnostics = discover([".", "empty.yaml"], cwd=tmp_path)
    assert (projects, [str(d) for d in diagnostics]) == ([], ["empty.yaml:1: warning: empty file"])


def test_each_project_once_and_sorted(tmp_path: Path) -> None:
    write(tmp_path, "b/main.tf", "")
    write(tmp_path, "a/t.yaml", TEMPLATE)
    projects, _ = discover(["b", ".", "a/t.yaml", "b/main.tf"], cwd=tmp_path)
    assert [(p.display, p.explicit) for p in projects] == [("a/t.yaml", True), ("b", True)]


def test_display_paths(tmp_path: Path) -> None:
    assert display_path(tmp_path / "x" / "y.yaml", tmp_path) == "x/y.yaml"
    assert display_path(tmp_path, tmp_path) == "."
    outside = tmp_path.parent / "elsewhere.yaml"
    assert display_path(outside, tmp_path) == str(outside)


def test_large_files_are_sniffed_by_their_head(tmp_path: Path) -> None:
    # Found by walking, a template or a plan is found whatever its size (only its head is read).
    padding = "# " + "x" * 1000 + "\n"
    write(tmp_path, "big/stack.yaml", TEMPLATE + padding * 9000)
    write(tmp_path, "big/plan.json", PLAN[:-1] + ', "pad": "' + "x" * 9_000_000 + '"}')
    write(tmp_path, "big/lock.json", '{"x": "' + "y" * 9_000_000 + '"}')
    assert found(tmp_path) == [("terraform-plan", "big/plan.json"), ("cloudformation", "big/stack.yaml")]


def test_unreadable_links_found_by_walking_are_warnings(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", TEMPLATE)
    (tmp_path / "gone.json").symlink_to("missing.json")
    (tmp_path / "notes.txt").symlink_to("missing.txt")  # not a name costlint reads: nothing said
    projects, diagnostics = discover(["."], cwd=tmp_path)
    assert [p.display for p in projects] == ["t.yaml"]
    assert [str(d) for d in diagnostics] == ["gone.json:1: warning: broken symbolic link (to missing.json); not read"]
