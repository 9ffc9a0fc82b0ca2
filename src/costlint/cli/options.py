"""Command-line options, and the reading and reporting steps, shared by every command that reads projects."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import click

from costlint.cli import EXIT_INPUT_ERROR, EXIT_OK

if TYPE_CHECKING:
    from costlint.estimate.usage import Usage
    from costlint.model import Diagnostic, Project
    from costlint.readers import ReadOptions
    from costlint.rules.config import Settings


class Timings:
    """In-process phase timers, printed on stderr with ``COSTLINT_TIMINGS=1`` (the benchmarks read them)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._last
        self._last = now

    def report(self) -> str:
        return "costlint: timings: " + " ".join(f"{k}={v:.4f}s" for k, v in self.phases.items())


def key_values(values: tuple[str, ...], flag: str) -> tuple[tuple[str, str], ...]:
    """``KEY=VALUE`` options as (key, value) pairs, in the order given; bad usage names ``flag``."""
    out = []
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
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
    @click.option(
        "--no-cache",
        "no_cache",
        is_flag=True,
        help="Parse every file, without the parse cache of earlier runs (also COSTLINT_NO_CACHE=1); see "
        "`costlint cache info`.",
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
        no_cache: bool,
        **kwargs: Any,
    ) -> Any:
        from costlint.readers import ReadOptions

        kwargs["read_options"] = ReadOptions(
            var_files=var_files,
            variables=key_values(variables, "--var"),
            parameters=key_values(parameters, "--parameter"),
            parameters_file=parameters_file,
            region=region,
            workspace=workspace,
            cache=not no_cache,
        )
        return func(*args, **kwargs)

    return wrapper


def config_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config",
        "config_file",
        type=click.Path(dir_okay=False),
        help="Config file (default: .costlint.yml or [tool.costlint] of pyproject.toml, found upwards).",
    )(func)


def load_config(config_file: str | None) -> tuple[Settings, list[Diagnostic]]:
    """The settings of ``--config FILE``, else of the config file found from the working directory up."""
    from pathlib import Path

    from costlint.discovery import display_path
    from costlint.rules.config import find_config, load_settings

    path = Path(config_file) if config_file else find_config(Path.cwd())
    if config_file and not path.is_file():  # type: ignore[union-attr]
        from costlint.model import Diagnostic

        return load_settings(None)[0], [Diagnostic(config_file, 1, "no such config file")]
    return load_settings(path, display_path(path) if path else None)


def settings_or_exit(config_file: str | None) -> Settings:
    """The config's settings; a config with mistakes is reported (one line each) and the run exits 2."""
    settings, problems = load_config(config_file)
    emit(problems)
    if any(d.severity == "error" for d in problems):
        sys.exit(EXIT_INPUT_ERROR)
    return settings


def read_projects(
    paths: tuple[str, ...], read_options: ReadOptions, *, say_nothing_found: bool = True
) -> tuple[list[Project], list[Diagnostic]]:
    """The projects under ``paths``, and every diagnostic of the reading (the readers' and the projects').

    ``say_nothing_found``: a path with nothing to analyse is a diagnostic (``costlint check`` turns it off:
    a pre-commit hook is handed every changed YAML file, Kubernetes manifests included)."""
    from costlint.readers import read_paths

    projects, diagnostics = read_paths(list(paths), read_options)
    if say_nothing_found:
        diagnostics += _nothing_found(paths, projects, diagnostics)
    if any(p.usage is not None for p in projects):
        # A design sheet's usage is checked as a usage file is (its keys against the estimators').
        from costlint.estimate.usage_check import check_source_usage

        diagnostics += check_source_usage(projects)
    return projects, diagnostics + [d for p in projects for d in p.diagnostics]


NOTHING_FOUND = "nothing to analyse: no Terraform module, Terraform plan JSON, CloudFormation template or design sheet"


def _nothing_found(paths: tuple[str, ...], projects: list[Project], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """A line for each path that holds no project (an error when no path holds any: a total of $0.00
    for a directory of Kubernetes manifests would look like a real estimate)."""
    from pathlib import Path

    from costlint.model import Diagnostic

    roots = [Path(p.path).resolve() for p in projects]
    named = {d.file for d in diagnostics}
    out = []
    for raw in paths:
        path = Path(raw)
        if raw in named or not path.exists():
            continue
        resolved = path.resolve()
        if not any(root == resolved or resolved in root.parents or root in resolved.parents for root in roots):
            out.append(Diagnostic(raw, 1, NOTHING_FOUND, "warning" if projects else "error"))
    return out


def terminal_width() -> int | None:
    """Columns to fit tables to: ``$COLUMNS`` when set, else the terminal's when the output is one;
    None when writing to a pipe or a file (lines then keep their full length)."""
    import os
    import shutil
    import sys

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(int(columns), 40)
    if sys.stdout.isatty():
        return max(shutil.get_terminal_size().columns, 40)
    return None


def emit(diagnostics: Iterable[Diagnostic]) -> None:
    """``path:line: severity: message`` on stderr."""
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def exit_code(diagnostics: Iterable[Diagnostic]) -> int:
    """2 when an input failed (an error among ``diagnostics``), else 0."""
    return EXIT_INPUT_ERROR if any(d.severity == "error" for d in diagnostics) else EXIT_OK


def usage_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--usage-file",
        type=click.Path(dir_okay=False),
        help="YAML usage file (Infracost format): monthly quantities for usage-based components.",
    )(func)


def load_usage_file(usage_file: str | None) -> tuple[Usage | None, list[Diagnostic]]:
    """The usage file and its warnings; an invalid one is reported and the run exits 2."""
    if usage_file is None:
        return None, []
    from costlint.estimate.usage import load_usage

    usage, problems = load_usage(usage_file)
    if any(d.severity == "error" for d in problems):
        emit(problems)
        sys.exit(EXIT_INPUT_ERROR)
    return usage, problems


def _amount(value: str | None, flag: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(value.strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        raise click.BadParameter(f"expected a number, got {value!r}", param_hint=flag) from None
    if not amount.is_finite() or amount < 0:
        raise click.BadParameter(f"expected a non-negative number, got {value!r}", param_hint=flag)
    return amount


def gate_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--fail-on-increase`` and ``--fail-on-increase-percent``; the command receives ``gates``."""

    @click.option(
        "--fail-on-increase",
        "fail_on_increase",
        metavar="AMOUNT",
        help="Exit 1 when the monthly cost rises by more than AMOUNT dollars.",
    )
    @click.option(
        "--fail-on-increase-percent",
        "fail_on_increase_percent",
        metavar="P",
        help="Exit 1 when the monthly cost rises by more than P percent (any rise from $0 does).",
    )
    @functools.wraps(func)
    def wrapper(*args: Any, fail_on_increase: str | None, fail_on_increase_percent: str | None, **kwargs: Any) -> Any:
        from costlint.estimate.gates import Gates

        kwargs["gates"] = Gates(
            _amount(fail_on_increase, "--fail-on-increase"),
            _amount(fail_on_increase_percent, "--fail-on-increase-percent"),
        )
        return func(*args, **kwargs)

    return wrapper


def check_gates(before: Decimal, delta: Decimal, gates: Any) -> bool:
    """Print a line per gate crossed (``costlint: gate: ...``) on stderr; True when one is."""
    from costlint.estimate.gates import crossed
    from costlint.reports.diff_format import gate_message

    failures = crossed(before, delta, gates)
    for failure in failures:
        click.echo(f"costlint: gate: {gate_message(failure)}", err=True)
    return bool(failures)
