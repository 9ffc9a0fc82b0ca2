"""Checking a usage file against the estimators' documented keys and the projects read.

Wrong values are errors (a usage file that cannot mean what it says makes the run exit 2); keys no
estimator reads, and addresses or types that match nothing, are warnings (often a typo, sometimes a
file shared by several projects).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from costlint.estimate.registry import UsageKey, usage_keys, usage_keys_named
from costlint.estimate.usage import Usage
from costlint.model import Diagnostic, Project, Resource


def _problem(key: UsageKey, value: Any) -> str | None:
    kind = key.value_kind
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, Decimal) or not value.is_finite() or value < 0:
            return "must be a non-negative number"
    elif kind == "string":
        if not isinstance(value, (str, Decimal)) or isinstance(value, bool):
            return "must be a string"
        if key.choices and str(value).strip().lower() not in key.choices:
            return f"must be one of {', '.join(key.choices)}"
    elif kind == "boolean":
        if not isinstance(value, bool):
            return "must be true or false"
    elif kind == "mapping" and not isinstance(value, dict):
        return "must be a mapping"
    return None


def _check_values(
    usage: Usage, section: str, name: str, values: dict[str, Any], key_sets: list[tuple[UsageKey, ...]], what: str
) -> list[Diagnostic]:
    path = usage.path or "usage file"
    out = []
    known: dict[str, UsageKey] = {k.name: k for keys in key_sets for k in keys}
    for key, value in values.items():
        line = usage.lines.get((section, name, key)) or usage.lines.get((section, name), 1)
        spec = known.get(key)
        if spec is None:
            listed = ", ".join(sorted(known)) or "none"
            out.append(
                Diagnostic(path, line, f"{name}: {what} has no usage key {key!r} (its keys: {listed})", "warning")
            )
            continue
        problem = _problem(spec, value)
        if problem:
            out.append(Diagnostic(path, line, f"{name}: usage {key} {problem}, got {shown(value)}"))
        elif spec.value_kind == "mapping":
            # Nested values (S3 storage classes, CloudFront geographies) are all quantities.
            for inner, nested in value.items():
                if spec.keys and inner not in spec.keys:
                    nested_line = usage.lines.get((section, name, key, inner), line)
                    known_keys = ", ".join(spec.keys)
                    message = f"{name}: usage {key} has no key {inner!r} (its keys: {known_keys})"
                    out.append(Diagnostic(path, nested_line, message, "warning"))
                elif _problem(_NESTED, nested):
                    nested_line = usage.lines.get((section, name, key, inner), line)
                    message = f"{name}: usage {key}.{inner} must be a non-negative number, got {shown(nested)}"
                    out.append(Diagnostic(path, nested_line, message))
    return out


_EXPONENT = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+")
_NESTED = UsageKey("nested", "a quantity inside a mapping key", kind="number")


def shown(value: Any) -> str:
    """A usage value as the YAML author wrote it, not as Python prints it (``-5``, ``true``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, Decimal):
        if value.is_nan():
            return "not a number"
        if value.is_infinite():
            return "infinity" if value > 0 else "minus infinity"
        return str(value)
    if isinstance(value, str):
        text = f'the text "{value}"'
        if _EXPONENT.fullmatch(value.strip()):
            # YAML 1.1 reads 1e308 as text: a float needs a dot and a signed exponent.
            return f"{text} (YAML reads a number with an exponent as a number only in the form 1.0e+308)"
        return text
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def check_usage(usage: Usage, projects: list[Project]) -> list[Diagnostic]:
    path = usage.path or "usage file"
    out: list[Diagnostic] = []
    for name, values in usage.defaults.items():
        keys = usage_keys_named(name)  # a Terraform or CloudFormation type, else a costlint kind
        line = usage.lines.get(("resource_type_default_usage", name), 1)
        if keys is None:
            out.append(
                Diagnostic(
                    path,
                    line,
                    f"no estimator reads usage for {name!r} (a Terraform or CloudFormation type, or a costlint kind)",
                    "warning",
                )
            )
            continue
        out += _check_values(usage, "resource_type_default_usage", name, values, [keys], f"type {name}")
    resources: list[Resource] = [r for p in projects for r in p.resources]
    entries: list[tuple[str, dict[str, Any], list[Resource]]] = []
    by_address: dict[str, list[Resource]] = {}
    for r in resources:
        by_address.setdefault(r.address, []).append(r)
    for address, values in usage.exact.items():
        entries.append((address, values, by_address.get(address, [])))
    for pattern, values in usage.patterns:
        name = usage.pattern_names.get(pattern.pattern, pattern.pattern)
        entries.append((name, values, [r for r in resources if pattern.match(r.address)]))
    for name, values, matched in entries:
        line = usage.lines.get(("resource_usage", name), 1)
        if not matched:
            out.append(Diagnostic(path, line, f"no resource {name} in the projects read", "warning"))
            continue
        kinds = sorted({(r.provider, r.kind) for r in matched if r.kind})
        found = [keys for keys in (usage_keys(kind, provider) for provider, kind in kinds) if keys is not None]
        if not found:
            out.append(Diagnostic(path, line, f"{name}: its type ({matched[0].type}) reads no usage", "warning"))
            continue
        out += _check_values(usage, "resource_usage", name, values, found, matched[0].type)
    return out


def check_source_usage(projects: list[Project]) -> list[Diagnostic]:
    """The usage projects give themselves (design sheets) checked as a usage file is, at their own lines."""
    from costlint.estimate.usage import from_source

    out: dict[tuple[str, int], Diagnostic] = {}
    for project in projects:
        if project.usage is not None and project.usage.values:
            for diagnostic in check_usage(from_source(project.usage), [project]):
                # The instances of a counted component share its lines: one message a line.
                out.setdefault((diagnostic.file, diagnostic.line), diagnostic)
    return list(out.values())
