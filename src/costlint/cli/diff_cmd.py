"""``costlint diff``: what a change does to the monthly cost, per project and resource.

The two sides are read by the same readers and priced by the same estimators and catalog:

- ``--base REF``: the base is the git revision REF, written from git into a temporary directory (see
  ``integrations.git``; the working tree and the index are not touched); the head is the working
  tree, or ``--head REF``. PATHs are the working tree's; each is looked up at the same place in the
  revision, with the local Terraform modules it calls. A PATH absent from the base is a project added.
- ``--base-path DIR``: DIR is another copy of the current directory (a second checkout): each PATH
  is read at the same relative place under DIR.
- neither: each PATH must be a Terraform plan JSON, compared with its own prior state.

Problems reading the base are reported as warnings (``in the base: ...``): the exit code is the
change's. Exit codes: 2 when a head input failed, else 1 when a gate is crossed, else 0.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from costlint.cli.options import (
    Timings,
    check_gates,
    emit,
    exit_code,
    gate_options,
    load_usage_file,
    read_projects,
    reader_options,
    usage_option,
)
from costlint.reports.formats import names as format_names

if TYPE_CHECKING:
    from costlint.estimate.diff import CostDiff
    from costlint.model import Diagnostic, Project
    from costlint.pricing.catalog import Catalog
    from costlint.readers import ReadOptions


def diff_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """PATHs and the options that choose the two sides (shared by ``diff`` and ``comment github``)."""

    @click.argument("paths", nargs=-1, type=click.Path())
    @click.option("--base", "base_ref", metavar="REF", help="Git revision to compare with (read from git).")
    @click.option("--head", "head_ref", metavar="REF", help="Git revision of the change (default: the working tree).")
    @click.option(
        "--base-path",
        type=click.Path(file_okay=False),
        help="Another copy of the current directory to compare with (PATHs are read at the same place in it).",
    )
    @click.option("--show-unchanged", is_flag=True, help="List unchanged resources too.")
    @usage_option
    @reader_options
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


@dataclass
class DiffRun:
    diff: CostDiff
    catalog: Catalog
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Head-side problems (they decide the exit code)."""
    messages: list[Diagnostic] = field(default_factory=list)
    """Warnings: usage file, base-side problems."""


def _usage_error(message: str) -> None:
    click.echo(f"costlint: error: {message}", err=True)
    from costlint.cli import EXIT_INPUT_ERROR

    sys.exit(EXIT_INPUT_ERROR)


# -- reading a side from a tree -----------------------------------------------------------------------


@dataclass
class _Mapped:
    raw: str
    """The PATH as given."""
    local: Path
    """Where it is in the working tree (absolute)."""
    tree: Path
    """Where it is in the other tree."""


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def _map_paths(paths: tuple[str, ...], root: Path, tree: Path, what: str) -> list[_Mapped]:
    """Each PATH's place under ``tree``, which stands for ``root`` (the repository, or the cwd)."""
    out = []
    for raw in paths:
        local = Path(os.path.abspath(raw))
        relative = _relative(local.resolve() if local.exists() else local, root)
        if relative is None:
            _usage_error(f"{raw}: not inside {what} ({root})")
        out.append(_Mapped(raw, local, tree / relative if relative != "." else tree))  # type: ignore[operator]
    return out


def _rewrite(display: str, mapped: list[_Mapped], tree_cwd: Path) -> str:
    """A path shown for the other tree, shown as the same path of the working tree would be."""
    from costlint.discovery import display_path

    shown = Path(os.path.normpath(tree_cwd / display))
    for m in mapped:
        relative = _relative(shown, Path(os.path.normpath(m.tree)))
        if relative is not None:
            return display_path(Path(m.raw) / relative if relative != "." else Path(m.raw))
    return display


def _read_tree(
    mapped: list[_Mapped], tree_cwd: Path, read_options: ReadOptions
) -> tuple[list[Project], list[Diagnostic]]:
    from costlint.readers import read_paths

    present = [m for m in mapped if m.tree.exists() or m.tree.is_symlink()]
    if not present:
        return [], []
    projects, diagnostics = read_paths([str(m.tree) for m in present], read_options, cwd=tree_cwd)
    for project in projects:
        project.path = _rewrite(project.path, present, tree_cwd)
        for d in project.diagnostics:
            d.file = _rewrite(d.file, present, tree_cwd)
    for d in diagnostics:
        d.file = _rewrite(d.file, present, tree_cwd)
    return projects, diagnostics + [d for p in projects for d in p.diagnostics]


def _as_base_warnings(diagnostics: list[Diagnostic], label: str) -> list[Diagnostic]:
    from costlint.model import Diagnostic

    return [Diagnostic(d.file, d.line, f"in the base ({label}): {d.message}", "warning") for d in diagnostics]


