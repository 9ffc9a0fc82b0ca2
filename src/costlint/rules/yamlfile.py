"""YAML that remembers where each mapping key was written, for ``file:line`` messages.

Rule packs and ``.costlint.yml`` are validated after loading; every mapping comes back as a ``Node``
(a dict) whose ``lines`` give each key's 1-based line and ``line`` its own first line.
"""

from __future__ import annotations

from functools import cache
from typing import Any


class Node(dict[Any, Any]):
    """A mapping with the line of each key (``lines``) and of the mapping itself (``line``)."""

    line: int = 1
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line) if hasattr(self, "lines") else self.line


@cache
def _loader() -> Any:
    """A safe loader (libyaml's when available) whose mappings are ``Node``s; yaml is imported here, on
    the first YAML file read, so that a run without one never imports it."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(base):
        pass

    def mapping(loader: Any, node: Any) -> Node:
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

    LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return LineLoader


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def load(text: str) -> Any:
    """The document, its mappings as ``Node``s; a ``YamlError`` with the line of a syntax error."""
    import yaml

    try:
        return yaml.load(text, Loader=_loader())  # a SafeLoader subclass
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


def plain(value: Any) -> Any:
    """The value with its ``Node``s as plain dicts (for values kept after validation)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
