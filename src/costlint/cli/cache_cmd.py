"""``costlint cache info`` and ``costlint cache clear``."""

from __future__ import annotations

import sys

import click

from costlint.reports.formats import names as format_names


@click.group()
def cache() -> None:
    """costlint's caches: parsed Terraform files, the compiled HCL grammar, the built-in rules.

    Each is rebuilt when missing; the directory is $COSTLINT_CACHE_DIR, else the user cache directory.
    """


@cache.command()
@click.option("--format", "fmt", type=click.Choice(format_names("cache-info")), default="table", show_default=True)
def info(fmt: str) -> None:
    """Each cache: where it is, whether it is used, its files, size and bound."""
    from costlint.caches import describe
    from costlint.reports.formats import render

    out = render("cache-info", fmt, describe())
    click.echo(out, nl=not out.endswith("\n"))


@cache.command()
@click.option("--format", "fmt", type=click.Choice(format_names("cache-clear")), default="table", show_default=True)
def clear(fmt: str) -> None:
    """Delete the caches' files (the refreshed prices of `pricing update` are kept). Exit 3 when some
    file cannot be deleted (a read-only cache directory)."""
    from costlint.caches import clear as clear_caches
    from costlint.cli import EXIT_CANNOT_RUN
    from costlint.reports.formats import render

    deleted, failures = clear_caches()
    out = render("cache-clear", fmt, deleted)
    click.echo(out, nl=not out.endswith("\n"))
    for failure in failures:
        click.echo(f"costlint: error: cannot delete {failure}", err=True)
    if failures:
        sys.exit(EXIT_CANNOT_RUN)
