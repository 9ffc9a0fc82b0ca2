"""``costlint breakdown``: the monthly cost of each resource and project, as a table, JSON or Markdown."""

from __future__ import annotations

import os
import sys

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
    terminal_width,
    usage_option,
)
from costlint.reports.formats import names as format_names


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(format_names("breakdown")), default="table", show_default=True)
@config_option
@usage_option
@reader_options
def breakdown(
    paths: tuple[str, ...], fmt: str, config_file: str | None, usage_file: str | None, read_options: object
) -> None:
    """Estimate the monthly cost of the Terraform and CloudFormation projects under PATHS.

    Every resource is priced from the bundled price snapshot (or the cache `costlint pricing update`
    refreshed), listed as free, or listed as not priced with the reason. Usage-based components
    without a value in the usage file show their unit price and count $0. Problems with inputs go to
    stderr as `path:line: error: message`; the exit code is 2 when an input failed to read or the
    usage file or the config is invalid. With the config's unit_economics, the cost per unit too.
    """
    from costlint.cli import EXIT_INPUT_ERROR

    timings = Timings()
    settings = settings_or_exit(config_file)
    usage, messages = load_usage_file(usage_file)

    projects, all_diagnostics = read_projects(paths, read_options)  # type: ignore[arg-type]
    timings.lap("read")

    from costlint.estimate.engine import estimate_project
    from costlint.pricing.catalog import default_catalog

    if usage is not None:
        from costlint.estimate.usage_check import check_usage

        usage_problems = check_usage(usage, projects)
        messages += usage_problems
        if any(d.severity == "error" for d in usage_problems):
            emit(all_diagnostics + messages)
            sys.exit(EXIT_INPUT_ERROR)
    catalog = default_catalog()
    costs = [estimate_project(p, catalog, usage) for p in projects]
    timings.lap("estimate")

    from costlint.reports.formats import render

    options: dict[str, object] = {"economics": settings.unit_economics}
    if fmt == "table":
        options["width"] = terminal_width()
    out = render("breakdown", fmt, costs, catalog, **options)
    timings.lap("render")
    click.echo(out, nl=not out.endswith("\n"))
    emit(all_diagnostics + messages)
    for warning in catalog.warnings:
        click.echo(warning, err=True)
    timings.lap("output")
    if os.environ.get("COSTLINT_TIMINGS"):
        click.echo(timings.report(), err=True)
    sys.exit(exit_code(all_diagnostics))
