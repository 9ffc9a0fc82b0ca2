"""The pre-commit hook, through real pre-commit: the manifest validates, and ``pre-commit try-repo``
from a temporary git repository installs costlint from this checkout and runs it on the staged files.

The install (a virtualenv with costlint and its dependencies) takes about 20 seconds; every call here
shares one ``PRE_COMMIT_HOME``, so a clean checkout installs once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, timeout=60)


def test_manifest_validates() -> None:
    done = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    environment.pop("COSTLINT_CACHE_DIR", None)  # the hook runs as a user's would
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(ROOT), "costlint", "--verbose"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
        env=environment,
    )


def test_try_repo_fails_on_a_previous_generation_instance_and_passes_once_suppressed(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "infra").mkdir()
    (repo / "infra" / "providers.tf").write_text(PROVIDER)
    (repo / "infra" / "main.tf").write_text(
        'resource "aws_instance" "web" {\n  ami = "ami-1"\n  instance_type = "m3.large"\n}\n'
    )
    (repo / "README.md").write_text("not infrastructure\n")
    _git(repo, "add", "-A")

    failed = _try_repo(repo, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert (
        "infra/main.tf:1: CL101 warning previous-generation: m3.large is previous generation; "
        "m7i.large saves $23.51/mo" in failed.stdout
    )
    assert "costlint (FinOps rules)" in failed.stdout and "Failed" in failed.stdout

    (repo / "infra" / "main.tf").write_text(
        "# costlint:ignore CL101 the vendor AMI supports m3 only\n"
        'resource "aws_instance" "web" {\n  ami = "ami-1"\n  instance_type = "m3.large"\n}\n'
    )
    _git(repo, "add", "-A")
    passed = _try_repo(repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    assert "1 suppressed" in passed.stdout
