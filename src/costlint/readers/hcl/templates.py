"""String templates: escapes, interpolations ``${...}`` and directives ``%{ if }`` / ``%{ for }``.

Quoted strings arrive from the grammar already split into literal text and interpolations; heredocs
and ``templatefile()`` templates arrive as raw text and are split here. Either way the parts end up
as a ``Template`` node (or a ``Literal`` when there is nothing to evaluate).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from costlint.readers.hcl.ast import Expr, Literal, Template, TemplateFor, TemplateIf, TemplatePart

ParseExpr = Callable[[str, int], Expr]
"""Parses an expression's source text; the int is the line the text starts on."""


class TemplateError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


_ESCAPE = re.compile(r"\\(?:([nrt\"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_FOR = re.compile(r"^for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\s+in\s+(.+)$", re.S)


def _unescape_match(match: re.Match[str]) -> str:
    if match.group(1):
        return _SIMPLE_ESCAPES[match.group(1)]
    return chr(int(match.group(2) or match.group(3), 16))


def unescape_quoted(raw: str) -> str:
    """Backslash escapes of a quoted string, then the template escapes ``$${`` and ``%%{``."""
    if "\\" in raw:
        raw = _ESCAPE.sub(_unescape_match, raw)
    return _unescape_template(raw)


def _unescape_template(text: str) -> str:
    if "$${" in text:
        text = text.replace("$${", "${")
    if "%%{" in text:
        text = text.replace("%%{", "%{")
    return text


# A raw sequence item: literal text, an expression, or a directive (keyword, argument text, strip
# markers left/right, line).
_Directive = tuple[str, str, bool, bool, int]


def _find_close(text: str, start: int) -> int:
    """Index of the ``}`` closing an interpolation whose content starts at ``start``, or -1."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


def split_raw(text: str, line: int, parse_expr: ParseExpr, quoted: bool) -> list[str | Expr | _Directive]:
    """Split raw template text (a heredoc's content, a template file) into literals and sequences."""
    items: list[str | Expr | _Directive] = []
    i, n, literal_start = 0, len(text), 0
    while i < n:
        j = text.find("{", i)
        if j < 1:
            break
        if text[j - 1] not in "$%":
            i = j + 1
            continue
        if j >= 2 and text[j - 2] == text[j - 1]:  # $${ or %%{: an escaped sequence, literal
            i = j + 1
            continue
        kind = text[j - 1]
        close = _find_close(text, j + 1)
        here = line + text.count("\n", 0, j)
        if close < 0:
            raise TemplateError(f"unclosed '{kind}{{' in template", here)
        literal = text[literal_start : j - 1]
        if literal:
            items.append(unescape_quoted(literal) if quoted else _unescape_template(literal))
        inner = text[j + 1 : close]
        strip_left = inner.startswith("~")
        strip_right = inner.endswith("~")
        inner = inner[1 if strip_left else 0 : len(inner) - 1 if strip_right else len(inner)]
        if kind == "$":
            if strip_left:
                items.append(("strip", "", True, False, here))
            items.append(parse_expr(inner, here))
            if strip_right:
                items.append(("strip", "", False, True, here))
        else:
            keyword, _, argument = inner.strip().partition(" ")
            items.append((keyword, argument.strip(), strip_left, strip_right, here))
        i = literal_start = close + 1
    if literal_start < n:
        tail = text[literal_start:]
        items.append(unescape_quoted(tail) if quoted else _unescape_template(tail))
    return items


def split_literal(raw: str, line: int, parse_expr: ParseExpr, quoted: bool) -> list[str | Expr | _Directive]:
    """A literal chunk of a quoted string may still hold directives (``%{ if ... }``)."""
    if "%{" not in raw:
        return [unescape_quoted(raw) if quoted else _unescape_template(raw)]
    return split_raw(raw, line, parse_expr, quoted)


def build(items: list[str | Expr | _Directive], parse_expr: ParseExpr) -> Expr:
    """Nest directives, apply strip markers, and return a ``Template`` (or a ``Literal``)."""
    flat = _apply_strip(items)
    parts, rest, _ = _nest(flat, 0, parse_expr, ())
    del rest
    if not parts:
        return Literal("")
    if all(isinstance(p, str) for p in parts):
        return Literal("".join(p for p in parts if isinstance(p, str)))
    return Template(tuple(parts))


def _apply_strip(items: list[str | Expr | _Directive]) -> list[str | Expr | _Directive]:
    out: list[str | Expr | _Directive] = []
    strip_next = False
    for item in items:
        if isinstance(item, str):
            if strip_next:
                item = item.lstrip()
                strip_next = False
            out.append(item)
            continue
        if isinstance(item, tuple):
            _, _, left, right, _ = item
            if left and out and isinstance(out[-1], str):
                out[-1] = out[-1].rstrip()
            strip_next = right
            if item[0] == "strip":
                continue
        else:
            strip_next = False
        out.append(item)
    return out


def _nest(
    items: list[str | Expr | _Directive], index: int, parse_expr: ParseExpr, until: tuple[str, ...]
) -> tuple[list[TemplatePart], int, str]:
    parts: list[TemplatePart] = []
    while index < len(items):
        item = items[index]
        index += 1
        if isinstance(item, str):
            if item:
                if parts and isinstance(parts[-1], str):
                    parts[-1] += item
                else:
                    parts.append(item)
            continue
        if not isinstance(item, tuple):
            parts.append(item)
            continue
        keyword, argument, _, _, line = item
        if keyword in until:
            return parts, index, keyword
        if keyword == "if":
            condition = parse_expr(argument, line)
            true, index, ended = _nest(items, index, parse_expr, ("else", "endif"))
            false: list[TemplatePart] = []
            if ended == "else":
                false, index, ended = _nest(items, index, parse_expr, ("endif",))
            if ended != "endif":
                raise TemplateError("'%{ if }' without '%{ endif }'", line)
            parts.append(TemplateIf(condition, tuple(true), tuple(false)))
        elif keyword == "for":
            match = _FOR.match("for " + argument)
            if not match:
                raise TemplateError(f"invalid template directive 'for {argument}'", line)
            first, second, collection = match.groups()
            body, index, ended = _nest(items, index, parse_expr, ("endfor",))
            if ended != "endfor":
                raise TemplateError("'%{ for }' without '%{ endfor }'", line)
            key_var, value_var = (first, second) if second else (None, first)
            parts.append(TemplateFor(key_var, value_var, parse_expr(collection, line), tuple(body)))
        else:
            raise TemplateError(f"unexpected template directive '{keyword}'", line)
    if until:
        return parts, index, ""
    return parts, index, ""


def parse_template_text(text: str, line: int, parse_expr: ParseExpr) -> Expr:
    """A heredoc's content or a template file: no backslash escapes, ``$${``/``%%{`` only."""
    return build(split_raw(text, line, parse_expr, quoted=False), parse_expr)
