"""``costlint rules list`` (a table or JSON) and ``costlint rules explain`` (one rule in words)."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from costlint.reports.text_table import short, table
from costlint.rules.model import Rule

RuleRow = tuple[Rule, bool, str]
"""A rule, whether it is on, and its effective severity (after the config)."""


def _kinds(rule: Rule) -> str:
    if rule.scope == "project":
        return "(project)"
    return ", ".join(rule.kinds)


def render_table(rows: list[RuleRow]) -> str:
    body = [
        (rule.id, rule.slug, severity, "on" if on else "off", short(_kinds(rule), 48), rule.title)
        for rule, on, severity in rows
    ]
    return "\n".join(table(("ID", "RULE", "SEVERITY", "ON", "KINDS", "TITLE"), body)) + "\n"


def rule_json(rule: Rule, on: bool, severity: str) -> dict[str, Any]:
    return {
        "id": rule.id,
        "slug": rule.slug,
        "title": rule.title,
        "severity": severity,
        "default_severity": rule.severity,
        "enabled": on,
        "scope": rule.scope,
        "kinds": list(rule.kinds),
        "rationale": rule.rationale,
        "fix": rule.fix,
        "link": rule.link or None,
        "config": list(rule.config),
        "peers": list(rule.peers),
        "implementation": f"check {rule.check}" if rule.check else "data condition",
        "pack": rule.pack,
    }


def render_json(rows: list[RuleRow]) -> str:
    return json.dumps({"rules": [rule_json(*row) for row in rows]}, indent=1) + "\n"


def _wrap(label: str, text: str) -> list[str]:
    return textwrap.wrap(text, 100, initial_indent=f"{label:<11}", subsequent_indent=" " * 11) or [label]


def render_explain(row: RuleRow) -> str:
    rule, on, severity = row
    lines = [f"{rule.id} {rule.slug}: {rule.title}", ""]
    state = severity + ("" if on else " (off: turn it on in the config)")
    if severity != rule.severity:
        state += f" (default {rule.severity})"
    lines += _wrap("severity", state)
    lines += _wrap("applies to", _kinds(rule) if rule.scope == "resource" else "each project as a whole")
    lines += _wrap("why", rule.rationale)
    lines += _wrap("fix", rule.fix)
    if rule.config:
        lines += _wrap("config", ", ".join(rule.config))
    if rule.peers:
        lines += _wrap("also in", "; ".join(rule.peers))
    if rule.link:
        lines += _wrap("see", rule.link)
    how = f"Python check {rule.check}" if rule.check else "data condition"
    if rule.when is not None:
        how = f"data condition {json.dumps(rule.when, default=str)}" + (f", then {how}" if rule.check else "")
    lines += _wrap("how", how)
    lines += _wrap(
        "suppress",
        f"# costlint:ignore {rule.id} <reason>  (HCL comment in or above the block), "
        f"Metadata: {{costlint: {{ignore: [{rule.id}]}}}} (CloudFormation), or ignore: in the config",
    )
    lines += _wrap("defined", f"{rule.pack}:{rule.line}")
    return "\n".join(lines) + "\n"
