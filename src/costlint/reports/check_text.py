"""``costlint check`` for people and for grep: one finding a line, ``file:line: ID severity slug: message``;
and for GitHub Actions: workflow annotation lines."""

from __future__ import annotations

from decimal import Decimal

from costlint.money import money
from costlint.reports.breakdown_format import plural
from costlint.rules.model import SEVERITIES, CheckResult, Finding, severity_rank


def line(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}: {finding.rule.id} {finding.severity} {finding.rule.slug}: {finding.message}"


def render_text(result: CheckResult) -> str:
    lines = [line(f) for f in result.findings]
    lines += result.messages
    return "\n".join(lines) + ("\n" if lines else "")


def summary(result: CheckResult) -> str:
    """One line for stderr: counts, suppressed, what the fixes would save."""
    counts = {s: sum(1 for f in result.findings if f.severity == s) for s in SEVERITIES}
    parts = [plural(n, s, "info" if s == "info" else None) for s, n in reversed(counts.items()) if n]
    text = f"costlint: {plural(len(result.findings), 'finding')}"
    if parts:
        text += f" ({', '.join(parts)})"
    text += f" in {plural(result.projects, 'project')}"
    if result.suppressed:
        text += f"; {len(result.suppressed)} suppressed"
    savings = sum(
        (f.monthly_savings for f in result.findings if f.monthly_savings and f.monthly_savings > 0), Decimal(0)
    )
    if savings:
        text += f"; the fixes save {money(savings)}/mo"
    if result.failing:
        text += f"; failing on {result.fail_on} and above"
    return text


_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
ANNOTATIONS_SHOWN = 10
"""GitHub shows at most 10 annotations of each kind per step."""


def _property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _message(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def render_github(result: CheckResult) -> str:
    """``::warning file=...,line=...,title=...::message`` lines, the most severe and then the most
    expensive first, since GitHub shows only the first 10 of each kind."""
    ordered = sorted(
        result.findings,
        key=lambda f: (-severity_rank(f.severity), -(f.monthly_savings or Decimal(0)), f.file, f.line),
    )
    lines = []
    for finding in ordered:
        title = f"{finding.rule.id} {finding.rule.slug}"
        lines.append(
            f"::{_COMMANDS[finding.severity]} file={_property(finding.file)},line={finding.line},"
            f"title={_property(title)}::{_message(finding.message)}"
        )
    hidden = sum(max(0, sum(1 for f in result.findings if f.severity == s) - ANNOTATIONS_SHOWN) for s in SEVERITIES)
    if hidden:
        lines.append(
            f"::notice title=costlint::{hidden} more finding(s) than GitHub shows as annotations; "
            "upload the SARIF report (--format sarif) to see them all"
        )
    lines += result.messages
    return "\n".join(lines) + ("\n" if lines else "")
