"""The ``costlint`` command line.

Subcommands live in their own modules and are imported only when invoked (``LazyGroup``): ``costlint
--help`` and a Terraform-only run stay free of cfn-lint and of the pricing code.

Exit codes (documented in the README):
  0  success
  1  ``check`` found what it was asked to fail on (a finding at the failing severity)
  2  bad input: a file could not be read or evaluated (the rest was still analysed), or bad usage
  3  costlint cannot run as asked: broken installation, unusable price cache, failed pricing update
"""

from __future__ import annotations

import click

from costlint.cli.lazy import LazyGroup

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT_ERROR = 2
EXIT_CANNOT_RUN = 3

# name -> (module, attribute, one-line help shown by `costlint --help` without importing the module)
_COMMANDS: dict[str, tuple[str, str, str]] = {
    "resources": (
        "costlint.cli.resources_cmd",
        "resources",
        "List the resources of Terraform and CloudFormation projects.",
    ),
    "pricing": ("costlint.cli.pricing_cmd", "pricing", "Inspect, look up and refresh the price snapshot."),
    "breakdown": (
        "costlint.cli.breakdown_cmd",
        "breakdown",
        "Monthly cost of each resource and project (table, JSON or Markdown).",
    ),
    "usage": (
        "costlint.cli.usage_cmd",
        "usage",
        "Usage files: write a commented template for a project's usage-based resources.",
    ),
    "check": (
        "costlint.cli.check_cmd",
        "check",
        "Apply the FinOps rules to changed files (the pre-commit hook); text, JSON, SARIF or GitHub.",
    ),
    "rules": ("costlint.cli.rules_cmd", "rules", "List the FinOps rules and explain one."),
}


def register(name: str, module: str, attribute: str, help_line: str) -> None:
    """Add a subcommand (used by the modules that define more of them)."""
    _COMMANDS[name] = (module, attribute, help_line)


@click.group(cls=LazyGroup, lazy_commands=_COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="costlint", prog_name="costlint")
def cli() -> None:
    """costlint: cost linter for infrastructure as code (Terraform, CloudFormation).

    Offline prices from a bundled snapshot; no API key.
    """


def main() -> None:
    import os

    from costlint.errors import CannotRun, set_debugging

    set_debugging(bool(os.environ.get("COSTLINT_DEBUG")))
    try:
        cli(prog_name="costlint", standalone_mode=True)
    except CannotRun as exc:
        click.echo(f"costlint: error: {exc}", err=True)
        raise SystemExit(EXIT_CANNOT_RUN) from None
