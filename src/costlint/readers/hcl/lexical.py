"""A light lexical scan of HCL text, used only after the grammar rejected a file.

It answers two questions the LALR parser's error cannot:

* where the real problem is: an unclosed string swallows the rest of the file in python-hcl2's
  grammar (its string token accepts newlines), so the parser fails at the end of the file; an
  unclosed ``{`` fails at the end too. The scan finds the opening quote or bracket.
* whether the file uses continuation lines that Terraform accepts inside parentheses and brackets but
  the 7.x grammar rejects (a line starting with ``?``, ``:``, ``.``, ``&&``, ``+``...). ``join_continuations``
  moves such lines onto the previous one and keeps the line count, so every later line keeps its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEREDOC = re.compile(r"<<-?([A-Za-z][A-Za-z0-9._-]*)[ \t]*\n")
# A brace that opens a for expression (``{ for k, v in x : k => v }``), where newlines are ignored.
_FOR_AFTER_BRACE = re.compile(r"\s*for\s")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
# Operators that may start a continuation line inside ( ) or [ ].
_LEADING_OPERATOR = re.compile(r"[ \t]*(\?|:(?!:)|\.(?![.])|&&|\|\||==|!=|<=|>=|<|>|\+|-|\*|/(?![/*])|%)")


@dataclass
class Scan:
    unclosed_string: int | None = None
    """Line of the first quoted string that reaches the end of its line."""
    unmatched_closer: tuple[str, int] | None = None
    """First closing bracket without its opener: (character, line)."""
    unclosed: list[tuple[str, int]] = field(default_factory=list)
    """Brackets still open at the end of the file: (character, line), outermost first."""
    unclosed_heredoc: int | None = None
    line_context: dict[int, str] = field(default_factory=dict)
    """1-based line -> innermost open bracket at its start, for lines that start in code (``{for``: the
    brace of a for expression)."""
    comment_start: dict[int, int] = field(default_factory=dict)
    """1-based line -> column where a trailing ``#`` or ``//`` comment starts."""


def scan(text: str) -> Scan:
    result = Scan()
    stack: list[tuple[str, int]] = []  # opener ('(', '[', '{', '${', '"'), line
    i, n, line, line_start = 0, len(text), 1, 0
    result.line_context[1] = ""
    while i < n:
        c = text[i]
        in_string = bool(stack) and stack[-1][0] == '"'
        if in_string:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                stack.pop()
            elif c == "\n":
                if result.unclosed_string is None:
                    result.unclosed_string = stack[-1][1]
                stack.pop()  # recover: treat the string as closed at the end of its line
                continue
            elif text.startswith("$${", i) or text.startswith("%%{", i):
                i += 3
                continue
            elif text.startswith("${", i) or text.startswith("%{", i):
                stack.append(("${", line))
                i += 2
                continue
            i += 1
            continue
        if c == "\n":
            line += 1
            line_start = i + 1
            result.line_context[line] = stack[-1][0] if stack else ""
        elif c == "#" or text.startswith("//", i):
            result.comment_start[line] = i - line_start
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
            continue
        elif c == '"':
            stack.append(('"', line))
        elif c == "<" and text.startswith("<<", i):
            match = _HEREDOC.match(text, i)
            if match:
                marker = re.compile(rf"^[ \t]*{re.escape(match.group(1))}[ \t]*$", re.M)
                closing = marker.search(text, match.end())
                if closing is None:
                    result.unclosed_heredoc = line
                    return _finish(result, stack)
                line += text.count("\n", i, closing.end())
                i = closing.end()
                continue
        elif c in "([{":
            stack.append(("{for" if c == "{" and _FOR_AFTER_BRACE.match(text, i + 1) else c, line))
        elif c in ")]}":
            opener = stack[-1][0] if stack else None
            if opener == _CLOSERS[c] or (c == "}" and opener in ("${", "{for")):
                stack.pop()
            elif result.unmatched_closer is None:
                result.unmatched_closer = (c, line)
        i += 1
    return _finish(result, stack)


def _finish(result: Scan, stack: list[tuple[str, int]]) -> Scan:
    result.unclosed = [("{" if c == "{for" else c, line) for c, line in stack if c != '"']
    return result


def join_continuations(text: str, result: Scan | None = None) -> str | None:
    """Text with leading-operator continuation lines joined to the previous line, or None if none.

    Only lines that start inside ``(``, ``[`` or a for expression's ``{`` (where Terraform ignores
    newlines) are joined; the newline is moved to the end of the joined line so that the file keeps its
    line count.
    """
    result = result or scan(text)
    lines = text.split("\n")
    changed = False
    target = -1  # index of the line receiving joined text
    for index, content in enumerate(lines):
        number = index + 1
        context = result.line_context.get(number)
        if index and context in ("(", "[", "{for") and _LEADING_OPERATOR.match(content) and target >= 0:
            receiving = lines[target]
            cut = result.comment_start.get(target + 1)
            if cut is not None:
                receiving = receiving[:cut]
            lines[target] = receiving + " " + content.lstrip(" \t")
            lines[index] = ""
            # The receiving line's comment, if any, was dropped with it: later comments stay.
            result.comment_start.pop(target + 1, None)
            if number in result.comment_start:
                result.comment_start[target + 1] = (
                    len(receiving) + 1 + result.comment_start.pop(number) - (len(content) - len(content.lstrip(" \t")))
                )
            changed = True
            continue
        if context is not None:
            target = index
    return "\n".join(lines) if changed else None


_KEY_START = re.compile(r"[ \t]*([A-Za-z_][A-Za-z0-9_-]*)")
_KEY_END = re.compile(r"[ \t]*(=(?![=>])|:(?!:))")
_STATIC_INDEX = re.compile(r'\[\s*("[^"\\$%]*"|\d+)\s*\]')


def parenthesize_keys(text: str, result: Scan | None = None) -> tuple[str, set[int]] | None:
    """Text with object keys that are function calls or indexed traversals wrapped in parentheses.

    ``format("%s-alb", x) = {...}`` and ``local.a[local.env].b = 1`` are keys Terraform evaluates, but
    the 7.x grammar takes only names, dotted names and parenthesized expressions as keys. Only lines
    that start inside an object's ``{`` are rewritten, on the same line. Returns the text and the lines
    whose key is a static traversal (``local.a["k"].b``), which Terraform refuses as ambiguous; None
    when nothing changed.
    """
    result = result or scan(text)
    lines = text.split("\n")
    ambiguous: set[int] = set()
    changed = False
    for index, content in enumerate(lines):
        if result.line_context.get(index + 1) != "{":
            continue
        start = _KEY_START.match(content)
        if start is None or start.group(1) in ("for", "if"):
            continue
        end = _traversal_end(content, start.end())
        key = content[start.start(1) : end]
        if end is None or not ("(" in key or "[" in key) or not _KEY_END.match(content, end):
            continue
        lines[index] = f"{content[: start.start(1)]}({key}){content[end:]}"
        if "(" not in key and all(_STATIC_INDEX.fullmatch(m.group(0)) for m in re.finditer(r"\[[^\]]*\]", key)):
            ambiguous.add(index + 1)
        changed = True
    return ("\n".join(lines), ambiguous) if changed else None


def _traversal_end(content: str, i: int) -> int | None:
    """End of a name followed by calls, indexes and attributes (brackets balanced, strings skipped)."""
    depth = 0
    n = len(content)
    while i < n:
        c = content[i]
        if c == '"':
            i += 1
            while i < n and content[i] != '"':
                i += 2 if content[i] == "\\" else 1
            if i >= n:
                return None
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and not (c.isalnum() or c in "_-."):
            break
        i += 1
    return i if depth == 0 else None
