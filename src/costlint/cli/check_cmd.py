"""``costlint check``: the FinOps rules on the projects that contain the given files (the pre-commit hook).

Wiring only: the config and packs come from ``costlint.rules``, the projects from the readers, the
findings from ``costlint.rules.engine``, the output from ``reports`` (formats ``check``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from costlint.cli.options import (
    config_option,
    emit,
    exit_code,
    gate_options,
    load_config,
    read_projects,
    reader_options,
)
from costlint.reports.formats import names as format_names

if TYPE_CHECKING:
    from costlint.estimate.gates import Gates
    from costlint.estimate.usage import Usage
    from costlint.model import Diagnostic, Project
    from costlint.readers import ReadOptions
    from costlint.rules.config import Settings
    from costlint.rules.model import Finding, Rule

FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class DeltaOutcome:
    """What the cost delta of the touched projects adds to a check."""

    findings: list[Finding] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    """Lines for the report (``infra/prod: +$42.10/mo against HEAD``)."""
    gate_crossed: bool = False
    """A gate (``--fail-on-increase`` ...) is crossed: the check exits 1."""


def cost_delta(
    projects: list[Project], paths: tuple[str, ...], read_options: ReadOptions, usage: Usage | None, gates: Gates
) -> DeltaOutcome:
    """The monthly cost of the touched projects against ``HEAD``: one line per project whose cost
    changes, and the gates (``--fail-on-increase`` ...) over their total.

    The base is each project as ``HEAD`` has it, read from git without touching the working tree or the
    index (``costlint diff``'s machinery); outside a git repository there is no base and no line.
    """
    from costlint.integrations.git import GitError, toplevel

    outcome = DeltaOutcome()
    if not projects:
        return outcome
    roots = tuple(dict.fromkeys(p.path for p in projects))
    try:
        first = Path(roots[0]).resolve()
        root = toplevel(first if first.is_dir() else first.parent)
    except (GitError, OSError):
        return outcome  # not a git repository, or no git: no base to compare with
    from costlint.cli.diff_sides import git_tree, other_tree, read_side
    from costlint.estimate.diff import diff_costs
    from costlint.estimate.engine import estimate_project
    from costlint.estimate.gates import crossed
    from costlint.pricing.catalog import default_catalog
    from costlint.reports.diff_format import gate_message, project_delta_line

    try:
        with git_tree(root, "HEAD", roots) as (exported, _label):
            base = read_side(other_tree(roots, root, exported, "the git repository"), read_options)
    except (GitError, OSError, ValueError):
        return outcome  # no commit yet: no base to compare with
    catalog = default_catalog()
    after = [estimate_project(p, catalog, usage) for p in projects]
    before = [estimate_project(p, catalog, usage) for p in base.projects]
    change = diff_costs(before, after, "HEAD", "working tree")
    for project in change.projects:
        if project.monthly_cost_delta:
            outcome.messages.append(project_delta_line(project))
    for gate in crossed(change.monthly_cost_before, change.monthly_cost_delta, gates):
        outcome.messages.append(f"costlint: gate: {gate_message(gate)}")
        outcome.gate_crossed = True
    return outcome


def _scope(paths: tuple[str, ...]) -> Callable[[Path], bool]:
    """Which source files a check is about: the files given, everything under the directories given;
    a changed variables file (.tfvars) touches its whole module."""
    files: set[Path] = set()
    directories: list[Path] = []
    for raw in paths:
        path = Path(raw).resolve()
        if path.is_dir():
            directories.append(path)
        elif path.name.endswith((".tfvars", ".tfvars.json")):
            directories.append(path.parent)
        else:
            files.add(path)

    def in_scope(source: Path) -> bool:
        resolved = source.resolve()
        return resolved in files or any(resolved.is_relative_to(d) for d in directories)

    return in_scope


def load_rules(settings: Settings) -> tuple[list[Rule], list[Diagnostic]]:
    """The built-in packs and the config's, and their problems (duplicate IDs or slugs included)."""
    from costlint.discovery import display_path
    from costlint.model import Diagnostic
    from costlint.rules import packs
    from costlint.rules.config import resolve_rules

    builtin, problems = packs.load_builtin()
    loaded = [builtin]
    for path, _ in settings.rule_packs:
        found, errors = packs.load_pack(path, display_path(path))
        loaded.append(found)
        problems += errors
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for found in loaded:
        for rule in found:
            clash = seen.get(rule.id) or seen.get(rule.slug)
            if clash is not None:
                problems.append(
                    Diagnostic(
                        rule.pack,
                        rule.line,
                        f"rule {rule.label} clashes with {clash.label} ({clash.pack}:{clash.line})",
                    )
                )
                continue
            seen[rule.id] = seen[rule.slug] = rule
            rules.append(rule)
    problems += resolve_rules(settings, rules)
    return rules, problems


def _failed(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(format_names("check")), default="text", show_default=True)
@config_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    help="Mildest severity that fails the check (default: the config's fail_on, else warning).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False),
    help="Baseline file (default: the config's baseline, else .costlint-baseline.json).",
)
@click.option(
    "--write-baseline", is_flag=True, help="Accept the current findings: write them to the baseline and exit 0."
)
@click.option("--no-baseline", is_flag=True, help="Report the findings the baseline accepts too.")
@click.option(
    "--usage-file",
    type=click.Path(dir_okay=False),
    help="YAML usage file for the estimates behind savings and budgets.",
)
@click.option(
    "--no-delta",
    is_flag=True,
    help="Skip the monthly cost of the touched projects against HEAD (and the --fail-on-increase gates).",
)
@gate_options
@reader_options
def check(
    paths: tuple[str, ...],
    fmt: str,
    config_file: str | None,
    fail_on: str | None,
    baseline_file: str | None,
    write_baseline: bool,
    no_baseline: bool,
    usage_file: str | None,
    no_delta: bool,
    gates: Gates,
    read_options: ReadOptions,
) -> None:
    """Apply the FinOps rules to the projects containing PATHS (default: the current directory).

    A Terraform file means its whole module; findings are reported for the files given (and
    everything under directories given), one a line: `file:line: ID severity slug: message`. Exit 1
    when a finding reaches the failing severity (default: warning), 2 on input or config errors, 0
    otherwise.
    """
    import os

    from costlint.cli import EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK
    from costlint.cli.options import Timings
    from costlint.discovery import display_path
    from costlint.rules import baseline as baselines
    from costlint.rules.config import DEFAULT_BASELINE
    from costlint.rules.engine import run
    from costlint.rules.model import CheckResult
    from costlint.rules.suppress import Suppressor

    timings = Timings()
    settings, problems = load_config(config_file)
    if _failed(problems):
        emit(problems)
        sys.exit(EXIT_INPUT_ERROR)
    rules, rule_problems = load_rules(settings)
    problems += rule_problems
    usage = None
    usage_path = Path(usage_file) if usage_file else settings.usage_file
    if usage_path is not None and not _failed(problems):
        from costlint.estimate.usage import load_usage

        usage, usage_problems = load_usage(str(usage_path))
        problems += usage_problems
    if _failed(problems):
        emit(problems)
        sys.exit(EXIT_INPUT_ERROR)

    timings.lap("config")
    paths = paths or (".",)
    projects, diagnostics = read_projects(paths, read_options, say_nothing_found=False)
    timings.lap("read")
    found, rule_errors = run(projects, rules, settings, in_scope=_scope(paths), usage=usage)
    timings.lap("rules")
    diagnostics = problems + diagnostics + rule_errors

    suppressor = Suppressor(rules, settings)
    unique: dict[tuple[str, str, int, str], tuple[Finding, Path]] = {}
    for finding, source in found:
        unique.setdefault(finding.key, (finding, source))
    active: list[tuple[Finding, Path]] = []
    suppressed: list[Finding] = []
    for finding, source in unique.values():
        suppressor.apply(finding, source)
        if finding.suppressed_by:
            suppressed.append(finding)
        else:
            active.append((finding, source))
    diagnostics += suppressor.diagnostics

    baseline_path = Path(baseline_file) if baseline_file else settings.baseline or settings.root / DEFAULT_BASELINE
    if write_baseline:
        in_scope = _scope(paths)
        count = baselines.write(baseline_path, active, lambda file: in_scope(baseline_path.resolve().parent / file))
        emit(diagnostics)
        click.echo(f"costlint: wrote {count} finding(s) to {display_path(baseline_path)}", err=True)
        sys.exit(EXIT_INPUT_ERROR if _failed(diagnostics) else EXIT_OK)
    if not no_baseline:
        accepted, baseline_problems = baselines.load(baseline_path, display_path(baseline_path))
        diagnostics += baseline_problems
        base = baseline_path.resolve().parent
        kept = []
        for finding, source in active:
            if baselines.key_of(finding, source, base) in accepted:
                finding.suppressed_by, finding.justification = "baseline", "in the baseline"
                suppressed.append(finding)
            else:
                kept.append((finding, source))
        active = kept

    from costlint.estimate.gates import Gates as NoGates

    delta = DeltaOutcome() if no_delta else cost_delta(projects, paths, read_options, usage, gates or NoGates())
    result = CheckResult(
        findings=sorted([f for f, _ in active] + delta.findings, key=lambda f: (f.file, f.line, f.rule.id)),
        suppressed=sorted(suppressed, key=lambda f: (f.file, f.line, f.rule.id)),
        rules=[r for r in rules if settings.is_enabled(r)],
        diagnostics=diagnostics,
        projects=len(projects),
        fail_on=fail_on or settings.fail_on,
        messages=delta.messages,
    )
    from costlint.reports.formats import render

    out = render("check", fmt, result)
    if out:
        click.echo(out, nl=not out.endswith("\n"))
    emit(diagnostics)
    code = exit_code(diagnostics)
    if fmt == "text":
        from costlint.reports.check_text import summary

        click.echo(summary(result), err=True)
    timings.lap("output")
    if os.environ.get("COSTLINT_TIMINGS"):
        click.echo(timings.report(), err=True)
    if code:  # an input that could not be read wins over findings: the check is incomplete
        sys.exit(code)
    sys.exit(EXIT_FINDINGS if result.failing or delta.gate_crossed else EXIT_OK)
