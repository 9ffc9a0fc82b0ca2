"""The usage file: monthly quantities that infrastructure code cannot say (requests, GB, hours).

The format is Infracost's, so existing files keep working::

    version: 0.1
    resource_type_default_usage:        # per type: Terraform type, CloudFormation type or costlint kind
      aws_lambda_function:
        monthly_requests: 1000000
    resource_usage:                     # per address; [*] matches every index
      aws_lambda_function.thumbnailer:
        monthly_requests: 5000000
      module.api.aws_nat_gateway.this[*]:
        monthly_data_processed_gb: 100
      ThumbnailFunction:                # a CloudFormation logical ID
        monthly_requests: 2000000

For one resource, a key's value comes from the first of: its exact address, a ``[*]`` pattern that
matches it (the most specific first), its native type's defaults, its kind's defaults, and last what the
project's own source says (a design sheet's ``usage:``, ``model.SourceUsage``): the usage file wins.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from costlint.model import Diagnostic, Resource, SourceUsage

UsageValue = Any
"""A Decimal for numbers, a str, a bool, or a dict of those (nested keys, e.g. S3 storage classes)."""


def _normalise(value: Any) -> UsageValue:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        try:
            return Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - yaml gives finite numbers or inf/nan
            return value
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    return value


def _pattern(address: str) -> re.Pattern[str]:
    parts = address.split("[*]")
    return re.compile(r"\[[^\]]*\]".join(re.escape(p) for p in parts) + r"\Z")


@dataclass
class Usage:
    defaults: dict[str, dict[str, UsageValue]] = field(default_factory=dict)
    exact: dict[str, dict[str, UsageValue]] = field(default_factory=dict)
    patterns: list[tuple[re.Pattern[str], dict[str, UsageValue]]] = field(default_factory=list)
    path: str | None = None
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Line of each entry and key in the file: ``(section, name)`` and ``(section, name, key)``."""
    pattern_names: dict[str, str] = field(default_factory=dict)
    """The address as written (``aws_instance.web[*]``) of each pattern, by its regex."""
    source: dict[str, dict[str, UsageValue]] = field(default_factory=dict)
    """By address, what the project's source gives (``beneath``): below every layer of the file."""

    def beneath(self, source: SourceUsage | None) -> Usage:
        """This usage with a project's own usage (a design sheet's) under it; itself when there is none."""
        if source is None or not source.values:
            return self
        return dataclasses.replace(self, source=source.values)

    def overriding(self, values: dict[str, dict[str, UsageValue]]) -> Usage:
        """This usage with ``values`` (address -> key -> value) winning over everything, for estimating
        a resource as it would be bought or run differently (a reserved term, fewer hours)."""
        if not values:
            return self
        exact = dict(self.exact)
        for address, keys in values.items():
            exact[address] = {**exact.get(address, {}), **keys}
        return dataclasses.replace(self, exact=exact)

    def for_resource(self, resource: Resource) -> dict[str, UsageValue]:
        """Every usage value that applies to the resource, most specific winning."""
        merged: dict[str, UsageValue] = {}
        for layer in self._layers(resource):
            merged.update(layer)
        return merged

    def _layers(self, resource: Resource) -> list[dict[str, UsageValue]]:
        layers: list[dict[str, UsageValue]] = []
        if resource.address in self.source:
            layers.append(self.source[resource.address])
        if resource.kind and resource.kind in self.defaults:
            layers.append(self.defaults[resource.kind])
        if resource.type in self.defaults:
            layers.append(self.defaults[resource.type])
        # Patterns with fewer wildcards are more specific; apply the least specific first.
        matching = [(p, v) for p, v in self.patterns if p.match(resource.address)]
        matching.sort(key=lambda pv: -pv[0].pattern.count(r"\[[^\]]*\]"))
        layers.extend(v for _, v in matching)
        if resource.address in self.exact:
            layers.append(self.exact[resource.address])
        return layers

    def addresses(self) -> list[str]:
        return list(self.exact) + [p.pattern for p, _ in self.patterns]


def from_source(source: SourceUsage) -> Usage:
    """A project's own usage as if it were a usage file's ``resource_usage`` (to check its values)."""
    lines = {("resource_usage", *key): line for key, line in source.lines.items()}
    return Usage(exact=dict(source.values), path=source.path, lines=lines)


