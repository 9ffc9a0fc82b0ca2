"""Which resources of a project refer to a resource: by reference (``aws_s3_bucket.logs.id``, ``!Ref
Logs``: an unknown value carrying the address, ``Context.referrers``) or by the literal name that
``specs.aws.names`` knows for its kind (``bucket = "logs-bucket"``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from costlint.model import Resource
from costlint.specs.aws.names import names

if TYPE_CHECKING:
    from costlint.estimate.context import Context


def _mentions(value: Any, wanted: frozenset[str]) -> bool:
    if isinstance(value, str):
        return value in wanted
    if isinstance(value, dict):
        return any(_mentions(v, wanted) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_mentions(v, wanted) for v in value)
    return False


def referenced_by(ctx: Context, resource: Resource, kinds: Iterable[str]) -> list[Resource]:
    """The resources of ``kinds`` that refer to ``resource``."""
    wanted_kinds = frozenset(kinds)
    found = [r for r in ctx.referrers(resource.address) if r.kind in wanted_kinds and r is not resource]
    literal = frozenset(n for n in names(resource) if isinstance(n, str) and n)
    if literal:
        for other in ctx.project.resources:
            candidate = other.kind in wanted_kinds and other is not resource and other not in found
            if candidate and _mentions(other.attributes, literal):
                found.append(other)
    return found
