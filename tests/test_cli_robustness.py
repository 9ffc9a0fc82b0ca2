"""The command line under faults and odd inputs: one line and a documented exit code, never a
traceback; tables that fit the terminal; totals that say what they leave out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "web-stack" / "terraform"


def costlint(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    environ.update(env or {})
    streams = {} if "stdout" in kwargs else {"stdout": subprocess.PIPE}
    return subprocess.run(
        [sys.executable, "-m", "costlint", *args],
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=120,
        **streams,
        **kwargs,  # type: ignore[call-overload]
    )


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr


# -- output that cannot be written ----------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_on_stdout_is_one_line_and_exit_3() -> None:
    with open("/dev/full", "w") as full:
        done = costlint("breakdown", str(EXAMPLE), stdout=full)
    _no_traceback(done)
    assert done.returncode == 3
    assert done.stderr.strip().splitlines() == [
        "costlint: error: cannot write: No space left on device (standard output)"
    ]


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    # Enough modules to still be reading when the signal comes.
    for i in range(400):
        module = tmp_path / f"m{i}"
        module.mkdir()
        (module / "main.tf").write_text(
            "".join(f'resource "aws_instance" "i{j}" {{\n  instance_type = "m5.large"\n}}\n' for j in range(20))
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "costlint", "breakdown", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err and err.strip().splitlines()[-1] == "costlint: interrupted"


# -- nothing to analyse, totals that say what they miss ---------------------------------------------


def test_a_path_with_nothing_costlint_reads_is_an_error_not_a_zero_total(tmp_path: Path) -> None:
    (tmp_path / "deployment.yaml").write_text("apiVersion: apps/v1\nkind: Deployment\n")
    (tmp_path / "notes.txt").write_text("hello\n")
    done = costlint("breakdown", str(tmp_path))
    _no_traceback(done)
    assert done.returncode == 2
    assert "$0.00" not in done.stdout and "No projects found" in done.stdout
    assert done.stderr.strip() == (
        f"{tmp_path}:1: error: nothing to analyse: no Terraform module, Terraform plan JSON, CloudFormation template "
        "or design sheet"
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    both = costlint("resources", str(empty), str(EXAMPLE))
    assert both.returncode == 0, both.stderr  # the example was read: the empty directory is a warning
    assert f"{empty}:1: warning: nothing to analyse" in both.stderr


def test_the_total_says_how_many_billed_resources_are_not_priced() -> None:
    # In us-east-1 everything of the example has a price; the same stack with an unsupported type does not.
    done = costlint("breakdown", str(ROOT / "tests" / "fixtures" / "estimate" / "breakdown" / "app"))
    assert done.returncode == 0, done.stderr
    # 5 resources: 2 priced, 1 free, 2 not priced (an aws_ec2_host and an unknown instance type)
    assert " TOTAL: $104.53 a month, 2 of 4 billed resources not priced\n" in done.stdout
    full = costlint("breakdown", str(EXAMPLE))
    assert " TOTAL: $255.92 a month\n" in full.stdout  # nothing missing: nothing said


# -- terminal width ---------------------------------------------------------------------------------


LONG = """
resource "aws_instance" "a_very_long_resource_name_that_goes_on_and_on_for_quite_a_while_indeed" {
  count         = 2
  instance_type = "m5.large"
  ami           = "ami-0123456789abcdef0"
}
"""


@pytest.mark.parametrize("command", ["breakdown", "resources"])
@pytest.mark.parametrize("columns", [60, 80, 120])
def test_tables_fit_the_terminal(tmp_path: Path, command: str, columns: int) -> None:
    nested = tmp_path / "deeply" / "nested" / "directory" / "of" / "the" / "infrastructure" / "repository"
    nested.mkdir(parents=True)
    (nested / "main.tf").write_text('provider "aws" {\n  region = "us-east-1"\n}\n' + LONG)
    done = costlint(command, str(EXAMPLE), str(nested), env={"COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= columns, [line for line in lines if len(line) > columns]
    # Nothing is lost: every address is still there, whole or wrapped.
    if command == "resources":
        text = "".join(line.strip() for line in lines)
        assert "aws_instance.a_very_long_resource_name_that_goes_on_and_on_for_quite_a_while_indeed[1]" in text
    else:
        assert sum("a_very_long_resource_name" in line for line in lines) == 2  # both instances


def test_piped_output_keeps_its_full_lines() -> None:
    done = costlint("breakdown", str(EXAMPLE))
    assert done.returncode == 0
    assert max(len(line) for line in done.stdout.splitlines()) > 120  # not wrapped for a pipe
    assert (
        " ├─ Capacity units (LCU) *                                          depends on usage: $0.008 per LCU-hour"
        in done.stdout.splitlines()
    )
