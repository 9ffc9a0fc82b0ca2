"""The real command line on a Terraform project, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from test_terraform_support import write

PROJECT = {
    "infra/main.tf": """
provider "aws" {
  region = "eu-central-1"
}
variable "size" {
  default = "t3.micro"
}
resource "aws_instance" "web" {
  count         = 2
  instance_type = var.size
}
module "svc" {
  source = "./modules/svc"
}
""",
    "infra/modules/svc/main.tf": 'resource "aws_db_instance" "db" {\n  instance_class = "db.t3.micro"\n}\n',
    "infra/broken.tf": 'resource "aws_s3_bucket" "lost" {\n  bucket = "x"\n',
}


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "AWS_"))}
    env["COSTLINT_CACHE_DIR"] = str(tmp_path / "cache")
    return env


def test_resources_json_and_exit_code(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    result = subprocess.run(
        [sys.executable, "-m", "costlint", "resources", "infra", "--format", "json", "--var", "size=m5.large"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["infra/broken.tf:1: error: unexpected end of file: '{' is not closed"]
    document = json.loads(result.stdout)
    assert [(r["address"], r["file"], r["line"], r["region"]) for r in document["resources"]] == [
        ("aws_instance.web[0]", "main.tf", 8, "eu-central-1"),
        ("aws_instance.web[1]", "main.tf", 8, "eu-central-1"),
        ("module.svc.aws_db_instance.db", "modules/svc/main.tf", 1, "eu-central-1"),
    ]
    assert document["resources"][0]["attributes"] == {"instance_type": "m5.large"}
    assert document["resources"][2]["module"] == "module.svc"
    assert document["projects"][0]["files_read"] == 3


def test_valid_project_exits_zero(tmp_path: Path) -> None:
    files = {k: v for k, v in PROJECT.items() if not k.endswith("broken.tf")}
    write(tmp_path, files)
    result = subprocess.run(
        [sys.executable, "-m", "costlint", "resources", "infra"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "module.svc.aws_db_instance.db" in result.stdout


def test_terraform_only_run_imports_neither_cfnlint_nor_hcl2(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    code = (
        "import sys\n"
        "sys.argv = ['costlint', 'resources', 'infra', '--format', 'json']\n"
        "from costlint.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('cfnlint', 'hcl2'))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=_env(tmp_path), timeout=120
    )
    assert "LOADED []" in result.stderr.splitlines()
    assert (
        "costlint.readers.terraform"
        in subprocess.run(
            [sys.executable, "-c", code.replace("'cfnlint', 'hcl2'", "'costlint',")],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env=_env(tmp_path),
            timeout=120,
        ).stderr
    )
