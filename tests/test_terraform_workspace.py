"""``terraform.workspace``: ``--workspace``, else ``TF_WORKSPACE``, else the workspace ``terraform workspace
select`` recorded in ``.terraform/environment``, else "default" (Terraform's order, with the command
line first)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_terraform_support import by_address, messages, read, write

# As in ministryofjustice/modernisation-platform-environments: settings per workspace.
PROJECT = {
    "main.tf": """
locals {
  sizes = {
    "app-development" = "t3.small"
    "app-production"  = "m5.large"
  }
}
resource "aws_instance" "web" {
  instance_type = local.sizes[terraform.workspace]
  tags          = { Workspace = terraform.workspace }
}
"""
}


def _type(project: object) -> object:
    return by_address(project)["aws_instance.web"].attributes["instance_type"]  # type: ignore[arg-type]


def test_workspace_from_option_environment_and_selection_file(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    assert _type(read(tmp_path, workspace="app-production")) == "m5.large"
    assert _type(read(tmp_path, environ={"TF_WORKSPACE": "app-development"})) == "t3.small"
    production = read(tmp_path, environ={"TF_WORKSPACE": "app-development"}, workspace="app-production")
    assert _type(production) == "m5.large"  # the command line wins over the environment
    write(tmp_path, {".terraform/environment": "app-development"})
    assert _type(read(tmp_path)) == "t3.small"
    assert _type(read(tmp_path, environ={"TF_WORKSPACE": "app-production"})) == "m5.large"


def test_default_workspace_errors_say_where_the_workspace_came_from(tmp_path: Path) -> None:
    project = read(tmp_path, PROJECT)
    assert messages(project) == [
        'proj/main.tf:8: warning: terraform.workspace is "default": no workspace was chosen (--workspace NAME '
        "or TF_WORKSPACE); errors of this project may come from it",
        'proj/main.tf:9: error: aws_instance.web.instance_type: key "default" not found',
    ]
    # Without errors, nothing is said.
    assert messages(read(tmp_path, {"main.tf": 'output "w" {\n  value = terraform.workspace\n}\n'})) == []
    assert by_address(project)["aws_instance.web"].attributes["tags"] == {"Workspace": "default"}


def test_workspace_option_on_the_command_line(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "AWS_"))}
    for command in ("resources", "breakdown"):
        result = subprocess.run(
            [sys.executable, "-m", "costlint", command, ".", "--workspace", "app-production", "--region", "us-east-1"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "m5.large" in result.stdout
