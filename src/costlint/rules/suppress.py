"""Suppressions: where a user says a finding is accepted, and why.

- **Inline, Terraform**: a comment ``# costlint:ignore CL101 reason`` (or ``//``; IDs or slugs, several
  joined by commas) on a line inside the resource's block, or on the comment lines right above it.
- **Inline, CloudFormation YAML**: the same comment on the lines right above the logical ID or inside
  the resource (the lines indented below it).
- **CloudFormation Metadata**: ``Metadata: {costlint: {ignore: [CL101, {id: CL201, reason: ...}]}}``.
- **Config**: ``ignore:`` entries of ``.costlint.yml`` (rule, optional path and address globs, reason).

The source file is read only when a finding falls in it, and only the lines around the resource are
scanned; HCL strings, heredocs and comments are skipped when finding where a block ends.
"""

from __future__ import annotations

import contextlib
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from costlint.model import Diagnostic, Resource
from costlint.rules.config import Settings
from costlint.rules.model import Finding, Rule

DIRECTIVE = re.compile(
    r"(?:#|//|/\*)\s*costlint:ignore(?:\s*=\s*|\s+)([A-Za-z0-9_,\-*]+):?(?:\s+(.*?))?\s*(?:\*/)?\s*$"
)
_HEREDOC = re.compile(r"<<-?\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


@dataclass
class Directive:
    names: tuple[str, ...]
    reason: str
    line: int


def directives_in(line: str, number: int) -> Directive | None:
    if "costlint:ignore" not in line:
        return None
    match = DIRECTIVE.search(line)
    if match is None:
        return None
    names = tuple(n for n in match.group(1).split(",") if n)
    return Directive(names, (match.group(2) or "").strip(), number)


def hcl_block_end(lines: list[str], start: int) -> int:
    """The 1-based line where the block opening on line ``start`` closes (the last line if it never does)."""
    stack: list[str] = []  # "{" for braces, "${" for a template interpolation inside a string
    in_string = False
    in_comment = False
    heredoc: str | None = None
    opened = False
    for index in range(start - 1, len(lines)):
        line = lines[index]
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        j = 0
        while j < len(line):
            char = line[j]
            if in_comment:
                if line.startswith("*/", j):
                    in_comment = False
                    j += 1
            elif in_string:
                if char == "\\":
                    j += 1
                elif char == '"':
                    in_string = False
                elif line.startswith("${", j) or line.startswith("%{", j):
                    stack.append("${")
                    in_string = False
                    j += 1
            elif char == "#" or line.startswith("//", j):
                break
            elif line.startswith("/*", j):
                in_comment = True
                j += 1
            elif char == '"':
                in_string = True
            elif char == "{":
                stack.append("{")
                opened = True
            elif char == "}":
                top = stack.pop() if stack else "{"
                if top == "${":
                    in_string = True
                elif opened and not stack:
                    return index + 1
            elif char == "<" and _HEREDOC.match(line, j):
                heredoc = _HEREDOC.match(line, j).group(1)  # type: ignore[union-attr]
                break
            j += 1
    return len(lines)


def yaml_block_end(lines: list[str], start: int) -> int:
    """The last line of the YAML mapping entry on line ``start``: the lines indented deeper below it."""
    indent = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    end = start
    for index in range(start, len(lines)):
        text = lines[index]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if len(text) - len(text.lstrip()) <= indent:
            break
        end = index + 1
    return end


def _comments_above(lines: list[str], start: int) -> range:
    first = start
    while first > 1 and lines[first - 2].lstrip().startswith(("#", "//")):
        first -= 1
    return range(first, start)


class Suppressor:
    def __init__(self, rules: list[Rule], settings: Settings) -> None:
        self.by_name = {r.id: r for r in rules} | {r.slug: r for r in rules}
        self.settings = settings
        self._lines: dict[Path, list[str] | None] = {}
        self._extents: dict[tuple[Path, int], list[Directive]] = {}
        self.diagnostics: list[Diagnostic] = []
        self._reported: set[tuple[str, int, str]] = set()

    def _read(self, path: Path) -> list[str] | None:
        if path not in self._lines:
            try:
                self._lines[path] = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self._lines[path] = None
        return self._lines[path]

    def _inline(self, path: Path, shown: str, resource: Resource) -> list[Directive]:
        key = (path, resource.line)
        if key in self._extents:
            return self._extents[key]
        found: list[Directive] = []
        lines = self._read(path) if path.suffix in (".tf", ".tofu", ".yaml", ".yml", ".template") else None
        if lines and 0 < resource.line <= len(lines) and any("costlint:ignore" in line for line in lines):
            if path.suffix in (".tf", ".tofu"):
                end = hcl_block_end(lines, resource.line)
            else:
                end = yaml_block_end(lines, resource.line)
            for number in (*_comments_above(lines, resource.line), *range(resource.line, end + 1)):
                directive = directives_in(lines[number - 1], number)
                if directive is not None:
                    found.append(directive)
                    self._check_names(directive.names, shown, number)
        self._extents[key] = found
        return found

    def _check_names(self, names: Iterable[str], shown: str, line: int) -> None:
        for name in names:
            if name != "*" and name not in self.by_name and (shown, line, name) not in self._reported:
                self._reported.add((shown, line, name))
                self.diagnostics.append(
                    Diagnostic(shown, line, f"costlint:ignore names an unknown rule: {name}", "warning")
                )

    def _matches(self, name: str, rule: Rule) -> bool:
        return name in ("*", rule.id, rule.slug)

    def apply(self, finding: Finding, source: Path | None) -> None:
        """Mark ``finding`` suppressed when an inline comment, Metadata or the config says so."""
        rule = finding.rule
        resource = finding.resource
        if resource is not None and source is not None and finding.line == resource.line:
            for directive in self._inline(source, finding.file, resource):
                if any(self._matches(n, rule) for n in directive.names):
                    finding.suppressed_by = "inline"
                    finding.justification = directive.reason or "no reason given"
                    return
        if resource is not None and resource.metadata:
            for name, reason in _metadata_ignores(resource.metadata):
                if self._matches(name, rule):
                    finding.suppressed_by = "metadata"
                    finding.justification = reason or "no reason given"
                    return
        for ignore in self.settings.ignores:
            if ignore.rule not in ("*", rule.id):
                continue
            if ignore.paths and not self._path_matches(source, finding.file, ignore.paths):
                continue
            if ignore.addresses and not any(fnmatch.fnmatchcase(finding.address, a) for a in ignore.addresses):
                continue
            finding.suppressed_by = "config"
            finding.justification = ignore.reason
            return

    def _path_matches(self, source: Path | None, shown: str, patterns: tuple[str, ...]) -> bool:
        candidates = [shown]
        if source is not None:
            with contextlib.suppress(ValueError):
                candidates.append(source.resolve().relative_to(self.settings.root).as_posix())
        return any(
            fnmatch.fnmatchcase(c, p) or fnmatch.fnmatchcase(c, p.rstrip("/") + "/*")
            for c in candidates
            for p in patterns
        )


def _metadata_ignores(metadata: dict[str, Any]) -> list[tuple[str, str]]:
    own = metadata.get("costlint")
    ignores = own.get("ignore") if isinstance(own, dict) else None
    if isinstance(ignores, str):
        ignores = [ignores]
    out = []
    for item in ignores if isinstance(ignores, list) else []:
        if isinstance(item, str):
            out.append((item, ""))
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            reason = item.get("reason", item.get("comment", ""))
            out.append((item["id"], reason if isinstance(reason, str) else ""))
    return out
