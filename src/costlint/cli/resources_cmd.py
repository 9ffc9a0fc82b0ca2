"""``costlint resources``: the inventory of what the readers found."""

from __future__ import annotations

import sys

import click

from costlint.cli.options import reader_options


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@reader_options
def resources(paths: tuple[str, ...], fmt: str, read_options: object) -> None:
    """List the resources of Terraform and CloudFormation projects under PATHS.

    One row per resource: address, type, region, file:line and key attributes. Problems with inputs
    go to stderr as `path:line: error: message`; the exit code is 2 when any input failed.
    """
    from costlint.cli import EXIT_INPUT_ERROR, EXIT_OK
    from costlint.readers import read_paths
    from costlint.reports.inventory import render_json, render_table

    projects, diagnostics = read_paths(list(paths), read_options)  # type: ignore[arg-type]
    all_diagnostics = diagnostics + [d for p in projects for d in p.diagnostics]
    out = render_json(projects) if fmt == "json" else render_table(projects)
    click.echo(out, nl=not out.endswith("\n"))
    for diagnostic in all_diagnostics:
        click.echo(str(diagnostic), err=True)
    failed = any(d.severity == "error" for d in all_diagnostics)
    sys.exit(EXIT_INPUT_ERROR if failed else EXIT_OK)
