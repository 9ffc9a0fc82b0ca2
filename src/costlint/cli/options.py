"""Command-line options, and the reading and reporting steps, shared by every command that reads projects."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import click

from costlint.cli import EXIT_INPUT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from costlint.model import Diagnostic, Project
    from costlint.readers import ReadOptions


def _pairs(values: tuple[str, ...], flag: str) -> tuple[tuple[str, str], ...]:
    out = []
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint=flag)
        out.append((key.strip(), val))
    return tuple(out)


def reader_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the readers' options; the command receives ``read_options`` (a ``ReadOptions``)."""

    @click.option(
        "--var-file",
        "var_files",
        multiple=True,
        type=click.Path(dir_okay=False),
        help="Terraform variables file (repeatable; later files win).",
    )
    @click.option(
        "--var",
        "variables",
        multiple=True,
        metavar="KEY=VALUE",
        help="Terraform variable (repeatable; wins over files and TF_VAR_*).",
    )
    @click.option(
        "--parameter",
        "parameters",
        multiple=True,
        metavar="KEY=VALUE",
        help="CloudFormation parameter (repeatable; wins over --parameters-file).",
    )
    @click.option(
        "--parameters-file",
        type=click.Path(dir_okay=False),
        help="CloudFormation parameters: the CLI's [{ParameterKey, ParameterValue}] list or a plain mapping.",
    )
    @click.option(
        "--region", help="AWS region for CloudFormation (default us-east-1) and for Terraform providers that set none."
    )
    @click.option(
        "--workspace",
        metavar="NAME",
        help="Terraform workspace, the value of terraform.workspace (default: TF_WORKSPACE, else the workspace "
        "selected in .terraform/environment, else default).",
    )
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        var_files: tuple[str, ...],
        variables: tuple[str, ...],
        parameters: tuple[str, ...],
        parameters_file: str | None,
        region: str | None,
        workspace: str | None,
        **kwargs: Any,
    ) -> Any:
        from costlint.readers import ReadOptions

        kwargs["read_options"] = ReadOptions(
            var_files=var_files,
            variables=_pairs(variables, "--var"),
            parameters=_pairs(parameters, "--parameter"),
            parameters_file=parameters_file,
            region=region,
            workspace=workspace,
        )
        return func(*args, **kwargs)

    return wrapper


def read_projects(paths: tuple[str, ...], read_options: ReadOptions) -> tuple[list[Project], list[Diagnostic]]:
    """The projects under ``paths``, and every diagnostic of the reading (the readers' and the projects')."""
    from costlint.readers import read_paths

    projects, diagnostics = read_paths(list(paths), read_options)
    return projects, diagnostics + [d for p in projects for d in p.diagnostics]


def emit(diagnostics: Iterable[Diagnostic]) -> None:
    """``path:line: severity: message`` on stderr."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def exit_code(diagnostics: Iterable[Diagnostic]) -> int:
    """2 when an input failed (an error among ``diagnostics``), else 0."""
    return EXIT_INPUT_ERROR if any(d.severity == "error" for d in diagnostics) else EXIT_OK
