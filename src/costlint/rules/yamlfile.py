"""YAML that remembers where each mapping key was written, for ``file:line`` messages.

Rule packs and ``.costlint.yml`` are validated after loading; every mapping comes back as a ``Node``
(a dict) whose ``lines`` give each key's 1-based line and ``line`` its own first line.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Node(dict[Any, Any]):
    """A mapping with the line of each key (``lines``) and of the mapping itself (``line``)."""

    line: int = 1
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line) if hasattr(self, "lines") else self.line


class _LineLoader(_Loader):
    pass


def _mapping(loader: Any, node: Any) -> Node:
    out = Node()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (dict, list)):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[str(key)] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str) -> Any:
    """The document, its mappings as ``Node``s; a ``YamlError`` with the line of a syntax error."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlError(line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"invalid YAML: {exc}") from None


def line_of(value: Any, key: str | None = None, default: int = 1) -> int:
    """The line of ``key`` in a ``Node`` (or of the node itself), else ``default``."""
    if isinstance(value, Node):
        return value.line_of(key) if key is not None else value.line
    return default
