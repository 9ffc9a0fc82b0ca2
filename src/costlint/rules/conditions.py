"""Data conditions: what a rule written as data says about a resource's spec.

A condition is a mapping, one of:

- ``{field: NAME, OP: VALUE}``: a field of the resource's spec (the provider table's spec function for
  its kind; dotted for nested fields), with one operator: ``equals``, ``not_equals``, ``in``,
  ``not_in``, ``lt``, ``le``, ``gt``, ``ge``, ``matches`` (a regular expression, searched), or
  ``set: true|false`` (whether the field is set at all; a value costlint cannot know counts as set);
- ``{referenced_by: [KIND, ...]}``: a resource of the project of one of those kinds refers to this one
  (by a reference, ``aws_s3_bucket.logs.id`` / ``!Ref Logs``, or by its literal name);
- ``{all: [...]}``, ``{any: [...]}``, ``{not: CONDITION}``.

Strings compare without regard to case; numbers as decimals. A field whose value costlint cannot know
(a variable without a value) makes its comparison *unknown*, and a rule whose condition is unknown does
not fire: costlint never reports what it cannot see.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from costlint.model import Unknown
from costlint.rules.yamlfile import line_of

COMPARISONS = ("equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge", "matches", "set")
COMBINATORS = ("all", "any", "not")


class Subject:
    """What a condition reads: a spec's fields and the resource's links (``engine`` supplies them)."""

    def __init__(self, spec: Any, referenced_by: Callable[[Sequence[str]], bool | None]) -> None:
        self.spec = spec
        self.referenced_by = referenced_by

    def field(self, name: str) -> Any:
        value = self.spec
        for part in name.split("."):
            if isinstance(value, Unknown) or value is None:
                return value
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        return value


def validate(condition: Any, spec_fields: frozenset[str] | None, line: int) -> list[tuple[int, str]]:
    """Problems with a condition, each with its line. ``spec_fields``: the fields every kind of the rule
    has (None: not known, fields are not checked)."""
    here = line_of(condition, default=line)
    if not isinstance(condition, dict):
        return [(here, f"a condition must be a mapping, got {type(condition).__name__}")]
    keys = set(condition)
    if keys & set(COMBINATORS):
        if len(keys) != 1:
            return [(here, f"'{sorted(keys & set(COMBINATORS))[0]}' must be alone in its condition")]
        (name,) = keys
        value = condition[name]
        if name == "not":
            return validate(value, spec_fields, line_of(condition, "not", here))
        if not isinstance(value, list) or not value:
            return [(line_of(condition, name, here), f"'{name}' takes a non-empty list of conditions")]
        return [p for item in value for p in validate(item, spec_fields, line_of(condition, name, here))]
    if "referenced_by" in keys:
        value = condition["referenced_by"]
        if len(keys) != 1:
            return [(here, "'referenced_by' must be alone in its condition")]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return [(line_of(condition, "referenced_by", here), "'referenced_by' takes a list of kinds")]
        return []
    if "field" not in keys:
        known = ", ".join(("field", "referenced_by", *COMBINATORS))
        return [(here, f"a condition needs one of: {known}")]
    name = condition["field"]
    if not isinstance(name, str) or not name:
        return [(line_of(condition, "field", here), "'field' must name a field of the spec")]
    if spec_fields is not None and name.split(".", 1)[0] not in spec_fields:
        return [
            (line_of(condition, "field", here), f"unknown field '{name}' (fields: {', '.join(sorted(spec_fields))})")
        ]
    operators = keys - {"field"}
    unknown = operators - set(COMPARISONS)
    if unknown:
        return [(line_of(condition, sorted(unknown)[0], here), f"unknown operator '{sorted(unknown)[0]}'")]
    if len(operators) != 1:
        return [(here, f"a field condition takes exactly one operator ({', '.join(COMPARISONS)})")]
    (op,) = operators
    value = condition[op]
    where = line_of(condition, op, here)
    if op == "set" and not isinstance(value, bool):
        return [(where, "'set' takes true or false")]
    if op in ("in", "not_in") and not isinstance(value, list):
        return [(where, f"'{op}' takes a list")]
    if op in ("lt", "le", "gt", "ge") and _number(value) is None:
        return [(where, f"'{op}' takes a number")]
    if op == "matches":
        try:
            re.compile(str(value))
        except re.error as exc:
            return [(where, f"invalid regular expression: {exc}")]
    return []


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        out = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return out if out.is_finite() else None


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    left, right = _number(a), _number(b)
    if left is not None and right is not None:
        return left == right
    return bool(a == b)


def evaluate(condition: Any, subject: Subject) -> bool | None:
    """True, False, or None when it depends on a value costlint cannot know."""
    if "all" in condition:
        results = [evaluate(c, subject) for c in condition["all"]]
        if False in results:
            return False
        return None if None in results else True
    if "any" in condition:
        results = [evaluate(c, subject) for c in condition["any"]]
        if True in results:
            return True
        return None if None in results else False
    if "not" in condition:
        result = evaluate(condition["not"], subject)
        return None if result is None else not result
    if "referenced_by" in condition:
        return subject.referenced_by(tuple(condition["referenced_by"]))
    value = subject.field(condition["field"])
    op = next(k for k in condition if k != "field")
    expected = condition[op]
    if op == "set":
        return (value is not None) == expected
    if isinstance(value, Unknown):
        return None
    if op == "equals":
        return _same(value, expected)
    if op == "not_equals":
        return not _same(value, expected)
    if op == "in":
        return any(_same(value, item) for item in expected)
    if op == "not_in":
        return not any(_same(value, item) for item in expected)
    if op == "matches":
        return value is not None and re.search(str(expected), str(value)) is not None
    left, right = _number(value), _number(expected)
    if left is None or right is None:
        return False
    return {"lt": left < right, "le": left <= right, "gt": left > right, "ge": left >= right}[op]
