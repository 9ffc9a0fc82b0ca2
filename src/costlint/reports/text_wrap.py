"""Fitting text to a terminal: wrapping at spaces, and long names (addresses, paths) at their dots and
slashes rather than in the middle of a word."""

from __future__ import annotations

import re

_BREAKS = re.compile(r"(?<=[./\]\-,:])")


def _pieces(word: str, width: int) -> list[str]:
    """A word longer than ``width`` cut after a dot, slash, bracket, hyphen, comma or colon where it can
    be, else hard."""
    out: list[str] = []
    current = ""
    for part in (p for p in _BREAKS.split(word) if p):
        while len(part) > width:
            if current:
                out.append(current)
                current = ""
            out.append(part[:width])
            part = part[width:]
        if len(current) + len(part) > width:
            out.append(current)
            current = part
        else:
            current += part
    if current:
        out.append(current)
    return out


def wrap(text: str, width: int, indent: str = "", first_indent: str = "") -> list[str]:
    """``text`` as lines of at most ``width`` characters (indents included; never less than 10 for the text)."""
    lines: list[str] = []
    current = first_indent
    room_first = max(width - len(first_indent), 10)
    room_next = max(width - len(indent), 10)
    for word in text.split(" "):
        room = room_first if not lines else room_next
        prefix = first_indent if not lines else indent
        used = len(current) - len(prefix)
        if used and used + 1 + len(word) <= room:
            current += " " + word
            continue
        if not used and len(word) <= room:
            current += word
            continue
        if used and len(word) <= room_next:
            lines.append(current)
            current = indent + word
            continue
        for piece in _pieces(word, min(room_first, room_next)):
            if len(current) - len(prefix) > 0:
                lines.append(current)
                prefix = indent
                current = indent
            current += piece
    lines.append(current)
    return [line.rstrip() for line in lines]