@contextmanager
def _git_tree(root: Path, ref: str, mapped_raw: tuple[str, ...], timings: Timings) -> Iterator[tuple[Path, str, str]]:
    """(temporary tree of ``ref``, label, commit) with the files under the PATHs and the modules they call."""
    from costlint.discovery import module_calls
    from costlint.integrations.git import export, resolve_commit

    commit = resolve_commit(root, ref)
    with tempfile.TemporaryDirectory(prefix="costlint-git-") as tmp:
        tree = Path(tmp).resolve()
        wanted = []
        for raw in mapped_raw:
            local = Path(os.path.abspath(raw))
            relative = _relative(local.resolve() if local.exists() else local, root)
            if relative is None:
                _usage_error(f"{raw}: not inside the git repository ({root})")
            wanted.append("" if relative == "." else relative)

        def follow(directory: Path) -> set[Path]:
            try:
                tf_files = sorted(directory.glob("*.tf"))
            except OSError:
                return set()
            return module_calls(directory, tf_files) if tf_files else set()

        export(root, commit, wanted, tree, follow)
        _link_terraform_dirs(root, tree)
        timings.lap("git")
        yield tree, f"git {ref} ({commit[:7]})", commit


def _link_terraform_dirs(root: Path, tree: Path) -> None:
    """Give the exported modules the working tree's ``.terraform`` (downloaded modules; never in git).

    Without it every registry module of the base would read as "not downloaded" and its resources as
    added or removed, a difference that is not the change's.
    """
    for directory, dirnames, filenames in os.walk(tree):
        dirnames[:] = [d for d in dirnames if d != ".terraform"]
        if not any(f.endswith(".tf") for f in filenames):
            continue
        relative = Path(directory).relative_to(tree)
        downloaded = root / relative / ".terraform"
        if downloaded.is_dir() and not (Path(directory) / ".terraform").exists():
            with suppress(OSError):
                os.symlink(downloaded, Path(directory) / ".terraform", target_is_directory=True)


# -- the two sides ------------------------------------------------------------------------------------


def run_diff(
    paths: tuple[str, ...],
    base_ref: str | None,
    head_ref: str | None,
    base_path: str | None,
    usage_file: str | None,
    read_options: ReadOptions,
    timings: Timings | None = None,
) -> DiffRun:
    """Read, price and compare the two sides; bad usage exits 2 with one line."""
    from costlint.integrations.git import GitError

    timings = timings or Timings()
    paths = paths or (".",)
    if base_ref is not None and base_path is not None:
        _usage_error("give --base REF or --base-path DIR, not both")
    if head_ref is not None and base_ref is None:
        _usage_error("--head REF needs --base REF")
    usage, messages = load_usage_file(usage_file)
    try:
        if base_ref is not None:
            head_projects, head_diags, base_projects, base_diags, labels = _git_sides(
                paths, base_ref, head_ref, read_options, timings
            )
        else:
            head_projects, head_diags = read_projects(paths, read_options)
            timings.lap("read")
            if base_path is not None:
                base_dir = Path(base_path).resolve()
                if not base_dir.is_dir():
                    _usage_error(f"--base-path {base_path}: no such directory")
                cwd = Path.cwd().resolve()
                mapped = _map_paths(paths, cwd, base_dir, "the current directory")
                base_projects, base_diags = _read_tree(mapped, base_dir, read_options)
                labels = (f"directory {base_path}", "current directory")
            else:
                if head_projects and not any(p.language == "terraform-plan" for p in head_projects):
                    _usage_error(
                        "nothing to compare with: give --base REF or --base-path DIR "
                        "(or a Terraform plan JSON, compared with its own prior state)"
                    )
                head_projects, base_projects, problems = _prior_states(head_projects)
                head_diags += problems
                base_diags = []
                labels = ("prior state", "planned state")
            timings.lap("read-base")
    except GitError as exc:
        _usage_error(str(exc))
        raise AssertionError("unreachable") from None

    from costlint.estimate.diff import diff_costs
    from costlint.estimate.engine import estimate_project
    from costlint.pricing.catalog import default_catalog

    if usage is not None:
        from costlint.estimate.usage_check import check_usage

        problems = check_usage(usage, head_projects + base_projects)
        messages += problems
        if any(d.severity == "error" for d in problems):
            emit(head_diags + messages)
            from costlint.cli import EXIT_INPUT_ERROR

            sys.exit(EXIT_INPUT_ERROR)
    catalog = default_catalog()
    after = [estimate_project(p, catalog, usage) for p in head_projects]
    before = [estimate_project(p, catalog, usage) for p in base_projects]
    diff = diff_costs(before, after, *labels)
    timings.lap("estimate")
    return DiffRun(diff, catalog, head_diags, messages + _as_base_warnings(base_diags, labels[0]))


