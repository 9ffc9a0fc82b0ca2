"""Root variable values: every source, Terraform's precedence, type conversion."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from costlint.model import Unknown
from test_terraform_support import by_address, messages, read, write

MAIN = """
variable "size" {
  type    = string
  default = "from-default"
}
resource "aws_instance" "x" {
  instance_type = var.size
}
"""

# Layers from lowest to highest precedence; each test keeps the first N.
LAYERS = [
    "default",
    "env",
    "tfvars",
    "tfvars.json",
    "auto-a",
    "auto-b.json",
    "var-file-1",
    "var-file-2",
    "var-1",
    "var-2",
]


@pytest.mark.parametrize("top", range(len(LAYERS)))
def test_precedence_of_each_layer(tmp_path: Path, top: int) -> None:
    root = tmp_path / "proj"
    files: dict[str, str] = {"main.tf": MAIN}
    keep = LAYERS[: top + 1]
    environ = {"TF_VAR_size": "from-env"} if "env" in keep else {}
    if "tfvars" in keep:
        files["terraform.tfvars"] = 'size = "from-tfvars"\n'
    if "tfvars.json" in keep:
        files["terraform.tfvars.json"] = json.dumps({"size": "from-tfvars-json"})
    if "auto-a" in keep:
        files["a.auto.tfvars"] = 'size = "from-auto-a"\n'
    if "auto-b.json" in keep:
        files["b.auto.tfvars.json"] = json.dumps({"size": "from-auto-b"})
    var_files: list[str] = []
    for n in (1, 2):
        if f"var-file-{n}" in keep:
            path = write(tmp_path, {f"extra{n}.tfvars": f'size = "from-var-file-{n}"\n'}) / f"extra{n}.tfvars"
            var_files.append(str(path))
    variables = tuple(("size", f"from-var-{n}") for n in (1, 2) if f"var-{n}" in keep)
    project = read(root, files, environ=environ, var_files=tuple(var_files), variables=variables)
    expected = {
        "default": "from-default",
        "env": "from-env",
        "tfvars": "from-tfvars",
        "tfvars.json": "from-tfvars-json",
        "auto-a": "from-auto-a",
        "auto-b.json": "from-auto-b",
        "var-file-1": "from-var-file-1",
        "var-file-2": "from-var-file-2",
        "var-1": "from-var-1",
        "var-2": "from-var-2",
    }[LAYERS[top]]
    assert by_address(project)["aws_instance.x"].attributes["instance_type"] == expected
    assert messages(project) == []


def test_auto_tfvars_lexical_order_across_hcl_and_json(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": MAIN,
            "b.auto.tfvars": 'size = "b"\n',
            "a.auto.tfvars.json": json.dumps({"size": "a"}),
        },
    )
    assert project.resources[0].attributes["instance_type"] == "b"


def test_type_conversion_of_env_and_cli_values(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
variable "n" { type = number }
variable "flag" { type = bool }
variable "azs" { type = list(string) }
variable "cfg" {
  type = object({
    size = string
    disk = optional(number, 20)
  })
}
variable "anything" {}
resource "aws_instance" "x" {
  count = var.n
  monitoring = var.flag
  tags = { azs = join(",", var.azs), size = var.cfg.size, disk = var.cfg.disk, any = var.anything }
}
"""
        },
        environ={"TF_VAR_n": "2", "TF_VAR_azs": '["a", "b"]', "TF_VAR_anything": "[1]"},
        variables=(("flag", "true"), ("cfg", '{ size = "big" }')),
    )
    resources = by_address(project)
    assert list(resources) == ["aws_instance.x[0]", "aws_instance.x[1]"]
    assert resources["aws_instance.x[0]"].attributes["monitoring"] is True
    assert resources["aws_instance.x[0]"].attributes["tags"] == {"azs": "a,b", "size": "big", "disk": 20, "any": "[1]"}
    assert messages(project) == []


def test_variable_without_value_is_unknown_with_a_warning(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'variable "instance_type" {}\n'
            'resource "aws_instance" "x" {\n  instance_type = var.instance_type\n}\n'
        },
    )
    assert project.resources[0].attributes["instance_type"] == Unknown("var.instance_type")
    assert messages(project) == [
        'proj/main.tf:1: warning: variable "instance_type" has no value; attributes that use it are unknown'
    ]
    assert not project.failed


