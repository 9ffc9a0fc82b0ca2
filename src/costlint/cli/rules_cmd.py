"""``costlint rules list`` and ``costlint rules explain ID|SLUG``."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from costlint.cli.options import emit
from costlint.reports.formats import names as format_names

if TYPE_CHECKING:
    from costlint.rules.model import Rule


def _rows(config_file: str | None) -> list[tuple[Rule, bool, str]]:
    from costlint.cli import EXIT_INPUT_ERROR
    from costlint.cli.check_cmd import load_config, load_rules

    settings, problems = load_config(config_file)
    rules, rule_problems = load_rules(settings)
    problems += rule_problems
    if any(d.severity == "error" for d in problems):
        emit(problems)
        sys.exit(EXIT_INPUT_ERROR)
    rules.sort(key=lambda r: r.id)
    return [(r, settings.is_enabled(r), settings.severity_of(r)) for r in rules]


@click.group()
def rules() -> None:
    """The FinOps rules: the built-in packs and those the config adds."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(format_names("rules")), default="table", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config file (default: found upwards).")
def list_rules(fmt: str, config_file: str | None) -> None:
    """Every rule: ID, slug, severity (after the config), on or off, kinds and title."""
    from costlint.reports.formats import render

    out = render("rules", fmt, _rows(config_file))
    click.echo(out, nl=not out.endswith("\n"))


@rules.command("explain")
@click.argument("rule")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config file (default: found upwards).")
def explain(rule: str, config_file: str | None) -> None:
    """Why a rule exists, what it checks, how to fix and suppress it. RULE is an ID or a slug."""
    from costlint.cli import EXIT_INPUT_ERROR
    from costlint.reports.formats import render

    rows = _rows(config_file)
    for row in rows:
        if rule.upper() == row[0].id or rule.lower() == row[0].slug:
            out = render("rule-explain", "text", row)
            click.echo(out, nl=not out.endswith("\n"))
            return
    known = ", ".join(f"{r.id} {r.slug}" for r, _, _ in rows)
    click.echo(f"costlint: error: no rule {rule!r} (rules: {known})", err=True)
    sys.exit(EXIT_INPUT_ERROR)
