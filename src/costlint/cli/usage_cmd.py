"""``costlint usage template``: a commented usage file for the usage-based resources of projects."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from costlint.cli.options import emit, exit_code, read_projects, reader_options


@click.group()
def usage() -> None:
    """Usage files: monthly quantities infrastructure code cannot say (GB processed, requests...).

    The format is Infracost's (`resource_type_default_usage`, `resource_usage`, `[*]` for every
    index); pass the file to `costlint breakdown --usage-file`.
    """


@usage.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@click.option(
    "--out-file", "-o", type=click.Path(dir_okay=False), help="Write the template to this file instead of stdout."
)
@click.option("--force", is_flag=True, help="Overwrite --out-file if it exists.")
@reader_options
def template(paths: tuple[str, ...], out_file: str | None, force: bool, read_options: object) -> None:
    """Write a commented usage file for the usage-based resources under PATHS.

    One entry per resource whose estimator reads usage (indexed instances share one `[*]` entry),
    every key commented out with its meaning and a typical value; resources whose estimate is waiting
    for usage say which components.
    """
    from costlint.estimate.engine import estimate_project
    from costlint.reports.usage_template import render_template

    if out_file and Path(out_file).exists() and not force:
        raise click.UsageError(f"{out_file} exists; pass --force to overwrite it")
    projects, all_diagnostics = read_projects(paths, read_options)  # type: ignore[arg-type]
    costs = [estimate_project(p) for p in projects]
    text = render_template(costs)
    if out_file:
        from costlint.writing import write_atomic

        write_atomic(Path(out_file), text)
        click.echo(f"costlint: wrote {out_file}", err=True)
    else:
        click.echo(text, nl=False)
    emit(all_diagnostics)
    sys.exit(exit_code(all_diagnostics))
