"""costlint's own HCL syntax tree: bodies, blocks, attributes and expressions.

Small ``__slots__`` classes built once per file by ``parser.py`` (from HCL native syntax) or
``json_syntax.py`` (from Terraform's JSON syntax), then evaluated as often as needed by
``evaluate.py``. Lines are 1-based and come from the node's first token. ``ParsedFile`` is a file's
parse: its body or its syntax error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class Expr:
    __slots__ = ()


class Literal(Expr):
    """A constant: number, string without interpolation, bool or null."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Literal({self.value!r})"


class Variable(Expr):
    """A bare name: the root of a reference (``var``, ``aws_instance``, a for-expression's variable)."""

    __slots__ = ("line", "name")

    def __init__(self, name: str, line: int) -> None:
        self.name = name
        self.line = line

    def __repr__(self) -> str:
        return f"Variable({self.name!r})"


# Traversal steps: ("attr", name) | ("index", Expr) | ("splat", tuple of steps applied to each element)
Step = tuple[str, Any]


class Traversal(Expr):
    """``source`` followed by attribute, index and splat steps (``var.x``, ``a[0].b``, ``a[*].id``)."""

    __slots__ = ("line", "source", "steps")

    def __init__(self, source: Expr, steps: tuple[Step, ...], line: int) -> None:
        self.source = source
        self.steps = steps
        self.line = line

    def __repr__(self) -> str:
        return f"Traversal({self.source!r}, {self.steps!r})"


class TemplateIf:
    __slots__ = ("condition", "false", "true")

    def __init__(self, condition: Expr, true: tuple[TemplatePart, ...], false: tuple[TemplatePart, ...]) -> None:
        self.condition = condition
        self.true = true
        self.false = false


class TemplateFor:
    __slots__ = ("body", "collection", "key_var", "value_var")

    def __init__(self, key_var: str | None, value_var: str, collection: Expr, body: tuple[TemplatePart, ...]) -> None:
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.body = body


TemplatePart = str | Expr | TemplateIf | TemplateFor


class Template(Expr):
    """A string with interpolations (and template directives): literal text and expressions."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[TemplatePart, ...]) -> None:
        self.parts = parts

    def __repr__(self) -> str:
        return f"Template({self.parts!r})"


class TupleExpr(Expr):
    __slots__ = ("items",)

    def __init__(self, items: tuple[Expr, ...]) -> None:
        self.items = items


class ObjectExpr(Expr):
    """``{ key = value }``: a bare identifier key is a ``Literal`` string; other keys are evaluated."""

    __slots__ = ("items",)

    def __init__(self, items: tuple[tuple[Expr, Expr], ...]) -> None:
        self.items = items


class AmbiguousKey(Expr):
    """An object key written as a traversal without parentheses (``{ var.x = 1 }``): Terraform refuses
    it ("Ambiguous attribute key"), except where it names a provider (``providers = { aws.west = ... }``)."""

    __slots__ = ("traversal",)

    def __init__(self, traversal: Traversal) -> None:
        self.traversal = traversal


class FunctionCall(Expr):
    __slots__ = ("args", "expand_final", "line", "name")

    def __init__(self, name: str, args: tuple[Expr, ...], expand_final: bool, line: int) -> None:
        self.name = name
        self.args = args
        self.expand_final = expand_final
        self.line = line

    def __repr__(self) -> str:
        return f"FunctionCall({self.name!r}, {self.args!r})"


class BinaryOp(Expr):
    __slots__ = ("left", "op", "right")

    def __init__(self, op: str, left: Expr, right: Expr) -> None:
        self.op = op
        self.left = left
        self.right = right

    def __repr__(self) -> str:
        return f"BinaryOp({self.op!r}, {self.left!r}, {self.right!r})"


class UnaryOp(Expr):
    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Expr) -> None:
        self.op = op
        self.operand = operand

    def __repr__(self) -> str:
        return f"UnaryOp({self.op!r}, {self.operand!r})"


class Conditional(Expr):
    __slots__ = ("condition", "false", "true")

    def __init__(self, condition: Expr, true: Expr, false: Expr) -> None:
        self.condition = condition
        self.true = true
        self.false = false

    def __repr__(self) -> str:
        return f"Conditional({self.condition!r}, {self.true!r}, {self.false!r})"


class ForExpr(Expr):
    """``[for k, v in coll : value if cond]`` or ``{for k, v in coll : key => value... if cond}``."""

    __slots__ = ("collection", "condition", "grouping", "key_expr", "key_var", "value_expr", "value_var")

    def __init__(
        self,
        key_var: str | None,
        value_var: str,
        collection: Expr,
        key_expr: Expr | None,
        value_expr: Expr,
        condition: Expr | None,
        grouping: bool,
    ) -> None:
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.key_expr = key_expr
        self.value_expr = value_expr
        self.condition = condition
        self.grouping = grouping


class Attribute:
    __slots__ = ("expr", "line", "name")

    def __init__(self, name: str, expr: Expr, line: int) -> None:
        self.name = name
        self.expr = expr
        self.line = line

    def __repr__(self) -> str:
        return f"Attribute({self.name!r}, {self.expr!r}, line={self.line})"


class Block:
    __slots__ = ("body", "labels", "line", "type")

    def __init__(self, type_: str, labels: tuple[str, ...], body: Body, line: int) -> None:
        self.type = type_
        self.labels = labels
        self.body = body
        self.line = line

    def __repr__(self) -> str:
        return f"Block({self.type!r}, {self.labels!r}, line={self.line})"


class Body:
    __slots__ = ("attributes", "blocks")

    def __init__(self, attributes: dict[str, Attribute], blocks: list[Block]) -> None:
        self.attributes = attributes
        self.blocks = blocks

    def blocks_of(self, type_: str) -> list[Block]:
        return [b for b in self.blocks if b.type == type_]


class HclSyntaxError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class ParsedFile:
    """One file's parse (``parser.parse_bytes``, ``json_syntax.parse_json_config``): its body, or the
    error that stopped it. Here rather than in ``parser.py`` so that a run whose parses all come from
    the parse cache never imports Lark."""

    body: Body | None
    error: HclSyntaxError | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)
    """Errors that cost only part of the file (a duplicate attribute); the rest was kept."""
    timed_out: bool = False
    """The parse stopped at its deadline: a slower machine's verdict, not the file's (never cached)."""
