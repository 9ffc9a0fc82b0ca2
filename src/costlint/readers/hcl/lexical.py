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
    """1-based line -> innermost open bracket at its start, for lines that start in code."""
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
            stack.append((c, line))
        elif c in ")]}":
            opener = stack[-1][0] if stack else None
            if opener == _CLOSERS[c] or (c == "}" and opener == "${"):
                stack.pop()
            elif result.unmatched_closer is None:
                result.unmatched_closer = (c, line)
        i += 1
    return _finish(result, stack)


def _finish(result: Scan, stack: list[tuple[str, int]]) -> Scan:
    result.unclosed = [(c if c != "${" else "${", line) for c, line in stack if c != '"']
    return result


def join_continuations(text: str, result: Scan | None = None) -> str | None:
    """Text with leading-operator continuation lines joined to the previous line, or None if none.

    Only lines that start inside ``(`` or ``[`` (where Terraform ignores newlines) are joined; the
    newline is moved to the end of the joined line so that the file keeps its line count.
    """
    result = result or scan(text)
    lines = text.split("\n")
    changed = False
    target = -1  # index of the line receiving joined text
    for index, content in enumerate(lines):
        number = index + 1
        context = result.line_context.get(number)
        if index and context in ("(", "[") and _LEADING_OPERATOR.match(content) and target >= 0:
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
