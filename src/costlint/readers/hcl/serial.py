"""costlint's HCL syntax tree as plain tuples, for the on-disk parse cache (``readers/parse_cache.py``).

A node is a tuple whose first item is its kind (a small int); strings, numbers, booleans, None, lists
and dicts of Literal values stay as they are. Plain tuples go through ``marshal``, which loads them
several times faster than ``pickle`` loads the ``__slots__`` classes of ``ast.py`` and, unlike pickle,
cannot run code when a cache file is not what it should be (see benchmarks/README.md for the figures).

``FORMAT`` changes whenever the encoding does; the cache's key includes it and the source of the
modules that build the tree, so an entry written by other parser code is never read.
"""

from __future__ import annotations

from typing import Any

from costlint.readers.hcl import ast

FORMAT = 1

(
    _LITERAL,
    _VARIABLE,
    _TRAVERSAL,
    _TEMPLATE,
    _TUPLE,
    _OBJECT,
    _AMBIGUOUS,
    _CALL,
    _BINARY,
    _UNARY,
    _CONDITIONAL,
    _FOR,
    _TEMPLATE_IF,
    _TEMPLATE_FOR,
) = range(14)


class DecodeError(Exception):
    """The tuples are not a tree this module wrote."""


# Encoding -----------------------------------------------------------------------------------------


def encode_body(body: ast.Body) -> tuple[Any, ...]:
    return (
        tuple((a.name, _expr(a.expr), a.line) for a in body.attributes.values()),
        tuple((b.type, b.labels, encode_body(b.body), b.line) for b in body.blocks),
    )


def _expr(node: Any) -> Any:
    kind = type(node)
    if kind is ast.Literal:
        return (_LITERAL, node.value)
    if kind is ast.Variable:
        return (_VARIABLE, node.name, node.line)
    if kind is ast.Traversal:
        return (_TRAVERSAL, _expr(node.source), tuple(_step(s) for s in node.steps), node.line)
    if kind is ast.Template:
        return (_TEMPLATE, _parts(node.parts))
    if kind is ast.TupleExpr:
        return (_TUPLE, tuple(_expr(i) for i in node.items))
    if kind is ast.ObjectExpr:
        return (_OBJECT, tuple((_expr(k), _expr(v)) for k, v in node.items))
    if kind is ast.AmbiguousKey:
        return (_AMBIGUOUS, _expr(node.traversal))
    if kind is ast.FunctionCall:
        return (_CALL, node.name, tuple(_expr(a) for a in node.args), node.expand_final, node.line)
    if kind is ast.BinaryOp:
        return (_BINARY, node.op, _expr(node.left), _expr(node.right))
    if kind is ast.UnaryOp:
        return (_UNARY, node.op, _expr(node.operand))
    if kind is ast.Conditional:
        return (_CONDITIONAL, _expr(node.condition), _expr(node.true), _expr(node.false))
    if kind is ast.ForExpr:
        return (
            _FOR,
            node.key_var,
            node.value_var,
            _expr(node.collection),
            None if node.key_expr is None else _expr(node.key_expr),
            _expr(node.value_expr),
            None if node.condition is None else _expr(node.condition),
            node.grouping,
        )
    raise TypeError(f"not an expression: {kind.__name__}")


def _step(step: ast.Step) -> Any:
    name, value = step
    if name == "attr":
        return step
    if name == "index":
        return ("index", _expr(value))
    return ("splat", tuple(_step(s) for s in value))


def _parts(parts: tuple[ast.TemplatePart, ...]) -> tuple[Any, ...]:
    out: list[Any] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, ast.TemplateIf):
            out.append((_TEMPLATE_IF, _expr(part.condition), _parts(part.true), _parts(part.false)))
        elif isinstance(part, ast.TemplateFor):
            out.append((_TEMPLATE_FOR, part.key_var, part.value_var, _expr(part.collection), _parts(part.body)))
        else:
            out.append(_expr(part))
    return tuple(out)


# Decoding -----------------------------------------------------------------------------------------


def decode_body(data: Any) -> ast.Body:
    """The tree ``encode_body`` wrote; DecodeError (or any exception, which callers treat alike) when
    ``data`` is not one."""
    attributes_data, blocks_data = data
    attributes = {}
    for name, expr, line in attributes_data:
        attributes[name] = ast.Attribute(name, _decode(expr), line)
    blocks = [ast.Block(type_, labels, decode_body(body), line) for type_, labels, body, line in blocks_data]
    return ast.Body(attributes, blocks)


def _decode(node: Any) -> Any:
    tag = node[0]
    if tag == _LITERAL:
        return ast.Literal(node[1])
    if tag == _VARIABLE:
        return ast.Variable(node[1], node[2])
    if tag == _TRAVERSAL:
        return ast.Traversal(_decode(node[1]), tuple(_decode_step(s) for s in node[2]), node[3])
    if tag == _TEMPLATE:
        return ast.Template(_decode_parts(node[1]))
    if tag == _TUPLE:
        return ast.TupleExpr(tuple(_decode(i) for i in node[1]))
    if tag == _OBJECT:
        return ast.ObjectExpr(tuple((_decode(k), _decode(v)) for k, v in node[1]))
    if tag == _AMBIGUOUS:
        return ast.AmbiguousKey(_decode(node[1]))
    if tag == _CALL:
        return ast.FunctionCall(node[1], tuple(_decode(a) for a in node[2]), node[3], node[4])
    if tag == _BINARY:
        return ast.BinaryOp(node[1], _decode(node[2]), _decode(node[3]))
    if tag == _UNARY:
        return ast.UnaryOp(node[1], _decode(node[2]))
    if tag == _CONDITIONAL:
        return ast.Conditional(_decode(node[1]), _decode(node[2]), _decode(node[3]))
    if tag == _FOR:
        _, key_var, value_var, collection, key_expr, value_expr, condition, grouping = node
        return ast.ForExpr(
            key_var,
            value_var,
            _decode(collection),
            None if key_expr is None else _decode(key_expr),
            _decode(value_expr),
            None if condition is None else _decode(condition),
            grouping,
        )
    raise DecodeError(f"unknown node kind {tag!r}")


def _decode_step(step: Any) -> ast.Step:
    name, value = step
    if name == "attr":
        return ("attr", value)
    if name == "index":
        return ("index", _decode(value))
    if name == "splat":
        return ("splat", tuple(_decode_step(s) for s in value))
    raise DecodeError(f"unknown traversal step {name!r}")


def _decode_parts(parts: Any) -> tuple[ast.TemplatePart, ...]:
    out: list[ast.TemplatePart] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part[0] == _TEMPLATE_IF:
            out.append(ast.TemplateIf(_decode(part[1]), _decode_parts(part[2]), _decode_parts(part[3])))
        elif part[0] == _TEMPLATE_FOR:
            out.append(ast.TemplateFor(part[1], part[2], _decode(part[3]), _decode_parts(part[4])))
        else:
            out.append(_decode(part))
    return tuple(out)
