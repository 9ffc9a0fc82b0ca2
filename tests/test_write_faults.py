"""Every file costlint writes for the user, under faults: a read-only target, a full disk, a process killed
midway. The previous file stays exactly as it was, and the run ends in one line on stderr and exit 3.

The price cache has its own tests (tests/test_pricing_update_faults.py); the filesystems are real
(tests/faults.py). A kill midway is the kernel's: the process runs with a file-size limit below the
file it writes, and ``SIGXFSZ`` kills it inside the write.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from faults import fill, read_only_directory, small_filesystem

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "web-stack" / "terraform"
OLD_INSTANCE = (
    'provider "aws" {\n  region = "us-east-1"\n}\nresource "aws_instance" "old" {\n  instance_type = "m3.large"\n}\n'
)
PREVIOUS = "# the previous file, which must survive\n"


def costlint(*args: str, cwd: Path = ROOT, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def preexec() -> None:
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "TF_VAR_"))}
    return subprocess.run(
        [sys.executable, "-m", "costlint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=preexec,
    )


def one_line_exit_3(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 3, (done.returncode, done.stderr)
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and "Traceback" not in done.stderr, done.stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


def usage_template(target: Path, *, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    return costlint("usage", "template", str(EXAMPLE), "-o", str(target), "--force", limit=limit)


def baseline(project: Path, target: Path, *, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    return costlint("check", ".", "--write-baseline", "--baseline", str(target), cwd=project, limit=limit)


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(OLD_INSTANCE)
    return project


WRITERS: dict[str, Callable[[Path, Path], subprocess.CompletedProcess[str]]] = {
    "usage template": lambda tmp, target: usage_template(target),
    "baseline": lambda tmp, target: baseline(_project(tmp), target),
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_target(tmp_path: Path, writer: str) -> None:
    with read_only_directory(tmp_path, {"out.yml": PREVIOUS}) as directory:
        done = WRITERS[writer](tmp_path, directory / "out.yml")
        one_line_exit_3(done, str(directory))
        assert (directory / "out.yml").read_text() == PREVIOUS
        assert sorted(p.name for p in directory.iterdir()) == ["out.yml"]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk(tmp_path: Path, writer: str) -> None:
    with small_filesystem(tmp_path, "64k", {"out.yml": PREVIOUS}) as disk:
        fill(disk)
        done = WRITERS[writer](tmp_path, disk / "out.yml")
        one_line_exit_3(done, "No space left on device")
        assert (disk / "out.yml").read_text() == PREVIOUS
        assert sorted(p.name for p in disk.iterdir()) == [".filler", "out.yml"]


def test_a_file_size_limit_is_one_line_and_the_previous_file_stays(tmp_path: Path) -> None:
    """A quota (RLIMIT_FSIZE) cuts the write at 1 KB: Python sees EFBIG, costlint says so."""
    target = tmp_path / "usage.yml"
    target.write_text(PREVIOUS)
    one_line_exit_3(usage_template(target, limit=1024), "File too large", str(target))
    assert target.read_text() == PREVIOUS
    project = _project(tmp_path)
    kept = project / ".costlint-baseline.json"
    kept.write_text(PREVIOUS)
    one_line_exit_3(baseline(project, kept, limit=64), "File too large")
    assert kept.read_text() == PREVIOUS


def test_killed_at_any_moment_the_target_is_the_previous_file_or_the_whole_new_one(tmp_path: Path) -> None:
    """SIGKILL at ten moments of a usage template run over a large project: never half a file."""
    project = tmp_path / "big"
    project.mkdir()
    (project / "main.tf").write_text(
        'provider "aws" {\n  region = "us-east-1"\n}\n'
        + "".join(f'resource "aws_nat_gateway" "n{i}" {{\n  subnet_id = "s-{i}"\n}}\n' for i in range(3000))
    )
    target = tmp_path / "usage.yml"
    target.write_text(PREVIOUS)
    complete = costlint("usage", "template", str(project))
    assert complete.returncode == 0
    whole = complete.stdout
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 3.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "costlint", "usage", "template", str(project), "-o", str(target), "--force"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        assert target.read_text() in (PREVIOUS, whole), f"a half-written file after {delay} s"
