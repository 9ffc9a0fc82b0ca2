"""``costlint breakdown``: the monthly cost of each resource and project, as a table, JSON or Markdown."""

from __future__ import annotations

import os
import sys
import time

import click

from costlint.cli.options import emit, exit_code, read_projects, reader_options

FORMATS = ("table", "json", "markdown")


class Timings:
    """In-process phase timers, printed on stderr with ``COSTLINT_TIMINGS=1`` (the benchmark reads them)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._last
        self._last = now

    def report(self) -> str:
        return "costlint: timings: " + " ".join(f"{k}={v:.4f}s" for k, v in self.phases.items())


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--usage-file",
    type=click.Path(dir_okay=False),
    help="YAML usage file (Infracost format): monthly quantities for usage-based components.",
)
@reader_options
def breakdown(paths: tuple[str, ...], fmt: str, usage_file: str | None, read_options: object) -> None:
    """Estimate the monthly cost of the Terraform and CloudFormation projects under PATHS.

    Every resource is priced from the bundled price snapshot (or the cache `costlint pricing update`
    refreshed), listed as free, or listed as not priced with the reason. Usage-based components
    without a value in the usage file show their unit price and count $0. Problems with inputs go to
    stderr as `path:line: error: message`; the exit code is 2 when an input failed to read or the
    usage file is invalid.
    """
    from costlint.cli import EXIT_INPUT_ERROR

    timings = Timings()
    usage = None
    messages = []
    if usage_file is not None:
        from costlint.estimate.usage import load_usage

        usage, usage_problems = load_usage(usage_file)
        if any(d.severity == "error" for d in usage_problems):
            emit(usage_problems)
            sys.exit(EXIT_INPUT_ERROR)
        messages += usage_problems

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

    if fmt == "json":
        from costlint.reports.breakdown_json import render_json as render
    elif fmt == "markdown":
        from costlint.reports.breakdown_markdown import render_markdown as render
    else:
        from costlint.reports.breakdown_table import render_table as render
    out = render(costs, catalog)
    timings.lap("render")
    click.echo(out, nl=not out.endswith("\n"))
    emit(all_diagnostics + messages)
    for warning in catalog.warnings:
        click.echo(f"costlint: warning: {warning}", err=True)
    timings.lap("output")
    if os.environ.get("COSTLINT_TIMINGS"):
        click.echo(timings.report(), err=True)
    sys.exit(exit_code(all_diagnostics))
