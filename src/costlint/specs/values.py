"""Reading attribute values the same way whatever language wrote them.

Terraform nested blocks arrive as lists of dicts (``root_block_device = [{"volume_size": 50}]``),
CloudFormation's as dicts; CloudFormation numbers and booleans are often strings (``MinSize: "2"``,
``EbsOptimized: "true"``). These helpers return the value in one shape, ``None`` when it is not set,
or the ``Unknown`` unchanged (the estimator decides what an unknown value means).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs import InvalidValue

Maybe = Any
"""A value, ``None`` (not set) or ``Unknown``."""
Num = Decimal | Unknown | None
Text = str | Unknown | None
Flag = bool | Unknown | None


def provider_default(value: Maybe) -> bool:
    """A plan's "known after apply" for an argument the configuration does not set (no reference to
    another resource): the provider fills in its default, so an estimate may take that default silently."""
    return isinstance(value, Unknown) and value.ref is None and value.reason.startswith("known after apply")


def attr(resource: Resource | Mapping[str, Any] | Unknown | None, *names: str) -> Maybe:
    """The first of ``names`` that is set (not None) in the resource's attributes or in a block."""
    if resource is None or isinstance(resource, Unknown):
        return resource
    attributes = resource.attributes if isinstance(resource, Resource) else resource
    for name in names:
        value = attributes.get(name)
        if value is not None:
            return value
    return None


def first_set(*values: Maybe) -> Maybe:
    """The first value that is not None (an Unknown counts as set: it is never tested for truth)."""
    for value in values:
        if value is not None:
            return value
    return None


def block(value: Maybe) -> dict[str, Any] | Unknown | None:
    """A nested block: Terraform's one-element list or CloudFormation's dict."""
    if value is None or isinstance(value, (Unknown, dict)):
        return value
    if isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, (dict, Unknown)):
                return item
        return None
    return None


def blocks(value: Maybe) -> list[dict[str, Any]] | Unknown:
    """Repeated nested blocks (or a CloudFormation list of dicts); unknown elements are kept out,
    an unknown list stays unknown."""
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        return [value]
    if isinstance(value, (list, tuple)):
        return [item for item in value if isinstance(item, dict)]
    return []


def known_block(value: Maybe) -> dict[str, Any]:
    """A nested block's settings, empty when the block is absent or unknown: for specs that read an
    unknown block's settings as not set (``block`` keeps the Unknown for those that must tell)."""
    found = block(value)
    return found if isinstance(found, dict) else {}


def known_blocks(value: Maybe) -> list[dict[str, Any]]:
    """Repeated nested blocks, none when the list is unknown (``blocks`` keeps the Unknown)."""
    found = blocks(value)
    return found if isinstance(found, list) else []


def length(value: Maybe) -> int | Unknown | None:
    """The number of elements of a list (known even when its elements are not)."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, (list, tuple)):
        return len(value)
    return 1


def number(value: Maybe, what: str) -> Decimal | Unknown | None:
    """A number from ``5``, ``5.5`` or ``"5"``; anything else is an ``InvalidValue`` (the resource is then
    not priced, with this reason)."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        raise InvalidValue(f"{what} must be a number, got {value!r}")
    try:
        out = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidValue(f"{what} must be a number, got {value!r}") from None
    if not out.is_finite():
        raise InvalidValue(f"{what} must be a number, got {value!r}")
    return out


def integer(value: Maybe, what: str) -> int | Unknown | None:
    out = number(value, what)
    if out is None or isinstance(out, Unknown):
        return out
    if out != out.to_integral_value():
        raise InvalidValue(f"{what} must be a whole number, got {value!r}")
    return int(out)


def boolean(value: Maybe, what: str) -> bool | Unknown | None:
    """A boolean from ``true`` or CloudFormation's ``"true"``/``"false"``."""
    if value is None or isinstance(value, (Unknown, bool)):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidValue(f"{what} must be true or false, got {value!r}")


def text(value: Maybe, what: str) -> str | Unknown | None:
    if value is None or isinstance(value, (Unknown, str)):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise InvalidValue(f"{what} must be a string, got {value!r}")


def lower(value: Maybe, what: str) -> str | Unknown | None:
    out = text(value, what)
    return out.strip().lower() if isinstance(out, str) else out
