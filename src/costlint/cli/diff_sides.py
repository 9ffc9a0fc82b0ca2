"""The two sides of ``costlint diff``: where their files are, and reading them.

A side is a **tree**: the working tree itself, a git revision written into a temporary directory
(``integrations.git.export``), or another directory (``--base-path``). PATHs are given for the working
tree; in another tree each is looked up at the same place relative to the tree's root (the repository's
root, or the current directory for ``--base-path``), and its projects are shown under the same names
as in the working tree, so that projects match by path.

Reading the head records, per project, the files and directories its reader opened and listed (a
``sys.addaudithook`` on ``open``/``os.listdir``/``os.scandir``, so nothing in the readers needs to
know). A base project whose recorded inputs are byte for byte the same in the base tree is the head's
project, not read again: most changes touch few projects, and reading is most of a run.
"""

from __future__ import annotations

import dataclasses
import filecmp
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from costlint.model import Diagnostic, Project
    from costlint.readers import ReadOptions


class UsageError(Exception):
    """Bad paths or revisions for a diff: one line, exit code 2."""


def relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


# -- trees --------------------------------------------------------------------------------------------


@dataclass
class Mapped:
    raw: str
    """The PATH as given."""
    tree: Path
    """Where it is in the tree."""


@dataclass
class Tree:
    root: Path
    """What stands for the repository's root (git) or the current directory (``--base-path``)."""
    cwd: Path | None
    """Discovery's current directory in this tree (None: the real one)."""
    mapped: list[Mapped]
    local: bool = False
    """The working tree itself: paths are shown as discovery shows them."""

    def present(self) -> list[Mapped]:
        return [m for m in self.mapped if m.tree.exists() or m.tree.is_symlink()]


def working_tree(paths: tuple[str, ...], root: Path) -> Tree:
    return Tree(root, None, [Mapped(raw, Path(raw)) for raw in paths], local=True)


def other_tree(paths: tuple[str, ...], root: Path, tree: Path, what: str) -> Tree:
    """``tree`` as another copy of ``root``: each PATH at its place relative to ``root``."""
    mapped = []
    for raw in paths:
        where = relative(_absolute(raw), root)
        if where is None:
            raise UsageError(f"{raw}: not inside {what} ({root})")
        mapped.append(Mapped(raw, tree if where == "." else tree / where))
    inside = relative(Path.cwd().resolve(), root)
    return Tree(tree, tree if inside in (None, ".") else tree / inside, mapped)


def _absolute(raw: str) -> Path:
    path = Path(os.path.abspath(raw))
    return path.resolve() if path.exists() else path


def _shown(display: str, tree: Tree) -> str:
    """A display path of ``tree`` as the same path of the working tree would be shown."""
    from costlint.discovery import display_path

    if tree.local:
        return display
    shown = Path(os.path.normpath((tree.cwd or tree.root) / display))
    for m in tree.mapped:
        where = relative(shown, Path(os.path.normpath(m.tree)))
        if where is not None:
            return display_path(Path(m.raw) / where if where != "." else Path(m.raw))
    return display


@contextmanager
def git_tree(root: Path, ref: str, paths: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    """(a temporary directory with ``ref``'s files under the PATHs and the local modules they call, label)."""
    from costlint.discovery import module_calls
    from costlint.integrations.git import export, resolve_commit

    commit = resolve_commit(root, ref)
    wanted = []
    for raw in paths:
        where = relative(_absolute(raw), root)
        if where is None:
            raise UsageError(f"{raw}: not inside the git repository ({root})")
        wanted.append("" if where == "." else where)

    def follow(directory: Path) -> set[Path]:
        try:
            tf_files = sorted(directory.glob("*.tf"))
        except OSError:
            return set()
        return module_calls(directory, tf_files) if tf_files else set()

    with tempfile.TemporaryDirectory(prefix="costlint-git-") as tmp:
        tree = Path(tmp).resolve()
        export(root, commit, wanted, tree, follow)
        _link_terraform_dirs(root, tree)
        yield tree, f"git {ref} ({commit[:7]})"


def _link_terraform_dirs(root: Path, tree: Path) -> None:
    """Give the exported modules the working tree's ``.terraform`` (downloaded modules; never in git).

    Without it every registry module of the base would read as "not downloaded" and its resources as
    added or removed, a difference that is not the change's.
    """
    for directory, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d != ".terraform"]
        if not any(f.endswith(".tf") for f in filenames):
            continue
        downloaded = root / Path(directory).relative_to(tree) / ".terraform"
        if downloaded.is_dir() and not (Path(directory) / ".terraform").exists():
            with suppress(OSError):
                os.symlink(downloaded, Path(directory) / ".terraform", target_is_directory=True)


