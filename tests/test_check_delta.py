"""``costlint check``'s cost delta of the touched projects against HEAD, in real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'
INSTANCE = 'resource "aws_instance" "web" {{\n  ami = "ami-1"\n  instance_type = "{size}"\n}}\n'


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "dev@example.com")
    git(tmp_path, "config", "user.name", "dev")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "main.tf").write_text(PROVIDER + INSTANCE.format(size="m5.large"))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_VAR_"))}
    return subprocess.run(
        [sys.executable, "-m", "costlint", "check", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_delta_of_the_touched_project_and_its_gates(repo: Path) -> None:
    (repo / "app" / "main.tf").write_text(PROVIDER + INSTANCE.format(size="m5.xlarge"))
    done = check(repo, "app/main.tf", "--format", "json")
    # before: m5.large 0.096 x 730 = 70.08 + the assumed 8 GB gp2 root volume 8 x 0.10 = 0.80 -> 70.88
    # after:  m5.xlarge 0.192 x 730 = 140.16 + 0.80 = 140.96; +70.08 is +98.9 % of 70.88
    assert json.loads(done.stdout)["messages"] == ["app: $70.88 -> $140.96 a month (+$70.08, +98.9%) against HEAD"]
    assert done.returncode == 0, done.stderr  # a Graviton info finding does not fail the check
    gated = check(repo, "app/main.tf", "--fail-on-increase", "50")
    assert gated.returncode == 1
    assert (
        "costlint: gate: monthly cost increases by $70.08, over the --fail-on-increase limit of $50.00 by $20.08"
        in (gated.stdout)
    )
    assert check(repo, "app/main.tf", "--fail-on-increase-percent", "99").returncode == 0  # 98.9 % < 99 %
    skipped = check(repo, "app/main.tf", "--no-delta", "--fail-on-increase", "50", "--format", "json")
    assert skipped.returncode == 0 and json.loads(skipped.stdout)["messages"] == []


def test_an_unchanged_project_says_nothing_and_outside_git_there_is_no_base(repo: Path, tmp_path_factory) -> None:
    quiet = check(repo, "app/main.tf")
    assert "against HEAD" not in quiet.stdout and quiet.returncode == 0
    elsewhere = tmp_path_factory.mktemp("no-git")
    (elsewhere / "main.tf").write_text(PROVIDER + INSTANCE.format(size="m5.large"))
    done = check(elsewhere, "main.tf", "--fail-on-increase", "1")
    assert done.returncode == 0 and "against HEAD" not in done.stdout, done.stderr


def test_a_new_project_is_compared_with_nothing(repo: Path) -> None:
    (repo / "new").mkdir()
    (repo / "new" / "main.tf").write_text(PROVIDER + INSTANCE.format(size="m5.large"))
    done = check(repo, "new/main.tf", "--format", "json")
    assert json.loads(done.stdout)["messages"] == ["new (added): $0.00 -> $70.88 a month (+$70.88) against HEAD"]
