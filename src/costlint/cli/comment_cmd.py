"""``costlint comment github``: the cost delta as one living pull-request comment.

The body is the Markdown report of a ``costlint diff --format json`` document (``--path``), or of a
diff run here with the same PATHs and options as ``costlint diff``. It starts with a hidden marker
(``<!-- costlint:pr-comment -->``, or ``...:TAG`` with ``--tag``) by which later runs find it again.

Under GitHub Actions the full report is also appended to ``$GITHUB_STEP_SUMMARY``. A token that may
not write (HTTP 403: a pull request from a fork gets a read-only ``GITHUB_TOKEN``) is not a failure:
the Markdown is printed and left in the job summary, and the exit code is 0 unless ``--strict``.
"""

from __future__ import annotations

import json
import os
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from costlint.cli.diff_cmd import diff_options
from costlint.cli.options import Timings, check_gates, emit, exit_code, gate_options

COMMENT_LIMIT = 65_536 - 536
"""GitHub refuses bodies over 65,536 characters; bytes of UTF-8 are never fewer, and a margin is kept."""
SUMMARY_LIMIT = 1024 * 1024 - 4096
"""A step's job summary may hold 1 MiB."""
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_TAG = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")  # it goes inside an HTML comment: no "-->", no newline


@click.group()
def comment() -> None:
    """Post the cost delta where the change is reviewed."""


def _event_number() -> int | None:
    """The pull request's number from the Actions event (``GITHUB_EVENT_PATH``), if there is one."""
    path = os.environ.get("GITHUB_EVENT_PATH")
    if not path:
        return None
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pull = event.get("pull_request") if isinstance(event, dict) else None
    number = (pull or {}).get("number") if isinstance(pull, dict) else None
    return number if isinstance(number, int) else None