def _git_sides(
    paths: tuple[str, ...], base_ref: str, head_ref: str | None, read_options: ReadOptions, timings: Timings
) -> tuple[list[Project], list[Diagnostic], list[Project], list[Diagnostic], tuple[str, str]]:
    from costlint.integrations.git import toplevel

    first = Path(os.path.abspath(paths[0]))
    root = toplevel(first if first.exists() else Path.cwd())
    cwd = Path.cwd().resolve()
    cwd_relative = _relative(cwd, root)
    with _git_tree(root, base_ref, paths, timings) as (base_tree, base_label, _):
        mapped = _map_paths(paths, root, base_tree, "the git repository")
        tree_cwd = base_tree / cwd_relative if cwd_relative not in (None, ".") else base_tree
        base_projects, base_diags = _read_tree(mapped, tree_cwd, read_options)
        timings.lap("read-base")
        if head_ref is None:
            # A PATH the change deletes is read from the base only: its projects are removed, not an error.
            gone = {m.raw for m in mapped if not m.local.exists() and (m.tree.exists() or m.tree.is_symlink())}
            head_paths = tuple(p for p in paths if p not in gone)
            head_projects, head_diags = read_projects(head_paths, read_options) if head_paths else ([], [])
            timings.lap("read")
            return head_projects, head_diags, base_projects, base_diags, (base_label, "working tree")
        with _git_tree(root, head_ref, paths, timings) as (head_tree, head_label, _):
            mapped = _map_paths(paths, root, head_tree, "the git repository")
            tree_cwd = head_tree / cwd_relative if cwd_relative not in (None, ".") else head_tree
            head_projects, head_diags = _read_tree(mapped, tree_cwd, read_options)
            timings.lap("read")
            return head_projects, head_diags, base_projects, base_diags, (base_label, head_label)


def _prior_states(projects: list[Project]) -> tuple[list[Project], list[Project], list[Diagnostic]]:
    """(the plans, their prior states, an error for every other project: it has nothing to compare with)."""
    from costlint.estimate.diff import prior_state
    from costlint.model import Diagnostic

    plans = [p for p in projects if p.language == "terraform-plan"]
    problems = [
        Diagnostic(
            p.path,
            1,
            "nothing to compare with: give --base REF or --base-path DIR "
            "(only a Terraform plan JSON is compared with its own prior state)",
        )
        for p in projects
        if p.language != "terraform-plan"
    ]
    return plans, [prior_state(p) for p in plans], problems


# -- the command --------------------------------------------------------------------------------------


@click.command()
@diff_options
@click.option("--format", "fmt", type=click.Choice(format_names("diff")), default="table", show_default=True)
@gate_options
def diff(
    paths: tuple[str, ...],
    base_ref: str | None,
    head_ref: str | None,
    base_path: str | None,
    show_unchanged: bool,
    usage_file: str | None,
    read_options: ReadOptions,
    fmt: str,
    gates: Any,
) -> None:
    """Cost delta of a change: before, after and delta per project and resource.

    \b
    costlint diff infra --base origin/main        base from git, head = working tree
    costlint diff infra --base v1.2 --head v1.3   two git revisions
    costlint diff --base-path ../main-checkout    another copy of the current directory
    costlint diff plan.json                       a plan JSON against its prior state

    Resources are matched by project and address: + added, - removed, ~ changed (with the components
    that differ); unchanged ones are left out unless --show-unchanged. A resource not priced on one
    side has no delta, never the addition or removal of its whole cost. Exit codes: 0; 1 when a
    --fail-on-increase* gate is crossed; 2 when an input (of the change) failed or bad usage.
    """
    timings = Timings()
    run = run_diff(paths, base_ref, head_ref, base_path, usage_file, read_options, timings)

    from costlint.reports.formats import render

    out = render("diff", fmt, run.diff, run.catalog, show_unchanged)
    timings.lap("render")
    click.echo(out, nl=not out.endswith("\n"))
    emit(run.diagnostics + run.messages)
    for warning in run.catalog.warnings:
        click.echo(f"costlint: warning: {warning}", err=True)
    failed = check_gates(run.diff.monthly_cost_before, run.diff.monthly_cost_delta, gates)
    timings.lap("output")
    if os.environ.get("COSTLINT_TIMINGS"):
        click.echo(timings.report(), err=True)
    code = exit_code(run.diagnostics)
    if code == 0 and failed:
        from costlint.cli import EXIT_FINDINGS

        code = EXIT_FINDINGS
    sys.exit(code)
