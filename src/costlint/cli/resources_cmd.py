"""``costlint resources``: the inventory of what the readers found."""

from __future__ import annotations

import sys

import click

from costlint.cli.options import emit, exit_code, read_projects, reader_options, terminal_width
from costlint.reports.formats import names as format_names


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--format", "fmt", type=click.Choice(format_names("resources")), default="table", show_default=True)
@reader_options
def resources(paths: tuple[str, ...], fmt: str, read_options: object) -> None:
    """List the resources of Terraform and CloudFormation projects under PATHS.

    One row per resource: address, type, region, file:line and key attributes. Problems with inputs
    go to stderr as `path:line: error: message`; the exit code is 2 when any input failed.
    """
    from costlint.reports.formats import render

    projects, all_diagnostics = read_projects(paths, read_options)  # type: ignore[arg-type]
    out = render("resources", fmt, projects, **({"width": terminal_width()} if fmt == "table" else {}))
    click.echo(out, nl=not out.endswith("\n"))
    emit(all_diagnostics)
    sys.exit(exit_code(all_diagnostics))
