"""Terraform's JSON configuration syntax (``.tf.json``) -> the same AST as HCL native syntax.

Strings are templates (``"${var.x}"``), except a variable's ``type`` (a type expression) and its
``default`` (a literal value). Without the providers' schemas, a JSON object in a resource is read
as an attribute (a map), not a nested block; an array of objects gives the same list of dicts as
nested blocks do in HCL. Blocks Terraform itself interprets (``lifecycle``, ``provisioner``,
``connection``, ``dynamic``) are blocks. Lines are those of the ``{`` opening each block's body.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from typing import Any, cast

from costlint.readers.hcl import templates
from costlint.readers.hcl.ast import Attribute, Block, Body, Expr, Literal, ObjectExpr, TupleExpr
from costlint.readers.hcl.parser import HclSyntaxError, ParsedFile, decode, parse_expression

_LABELS = {"resource": 2, "data": 2, "module": 1, "output": 1, "variable": 1, "provider": 1}
_BLOCK_KEYS = frozenset({"lifecycle", "provisioner", "connection", "content", "default_tags"})


class _Object:
    """A JSON object with its pairs in order and the line of its ``{``."""

    __slots__ = ("line", "pairs")

    def __init__(self, pairs: list[tuple[str, Any]], line: int) -> None:
        self.pairs = [(k, v) for k, v in pairs if not k.startswith("//")]
        self.line = line


class _Decoder(json.JSONDecoder):
    def __init__(self, text: str) -> None:
        super().__init__(object_pairs_hook=list)
        starts = [0]
        position = text.find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._starts = starts
        self.parse_object = self._object
        # The pure-Python scanner calls parse_object (the C one would not); neither it nor JSONObject is in
        # the standard library's type stubs.
        self.scan_once = cast(Any, json.scanner).py_make_scanner(self)

    def _object(self, s_and_end: tuple[str, int], *args: Any) -> tuple[_Object, int]:
        _, end = s_and_end
        pairs, new_end = cast(Any, json.decoder).JSONObject(s_and_end, *args)
        return _Object(pairs, bisect.bisect_right(self._starts, end - 1)), new_end


def _expr(value: Any, line: int) -> Expr:
    if isinstance(value, str):
        if "${" not in value and "%{" not in value:
            return Literal(value.replace("$${", "${").replace("%%{", "%{"))
        return templates.parse_template_text(value, line, parse_expression)
    if isinstance(value, list):
        return TupleExpr(tuple(_expr(v, line) for v in value))
    if isinstance(value, _Object):
        return ObjectExpr(tuple((_expr(k, value.line), _expr(v, value.line)) for k, v in value.pairs))
    return Literal(value)


def _literal(value: Any) -> Any:
    if isinstance(value, _Object):
        return {k: _literal(v) for k, v in value.pairs}
    if isinstance(value, list):
        return [_literal(v) for v in value]
    return value


def _body(obj: _Object, kind: str) -> Body:
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for key, value in obj.pairs:
        if key in _BLOCK_KEYS or key == "dynamic":
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, _Object):
                    continue
                if key == "dynamic":
                    for label, inner in item.pairs:
                        for each in inner if isinstance(inner, list) else [inner]:
                            if isinstance(each, _Object):
                                blocks.append(Block("dynamic", (label,), _body(each, "dynamic"), each.line))
                else:
                    blocks.append(Block(key, (), _body(item, key), item.line))
            continue
        if kind == "variable" and key == "type" and isinstance(value, str):
            expr = parse_expression(value, obj.line)
        elif kind == "variable" and key == "default":
            expr = Literal(_literal(value))
        else:
            expr = _expr(value, obj.line)
        attributes[key] = Attribute(key, expr, obj.line)
    return Body(attributes, blocks)


def _blocks(kind: str, value: Any) -> list[Block]:
    depth = _LABELS.get(kind)
    items = value if isinstance(value, list) else [value]
    out: list[Block] = []
    for item in items:
        if not isinstance(item, _Object):
            continue
        if kind == "locals":
            out.append(Block("locals", (), _body(item, "locals"), item.line))
        elif kind == "terraform" or depth is None:
            out.append(Block(kind, (), Body({}, []), item.line))
        else:
            out += _labelled(kind, item, depth, ())
    return out


def _labelled(kind: str, obj: _Object, depth: int, labels: tuple[str, ...]) -> list[Block]:
    out: list[Block] = []
    for key, value in obj.pairs:
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, _Object):
                continue
            if depth == 1:
                out.append(Block(kind, (*labels, key), _body(item, kind), item.line))
            else:
                out += _labelled(kind, item, depth - 1, (*labels, key))
    return out


def parse_json_config(data: bytes) -> ParsedFile:
    try:
        text = decode(data)
        try:
            document = _Decoder(text).decode(text)
        except json.JSONDecodeError as exc:
            return ParsedFile(None, HclSyntaxError(exc.lineno, f"invalid JSON: {exc.msg}"))
        if not isinstance(document, _Object):
            return ParsedFile(None, HclSyntaxError(1, "a .tf.json file must hold a JSON object"))
        blocks: list[Block] = []
        for kind, value in document.pairs:
            blocks += _blocks(kind, value)
        return ParsedFile(Body({}, blocks))
    except HclSyntaxError as exc:
        return ParsedFile(None, exc)
    except templates.TemplateError as exc:
        return ParsedFile(None, HclSyntaxError(exc.line, str(exc)))
    except RecursionError:
        return ParsedFile(None, HclSyntaxError(1, "JSON nested too deeply"))