def test_invalid_value_and_undeclared_tfvars(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'variable "n" {\n  type = number\n}\nresource "aws_instance" "x" {\n  count = var.n\n}\n',
            "terraform.tfvars": 'n = "many"\nother = 1\n',
        },
    )
    assert messages(project) == [
        "proj/main.tf:5: warning: aws_instance.x: count depends on var.n, which costlint cannot know; "
        "listed once, without instances",
        "proj/terraform.tfvars:1: error: variable \"n\": invalid value: cannot convert 'many' to a number",
        'proj/terraform.tfvars:2: warning: value for undeclared variable "other"',
    ]
    assert [r.address for r in project.resources] == ["aws_instance.x"]


def test_invalid_cli_value_names_its_source(tmp_path: Path) -> None:
    project = read(tmp_path, {"main.tf": 'variable "n" {\n  type = number\n}\n'}, variables=(("n", "x"),))
    assert messages(project) == [
        "proj/main.tf:1: error: variable \"n\": invalid value from --var: cannot convert 'x' to a number"
    ]


def test_missing_var_file_is_an_error(tmp_path: Path) -> None:
    project = read(tmp_path / "p", {"main.tf": MAIN}, var_files=("nope.tfvars",))
    assert messages(project) == ["nope.tfvars:1: error: --var-file: no such file"]


VALIDATED = """
variable "size" {
  type    = string
  default = "huge"
  validation {
    condition     = contains(["small", "large"], var.size)
    error_message = "The size must be small or large, not ${var.size}."
  }
  validation {
    condition     = length(var.size) < 10
    error_message = "Too long."
  }
}
variable "unknown" {
  validation {
    condition     = startswith(var.unknown, "sg-")
    error_message = "Not a security group."
  }
}
variable "other" {
  default = "x"
  validation {
    condition     = var.other != var.size
    error_message = "Different."
  }
}
resource "aws_instance" "x" {
  instance_type = var.size
}
"""


def test_failing_validation_is_terraforms_error_at_the_value(tmp_path: Path) -> None:
    # Checked with terraform 1.11: "Invalid value for variable ... This was checked by the validation
    # rule at main.tf:5,3-13", on the declaration (a default) or where the value was given.
    project = read(tmp_path, {"main.tf": VALIDATED})
    assert messages(project) == [
        'proj/main.tf:2: error: invalid value for variable "size": The size must be small or large, not huge. '
        "(validation rule at main.tf:5)",
        'proj/main.tf:14: warning: variable "unknown" has no value; attributes that use it are unknown',
    ]
    assert project.resources[0].attributes["instance_type"] == "huge"  # the rest is still read
    project = read(tmp_path, {"terraform.tfvars": '\nsize = "tiny"\n'})
    assert messages(project)[-1] == (
        'proj/terraform.tfvars:2: error: invalid value for variable "size": The size must be small or large, '
        "not tiny. (validation rule at main.tf:5)"
    )
    (tmp_path / "terraform.tfvars").unlink()
    assert messages(read(tmp_path, variables=(("size", "small"),), environ={"TF_VAR_unknown": "sg-1"})) == []


def test_validation_of_module_inputs(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'module "m" {\n  source = "./m"\n  port   = 70000\n}\n',
            "m/main.tf": 'variable "port" {\n  type = number\n  validation {\n'
            "    condition     = var.port > 0 && var.port < 65536\n"
            '    error_message = "A port is 1 to 65535."\n  }\n}\n',
        },
    )
    assert messages(project) == [
        'proj/main.tf:3: error: module.m: invalid value for variable "port": A port is 1 to 65535. '
        "(validation rule at m/main.tf:3)"
    ]


def test_validation_file_functions_look_where_terraform_does(tmp_path: Path) -> None:
    # Extract of cloud-foundation-fabric modules/cloud-function-v2 (a bundle folder that must exist),
    # called as in modules/api-gateway/recipe-multi-region with path = "${path.module}/function".
    project = read(
        tmp_path,
        {
            "main.tf": 'module "f" {\n  source = "./fn"\n  path   = "${path.module}/function"\n}\n',
            "function/index.js": "exports.x = 1;\n",
            "fn/main.tf": 'variable "path" {\n  validation {\n'
            '    condition     = length(fileset(pathexpand(var.path), "**/*")) > 0\n'
            '    error_message = "Bundle path must be a local folder."\n  }\n}\n',
        },
    )
    assert messages(project) == []
    project = read(tmp_path, {"main.tf": 'module "f" {\n  source = "./fn"\n  path   = "./nowhere"\n}\n'})
    assert messages(project) == [
        'proj/main.tf:3: error: module.f: invalid value for variable "path": Bundle path must be a local folder. '
        "(validation rule at fn/main.tf:2)"
    ]
