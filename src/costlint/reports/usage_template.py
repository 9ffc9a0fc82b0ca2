"""The commented usage file ``costlint usage template`` writes.

Every key is commented out: the file is valid as written (it counts nothing), and uncommenting a
key and setting its value is all a user does. Indexed instances of one resource (``count``,
``for_each``) share one ``address[*]`` entry.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from costlint.estimate.context import base_address
from costlint.estimate.model import ProjectCost
from costlint.estimate.registry import UsageKey, usage_keys

_PLAIN = re.compile(r"^[A-Za-z0-9_./:\-]+(\[\*\])?$")


def yaml_key(text: str) -> str:
    """An address as a YAML mapping key (quoted when it has quotes, spaces or flow characters)."""
    if _PLAIN.match(text) and not text.startswith(("-", ":")):
        return text
    return json.dumps(text)


def yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if value is None:
        return "0"
    return json.dumps(value) if not re.match(r"^[A-Za-z0-9_.\-]+$", str(value)) else str(value)


@dataclass
class _Entry:
    key: str
    kind: str
    type: str
    where: str
    keys: tuple[UsageKey, ...]
    waiting: list[str] = field(default_factory=list)


def _key_lines(keys: tuple[UsageKey, ...], indent: str) -> list[str]:
    width = max(len(f"{k.name}: {yaml_value(k.example)}") for k in keys)
    return [f"{indent}# {f'{k.name}: {yaml_value(k.example)}'.ljust(width)}  # {k.description}" for k in keys]


def render_template(costs: list[ProjectCost]) -> str:
    entries: dict[str, _Entry] = {}
    types: dict[str, tuple[UsageKey, ...]] = {}
    for cost in costs:
        bases: dict[str, int] = {}
        for resource in cost.project.resources:
            bases[base_address(resource.address)] = bases.get(base_address(resource.address), 0) + 1
        for rc in cost.resources:
            r = rc.resource
            keys = usage_keys(r.kind or "", r.provider)
            if not keys:
                continue
            types.setdefault(r.type, keys)
            base = base_address(r.address)
            key = f"{base}[*]" if base != r.address and bases.get(base, 0) > 1 else r.address
            if key not in entries:
                entries[key] = _Entry(key, r.kind or "", r.type, f"{cost.project.path}: {r.location}", keys)
            waiting = [c.name for c in rc.awaiting_usage]
            entries[key].waiting += [w for w in waiting if w not in entries[key].waiting]
    lines = [
        "# costlint usage file: monthly quantities that the infrastructure code cannot say.",
        "# Written by `costlint usage template`; use it with `costlint breakdown --usage-file FILE`.",
        "# Uncomment a key and set its value. Keys left commented count nothing: usage-based components",
        "# then show their unit price and count $0. A value for an address wins over its type's default;",
        '# "[*]" in an address matches every index (count / for_each).',
        "version: 0.1",
        "",
        "# Defaults for every resource of a type (a Terraform or CloudFormation type, or a costlint kind):",
        "resource_type_default_usage:",
    ]
    for native_type, keys in types.items():
        # Keys only: their meanings are with the resources below.
        lines.append(f"  # {yaml_key(native_type)}:")
        lines += [f"  #   {k.name}: {yaml_value(k.example)}" for k in keys]
    lines += ["", "resource_usage:"]
    if not entries:
        lines.append("  # (no resource in these projects reads usage)")
    for entry in entries.values():
        lines.append(f"  # {entry.type} ({entry.kind}) at {entry.where}")
        if entry.waiting:
            lines.append(f"  # waiting for usage: {', '.join(entry.waiting)}")
        lines.append(f"  {yaml_key(entry.key)}:")
        lines += _key_lines(entry.keys, "    ")
    return "\n".join(lines) + "\n"
