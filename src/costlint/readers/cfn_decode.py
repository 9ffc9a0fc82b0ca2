"""Decode a CloudFormation template with cfn-lint's decoder, turning every failure into one diagnostic.

cfn-lint is imported here, inside ``decode_template``, and nowhere else: importing it costs about half
a second, which a Terraform-only run or ``costlint --help`` must not pay.

The decoder gives ``dict_node``/``list_node``/``str_node`` values whose ``start_mark.line`` is 0-based;
ints, floats and booleans carry no mark (their key's mark is used instead). YAML short tags come back
as single-key mappings (``!Ref X`` -> ``{"Ref": "X"}``, ``!Secret x`` -> ``{"Fn::Secret": "x"}``), so
tags of other tools are found afterwards by ``unknown_functions``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costlint.files import MAX_TEMPLATE_BYTES, InputTooLarge, mib, os_reason, read_input

# Intrinsic functions of CloudFormation and its language extensions; any other ``Fn::`` key is a tag of
# another tool (Ansible's ``!vault``, a ``!Secret`` of some templating layer) or a typo.
KNOWN_FUNCTIONS = frozenset(
    {
        "Fn::And",
        "Fn::Base64",
        "Fn::Cidr",
        "Fn::Equals",
        "Fn::FindInMap",
        "Fn::GetAtt",
        "Fn::GetAZs",
        "Fn::If",
        "Fn::ImportValue",
        "Fn::Join",
        "Fn::Length",
        "Fn::Not",
        "Fn::Or",
        "Fn::Select",
        "Fn::Split",
        "Fn::Sub",
        "Fn::ToJsonString",
        "Fn::Transform",
        "Fn::GetStackOutput",
        # Only in the Rules section (parameter validation); costlint does not evaluate Rules.
        "Fn::Contains",
        "Fn::EachMemberEquals",
        "Fn::EachMemberIn",
        "Fn::RefAll",
        "Fn::ValueOf",
        "Fn::ValueOfAll",
    }
)

_LINE_IN_MESSAGE = re.compile(r"line (\d+), column (\d+)")
_DUPLICATE = re.compile(r"^Duplicate found '(.*)' \(line (\d+)\)$")


@dataclass
class DecodeError:
    line: int
    message: str


def line_of(node: object, default: int = 1) -> int:
    """1-based line of a decoded node, or ``default`` for values without a mark (ints, bools, ...)."""
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else default


def decode_template(path: Path) -> tuple[Any, list[str], DecodeError | None]:
    """Read and decode one template: (template, source lines, None) or (None, [], error)."""
    try:
        data = read_input(path, MAX_TEMPLATE_BYTES)
    except OSError as exc:
        return None, [], DecodeError(1, f"cannot read file: {os_reason(exc)}")
    except InputTooLarge as exc:
        message = f"template is {mib(exc.size)}, more than the 1 MB CloudFormation accepts; not read"
        return None, [], DecodeError(1, message)
    if b"\0" in data:
        return None, [], DecodeError(1, "binary file, not a CloudFormation template")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [], DecodeError(line, f"not UTF-8 text (byte 0x{data[exc.start]:02x})")
    if not text.strip():
        return None, [], DecodeError(1, "empty file")
    from cfnlint.decode import decode_str  # lazy: see the module docstring

    template, matches = decode_str(text)
    if matches:
        return None, [], _first_error(matches, path, text)
    if not isinstance(template, dict):
        return None, [], DecodeError(1, f"template must be a mapping, got {_kind(template)}")
    return template, text.splitlines(), None


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "nothing"
    return f"a {type(value).__name__}"


def _first_error(matches: list[Any], path: Path, text: str) -> DecodeError:
    """One diagnostic for a file the decoder rejected: the first problem, in plain words."""
    duplicates: dict[str, list[int]] = {}
    for match in matches:
        found = _DUPLICATE.match(str(match.message))
        if found:
            duplicates.setdefault(found.group(1), []).append(int(found.group(2)))
    if duplicates:
        key, lines = next(iter(duplicates.items()))
        lines = sorted(set(lines))
        more = f" (first at line {lines[0]})" if len(lines) > 1 else ""
        return DecodeError(lines[-1], f"duplicate key '{key}'{more}")
    first = min(matches, key=lambda m: m.linenumber or 0)
    raw = str(first.message)
    line = first.linenumber or 1
    # Constructor errors arrive as "Template could not be parsed: ... line N, column M" with line 0.
    in_message = _LINE_IN_MESSAGE.search(raw)
    if in_message and line <= 1:
        line = int(in_message.group(1))
    # "Unexpected end of stream" errors point just past the last line; keep the line in the file.
    line = max(1, min(line, len(text.splitlines())))
    message = raw.split("\n", 1)[0].strip()
    message = message.removeprefix("Template could not be parsed: ")
    if "could not determine a constructor for the tag" in message:
        tag = re.search(r"'([^']*)'", message)
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "?"
        message = f"unsupported YAML tag {shown}"
    language = "JSON" if text.lstrip().startswith("{") or path.suffix == ".json" else "YAML"
    return DecodeError(line, f"invalid {language}: {message}")


def unknown_functions(template: Any, text_lines: list[str] | None = None) -> list[tuple[int, str]]:
    """(line, name) of every mapping whose single key is an ``Fn::`` function CloudFormation lacks.

    ``name`` is ``!Tag`` when the source at the node's position is a YAML tag, else ``Fn::Name``.
    """
    found: list[tuple[int, str]] = []
    stack = [template]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if len(node) == 1:
                (key,) = node.keys()
                if (
                    isinstance(key, str)
                    and key.startswith("Fn::")
                    and key not in KNOWN_FUNCTIONS
                    and not key.startswith("Fn::ForEach::")
                ):
                    found.append((line_of(node), _spelling(node, key, text_lines)))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return sorted(found)


def _spelling(node: object, key: str, text_lines: list[str] | None) -> str:
    mark = getattr(node, "start_mark", None)
    if (
        mark is not None
        and text_lines is not None
        and mark.line < len(text_lines)
        and text_lines[mark.line][mark.column :].startswith("!")
    ):
        return "!" + key.removeprefix("Fn::")
    return key
