"""``costlint check --format json``: findings for scripts.

Each finding has ``rule_id``, ``rule`` (the slug), ``severity``, ``address``, ``file``, ``line``,
``message`` and ``monthly_savings`` (a number in USD, ``null`` when it cannot be computed or the rule
has no saving), plus ``title``, ``project`` and ``savings_note`` (why there is no saving).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from costlint.model import to_jsonable
from costlint.rules.model import SEVERITIES, CheckResult, Finding

FORMAT_VERSION = 1


def finding_json(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule_id": finding.rule.id,
        "rule": finding.rule.slug,
        "severity": finding.severity,
        "title": finding.rule.title,
        "project": finding.project,
        "address": finding.address,
        "file": finding.file,
        "line": finding.line,
        "message": finding.message,
        "monthly_savings": to_jsonable(finding.monthly_savings),
        "savings_note": finding.savings_note,
    }
    if finding.suppressed_by:
        out["suppressed_by"] = finding.suppressed_by
        out["justification"] = finding.justification
    return out


def render_json(result: CheckResult) -> str:
    savings = sum(
        (f.monthly_savings for f in result.findings if f.monthly_savings and f.monthly_savings > 0), Decimal(0)
    )
    document = {
        "format_version": FORMAT_VERSION,
        "currency": "USD",
        "findings": [finding_json(f) for f in result.findings],
        "suppressed": [finding_json(f) for f in result.suppressed],
        "summary": {
            "findings": len(result.findings),
            **{s: sum(1 for f in result.findings if f.severity == s) for s in SEVERITIES},
            "suppressed": len(result.suppressed),
            "projects": result.projects,
            "monthly_savings": to_jsonable(savings),
            "fail_on": result.fail_on,
            "failed": bool(result.failing),
        },
        "messages": result.messages,
        "diagnostics": [
            {"file": d.file, "line": d.line, "severity": d.severity, "message": d.message} for d in result.diagnostics
        ],
    }
    return json.dumps(document, indent=1) + "\n"
