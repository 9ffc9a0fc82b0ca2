"""Parser of Infracost's ``breakdown`` tables (the ``.golden`` files): a tree of cost components.

A table looks like::

     Name                                   Monthly Qty  Unit         Monthly Cost
     aws_nat_gateway.nat
     ├─ NAT gateway                                 730  hours              $32.85
     └─ Data processed          Monthly cost depends on usage: $0.045 per GB

Top-level lines are resource addresses; nested lines are groups (``root_block_device``, an S3
storage class, a CloudFront geography) or cost components with a quantity, a unit and a monthly cost
rounded to the cent, or a "depends on usage" unit price. The table ends at ``OVERALL TOTAL``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

_TREE = re.compile(r"^ ((?:[├└]─ |[│ ]  )*)(\S.*?)\s*$")
_VALUE = re.compile(
    r"^(?P<label>\S.*?)\s{2,}(?P<qty>[\d,]+(?:\.\d+)?)\s{2}(?P<unit>\S.*?)\s{2,}"
    r"(?P<cost>\$[\d,]+\.\d\d|not found)(?:\s+\*)?$"
)
_USAGE = re.compile(
    r"^(?P<label>\S.*?)\s{2,}Monthly cost depends on usage: \$(?P<price>[\d,]+(?:\.\d+)?) "
    r"per (?P<unit>\S.*)$"
)
_NOT_FOUND = re.compile(r"^(?P<label>\S.*?)\s{2,}not found$")
_RESOURCE_TYPE = re.compile(r"^(?:module\.[^.]+\.)*(aws_[a-z0-9_]+)\.")


@dataclass
class Node:
    label: str
    depth: int
    line: int
    quantity: str | None = None
    """As printed (``1,460``, ``52.56``), commas removed."""
    unit: str | None = None
    cost: Decimal | None = None
    """Monthly cost as printed (rounded to the cent); None when "not found" or no value."""
    usage_price: str | None = None
    """The unit price of a "Monthly cost depends on usage: $P per UNIT" line, as printed."""
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def top(self) -> Node:
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def address(self) -> str:
        return self.top.label

    @property
    def resource_type(self) -> str:
        match = _RESOURCE_TYPE.match(self.address)
        return match.group(1) if match else ""

    @property
    def resource_name(self) -> str:
        """The address after its resource type (``extended_support["mysql-5.7"]``)."""
        address = self.address
        rtype = self.resource_type
        return address[address.index(rtype) + len(rtype) + 1 :] if rtype else address

    @property
    def siblings(self) -> list[Node]:
        return self.parent.children if self.parent is not None else []

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def parse(text: str) -> list[Node]:
    """The resources (top-level nodes) of a golden table."""
    roots: list[Node] = []
    stack: list[Node] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if "OVERALL TOTAL" in raw:
            break
        if not raw.strip() or raw.startswith(" Name "):
            continue
        tree = _TREE.match(raw)
        if tree is None:
            continue
        depth = len(tree.group(1)) // 3
        rest = tree.group(2)
        node = _node(rest, depth, number)
        while stack and stack[-1].depth >= depth:
            stack.pop()
        if stack:
            node.parent = stack[-1]
            stack[-1].children.append(node)
        elif depth == 0:
            roots.append(node)
        else:
            raise ValueError(f"line {number}: nested line without a parent: {raw!r}")
        stack.append(node)
    return roots


def _node(rest: str, depth: int, number: int) -> Node:
    value = _VALUE.match(rest)
    if value:
        cost_text = value.group("cost")
        cost = None if cost_text == "not found" else Decimal(cost_text[1:].replace(",", ""))
        return Node(value.group("label"), depth, number, value.group("qty").replace(",", ""), value.group("unit"), cost)
    usage = _USAGE.match(rest)
    if usage:
        return Node(
            usage.group("label"),
            depth,
            number,
            unit=usage.group("unit"),
            usage_price=usage.group("price").replace(",", ""),
        )
    missing = _NOT_FOUND.match(rest)
    if missing:
        return Node(missing.group("label"), depth, number)
    return Node(rest, depth, number)
