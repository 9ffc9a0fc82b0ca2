"""Real filesystems that fail: a read-only one and a tiny one that fills up.

A tmpfs is mounted when the test runs with the right to mount (root in a container, as in CI here);
otherwise the read-only case falls back to a directory without write permission (which only binds a
user other than root), and the tests skip where neither is possible. Nothing here simulates a failure
in Python: the kernel refuses the writes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(target: Path, options: str) -> bool:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)], capture_output=True, text=True)
    return done.returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def small_filesystem(tmp_path: Path, size: str = "64k", prepare: dict[str, str] | None = None) -> Iterator[Path]:
    """A tmpfs of ``size`` (``prepare``: relative path -> text written first)."""
    target = tmp_path / f"small-{uuid.uuid4().hex[:8]}"
    target.mkdir()
    if not _mount(target, f"size={size},mode=0777"):
        pytest.skip("cannot mount a tmpfs here (needs root in a container that allows mounts)")
    try:
        for relative, text in (prepare or {}).items():
            path = target / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        yield target
    finally:
        _umount(target)


def fill(directory: Path) -> None:
    """Fill the filesystem of ``directory`` to the last byte."""
    try:
        with (directory / ".filler").open("wb", buffering=0) as out:
            while True:
                out.write(b"\0" * 4096)
    except OSError:
        pass


@contextlib.contextmanager
def read_only_directory(tmp_path: Path, prepare: dict[str, str | bytes] | None = None) -> Iterator[Path]:
    """A directory nobody may write into (``prepare``: files, text or bytes, created before it turns
    read-only)."""
    target = tmp_path / f"ro-{uuid.uuid4().hex[:8]}"
    target.mkdir()
    if _mount(target, "size=1m,mode=0755"):
        try:
            _prepare(target, prepare)
            subprocess.run(["mount", "-o", "remount,ro", str(target)], check=True, capture_output=True)
            yield target
        finally:
            _umount(target)
        return
    if os.geteuid() == 0:
        pytest.skip("running as root without the right to mount: no directory is read-only")
    _prepare(target, prepare)
    for path in sorted(target.rglob("*"), reverse=True):
        path.chmod(0o555 if path.is_dir() else 0o444)
    target.chmod(0o555)
    try:
        yield target
    finally:
        for path in [target, *target.rglob("*")]:
            path.chmod(0o755)


def _prepare(target: Path, prepare: dict[str, str | bytes] | None) -> None:
    for relative, content in (prepare or {}).items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes (for "left exactly as it was")."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
