"""``costlint review``: the architect's cost review (HTML or Markdown) of the projects under PATHS.

Wiring only: the config and rules come from ``costlint.rules`` (as for ``check``), the projects from the
readers, the review from ``costlint.review``, the page from ``reports`` (formats ``review``), and the file
is written with ``costlint.writing.write_atomic``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from costlint.cli.options import (
    Timings,
    config_option,
    emit,
    exit_code,
    load_usage_file,
    read_projects,
    reader_options,
    settings_or_exit,
    usage_option,
)
from costlint.reports.formats import names as format_names

if TYPE_CHECKING:
    from costlint.readers import ReadOptions


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(format_names("review")), default="html", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the review to FILE (replaced in one step: a reader never sees half of it) instead of stdout.",
)
@config_option
@usage_option
@reader_options
def review(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    config_file: str | None,
    usage_file: str | None,
    read_options: ReadOptions,
) -> None:
    """An architect's cost review of the Terraform, CloudFormation and design-sheet projects under PATHS.

    One page: the monthly and annual cost; the cost by service (with a bar chart), by project and by
    allocation tag (untagged cost shown as such); the top resources; what-if scenarios (every region,
    Graviton, spot, office-hours schedules, the rules' fixes, 1- and 3-year reservations, all combined),
    each re-estimated from the same price snapshot; the findings of the rules, largest saving first;
    what is not priced and why; the prices' dates and sources. With the config's unit_economics, the
    cost per unit too. Exit codes: 0; 2 when an input or the config is invalid (the review is still
    written from what could be read); 3 when the output cannot be written.
    """
    from costlint.cli import EXIT_INPUT_ERROR
    from costlint.cli.check_cmd import load_rules
    from costlint.errors import CannotRun

    timings = Timings()
    settings = settings_or_exit(config_file)
    rules, rule_problems = load_rules(settings)
    if any(d.severity == "error" for d in rule_problems):
        emit(rule_problems)
        sys.exit(EXIT_INPUT_ERROR)
    usage, messages = load_usage_file(usage_file or (str(settings.usage_file) if settings.usage_file else None))
    messages = rule_problems + messages
    projects, diagnostics = read_projects(paths, read_options)
    timings.lap("read")
    if not projects:  # nothing to review: no empty page, the reason on stderr
        emit(diagnostics + messages)
        sys.exit(exit_code(diagnostics) or EXIT_INPUT_ERROR)
    from costlint.pricing.catalog import default_catalog

    if usage is not None:
        from costlint.estimate.usage_check import check_usage

        problems = check_usage(usage, projects)
        messages += problems
        if any(d.severity == "error" for d in problems):
            emit(diagnostics + messages)
            sys.exit(EXIT_INPUT_ERROR)
    from costlint.review.build import build_review

    catalog = default_catalog()
    made = build_review(list(paths), projects, catalog, usage, settings, rules)
    timings.lap("review")
    from costlint.reports.formats import render

    text = render("review", fmt, made)
    timings.lap("render")
    if output:
        from costlint.files import os_reason
        from costlint.writing import write_atomic

        try:
            write_atomic(Path(output), text)
        except OSError as exc:
            raise CannotRun(f"cannot write {output}: {os_reason(exc)}") from None
        click.echo(f"costlint: wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
    emit(diagnostics + messages + made.diagnostics)
    for warning in catalog.warnings:
        click.echo(warning, err=True)
    timings.lap("output")
    if os.environ.get("COSTLINT_TIMINGS"):
        click.echo(timings.report(), err=True)
    sys.exit(exit_code(diagnostics))