def parse_usage(data: Any, path: str) -> tuple[Usage, list[Diagnostic]]:
    usage = Usage(path=path)
    diagnostics: list[Diagnostic] = []
    if data is None:
        return usage, diagnostics
    if not isinstance(data, dict):
        return usage, [
            Diagnostic(path, 1, "usage file must be a mapping with resource_usage and/or resource_type_default_usage")
        ]
    version = data.get("version", "0.1")
    if str(version) != "0.1" or isinstance(version, bool):
        shown = "nothing" if version is None else str(version).lower() if isinstance(version, bool) else version
        return usage, [Diagnostic(path, 1, f"usage file version must be 0.1 (Infracost's format), got {shown}")]
    unknown = set(data) - {"version", "resource_type_default_usage", "resource_usage"}
    for key in sorted(unknown):
        diagnostics.append(Diagnostic(path, 1, f"unknown top-level key {key!r} in usage file", "warning"))
    for section, target in (("resource_type_default_usage", "defaults"), ("resource_usage", "addresses")):
        entries = data.get(section) or {}
        if not isinstance(entries, dict):
            diagnostics.append(Diagnostic(path, 1, f"{section} must be a mapping"))
            continue
        for name, values in entries.items():
            if values is None:
                # An address whose keys are all commented out (``costlint usage template`` writes those).
                values = {}
            if not isinstance(values, dict):
                diagnostics.append(Diagnostic(path, 1, f"{section}.{name} must be a mapping of usage keys"))
                continue
            normalised = {str(k): _normalise(v) for k, v in values.items()}
            name = str(name)
            if target == "defaults":
                usage.defaults[name] = normalised
            elif "[*]" in name:
                pattern = _pattern(name)
                usage.patterns.append((pattern, normalised))
                usage.pattern_names[pattern.pattern] = name
            else:
                usage.exact[name] = normalised
    return usage, diagnostics


def load_usage(path: str) -> tuple[Usage, list[Diagnostic]]:
    """Read a usage file; problems come back as diagnostics (``path:line: error: ...``).

    Read as every plain YAML input is (``costlint.bounded_yaml``): aliases bounded like a template's,
    a repeated key an error rather than the last one winning."""
    from costlint.bounded_yaml import YamlProblem, load
    from costlint.files import InputTooLarge, os_reason, read_input

    try:
        text = read_input(path).decode("utf-8")
    except OSError as exc:
        return Usage(path=path), [Diagnostic(path, 1, f"cannot read usage file: {os_reason(exc)}")]
    except InputTooLarge as exc:
        return Usage(path=path), [Diagnostic(path, 1, f"usage {exc.message}")]
    except UnicodeDecodeError as exc:
        return Usage(path=path), [Diagnostic(path, 1, f"cannot read usage file: not UTF-8 ({exc.reason})")]
    try:
        document = load(text)
    except YamlProblem as problem:
        return Usage(path=path), [Diagnostic(path, problem.line, f"invalid YAML in usage file: {problem.message}")]
    data, node = document.data, document.node
    usage, diagnostics = parse_usage(data, path)
    if node is not None:
        usage.lines = _lines(node)
        for diagnostic in diagnostics:
            if diagnostic.line == 1:
                diagnostic.line = _line_of(diagnostic.message, usage.lines) or diagnostic.line
    return usage, diagnostics


def _lines(node: Any, prefix: tuple[str, ...] = (), depth: int = 4) -> dict[tuple[str, ...], int]:
    """Lines of mapping keys, ``depth`` levels down (section, name, key, nested key)."""
    import yaml

    out: dict[tuple[str, ...], int] = {}
    if depth == 0 or not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            path = (*prefix, str(key.value))
            out[path] = key.start_mark.line + 1
            out.update(_lines(value, path, depth - 1))
    return out


def _line_of(message: str, lines: dict[tuple[str, ...], int]) -> int | None:
    """The line of the entry a parse message names (``resource_usage.X must be a mapping``)."""
    for path, line in lines.items():
        if len(path) == 2 and f"{path[0]}.{path[1]} " in message:
            return line
    return None
