"""``costlint check --format sarif``: SARIF 2.1.0 for GitHub code scanning (``upload-sarif``).

One run; the tool driver lists every rule that ran (ID, slug as name, descriptions, help, link,
default level, tags ``cost`` and ``finops``); each result has its rule ID and index, level (error,
warning, note), message, the file (relative to the working directory) and start line, and a
line-independent fingerprint (rule, file, address) so that code scanning follows a finding across
edits. Suppressed findings carry ``suppressions`` (in source: a comment or Metadata; external: the
config or the baseline). No ``security-severity`` is set: these are cost findings, not security alerts.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePosixPath
from typing import Any

from costlint.model import to_jsonable
from costlint.rules.model import CheckResult, Finding, Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _version() -> str:
    try:
        return version("costlint")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout without metadata
        return "0"


def _rule(rule: Rule) -> dict[str, Any]:
    help_text = f"{rule.rationale}\n\nFix: {rule.fix}"
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.slug,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": f"{rule.rationale}\n\n**Fix:** {rule.fix}"},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["cost", "finops"]},
    }
    if rule.link:
        out["helpUri"] = rule.link
    return out


def _uri(file: str) -> str:
    path = PurePosixPath(file)
    return path.as_uri() if path.is_absolute() else path.as_posix()


def _result(finding: Finding, index: int) -> dict[str, Any]:
    fingerprint = hashlib.sha256(f"{finding.rule.id}|{finding.file}|{finding.address}".encode()).hexdigest()
    out: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(finding.file)},
                    "region": {"startLine": max(finding.line, 1)},
                },
                "logicalLocations": [{"fullyQualifiedName": finding.address, "kind": "resource"}],
            }
        ],
        "partialFingerprints": {"costlintFinding/v1": fingerprint},
        "properties": {
            "monthlySavings": to_jsonable(finding.monthly_savings),
            "address": finding.address,
            "project": finding.project,
        },
    }
    if finding.savings_note:
        out["properties"]["savingsNote"] = finding.savings_note
    if finding.suppressed_by:
        kind = "inSource" if finding.suppressed_by in ("inline", "metadata") else "external"
        out["suppressions"] = [{"kind": kind, "justification": finding.justification or finding.suppressed_by}]
    return out


def render_sarif(result: CheckResult) -> str:
    rules = sorted(
        {r.id: r for r in [*result.rules, *(f.rule for f in result.findings + result.suppressed)]}.values(),
        key=lambda r: r.id,
    )
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = [_result(f, index[f.rule.id]) for f in [*result.findings, *result.suppressed]]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "costlint",
                        "version": _version(),
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(document, indent=1) + "\n"
