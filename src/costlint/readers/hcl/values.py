"""Value representation and conversions shared by the evaluator and the functions.

Values are plain Python: ``None`` (null), ``bool``, ``int``/``float`` (numbers; ``int`` whenever the
value is integral), ``str``, ``list`` (tuples, lists and sets; a set is a list of unique elements in
sorted order) and ``dict`` (objects and maps). ``costlint.model.Unknown`` stands for what cannot be
known and propagates through operators and functions with the reason of its origin.
"""

from __future__ import annotations

import json
import math
from typing import Any

from costlint.model import Unknown, first_unknown


class EvalError(Exception):
    """An expression Terraform itself would reject (type error, missing key, undeclared reference)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class UnknownObject(Unknown):
    """An unknown object whose attributes are unknown with a derived reason.

    ``data.aws_ami.ubuntu`` is one: ``.id`` gives ``Unknown("data.aws_ami.ubuntu.id")``. With
    ``instances=True`` (something with count/for_each), the first index step names the instance:
    ``aws_instance.web[0].id`` -> ``Unknown("aws_instance.web[0].id", ref="aws_instance.web[0]")``.
    """

    __slots__ = ("instances",)

    def __init__(self, reason: str, ref: str | None = None, instances: bool = False) -> None:
        super().__init__(reason, ref)
        self.instances = instances

    def attr(self, name: str) -> Unknown:
        return Unknown(f"{self.reason}.{name}", self.ref)

    def index(self, key: Any) -> Unknown:
        if isinstance(key, Unknown):
            return key
        suffix = f"[{json.dumps(key, ensure_ascii=False)}]"
        if self.instances:
            return UnknownObject(self.reason + suffix, self.ref + suffix if self.ref else None)
        return Unknown(self.reason + suffix, self.ref)


class BlockList(list[Any]):
    """A managed resource's nested blocks as configured (``kubelet_identity``, ``network_interface``).

    Many nested blocks are also computed: the provider fills them in when the configuration gives
    none (a dynamic block with nothing to iterate). Without the provider's schema costlint cannot
    tell which, so an index past the configured blocks is unknown after apply, not an error.
    """

    __slots__ = ("address", "ref")

    def __init__(self, address: str, ref: str | None, items: list[Any]) -> None:
        super().__init__(items)
        self.address = address
        self.ref = ref


class ResourceObject(dict[str, Any]):
    """A managed resource instance as seen from a reference: its configured attributes.

    An attribute that is not in the configuration (``id``, ``arn``), or configured as null (the
    provider may compute it), is known only after apply; its unknown carries ``ref`` (the instance's
    address) unless ``managed`` is false (data sources). Nested blocks (``blocks``: their names) are
    lists of ``ResourceObject`` too, so ``vpc_config[0].cluster_security_group_id`` is unknown rather
    than an error.
    """

    __slots__ = ("address", "managed", "ref")

    def __init__(
        self,
        address: str,
        attributes: dict[str, Any],
        managed: bool = True,
        blocks: frozenset[str] | None = frozenset(),
        ref: str | None = None,
    ) -> None:
        super().__init__()
        self.address = address
        self.managed = managed
        self.ref = ref if ref is not None else (address if managed else None)
        for name, value in attributes.items():
            if value is None:
                continue
            if (blocks is None or name in blocks) and isinstance(value, list):
                # Below the top level every list of objects is taken for nested blocks.
                value = BlockList(
                    f"{address}.{name}",
                    self.ref,
                    [
                        ResourceObject(f"{address}.{name}[{i}]", item, managed, None, self.ref)
                        if isinstance(item, dict)
                        else item
                        for i, item in enumerate(value)
                    ],
                )
            self[name] = value

    def missing(self, name: str) -> Unknown:
        return Unknown(f"{self.address}.{name}", ref=self.ref)


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def normalize_number(value: float | int) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def parse_number(text: str) -> int | float | None:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    if math.isnan(value) or math.isinf(value):
        return None
    return normalize_number(value)


def to_number(value: Any) -> int | float | Unknown:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool) or value is None:
        raise EvalError(f"a number is required, got {type_name(value)}")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        number = parse_number(value)
        if number is None:
            raise EvalError(f"cannot convert {value!r} to a number")
        return number
    raise EvalError(f"a number is required, got {type_name(value)}")


def to_bool(value: Any) -> bool | Unknown:
    if isinstance(value, (bool, Unknown)):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"a bool is required, got {type_name(value)}")


def format_number(value: int | float) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        text = repr(value)
        if "e" in text:  # Terraform prints plain decimals
            text = format(value, "f").rstrip("0").rstrip(".")
        return text
    return str(value)


def to_string(value: Any) -> str | Unknown:
    if isinstance(value, (str, Unknown)):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    if value is None:
        raise EvalError("a string is required, got null")
    raise EvalError(f"a string is required, got {type_name(value)}")


def equal(left: Any, right: Any) -> bool | Unknown:
    """Terraform's ``==``: no conversion between types (``1 == "1"`` is false, ``true == 1`` too)."""
    if isinstance(left, Unknown):
        return left
    if isinstance(right, Unknown):
        return right
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return False
        for a, b in zip(left, right, strict=False):
            same = equal(a, b)
            if isinstance(same, Unknown) or not same:
                return same
        return True
    if isinstance(left, dict) and isinstance(right, dict):
        if left.keys() != right.keys():
            return False
        for key in left:
            same = equal(left[key], right[key])
            if isinstance(same, Unknown) or not same:
                return same
        return True
    if type(left) is not type(right):
        return False
    return bool(left == right)


def sort_key(value: Any) -> tuple[int, Any]:
    """Order of set elements: numbers numerically, strings lexically, others by their JSON text."""
    if isinstance(value, bool):
        return (1, str(value).lower())
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, str):
        return (2, value)
    return (3, json.dumps(value, sort_keys=True, default=str))


def make_set(items: list[Any]) -> list[Any] | Unknown:
    """A set value: unique elements, sorted. Unknown when any element is unknown (its identity is)."""
    unknown = first_unknown(items)
    if unknown is not None:
        return unknown
    unique: list[Any] = []
    seen: set[str] = set()
    for item in items:
        marker = json.dumps(item, sort_keys=True, default=str) if not isinstance(item, str) else "s:" + item
        if marker not in seen:
            seen.add(marker)
            unique.append(item)
    return sorted(unique, key=sort_key)
