"""Terraform plan JSON reader (``terraform show -json PLAN``) -> ``Project``.

- Resources: managed resources of ``planned_values`` (root and child modules, recursively), in
  ``resource_changes`` order, plus the resources the plan destroys (in ``resource_changes`` only), so
  that a cost delta can subtract them. Data sources are not listed.
- ``action``: ``create``, ``update``, ``delete``, ``replace`` (``["delete","create"]`` or
  ``["create","delete"]``), ``read``, ``no-op``; ``forget`` (a ``removed`` block) is reported as
  ``delete`` with a note, since the resource leaves the project. Deposed objects are listed as
  ``ADDRESS (deposed object KEY)``, action ``delete``.
- ``attributes``: the planned values; values only known after apply (``after_unknown``) are
  ``Unknown("known after apply: <source>")``, where the source is the expression's first reference
  (``aws_launch_template.web.id``) or else the attribute path (``arn``), and ``ref`` the address of the
  referenced resource when it is one of the plan's. Deleted resources: their values before the change.
- ``before``: ``prior_state`` values when the plan has them, else ``change.before``.
- ``region``: the resource's own ``region`` value (AWS provider 6), else its provider configuration's
  ``region`` (a constant, or ``var.x`` from the plan's variables and module calls), else the region
  of its ARN, else ``AWS_REGION``/``AWS_DEFAULT_REGION``, else ``--region``, else unknown.
- ``tags``: ``tags_all`` when known (it includes the provider's ``default_tags``), else ``tags`` over
  the ``default_tags`` of the provider configuration.
- ``file``/``line``: a plan has no source positions. When the plan's directory holds the ``.tf`` files
  with the resource's ``resource "TYPE" "NAME"`` block (modules followed through local ``source``
  paths), the block's file and line; else the plan file and the line of the resource's ``"address"``
  key (1 for the single-line JSON Terraform writes; useful for pretty-printed plans).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from costlint import providers
from costlint.discovery import Discovered
from costlint.files import os_reason, real_path
from costlint.model import Diagnostic, Project, Resource, Severity, Unknown
from costlint.providers import Provider, RegionRule, kind_of, provider_of_type
from costlint.readers import ReadOptions
from costlint.readers.plan_config import (
    Addresses,
    PlanConfig,
    arn_region,
    is_leaf,
    module_names,
    reference_of,
    unknown_value,
)

_ADDRESS_KEY = re.compile(r'"address"\s*:\s*"((?:[^"\\]|\\.)*)"')
_LOCAL_SOURCE = re.compile(r"^\.\.?/")


def read_plan(found: Discovered, options: ReadOptions) -> Project:
    project = Project(found.display, "terraform-plan")

    def error(line: int, message: str, severity: Severity = "error") -> None:
        project.diagnostics.append(Diagnostic(found.display, line, message, severity))

    text, problem = _load_text(found.path)
    if problem is not None:
        error(*problem)
        return project
    project.files_read = 1
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as exc:
        error(exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")
        return project
    if not isinstance(plan, dict):
        kinds = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"}
        error(1, f"plan must be a JSON object, got {kinds.get(type(plan), 'null')}")
        return project
    if not any(key in plan for key in ("planned_values", "resource_changes", "prior_state")):
        error(1, "not a Terraform plan: no planned_values, resource_changes or prior_state")
        return project
    version = str(plan.get("format_version", ""))
    if version and not version.startswith("1."):
        error(1, f"plan format_version {version} is not 1.x; read as 1.x", "warning")
    if plan.get("errored") is True:
        error(1, "the plan is marked errored (terraform plan failed); it may be incomplete", "warning")

    _PlanReader(plan, text, found, options, project).read()
    return project


def _load_text(path: Path) -> tuple[str, tuple[int, str] | None]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return "", (1, f"cannot read file: {os_reason(exc)}")
    if b"\0" in data:
        return "", (1, "binary file, not a Terraform plan JSON")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return "", (data[: exc.start].count(b"\n") + 1, f"not UTF-8 text (byte 0x{data[exc.start]:02x})")
    if not text.strip():
        return "", (1, "empty file")
    return text, None


def action_of(actions: Any) -> str | None:
    if not isinstance(actions, list) or not actions:
        return None
    if sorted(actions) == ["create", "delete"]:
        return "replace"
    if actions == ["forget"]:
        return "delete"
    return str(actions[0])


def _managed_resources(module: Any, into: dict[str, tuple[dict[str, Any], str]], module_address: str = "") -> None:
    """address -> (planned resource entry, module address), root and child modules recursively."""
    if not isinstance(module, dict):
        return
    for entry in module.get("resources") or []:
        if isinstance(entry, dict) and entry.get("mode", "managed") == "managed" and "address" in entry:
            into[entry["address"]] = (entry, module_address)
    for child in module.get("child_modules") or []:
        if isinstance(child, dict):
            _managed_resources(child, into, str(child.get("address", "")))


def _has_unknown(mark: Any) -> bool:
    if mark is True:
        return True
    if isinstance(mark, dict):
        return any(_has_unknown(v) for v in mark.values())
    if isinstance(mark, list):
        return any(_has_unknown(v) for v in mark)
    return False


class _PlanReader:
    def __init__(
        self, plan: dict[str, Any], text: str, found: Discovered, options: ReadOptions, project: Project
    ) -> None:
        self.plan = plan
        self.text = text
        self.options = options
        self.project = project
        self.plan_dir = real_path(found.path).parent
        self.plan_file = found.path.name
        self.config = PlanConfig(plan)
        self.planned: dict[str, tuple[dict[str, Any], str]] = {}
        _managed_resources((plan.get("planned_values") or {}).get("root_module"), self.planned)
        self.prior: dict[str, tuple[dict[str, Any], str]] = {}
        prior_values = (plan.get("prior_state") or {}).get("values") or {}
        _managed_resources(prior_values.get("root_module") if isinstance(prior_values, dict) else None, self.prior)
        changes = plan.get("resource_changes")
        self.changes = (
            [c for c in changes if isinstance(c, dict) and c.get("mode", "managed") == "managed" and "address" in c]
            if isinstance(changes, list)
            else []
        )
        self.addresses = Addresses(set(self.planned) | {c["address"] for c in self.changes})
        self._lines: dict[str, int] | None = None
        self._blocks: dict[Path, dict[tuple[str, str], tuple[str, int]]] = {}

    def read(self) -> None:
        seen: set[str] = set()
        for change in self.changes:
            address = change["address"]
            deposed = change.get("deposed")
            if deposed:
                self._add(change, address, f"{address} (deposed object {deposed})")
                continue
            seen.add(address)
            self._add(change, address, address)
        for address in self.planned:
            if address not in seen:
                self._add(None, address, address)

    def _add(self, change: dict[str, Any] | None, address: str, shown: str) -> None:
        deposed = bool((change or {}).get("deposed"))
        # A deposed object is an older instance at the same address: the planned values are not its.
        planned = None if deposed else self.planned.get(address)
        entry = planned[0] if planned else (change or {})
        module_address = str((change or {}).get("module_address") or (planned[1] if planned else ""))
        detail = (change or {}).get("change") or {}
        actions = detail.get("actions")
        action = action_of(actions)
        notes: list[str] = []
        if actions == ["forget"]:
            notes.append("removed from Terraform state without being destroyed (removed block)")
        if deposed:
            action = "delete"
        type_ = str(entry.get("type") or "")
        name = str(entry.get("name") or "")
        provider_name = str(entry.get("provider_name") or (change or {}).get("provider_name") or "")
        provider = provider_name.rsplit("/", 1)[-1] if provider_name else provider_of_type(type_)
        resource_config = self.config.resource(module_address, type_, name)

        removed = planned is None and action == "delete"
        before_change = detail.get("before") if isinstance(detail.get("before"), dict) else None
        prior = self.prior.get(address)
        if prior is not None and not deposed:
            before: dict[str, Any] | None = dict(prior[0].get("values") or {})
        else:
            before = before_change
        if removed:
            attributes = dict(before_change or before or {})
        else:
            values = planned[0].get("values") if planned else detail.get("after")
            attributes = dict(values) if isinstance(values, dict) else {}
            mark = detail.get("after_unknown")
            if _has_unknown(mark):
                prefix = module_address + "." if module_address else ""
                attributes = self._overlay(attributes, mark, (resource_config or {}).get("expressions"), "", prefix)

        key, provider_entry = self.config.provider_entry(module_address, resource_config, provider)
        region = self._region(attributes, before, provider, key, provider_entry)
        tags = self._tags(attributes, provider_entry)
        file, line = self._location(address, module_address, type_, name)
        self.project.resources.append(
            Resource(
                address=shown,
                type=type_,
                kind=kind_of(type_),
                provider=provider,
                region=region,
                attributes=attributes,
                tags=tags,
                file=file,
                line=line,
                language="terraform-plan",
                module=module_address,
                action=action,
                before=before,
                notes=notes,
            )
        )

    # -- unknown values ---------------------------------------------------------------------------

    def _overlay(self, values: Any, mark: Any, expression: Any, path: str, prefix: str) -> Any:
        """``values`` with every attribute ``mark`` (``after_unknown``) flags replaced by an Unknown."""
        if mark is True:
            shown, ref = reference_of(expression, prefix, self.addresses)
            return unknown_value(shown or path or "value", ref)
        if not _has_unknown(mark):
            return values
        if isinstance(mark, dict):
            out = dict(values) if isinstance(values, dict) else {}
            for key, child in mark.items():
                sub = (
                    expression
                    if is_leaf(expression)
                    else (expression.get(key) if isinstance(expression, dict) else None)
                )
                out[key] = self._overlay(out.get(key), child, sub, f"{path}.{key}" if path else key, prefix)
            return out
        out_list = list(values) if isinstance(values, list) else []
        for index, child in enumerate(mark):
            while len(out_list) <= index:
                out_list.append(None)
            if is_leaf(expression):
                sub = expression
            elif isinstance(expression, list) and index < len(expression):
                sub = expression[index]
            else:
                sub = None
            out_list[index] = self._overlay(out_list[index], child, sub, f"{path}[{index}]", prefix)
        return out_list

    # -- region and tags --------------------------------------------------------------------------

    def _region(
        self,
        attributes: dict[str, Any],
        before: dict[str, Any] | None,
        provider_name: str,
        key: str,
        entry: dict[str, Any] | None,
    ) -> str | Unknown:
        rules = providers.provider(provider_name) or _OTHER_PROVIDER
        own = rules.own_region(attributes)
        if isinstance(own, str) and own:
            return own
        configured = self.config.provider_region(entry)
        if configured:
            return configured
        from_arn = arn_region(attributes) or arn_region(before)
        if from_arn:
            return from_arn
        for variable in rules.region.environment:
            if self.options.environ.get(variable):
                return self.options.environ[variable]
        if self.options.region:
            return self.options.region
        return Unknown(f"region of provider {key} (not in the plan)")

    def _tags(self, attributes: dict[str, Any], entry: dict[str, Any] | None) -> dict[str, Any]:
        tags_all = attributes.get("tags_all")
        if isinstance(tags_all, dict):
            return dict(tags_all)
        tags = attributes.get("tags")
        merged = self.config.default_tags(entry)
        if isinstance(tags, dict):
            merged.update(tags)
        return merged

    # -- source positions -------------------------------------------------------------------------

    def _location(self, address: str, module_address: str, type_: str, name: str) -> tuple[str, int]:
        block = self._block(module_names(module_address), type_, name)
        if block is not None:
            return block
        if self._lines is None:
            self._lines = self._address_lines()
        return self.plan_file, self._lines.get(address, 1)

    def _address_lines(self) -> dict[str, int]:
        """Line of each address's ``"address"`` key, preferring ``resource_changes``, in one pass."""
        text = self.text
        start = text.find('"resource_changes"')
        lines: dict[str, int] = {}
        preferred: dict[str, int] = {}
        line, position = 1, 0
        for match in _ADDRESS_KEY.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            try:
                address = json.loads(f'"{match.group(1)}"')
            except json.JSONDecodeError:
                continue
            lines.setdefault(address, line)
            if start >= 0 and match.start() > start:
                preferred.setdefault(address, line)
        lines.update(preferred)
        return lines

    def _block(self, names: list[str], type_: str, name: str) -> tuple[str, int] | None:
        directory = self.plan_dir
        for depth in range(len(names)):
            call = self.config.module_call(names[: depth + 1])
            source = (call or {}).get("source")
            if not isinstance(source, str) or not _LOCAL_SOURCE.match(source):
                return None
            directory = real_path(directory / source)
        blocks = self._blocks.get(directory)
        if blocks is None:
            blocks = self._blocks[directory] = self._scan_blocks(directory)
        return blocks.get((type_, name))

    def _scan_blocks(self, directory: Path) -> dict[tuple[str, str], tuple[str, int]]:
        found: dict[tuple[str, str], tuple[str, int]] = {}
        try:
            files = sorted(directory.glob("*.tf"))
        except OSError:
            return found
        pattern = re.compile(r'^[ \t]*resource[ \t]+"([^"]+)"[ \t]+"([^"]+)"', re.M)
        for path in files:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            relative = Path(os.path.relpath(path, self.plan_dir)).as_posix()
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault((match.group(1), match.group(2)), (relative, line))
        return found


_OTHER_PROVIDER = Provider("", region=RegionRule(attributes=("region",)))
"""Providers costlint does not ship: a resource's own ``region``, else its configuration's."""
