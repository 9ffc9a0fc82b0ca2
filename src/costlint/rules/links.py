"""Which resources of a project refer to a resource: by reference (``aws_s3_bucket.logs.id``, ``!Ref
Logs``: an unknown value carrying the address, ``Context.referrers``) or by the literal name that
``specs.aws.names`` knows for its kind (``bucket = "logs-bucket"``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from costlint.model import Resource, Unknown
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


def _unevaluated(resource: Resource) -> bool:
    """Whether some argument of the resource could not be evaluated at all (its own ``count`` failed,
    say): the reader then gives an unknown value without a reference whose origin is the resource
    itself, and what it refers to cannot be told."""
    own = resource.address.split("[", 1)[0] + "."
    return any(
        isinstance(value, Unknown) and value.ref is None and value.reason.startswith(own)
        for value in resource.attributes.values()
    )


def may_be_referenced_by(ctx: Context, resource: Resource, kinds: Iterable[str]) -> bool | None:
    """True when a resource of ``kinds`` refers to ``resource``; None when none does but one of them
    could not be evaluated (it might); False otherwise."""
    if referenced_by(ctx, resource, kinds):
        return True
    wanted = frozenset(kinds)
    if any(other.kind in wanted and _unevaluated(other) for other in ctx.project.resources):
        return None
    return False
