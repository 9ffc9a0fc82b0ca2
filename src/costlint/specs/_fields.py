"""Reading attribute values the same way from Terraform and CloudFormation.

Terraform gives numbers and booleans as such and nested blocks as lists of dicts; CloudFormation
gives the template's ``Properties``, where numbers and booleans are often strings (``"20"``,
``"true"``) and nested settings are dicts. These helpers turn both into one shape and keep
``Unknown`` values as they are (estimators decide what an unknown value means).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs import InvalidValue

Num = Decimal | Unknown | None
Text = str | Unknown | None
Flag = bool | Unknown | None


def attr(resource: Resource, *names: str) -> Any:
    """The first of ``names`` the resource sets (Terraform and CloudFormation spellings), else None."""
    return get(resource.attributes, *names)


def get(mapping: Any, *names: str) -> Any:
    if not isinstance(mapping, Mapping):
        return None
    for name in names:
        value = mapping.get(name)
        if value is not None:
            return value
    return None


def first_set(*values: Any) -> Any:
    """The first value that is not None (an Unknown counts as set: it is never tested for truth)."""
    for value in values:
        if value is not None:
            return value
    return None


def number(value: Any, what: str = "value") -> Num:
    """A Decimal from an int, float or numeric string; Unknown stays Unknown; None stays None;
    anything else is an ``InvalidValue`` (the resource is then not priced, with this reason)."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        raise InvalidValue(f"{what} is {value!r}, not a number")
    if isinstance(value, Decimal):
        return value
    try:
        out = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidValue(f"{what} is {value!r}, not a number") from None
    if not out.is_finite():
        raise InvalidValue(f"{what} is {value!r}, not a number")
    return out


def flag(value: Any, what: str = "value") -> Flag:
    """A bool from a bool or a ``"true"``/``"false"`` string (CloudFormation)."""
    if value is None or isinstance(value, (bool, Unknown)):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidValue(f"{what} is {value!r}, not true or false")


def text(value: Any, what: str = "value") -> Text:
    if value is None or isinstance(value, (str, Unknown)):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise InvalidValue(f"{what} is {value!r}, not a string")


def block(value: Any) -> dict[str, Any]:
    """A nested setting as one dict: a Terraform block (list of one dict) or a CloudFormation dict.

    An unknown or absent block is an empty dict; callers that must tell "unknown" from "absent" use
    ``is_unknown_block``.
    """
    if isinstance(value, list):
        value = value[0] if value else None
    return dict(value) if isinstance(value, Mapping) else {}


def blocks(value: Any) -> list[dict[str, Any]]:
    """Repeated nested settings (Terraform repeated blocks, CloudFormation lists) as dicts."""
    if isinstance(value, Mapping):
        return [dict(value)]
    if isinstance(value, list):
        return [dict(v) for v in value if isinstance(v, Mapping)]
    return []


def is_unknown_block(value: Any) -> bool:
    return isinstance(value, Unknown)
