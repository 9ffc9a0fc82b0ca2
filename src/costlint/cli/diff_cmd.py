"""``costlint diff``: what a change does to the monthly cost, per project and resource.

The two sides are read by the same readers and priced by the same estimators and catalog:

- ``--base REF``: the base is the git revision REF, written from git into a temporary directory (see
  ``integrations.git``; the working tree and the index are not touched); the head is the working
  tree, or ``--head REF``. PATHs are the working tree's; each is looked up at the same place in the
  revision, with the local Terraform modules it calls. A PATH absent from the base is a project added.
- ``--base-path DIR``: DIR is another copy of the current directory (a second checkout): each PATH
  is read at the same relative place under DIR.
- neither: each PATH must be a Terraform plan JSON, compared with its own prior state.

The head is read first; a base project whose inputs are the same files as the head's is not read
again (``cli.diff_sides``), and is priced once.

Problems reading the base are reported as warnings (``in the base: ...``): the exit code is the
change's. Exit codes: 2 when a head input failed, else 1 when a gate is crossed, else 0.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from costlint.cli.options import (
    Timings,
    check_gates,
    config_option,
    emit,
    exit_code,
    gate_options,
    load_usage_file,
    read_projects,
    reader_options,
    settings_or_exit,
    usage_option,
)
from costlint.reports.formats import names as format_names

if TYPE_CHECKING:
    from costlint.cli.diff_sides import Side, Tree
    from costlint.estimate.diff import CostDiff
    from costlint.model import Diagnostic
    from costlint.pricing.catalog import Catalog
    from costlint.readers import ReadOptions


def diff_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """PATHs and the options that choose the two sides (shared by ``diff`` and ``comment github``)."""

    @click.argument("paths", nargs=-1, type=click.Path(readable=False))
    @click.option("--base", "base_ref", metavar="REF", help="Git revision to compare with (read from git).")
    @click.option("--head", "head_ref", metavar="REF", help="Git revision of the change (default: the working tree).")
    @click.option(
        "--base-path",
        type=click.Path(file_okay=False),
        help="Another copy of the current directory to compare with (PATHs are read at the same place in it).",
    )
    @click.option("--show-unchanged", is_flag=True, help="List unchanged resources too.")
    @config_option
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
    from costlint.cli import EXIT_INPUT_ERROR

    click.echo(f"costlint: error: {message}", err=True)
    sys.exit(EXIT_INPUT_ERROR)


def _as_base_warnings(diagnostics: list[Diagnostic], label: str) -> list[Diagnostic]:
    from costlint.model import Diagnostic

    return [Diagnostic(d.file, d.line, f"in the base ({label}): {d.message}", "warning") for d in diagnostics]


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
    from costlint.cli.diff_sides import UsageError
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
            head, base, labels = _git_sides(paths, base_ref, head_ref, read_options, timings)
        elif base_path is not None:
            head, base, labels = _directory_sides(paths, base_path, read_options, timings)
        else:
            head, base, labels = _plan_sides(paths, read_options, timings)
    except (GitError, UsageError) as exc:
        _usage_error(str(exc))
        raise AssertionError("unreachable") from None

    from costlint.estimate.diff import diff_costs
    from costlint.estimate.engine import estimate_project
    from costlint.pricing.catalog import default_catalog

    if usage is not None:
        from costlint.estimate.usage_check import check_usage

        read_once = {id(p) for p in head.projects}
        problems = check_usage(usage, head.projects + [p for p in base.projects if id(p) not in read_once])
        messages += problems
        if any(d.severity == "error" for d in problems):
            emit(head.diagnostics + messages)
            from costlint.cli import EXIT_INPUT_ERROR

            sys.exit(EXIT_INPUT_ERROR)
    catalog = default_catalog()
    after = [estimate_project(p, catalog, usage) for p in head.projects]
    # A project taken from the head as it was (same inputs) is priced once.
    priced = {id(cost.project): cost for cost in after}
    before = [priced.get(id(p)) or estimate_project(p, catalog, usage) for p in base.projects]
    diff = diff_costs(before, after, *labels)
    timings.lap("estimate")
    return DiffRun(diff, catalog, head.diagnostics, messages + _as_base_warnings(base.diagnostics, labels[0]))


def _keep(head: Side) -> None:
    """The head's objects live until the end: move them out of the garbage collector's sight, so that
    reading the base does not scan them again and again (about 10 % of a base read on a large tree)."""
    import gc

    gc.collect()
    gc.freeze()


def _missing_on_both(paths: tuple[str, ...], head: Tree, base: Tree) -> list[Diagnostic]:
    from costlint.model import Diagnostic

    there = {m.raw for m in head.present()} | {m.raw for m in base.present()}
    return [Diagnostic(raw, 1, "no such file or directory") for raw in paths if raw not in there]


def _git_sides(
    paths: tuple[str, ...], base_ref: str, head_ref: str | None, read_options: ReadOptions, timings: Timings
) -> tuple[Side, Side, tuple[str, str]]:
    from costlint.cli.diff_sides import git_tree, other_tree, read_side, working_tree
    from costlint.integrations.git import toplevel

    first = Path(os.path.abspath(paths[0]))
    root = toplevel(first if first.exists() else Path.cwd())
    with ExitStack() as stack:
        if head_ref is None:
            head_tree, head_label = working_tree(paths, root), "working tree"
        else:
            exported, head_label = stack.enter_context(git_tree(root, head_ref, paths))
            head_tree = other_tree(paths, root, exported, "the git repository")
            timings.lap("git")
        head = read_side(head_tree, read_options)
        _keep(head)
        timings.lap("read")
        exported, base_label = stack.enter_context(git_tree(root, base_ref, paths))
        base_tree = other_tree(paths, root, exported, "the git repository")
        timings.lap("git")
        base = read_side(base_tree, read_options, head, head_tree)
        head.diagnostics += _missing_on_both(paths, head_tree, base_tree)
        timings.lap("read-base")
    return head, base, (base_label, head_label)


def _directory_sides(
    paths: tuple[str, ...], base_path: str, read_options: ReadOptions, timings: Timings
) -> tuple[Side, Side, tuple[str, str]]:
    from costlint.cli.diff_sides import other_tree, read_side, working_tree

    base_dir = Path(base_path).resolve()
    if not base_dir.is_dir():
        _usage_error(f"--base-path {base_path}: no such directory")
    cwd = Path.cwd().resolve()
    head_tree = working_tree(paths, cwd)
    head = read_side(head_tree, read_options)
    _keep(head)
    timings.lap("read")
    base_tree = other_tree(paths, cwd, base_dir, "the current directory")
    base = read_side(base_tree, read_options, head, head_tree)
    head.diagnostics += _missing_on_both(paths, head_tree, base_tree)
    timings.lap("read-base")
    return head, base, (f"directory {base_path}", "current directory")


def _plan_sides(
    paths: tuple[str, ...], read_options: ReadOptions, timings: Timings
) -> tuple[Side, Side, tuple[str, str]]:
    """Each plan against its own prior state; any other project has nothing to compare with."""
    from costlint.cli.diff_sides import Side
    from costlint.estimate.diff import prior_state
    from costlint.model import Diagnostic

    projects, diagnostics = read_projects(paths, read_options)
    timings.lap("read")
    plans = [p for p in projects if p.language == "terraform-plan"]
    if projects and not plans:
        _usage_error(
            "nothing to compare with: give --base REF or --base-path DIR "
            "(or a Terraform plan JSON, compared with its own prior state)"
        )
    diagnostics += [
        Diagnostic(
            p.path,
            1,
            "nothing to compare with: give --base REF or --base-path DIR "
            "(only a Terraform plan JSON is compared with its own prior state)",
        )
        for p in projects
        if p.language != "terraform-plan"
    ]
    head = Side(plans, diagnostics)
    base = Side([prior_state(p) for p in plans])
    timings.lap("read-base")
    return head, base, ("prior state", "planned state")


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
    config_file: str | None,
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
    settings = settings_or_exit(config_file)
    run = run_diff(paths, base_ref, head_ref, base_path, usage_file, read_options, timings)

    from costlint.reports.formats import render

    out = render("diff", fmt, run.diff, run.catalog, show_unchanged, settings.unit_economics)
    timings.lap("render")
    click.echo(out, nl=not out.endswith("\n"))
    emit(run.diagnostics + run.messages)
    for warning in run.catalog.warnings:
        click.echo(warning, err=True)
    failed = check_gates(run.diff.monthly_cost_before, run.diff.monthly_cost_delta, gates)
    timings.lap("output")
    if os.environ.get("COSTLINT_TIMINGS"):
        click.echo(timings.report(), err=True)
    code = exit_code(run.diagnostics)
    if code == 0 and failed:
        from costlint.cli import EXIT_FINDINGS

        code = EXIT_FINDINGS
    sys.exit(code)