def _load_document(path: str) -> dict[str, Any]:
    from costlint.cli import EXIT_INPUT_ERROR

    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        click.echo(f"{path}:1: error: cannot read: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        click.echo(f"{path}:{line}: error: invalid JSON: {getattr(exc, 'msg', exc)}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if not isinstance(doc, dict) or "total_monthly_cost_delta" not in doc:
        click.echo(f"{path}:1: error: not a `costlint diff --format json` document", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    findings = doc.get("findings")
    if findings is not None and not isinstance(findings, list):
        click.echo(f"{path}:1: error: findings must be a list", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    return doc


def _write_summary(markdown: str) -> bool:
    """Append to ``$GITHUB_STEP_SUMMARY``; a failed write is a warning (the comment matters more)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with open(target, "a", encoding="utf-8") as f:
            f.write(markdown if markdown.endswith("\n") else markdown + "\n")
    except OSError as exc:
        click.echo(f"costlint: warning: cannot write the job summary {target}: {exc.strerror or exc}", err=True)
        return False
    return True


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if isinstance(value, (int, float)) else Decimal(0)


@comment.command("github")
@diff_options
@click.option("--repo", metavar="OWNER/NAME", help="Repository (default: $GITHUB_REPOSITORY).")
@click.option(
    "--pr",
    "number",
    type=click.IntRange(min=1),
    metavar="N",
    help="Pull request number (default: the Actions event's).",
)
@click.option(
    "--behavior",
    type=click.Choice(["update", "new", "delete-and-new", "hide-and-new"]),
    default="update",
    show_default=True,
    help="update: edit costlint's comment in place; new: add one each run; delete-and-new / hide-and-new: "
    "delete or minimise the earlier ones, then add one.",
)
@click.option(
    "--path", "json_path", type=click.Path(dir_okay=False), help="A `costlint diff --format json` file to post."
)
@click.option("--tag", help="Keep a separate comment per tag (several workflows on one pull request).")
@click.option("--strict", is_flag=True, help="Exit 3 when the comment cannot be posted (default: fork PRs exit 0).")
@click.option("--dry-run", is_flag=True, help="Print the comment's Markdown; post nothing.")
@gate_options
def github(
    paths: tuple[str, ...],
    base_ref: str | None,
    head_ref: str | None,
    base_path: str | None,
    show_unchanged: bool,
    config_file: str | None,
    usage_file: str | None,
    read_options: Any,
    repo: str | None,
    number: int | None,
    behavior: str,
    json_path: str | None,
    tag: str | None,
    strict: bool,
    dry_run: bool,
    gates: Any,
) -> None:
    """Post the cost delta as a pull-request comment that later runs update.

    \b
    costlint comment github infra --repo acme/infra --pr 7 --base origin/main
    costlint comment github --path diff.json --repo acme/infra --pr 7 --behavior hide-and-new

    The token comes from GITHUB_TOKEN (never from the command line), the API from GITHUB_API_URL
    (GitHub Enterprise Server: https://HOST/api/v3; GraphQL from GITHUB_GRAPHQL_URL). The JSON may
    carry a `findings` list (rule findings with their savings), shown in its own section.
    Exit codes: 0 posted (or a fork's read-only token without --strict); 1 a gate crossed; 2 bad
    input; 3 the comment could not be posted.
    """
    from costlint.cli import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_OK
    from costlint.reports.formats import render

    if tag is not None and not _TAG.match(tag):
        click.echo(f"costlint: error: --tag must be letters, digits, '.', '_' or '-' (got {tag!r})", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    repo = repo or os.environ.get("GITHUB_REPOSITORY") or None
    number = number or _event_number()
    if not dry_run:
        if not repo or not _REPO.match(repo):
            click.echo(f"costlint: error: --repo OWNER/NAME is required (got {repo!r})", err=True)
            sys.exit(EXIT_INPUT_ERROR)
        if number is None:
            click.echo("costlint: error: --pr N is required (no pull_request in $GITHUB_EVENT_PATH)", err=True)
            sys.exit(EXIT_INPUT_ERROR)

    code = EXIT_OK
    if json_path is not None:
        if paths or base_ref or head_ref or base_path or usage_file or config_file:
            click.echo("costlint: error: --path posts a diff JSON: give no PATH and no diff options", err=True)
            sys.exit(EXIT_INPUT_ERROR)
        doc = _load_document(json_path)
    else:
        from costlint.cli.diff_cmd import run_diff
        from costlint.cli.options import settings_or_exit
        from costlint.reports.diff_json import document

        settings = settings_or_exit(config_file)
        run = run_diff(paths, base_ref, head_ref, base_path, usage_file, read_options, Timings())
        emit(run.diagnostics + run.messages)
        code = exit_code(run.diagnostics)
        doc = document(run.diff, run.catalog, show_unchanged, settings.unit_economics)

    from costlint.integrations.github import marker

    mark = marker(tag)
    in_summary = bool(os.environ.get("GITHUB_STEP_SUMMARY"))
    body = render(
        "comment",
        "markdown",
        doc,
        marker=mark,
        limit=COMMENT_LIMIT,
        full_report="the job summary" if in_summary else None,
    )
    full = render("comment", "markdown", doc, limit=SUMMARY_LIMIT)
    crossed = check_gates(
        _decimal(doc.get("total_monthly_cost_before")), _decimal(doc.get("total_monthly_cost_delta")), gates
    )
    if code == EXIT_OK and crossed:
        code = EXIT_FINDINGS
    if dry_run:
        click.echo(body, nl=False)
        sys.exit(code)
    _write_summary(full)

    token = os.environ.get("GITHUB_TOKEN", "").strip()
    if not token:
        click.echo("costlint: error: GITHUB_TOKEN is not set: no comment posted", err=True)
        sys.exit(EXIT_CANNOT_RUN)

    from costlint.integrations.github import DEFAULT_API_URL, GitHub, GitHubError, publish

    client = GitHub(
        token,
        os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL,
        os.environ.get("GITHUB_GRAPHQL_URL") or None,
        user_agent=f"costlint/{_version()}",
    )
    try:
        done, posted = publish(client, repo, number, body, behavior, mark)  # type: ignore[arg-type]
    except GitHubError as exc:
        if exc.status == 403 and not strict:
            click.echo(f"costlint: warning: {exc}", err=True)
            where = " and in the job summary" if in_summary else ""
            click.echo(f"costlint: warning: no comment posted; the Markdown is below{where}", err=True)
            click.echo(full, nl=False)
            sys.exit(code)
        click.echo(f"costlint: error: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    click.echo(
        f"costlint: comment {done} on {repo}#{number}" + (f": {posted.html_url}" if posted.html_url else ""), err=True
    )
    sys.exit(code)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("costlint")
    except PackageNotFoundError:
        return "unknown"
