"""Files of a git revision, written into a directory, without touching the working tree or the index.

``costlint diff --base REF`` reads the base side of a change from git: ``git ls-tree`` lists the files
under the paths asked for and one ``git cat-file --batch`` process streams their contents into a
temporary directory. Unlike ``git archive`` this ignores ``export-ignore``/``export-subst`` attributes
(the files are exactly the commit's), and unlike a temporary worktree it writes nothing under
``.git``. Submodules (gitlinks) are not followed: their directories stay empty.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from costlint.errors import CannotRun

TIMEOUT = 300
"""Seconds any one git command may take (a huge revision still finishes; a hung one does not hang us)."""


class GitError(Exception):
    """A git revision or repository that cannot be used; the message is one line for the user."""


def _git(args: list[str], cwd: Path, *, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        run = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise CannotRun("git is not installed (needed for --base/--head REF)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than {TIMEOUT} s") from None
    if check and run.returncode != 0:
        message = run.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else f'exit code {run.returncode}'}")
    return run


def toplevel(path: Path) -> Path:
    """The root of the git working tree holding ``path`` (a file or directory)."""
    directory = path if path.is_dir() else path.parent
    if not directory.exists():
        directory = Path.cwd()
    run = _git(["rev-parse", "--show-toplevel"], directory, check=False)
    if run.returncode != 0:
        raise GitError(f"{path} is not inside a git repository")
    return Path(run.stdout.decode().strip()).resolve()


def resolve_commit(root: Path, ref: str) -> str:
    """The commit id of ``ref`` (a branch, tag, ``HEAD~1``, a commit id)."""
    if not ref or ref.startswith("-"):
        raise GitError(f"not a git revision: {ref!r}")
    run = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root, check=False)
    if run.returncode != 0:
        raise GitError(
            f"unknown git revision {ref!r} in {root} (in CI, fetch the history: actions/checkout with fetch-depth: 0)"
        )
    return run.stdout.decode().strip()


@dataclass
class Export:
    """What :func:`export` wrote."""

    root: Path
    files: int = 0
    present: set[str] = field(default_factory=set)
    """The paths asked for that exist in the revision (repository-relative, POSIX)."""
    exported: set[str] = field(default_factory=set)
    """Every path exported so far (asked for, or followed); ``""`` is the whole tree."""

    def covers(self, path: str) -> bool:
        return any(e == "" or path == e or path.startswith(e + "/") for e in self.exported)


@dataclass
class _Entry:
    mode: str
    kind: str
    sha: str
    path: str


def _list(root: Path, commit: str, paths: list[str]) -> list[_Entry]:
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if "" not in paths:
        args += ["--", *paths]
    out = _git(args, root).stdout
    entries = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        entries.append(_Entry(mode, kind, sha, name.decode("utf-8", "surrogateescape")))
    return entries


def _write_blobs(root: Path, entries: list[_Entry], dest: Path) -> int:
    """Stream the blobs through one ``git cat-file --batch`` (a writer thread feeds it, so no deadlock)."""
    blobs = [e for e in entries if e.kind == "blob"]
    if not blobs:
        return 0
    try:
        proc = subprocess.Popen(["git", "cat-file", "--batch"], cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except FileNotFoundError:
        raise CannotRun("git is not installed (needed for --base/--head REF)") from None
    assert proc.stdin is not None and proc.stdout is not None
    stdin = proc.stdin

    def feed() -> None:
        try:
            for entry in blobs:
                stdin.write(entry.sha.encode() + b"\n")
            stdin.close()
        except OSError:
            pass  # git died; the reader below reports it

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    written = 0
    try:
        for entry in blobs:
            header = proc.stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                raise GitError(f"git cat-file: cannot read {entry.path} ({entry.sha})")
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)  # the newline after each object
            target = dest / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if entry.mode == "120000":
                try:
                    os.symlink(data.decode("utf-8", "surrogateescape"), target)
                except OSError:
                    continue
            else:
                target.write_bytes(data)
            written += 1
    finally:
        proc.stdout.close()
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        writer.join(timeout=5)
    return written


def export(
    root: Path,
    commit: str,
    paths: Iterable[str],
    dest: Path,
    follow: Callable[[Path], Iterable[Path]] | None = None,
) -> Export:
    """Write the files of ``commit`` under ``paths`` (repository-relative, ``""`` for all) into ``dest``.

    ``follow(directory)`` names the directories a written directory needs as well (Terraform's local
    module sources, ``../modules/vpc``); those inside the repository are exported too, until nothing
    new is named. A path missing from the revision is simply not written (not in ``present``).
    """
    result = Export(dest)
    pending = sorted({_normal(p) for p in paths})
    asked = set(pending)
    tried: set[str] = set()
    while pending:
        pending = [p for p in pending if not result.covers(p)]
        if not pending:
            break
        tried.update(pending)
        entries = _list(root, commit, pending)
        for path in pending:
            if any(e.path == path or path == "" or e.path.startswith(path + "/") for e in entries):
                result.exported.add(path)
                if path in asked:
                    result.present.add(path)
        result.files += _write_blobs(root, entries, dest)
        if follow is None:
            break
        directories = sorted({str(PurePosixPath(e.path).parent) for e in entries if e.kind == "blob"})
        wanted: set[str] = set()
        for directory in directories:
            local = dest / ("" if directory == "." else directory)
            for needed in follow(local):
                relative = _inside(needed, dest)
                if relative is not None and not result.covers(relative):
                    wanted.add(relative)
        pending = sorted(wanted - tried)
    return result


def _normal(path: str) -> str:
    text = PurePosixPath(path).as_posix()
    return "" if text in (".", "") else text.strip("/")


def _inside(path: Path, dest: Path) -> str | None:
    try:
        relative = path.resolve().relative_to(dest.resolve())
    except (ValueError, OSError):
        return None
    return _normal(relative.as_posix())
