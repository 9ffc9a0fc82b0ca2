"""A real git repository with two commits of a small Terraform project, for the ``diff`` and action tests.

Layout (``modules/app`` lies outside ``infra/``, so the base read must follow ``source = "../modules/app"``)::

    infra/main.tf        provider, module "app", a worker instance, a data volume, a VPC
    modules/app/main.tf  one instance whose type is the module's variable

Base commit (figures from the bundled snapshot, us-east-1, 730 hours a month):

- ``module.app.aws_instance.web``: m5.large 0.096 x 730 = 70.08, root gp3 20 GB x 0.08 = 1.60 -> 71.68
- ``aws_instance.worker``: t3.micro 0.0104 x 730 = 7.592, default root 8 GB gp2 x 0.10 = 0.80 -> 8.392
- ``aws_ebs_volume.data``: 100 GB gp3 x 0.08 = 8.00
- ``aws_vpc.main``: free
- total 88.072

Head commit:

- ``module.app.aws_instance.web``: m5.xlarge 0.192 x 730 = 140.16 + 1.60 = 141.76 (delta +70.08)
- ``aws_instance.worker``: type from ``var.worker_type`` without a value: not priced (no delta)
- ``aws_ebs_volume.data``: removed (-8.00)
- ``aws_nat_gateway.gw``: added, 0.045 x 730 = 32.85 (+32.85)
- ``infra/edge``: a new project, one t3.micro with its default root volume: 8.392 (added)
- total before 88.072, after 141.76 + 32.85 + 8.392 = 183.002; delta 70.08 + 32.85 - 8.00 + 8.392 = 103.322
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROVIDER = """provider "aws" {
  region = "us-east-1"
}
"""

APP_MODULE = """variable "instance_type" {
  type = string
}

resource "aws_instance" "web" {
  ami           = "ami-0c7217cdde317cfec"
  instance_type = var.instance_type
  root_block_device {
    volume_type = "gp3"
    volume_size = 20
  }
}
"""

BASE_INFRA = (
    PROVIDER
    + """
module "app" {
  source        = "../modules/app"
  instance_type = "m5.large"
}

resource "aws_instance" "worker" {
  ami           = "ami-0c7217cdde317cfec"
  instance_type = "t3.micro"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 100
  type              = "gp3"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
"""
)

HEAD_INFRA = (
    PROVIDER
    + """
variable "worker_type" {
  type = string
}

module "app" {
  source        = "../modules/app"
  instance_type = "m5.xlarge"
}

resource "aws_instance" "worker" {
  ami           = "ami-0c7217cdde317cfec"
  instance_type = var.worker_type
}

resource "aws_nat_gateway" "gw" {
  allocation_id = "eipalloc-0abc"
  subnet_id     = "subnet-0abc"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
"""
)

EDGE = (
    PROVIDER
    + """
resource "aws_instance" "edge" {
  ami           = "ami-0c7217cdde317cfec"
  instance_type = "t3.micro"
}
"""
)


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    run = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return run.stdout.strip()


def write(repo: Path, files: dict[str, str | None]) -> None:
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def make_repo(repo: Path) -> tuple[str, str]:
    """Two commits (base, head) as described above; the working tree is left at head. Returns their ids."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    write(repo, {"infra/main.tf": BASE_INFRA, "modules/app/main.tf": APP_MODULE, "README.md": "infra\n"})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base = git(repo, "rev-parse", "HEAD")
    write(repo, {"infra/main.tf": HEAD_INFRA, "infra/edge/main.tf": EDGE})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "head")
    head = git(repo, "rev-parse", "HEAD")
    return base, head


def costlint(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "costlint", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
