"""The ``configuration`` part of a Terraform plan JSON: provider regions, default tags, expressions.

Facts about the format (Terraform's ``internal/command/jsonconfig``) this relies on:

- ``provider_config`` keys are ``aws``, ``aws.west`` at the root and ``module.net:aws`` (module path
  without instance keys, a colon, the provider) for configurations inside modules; each entry has
  ``module_address`` and the block's ``expressions``.
- A resource's ``provider_config_key`` is normalised by Terraform to the configuration it really uses
  (a provider passed to or inherited by a module points at the root entry), but may name no entry at
  all; then the key is looked up one module level higher at a time.
- ``expressions`` hold ``{"constant_value": v}`` or ``{"references": ["var.region", ...]}``; nested
  blocks are lists of such mappings.
- Addresses inside ``configuration`` are relative to their module (``aws_instance.web``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from costlint.model import Unknown

_MODULE_NAME = re.compile(r"module\.([^.\[]+)(?:\[[^\]]*\])?")
_VARIABLE = re.compile(r"""^var\.([A-Za-z0-9_-]+)(?:\[("([^"]*)"|\d+)\])?$""")
_ARN_REGION = re.compile(r"^arn:[^:]+:[^:]+:([a-z]{2}(?:-[a-z]+)+-\d+):")
_NOT_RESOURCES = {"var", "local", "count", "each", "path", "terraform", "self", "data", "module"}


def module_names(module_address: str) -> list[str]:
    """``module.a["x"].module.b`` -> ``["a", "b"]`` (configuration has no instance keys)."""
    return _MODULE_NAME.findall(module_address or "")


def is_leaf(expression: Any) -> bool:
    return isinstance(expression, dict) and ("references" in expression or "constant_value" in expression)


class PlanConfig:
    def __init__(self, plan: Mapping[str, Any]) -> None:
        configuration = plan.get("configuration")
        configuration = configuration if isinstance(configuration, dict) else {}
        providers = configuration.get("provider_config")
        self.providers: dict[str, Any] = providers if isinstance(providers, dict) else {}
        root = configuration.get("root_module")
        self.root: dict[str, Any] = root if isinstance(root, dict) else {}
        variables = plan.get("variables")
        self.variables: dict[str, Any] = (
            {name: entry.get("value") for name, entry in (variables or {}).items() if isinstance(entry, dict)}
            if isinstance(variables, dict)
            else {}
        )
        self._resources: dict[tuple[str, ...], dict[tuple[Any, Any], dict[str, Any]]] = {}

    # -- modules and resources --------------------------------------------------------------------

    def module(self, names: list[str]) -> dict[str, Any] | None:
        current: Any = self.root
        for name in names:
            call = (current.get("module_calls") or {}).get(name) if isinstance(current, dict) else None
            if not isinstance(call, dict):
                return None
            current = call.get("module")
        return current if isinstance(current, dict) else None

    def module_call(self, names: list[str]) -> dict[str, Any] | None:
        parent = self.module(names[:-1]) if names else None
        call = (parent.get("module_calls") or {}).get(names[-1]) if parent else None
        return call if isinstance(call, dict) else None

    def resource(self, module_address: str, type_: str, name: str) -> dict[str, Any] | None:
        names = tuple(module_names(module_address))
        index = self._resources.get(names)
        if index is None:  # one pass per module: plans with thousands of resources stay linear
            index = self._resources[names] = {
                (entry.get("type"), entry.get("name")): entry
                for entry in (self.module(list(names)) or {}).get("resources") or []
                if isinstance(entry, dict) and entry.get("mode", "managed") == "managed"
            }
        return index.get((type_, name))

    # -- providers --------------------------------------------------------------------------------

    def provider_entry(
        self, module_address: str, config: dict[str, Any] | None, provider: str
    ) -> tuple[str, dict[str, Any] | None]:
        """(key, provider_config entry) of the configuration a resource uses."""
        names = module_names(module_address)
        key = (config or {}).get("provider_config_key")
        if not isinstance(key, str) or not key:
            key = (f"module.{'.module.'.join(names)}:" if names else "") + provider
        local = key.rsplit(":", 1)[-1]
        # Not in provider_config: configured further up (the NOTE in jsonconfig.resource).
        depth = len(names) if ":" in key else 0
        for level in range(depth, -1, -1):
            candidate = (f"module.{'.module.'.join(names[:level])}:" if level else "") + local
            entry = self.providers.get(candidate)
            if isinstance(entry, dict):
                return candidate, entry
        return key, None

    def provider_region(self, entry: dict[str, Any] | None) -> str | None:
        if entry is None:
            return None
        expression = (entry.get("expressions") or {}).get("region")
        value = self.evaluate(expression, module_names(entry.get("module_address", "")))
        return value if isinstance(value, str) and value else None

    def default_tags(self, entry: dict[str, Any] | None) -> dict[str, Any]:
        blocks = ((entry or {}).get("expressions") or {}).get("default_tags")
        tags: dict[str, Any] = {}
        for block in blocks if isinstance(blocks, list) else []:
            value = self.evaluate((block or {}).get("tags"), module_names((entry or {}).get("module_address", "")))
            if isinstance(value, dict):
                tags.update(value)
        return tags

    def evaluate(self, expression: Any, names: list[str], depth: int = 0) -> Any:
        """A constant, or a ``var.x`` (``var.x["k"]``) followed through module calls; else None."""
        if not is_leaf(expression) or depth > 20:
            return None
        if "constant_value" in expression:
            return expression["constant_value"]
        references = expression.get("references") or []
        match = _VARIABLE.match(references[0]) if references and isinstance(references[0], str) else None
        if match is None:
            return None
        name, index = match.group(1), match.group(2)
        if not names:
            value = self.variables.get(name)
        else:
            call = self.module_call(names)
            passed = ((call or {}).get("expressions") or {}).get(name)
            value = self.evaluate(passed, names[:-1], depth + 1) if passed is not None else None
            if passed is None:
                variable = ((self.module(names) or {}).get("variables") or {}).get(name)
                value = variable.get("default") if isinstance(variable, dict) else None
        if index is None:
            return value
        key: Any = match.group(3) if match.group(3) is not None else int(index)
        try:
            return value[key] if isinstance(value, (dict, list)) else None
        except (KeyError, IndexError):
            return None