# -- what a project read ------------------------------------------------------------------------------


@dataclass
class Inputs:
    files: set[str] = field(default_factory=set)
    directories: set[str] = field(default_factory=set)


_recording: list[Inputs] = []
_hooked = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _recording or event not in ("open", "os.listdir", "os.scandir"):
        return
    target = args[0] if args else None
    if event != "open" and target is None:
        target = "."
    if isinstance(target, (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(target))
        if event == "open":
            _recording[-1].files.add(path)
        else:
            _recording[-1].directories.add(path)


@contextmanager
def recording() -> Iterator[Inputs]:
    """Record the files opened and directories listed inside the block (audit hooks cannot be removed:
    one hook, installed once, does nothing while nothing records)."""
    global _hooked
    if not _hooked:
        # tempfile probes its directory by opening files there the first time it is asked for it.
        tempfile.gettempdir()
        sys.addaudithook(_audit)
        _hooked = True
    inputs = Inputs()
    _recording.append(inputs)
    try:
        yield inputs
    finally:
        _recording.pop()


def _same_everywhere(read_options: ReadOptions) -> list[str]:
    """Prefixes of files both sides read alike: costlint's own code and caches, the Python installation,
    the files named on the command line."""
    import costlint
    from costlint.readers.hcl.grammar import cache_root

    places = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(Path(costlint.__file__).resolve().parent)}
    with suppress(Exception):
        places.add(str(cache_root()))
    places |= {os.path.abspath(f) for f in read_options.var_files}
    if read_options.parameters_file:
        places.add(os.path.abspath(read_options.parameters_file))
    return sorted(places)


def same_inputs(inputs: Inputs, head_root: Path, base_root: Path, alike: list[str]) -> bool:
    """Whether every file and directory listing a head project read is the same in the base tree."""
    for path, is_directory in [(f, False) for f in inputs.files] + [(d, True) for d in inputs.directories]:
        where = relative(Path(path), head_root)
        if where is None:
            if any(path == p or path.startswith(p.rstrip(os.sep) + os.sep) for p in alike):
                continue
            return False  # read from outside the tree: the base might read something else there
        if ".terraform" in where.split("/"):
            continue  # the base tree links the working tree's .terraform
        head, base = head_root / where, base_root / where
        if is_directory:
            if _listing(head) != _listing(base):
                return False
        elif head.is_file() or base.is_file():
            if not (head.is_file() and base.is_file()):
                return False
            try:
                if not filecmp.cmp(head, base, shallow=False):
                    return False
            except OSError:
                return False
        elif head.exists() != base.exists():
            return False
    return True


_NOT_IN_A_REVISION = frozenset({".git", ".terraform"})


def _listing(directory: Path) -> list[str] | None:
    """A directory's entries, without those a git revision never has (``.terraform`` is linked anyway)."""
    try:
        return sorted(set(os.listdir(directory)) - _NOT_IN_A_REVISION)
    except OSError:
        return None


# -- reading ------------------------------------------------------------------------------------------


@dataclass
class Side:
    projects: list[Project] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Discovery's and the projects' (not those of projects taken from the other side)."""
    inputs: dict[tuple[str, str], Inputs] = field(default_factory=dict)
    reused: int = 0
    """Projects taken as they were read on the other side (same inputs)."""


def read_side(tree: Tree, read_options: ReadOptions, other: Side | None = None, other_tree: Tree | None = None) -> Side:
    """Read the PATHs of ``tree``; with ``other``, a project whose inputs are unchanged is taken from it."""
    from costlint.discovery import discover
    from costlint.readers import read_project

    side = Side()
    present = tree.present()
    if not present:
        return side
    found, diagnostics = discover([str(m.tree) for m in present], tree.cwd)
    for d in diagnostics:
        d.file = _shown(d.file, tree)
    side.diagnostics += diagnostics
    known = {(p.path, p.language): p for p in other.projects} if other is not None else {}
    alike = _same_everywhere(read_options) if other is not None else []
    for item in found:
        item = dataclasses.replace(item, display=_shown(item.display, tree))
        key = (item.display, item.language)
        if (
            other is not None
            and other_tree is not None
            and key in known
            and key in other.inputs
            and same_inputs(other.inputs[key], other_tree.root, tree.root, alike)
        ):
            side.projects.append(known[key])
            side.reused += 1
            continue
        with recording() as inputs:
            project = read_project(item, read_options)
        side.inputs[key] = inputs
        side.projects.append(project)
        side.diagnostics += project.diagnostics
    return side
