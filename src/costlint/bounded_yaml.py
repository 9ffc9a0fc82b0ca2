"""Plain YAML (usage files, parameters files, ``yamldecode``) loaded within a bound, with key lines.

A YAML alias is a reference to an anchored node, so nine nested lists of ten aliases (a 408-byte
"billion laughs" file) compose into a small node graph that constructs to a billion values. The graph
is measured before anything is constructed: a document that would expand to more than
``MAX_EXPANDED_NODES`` values is refused. The limit is cfn-lint's for CloudFormation templates
(``cfnlint.decode.cfn_yaml._MAX_EXPANDED_NODES``), so every YAML input costlint reads has the same one;
templates keep going through cfn-lint's decoder, which applies it.

PyYAML is imported on first use (about 13 ms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

MAX_EXPANDED_NODES = 250_000


class YamlProblem(Exception):
    """Why a YAML document was refused, at a 1-based line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    data: Any
    node: yaml.Node | None
    """The composed node graph (marks give each key's line), None for an empty document."""


def load(text: str, *, duplicate_keys: bool = True) -> Document:
    """Compose, check and construct one YAML document; YamlProblem when it is invalid or too large.

    ``duplicate_keys``: refuse a mapping that repeats a key (PyYAML keeps the last one silently).

    Through libyaml (``CSafeLoader``) when PyYAML has it, about ten times faster (cloud-foundation-fabric
    decodes 180 YAML files with ``yamldecode``); the node graph is the same, so the same checks apply. A
    document libyaml refuses is loaded again by the pure-Python loader, whose messages and lines are the
    ones costlint reports (libyaml words its errors differently).
    """
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None and not _deeply_nested(text):
        try:
            return _load(text, duplicate_keys, fast)
        except _LibraryError:
            pass
    try:
        return _load(text, duplicate_keys, yaml.SafeLoader)
    except _LibraryError as exc:
        raise exc.problem from None


_LIBYAML_DEPTH = 1000
"""Flow collections nested deeper than this go to the pure-Python loader: libyaml composes them with C
recursion, and 100,000 nested ``[`` overflow its stack (a segmentation fault, not an error); the Python
loader stops at the recursion limit with "nested too deeply"."""


def _deeply_nested(text: str) -> bool:
    """Whether ``[``/``{`` may nest deeper than ``_LIBYAML_DEPTH`` (counting brackets inside strings too:
    a false alarm only costs the slower loader)."""
    if text.count("[") + text.count("{") <= _LIBYAML_DEPTH:
        return False
    depth = deepest = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > _LIBYAML_DEPTH:
            return True
    return False


class _LibraryError(Exception):
    """The YAML library refused the text (as opposed to costlint's own checks)."""

    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _load(text: str, duplicate_keys: bool, loader_class: Any) -> Document:
    import yaml

    try:
        loader = loader_class(text)
    except yaml.reader.ReaderError as exc:  # a control character: PyYAML refuses the text before parsing
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise _LibraryError(YamlProblem(line, f"character U+{code:04X} is not allowed in YAML")) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = YamlProblem(mark.line + 1 if mark else 1, exc.problem or exc.context or "invalid YAML")
            raise _LibraryError(problem) from None
        except yaml.YAMLError as exc:
            raise _LibraryError(YamlProblem(1, str(exc).splitlines()[0])) from None
        except RecursionError:
            raise YamlProblem(1, "nested too deeply") from None
        if node is None:
            return Document(None, None)
        _check(node, duplicate_keys)
        try:
            data = loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise _LibraryError(YamlProblem(mark.line + 1 if mark else 1, exc.problem or "invalid YAML")) from None
        except RecursionError:
            raise YamlProblem(1, "nested too deeply") from None
        return Document(data, node)
    finally:
        loader.dispose()


def _check(root: yaml.Node, duplicate_keys: bool) -> None:
    """Refuse an alias expansion over the limit, a recursive alias, and (if asked) duplicate keys.

    The expanded size of each distinct node is computed once (aliases share node objects), depth
    first without recursion, so the check costs O(distinct nodes) whatever the expansion.
    """
    import yaml

    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if isinstance(node, yaml.ScalarNode):
            sizes[key] = 1
            continue
        children = _children(node)
        if done:
            active.discard(key)
            total = 1 + sum(sizes[id(child)] for child in children)
            if total > MAX_EXPANDED_NODES:
                raise YamlProblem(
                    node.start_mark.line + 1,
                    f"the document expands to more than {MAX_EXPANDED_NODES:,} values once its aliases are "
                    "resolved (YAML alias amplification); refused",
                )
            sizes[key] = total
            continue
        if key in sizes:
            continue
        if key in active:
            raise YamlProblem(node.start_mark.line + 1, "an alias refers to the node that contains it (endless value)")
        active.add(key)
        if duplicate_keys and isinstance(node, yaml.MappingNode):
            _duplicates(node)
        stack.append((node, True))
        for child in children:
            if id(child) in active:
                raise YamlProblem(
                    child.start_mark.line + 1, "an alias refers to the node that contains it (endless value)"
                )
            if id(child) not in sizes:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _duplicates(node: yaml.MappingNode) -> None:
    import yaml

    seen: dict[str, int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in seen:
            raise YamlProblem(line, f"duplicate key '{key.value}' (first at line {seen[key.value]})")
        seen[key.value] = line