def arn_region(values: Any) -> str | None:
    arn = values.get("arn") if isinstance(values, dict) else None
    match = _ARN_REGION.match(arn) if isinstance(arn, str) else None
    return match.group(1) if match else None


class Addresses:
    """The plan's resource addresses, and its instances by address without the last index."""

    def __init__(self, addresses: set[str]) -> None:
        self.all = addresses
        self.instances: dict[str, list[str]] = {}
        for address in addresses:
            if address.endswith("]"):
                self.instances.setdefault(address[: address.rfind("[")], []).append(address)


def reference_of(expression: Any, module_prefix: str, addresses: Addresses) -> tuple[str | None, str | None]:
    """(what an unknown value comes from, address of the plan resource it is an attribute of).

    ``references`` list the longest form first (``aws_launch_template.web.id``, then
    ``aws_launch_template.web``); the address gets the referring resource's module instance prefix.
    """
    if not is_leaf(expression):
        return None, None
    shown: str | None = None
    for reference in expression.get("references") or []:
        if not isinstance(reference, str):
            continue
        head = reference.split(".", 1)[0]
        if head in _NOT_RESOURCES - {"data", "module"}:
            continue
        shown = shown or reference
        if head in ("data", "module"):
            continue
        parts = _split_reference(reference)
        for end in range(len(parts), 1, -1):
            candidate = module_prefix + ".".join(parts[:end])
            if candidate in addresses.all:
                return shown, candidate
        # ``aws_instance.web`` of a counted resource: only one instance makes it a clear reference.
        indexed = addresses.instances.get(module_prefix + ".".join(parts[:2]), [])
        if len(parts) >= 2 and len(indexed) == 1:
            return shown, indexed[0]
    return shown, None


def _split_reference(reference: str) -> list[str]:
    """``aws_instance.web[0].id`` -> ``["aws_instance", "web[0]", "id"]`` (dots inside [] kept)."""
    parts, depth, current = [], 0, ""
    for char in reference:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "." and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def unknown_value(reason: str, ref: str | None) -> Unknown:
    return Unknown(f"known after apply: {reason}", ref=ref)
