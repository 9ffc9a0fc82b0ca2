"""Faults of the file system under the paths given: symbolic link loops, dangling links, unreadable
directories. Each gives one ``path:line: severity: message`` line, never a traceback; the rest of the
project is still read, and the exit code says whether an input failed (2) or not.

Unreadable directories are made by ``chmod 000``. Root reads them anyway, so when the tests run as root
costlint runs in a new user namespace (``unshare --user``): the same user, without the capability to
bypass permissions, so the kernel applies the mode bits (and the interpreter stays readable, which it is
not for ``nobody`` when Python lives under /root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from costlint.discovery import discover
from test_terraform_support import messages, read, write

INSTANCE = 'resource "aws_instance" "web" {\n  instance_type = "t3.micro"\n}\n'
TEMPLATE = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n'


def _costlint(cwd: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "AWS_", "TF_WORKSPACE"))}
    env["COSTLINT_CACHE_DIR"] = str(cwd / ".cache")
    command = [sys.executable, "-m", "costlint", "resources", *args]
    if unprivileged and os.geteuid() == 0:
        command = ["unshare", "--user", *command]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def _diagnostics(root: Path, *paths: str) -> tuple[list[tuple[str, str]], list[str]]:
    projects, diagnostics = discover(list(paths), cwd=root)
    return [(p.language, p.display) for p in projects], [str(d) for d in diagnostics]


def test_symlink_loop_inside_a_scanned_directory(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.tf": INSTANCE, "app/stack.yaml": TEMPLATE})
    (tmp_path / "app" / "a.yaml").symlink_to("b.yaml")
    (tmp_path / "app" / "b.yaml").symlink_to("a.yaml")
    result = _costlint(tmp_path, "app")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "app/a.yaml:1: warning: symbolic link loop; not read",
        "app/b.yaml:1: warning: symbolic link loop; not read",
    ]
    assert "aws_instance.web" in result.stdout and "Bucket" in result.stdout


def test_symlink_loop_and_dangling_link_named_on_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "gone.yaml").symlink_to("nowhere/gone.yaml")
    write(tmp_path, {"ok/main.tf": INSTANCE})
    assert _diagnostics(tmp_path, "loop", "gone.yaml", "missing", "ok") == (
        [("terraform", "ok")],
        [
            "loop:1: error: symbolic link loop",
            "gone.yaml:1: error: broken symbolic link (to nowhere/gone.yaml)",
            "missing:1: error: no such file or directory",
        ],
    )
    result = _costlint(tmp_path, "loop", "ok")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["loop:1: error: symbolic link loop"]
    assert "aws_instance.web" in result.stdout


def test_dangling_and_self_pointing_tf_links_do_not_empty_their_module(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": INSTANCE, "mod/main.tf": 'resource "aws_s3_bucket" "b" {}\n'})
    (tmp_path / "gone.tf").symlink_to("nowhere.tf")
    (tmp_path / "self.tf").symlink_to("self.tf")
    (tmp_path / "mod" / "self.tf").symlink_to("self.tf")
    write(tmp_path, {"calls.tf": 'module "m" {\n  source = "./mod"\n}\n'})
    project = read(tmp_path)
    assert messages(project) == [
        "proj/gone.tf:1: error: broken symbolic link (to nowhere.tf)",
        "proj/mod/self.tf:1: error: symbolic link loop",
        "proj/self.tf:1: error: symbolic link loop",
    ]
    assert sorted(r.address for r in project.resources) == ["aws_instance.web", "module.m.aws_s3_bucket.b"]


def test_a_module_source_through_a_symlink_loop(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": 'module "m" {\n  source = "./loop"\n}\n' + INSTANCE})
    (tmp_path / "loop").symlink_to("loop")
    project = read(tmp_path)
    assert messages(project) == ['proj/main.tf:2: error: module.m: module directory "./loop" does not exist']
    assert [r.address for r in project.resources] == ["aws_instance.web"]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory for the tests that need the kernel to refuse a read."""
    if os.geteuid() == 0 and subprocess.run(["unshare", "--user", "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root where user namespaces are not allowed: cannot make a directory unreadable")
    path = Path(tempfile.mkdtemp(prefix="costlint-faults-"))
    path.chmod(0o755)
    (path / ".cache").mkdir(mode=0o777)
    (path / ".cache").chmod(0o777)
    try:
        yield path
    finally:
        for directory, _, _ in os.walk(path):
            os.chmod(directory, 0o755)
        shutil.rmtree(path)


def _world_readable(root: Path) -> None:
    for directory, _, filenames in os.walk(root):
        os.chmod(directory, 0o755)
        for name in filenames:
            os.chmod(os.path.join(directory, name), 0o644)


def test_unreadable_subdirectory_is_reported(shared_dir: Path) -> None:
    write(shared_dir, {"repo/app/main.tf": INSTANCE, "repo/secret/main.tf": INSTANCE})
    _world_readable(shared_dir / "repo")
    (shared_dir / "repo" / "secret").chmod(0)
    result = _costlint(shared_dir, "repo", unprivileged=True)
    assert result.stderr.splitlines() == ["repo/secret:1: error: cannot read directory: permission denied"]
    assert result.returncode == 2
    assert "aws_instance.web" in result.stdout


def test_unreadable_module_directory_says_permission_denied(shared_dir: Path) -> None:
    write(
        shared_dir,
        {"app/main.tf": 'module "m" {\n  source = "./mod"\n}\n' + INSTANCE, "app/mod/main.tf": INSTANCE},
    )
    _world_readable(shared_dir / "app")
    (shared_dir / "app" / "mod").chmod(0)
    result = _costlint(shared_dir, "app", unprivileged=True)
    assert result.stderr.splitlines() == [
        "app/main.tf:1: error: module.m: cannot read directory mod: permission denied"
    ]
    assert result.returncode == 2
    assert "aws_instance.web" in result.stdout
    # Named on the command line, the unreadable module itself.
    result = _costlint(shared_dir, "app/mod", unprivileged=True)
    assert result.stderr.splitlines() == ["app/mod:1: error: cannot read directory: permission denied"]
    assert result.returncode == 2
