"""Evaluation of one module instance: every declaration once, in dependency order.

A ``ModuleRun`` evaluates variables, locals, providers, resources, data sources, module calls and
outputs of one instance of a module (the root, or ``module.svc["api"]``), expanding ``count`` and
``for_each``; a module call starts a child ``ModuleRun`` per instance. Resources are appended to the
project as they are evaluated and sorted into declaration order at the end.
"""

from __future__ import annotations

import json
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from costlint.files import real_path
from costlint.model import Diagnostic, Resource, Unknown, first_unknown
from costlint.providers import Provider, RegionRule, kind_of, provider
from costlint.readers import ReadOptions
from costlint.readers.hcl import ast
from costlint.readers.hcl.evaluate import Evaluator, Namespace, traversal_name
from costlint.readers.hcl.types import Type
from costlint.readers.hcl.values import (
    EvalError,
    ResourceObject,
    UnknownObject,
    to_number,
    to_string,
)
from costlint.readers.terraform_config import (
    MODULE_META,
    RESOURCE_META,
    RESOURCE_META_BLOCKS,
    ConfigCache,
    Declaration,
    ModuleConfig,
    Problem,
    provider_key,
    relative_file,
)
from costlint.readers.terraform_variables import Candidate, declared_type, resolve

SortKey = tuple[tuple[int, int], ...]
Mark = tuple[int, int, set[tuple[str, int, str, str]], set[tuple[str, ...]], int]

# Instances of resources and module calls that costlint expands: per count/for_each (and dynamic block),
# and over the whole project (nested module counts multiply). Beyond them, memory would grow until the
# process is killed (a count of 100,000,000 took about 200 MB/s); each instance costs some 8 KB.
MAX_INSTANCES = 10_000
MAX_PROJECT_INSTANCES = 50_000


# Data sources whose result repeats an argument as given (the other attributes stay unknown):
# ``data.aws_rds_engine_version.x.engine`` is the ``engine`` it was asked for.
ECHOED_ARGUMENTS: dict[str, tuple[str, ...]] = {"aws_rds_engine_version": ("engine",)}


@dataclass
class ProviderConfig:
    key: str
    settings: dict[str, Any] = field(default_factory=dict)
    """The provider block's region settings (``region``; Google's ``zone`` too), evaluated."""
    default_tags: Any = None


@dataclass
class ProjectContext:
    """What all module instances of one project share."""

    root: Path
    display_root: str
    options: ReadOptions
    cache: ConfigCache
    modules_json: dict[str, Path] | None
    workspace: str = "default"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    resources: list[tuple[SortKey, Resource]] = field(default_factory=list)
    types: dict[int, Type | None] = field(default_factory=dict)
    _seen: set[tuple[str, int, str, str]] = field(default_factory=set)
    _once: set[tuple[str, ...]] = field(default_factory=set)
    expanded: int = 0
    """Instances of counted resources and module calls expanded so far (see MAX_PROJECT_INSTANCES)."""

    def display(self, rel: str) -> str:
        if self.display_root in ("", "."):
            return posixpath.normpath(rel)
        return posixpath.normpath(posixpath.join(self.display_root, rel))

    def report(self, problem: Problem) -> None:
        file = problem.file if problem.displayed else self.display(problem.file)
        key = (file, problem.line, problem.message, problem.severity)
        if key in self._seen:
            return
        self._seen.add(key)
        self.diagnostics.append(
            Diagnostic(
                file, max(problem.line, 1), problem.message, "warning" if problem.severity == "warning" else "error"
            )
        )

    def checkpoint(self) -> Mark:
        return len(self.resources), len(self.diagnostics), set(self._seen), set(self._once), self.expanded

    def rollback(self, mark: Mark) -> None:
        resources, diagnostics, seen, once, self.expanded = mark
        del self.resources[resources:]
        del self.diagnostics[diagnostics:]
        self._seen, self._once = seen, once

    def once(self, *key: str) -> bool:
        if key in self._once:
            return False
        self._once.add(key)
        return True


def read_modules_json(root: Path) -> dict[str, Path] | None:
    """``.terraform/modules/modules.json`` (written by ``terraform init``): module key -> directory."""
    path = root / ".terraform" / "modules" / "modules.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    out: dict[str, Path] = {}
    for entry in document.get("Modules", []) if isinstance(document, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("Key"), str) and isinstance(entry.get("Dir"), str):
            out[entry["Key"]] = real_path(root / entry["Dir"])
    return out


def _instance_suffix(key: Any) -> str:
    return f"[{json.dumps(key, ensure_ascii=False)}]"


@dataclass
class Instances:
    items: list[tuple[str, dict[str, Any]]]
    """(address suffix, bindings) per instance."""
    container: str
    """single, list, map or unknown."""
    keys: list[Any] = field(default_factory=list)
    note: str | None = None


class ModuleRun:
    def __init__(
        self,
        ctx: ProjectContext,
        config: ModuleConfig,
        prefix: str,
        key: str,
        variables: dict[str, Any],
        providers: dict[str, ProviderConfig],
        stack: tuple[Path, ...],
        notes: list[str],
        sort_prefix: SortKey,
    ) -> None:
        self.ctx = ctx
        self.config = config
        self.prefix = prefix  # 'module.svc["api"].' or ''
        self.key = key  # modules.json key: 'svc', 'svc.inner', '' for the root
        self.providers = dict(providers)
        self._initial_providers = dict(providers)
        self.stack = stack
        self.notes = notes
        self.sort_prefix = sort_prefix
        self.file = ""
        module_path = relative_file(config.directory, ctx.root)
        self.roots: dict[str, Any] = {
            "var": Namespace("input variable", "var.", variables),
            "local": Namespace("local value", "local."),
            "module": Namespace("module call", "module."),
            "data": Namespace("data source type", "data."),
            "resource": Namespace("resource type", "resource."),
            "path": {"module": module_path, "root": ".", "cwd": str(ctx.root)},
            "terraform": {"workspace": ctx.workspace},
        }
        self.evaluator = Evaluator(
            self.roots, config.directory, ctx.root, self._unsupported, self._file_problem, use_disk=ctx.cache.use_disk
        )
        self.outputs: dict[str, Any] = {}

    # Diagnostics --------------------------------------------------------------------------------

    def error(self, line: int, message: str, severity: str = "error", file: str | None = None) -> None:
        self.ctx.report(Problem(file or self.file, line, message, severity))

    def _unsupported(self, name: str, line: int) -> None:
        if self.ctx.once("function", str(self.config.directory), name):
            self.error(line, f"function {name}() is not supported; values that use it are unknown", "warning")

    def _file_problem(self, message: str, line: int) -> None:
        self.error(line, f"{message}; values that use it are unknown", "warning")

    # Evaluation ---------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        config = self.config
        cycle_nodes = {node for cycle in config.cycles for node in cycle}
        for node in cycle_nodes:
            self._store(config.declarations[node], Unknown(f"{self.prefix}{node} (dependency cycle)"))
        if config.module_cycles:
            # First pass: values for every node, some unknown; its resources and diagnostics are
            # dropped, and the second pass evaluates again with the first pass's values in scope.
            mark = self.ctx.checkpoint()
            self._pass()
            self.ctx.rollback(mark)
            self.providers = dict(self._initial_providers)
        self._pass()
        return self.outputs

    def _pass(self) -> None:
        config = self.config
        for node in config.order:
            declaration = config.declarations[node]
            self.file = declaration.file
            kind = declaration.kind
            if kind == "local":
                self._store(
                    declaration,
                    self.value(_expression(declaration), {}, declaration.line, f"local.{declaration.name}"),
                )
            elif kind == "resource":
                self._resource(declaration)
            elif kind == "data":
                self._data(declaration)
            elif kind == "module":
                self._module(declaration)
            elif kind == "output":
                attr = declaration.body.attributes.get("value") if declaration.body else None
                self.outputs[declaration.name] = (
                    self.value(attr.expr, {}, attr.line, f"output {declaration.name}") if attr else None
                )
            elif kind == "provider":
                self._provider(declaration)

    def _store(self, declaration: Declaration, value: Any) -> None:
        kind = declaration.kind
        if kind == "local":
            self.roots["local"][declaration.name] = value
        elif kind == "module":
            self.roots["module"][declaration.name] = value
        elif kind == "resource":
            names = self.roots.setdefault(declaration.type, Namespace("resource", f"{declaration.type}."))
            names[declaration.label] = value
            self.roots["resource"][declaration.type] = names
        elif kind == "data":
            names = self.roots["data"].get(declaration.type)
            if names is None:
                names = self.roots["data"][declaration.type] = Namespace("data source", f"data.{declaration.type}.")
            names[declaration.label] = value
        elif kind == "output":
            self.outputs[declaration.name] = value

    def value(self, expr: ast.Expr, bindings: dict[str, Any], line: int, what: str) -> Any:
        """One expression's value; an evaluation error is reported and becomes Unknown."""
        try:
            return self.evaluator.eval(expr, bindings)
        except EvalError as exc:
            self.error(exc.line or line, f"{self.prefix}{what}: {exc.message}")
            return Unknown(f"{self.prefix}{what} could not be evaluated: {exc.message}")
        except RecursionError:
            self.error(line, f"{self.prefix}{what}: expression nested too deeply")
            return Unknown(f"{self.prefix}{what} could not be evaluated")

    def body(self, body: ast.Body, bindings: dict[str, Any], what: str, top: bool) -> dict[str, Any]:
        """Attributes and nested blocks (lists of dicts, as in plan JSON); ``dynamic`` blocks expanded."""
        out: dict[str, Any] = {}
        for name, attr in body.attributes.items():
            if top and name in RESOURCE_META:
                continue
            out[name] = self.value(attr.expr, bindings, attr.line, f"{what}.{name}")
        for block in body.blocks:
            if top and block.type in RESOURCE_META_BLOCKS:
                continue
            if block.type == "dynamic":
                self._dynamic(block, bindings, what, out)
                continue
            existing = out.setdefault(block.type, [])
            if isinstance(existing, list):
                existing.append(self.body(block.body, bindings, f"{what}.{block.type}", False))
        return out

    def _dynamic(self, block: ast.Block, bindings: dict[str, Any], what: str, out: dict[str, Any]) -> None:
        if not block.labels:
            self.error(block.line, f"{self.prefix}{what}: a dynamic block needs a label")
            return
        name = block.labels[0]
        attrs = block.body.attributes
        iterator = name
        if "iterator" in attrs:
            iterator = traversal_name(attrs["iterator"].expr) or name
        content = next((b for b in block.body.blocks if b.type == "content"), None)
        if "for_each" not in attrs or content is None:
            self.error(block.line, f'{self.prefix}{what}: dynamic "{name}" needs for_each and a content block')
            return
        collection = self.value(attrs["for_each"].expr, bindings, attrs["for_each"].line, f"{what}.{name}")
        existing = out.get(name, [])
        if isinstance(existing, Unknown):
            return
        if isinstance(collection, Unknown):
            out[name] = collection
            return
        if collection is None:
            out.setdefault(name, [])
            return
        pairs = (
            sorted(collection.items())
            if isinstance(collection, dict)
            else (list(enumerate(collection)) if isinstance(collection, list) else None)
        )
        if pairs is None:
            self.error(attrs["for_each"].line, f'{self.prefix}{what}: dynamic "{name}" for_each must be a collection')
            return
        if len(pairs) > MAX_INSTANCES:
            self.error(
                attrs["for_each"].line,
                f'{self.prefix}{what}: dynamic "{name}" for_each has {len(pairs):,} elements; costlint expands at '
                f"most {MAX_INSTANCES:,} blocks (left unknown)",
            )
            out[name] = Unknown(f"{self.prefix}{what}.{name} (too many blocks)")
            return
        blocks = out.setdefault(name, [])
        inner = dict(bindings)
        for key, item in pairs:
            inner[iterator] = {"key": key, "value": item}
            blocks.append(self.body(content.body, inner, f"{what}.{name}", False))

    # Expansion ----------------------------------------------------------------------------------

    def instances(self, declaration: Declaration, address: str) -> Instances:
        body = declaration.body
        assert body is not None
        count = body.attributes.get("count")
        for_each = body.attributes.get("for_each")
        if count is not None:
            value = self.value(count.expr, {}, count.line, f"{declaration.node}.count")
            unknown = first_unknown(value)
            if unknown is None:
                number: int | float | None = None
                try:
                    converted = to_number(value) if value is not None else None
                    # first_unknown found none: to_number gives a number here
                    number = None if isinstance(converted, Unknown) else converted
                except EvalError as exc:
                    self.error(count.line, f"{address}: count: {exc.message}")
                if number is None:
                    if value is None:
                        self.error(count.line, f"{address}: count must not be null")
                    return Instances([], "list")
                if number < 0 or (isinstance(number, float) and not number.is_integer()):
                    self.error(count.line, f"{address}: count must be a whole number >= 0, got {number}")
                    return Instances([], "list")
                too_many = self._too_many(count, "count", address, int(number), f"count is {int(number):,}")
                if too_many is not None:
                    return too_many
                return Instances(
                    [(f"[{i}]", {"count": {"index": i}}) for i in range(int(number))], "list", list(range(int(number)))
                )
            note = self._unknown_instances(count, "count", address, unknown)
            return Instances([("", {"count": {"index": unknown}})], "unknown", note=note)
        if for_each is not None:
            value = self.value(for_each.expr, {}, for_each.line, f"{declaration.node}.for_each")
            if isinstance(value, dict):
                too_many = self._too_many(
                    for_each, "for_each", address, len(value), f"for_each has {len(value):,} elements"
                )
                if too_many is not None:
                    return too_many
                keys = sorted(value)
                return Instances(
                    [(_instance_suffix(k), {"each": {"key": k, "value": value[k]}}) for k in keys], "map", keys
                )
            unknown = first_unknown(value)
            if unknown is None:
                if not isinstance(value, list):
                    self.error(
                        for_each.line,
                        f"{address}: for_each must be a map or a set of strings, got "
                        f"{'null' if value is None else type(value).__name__}",
                    )
                    return Instances([], "map")
                try:
                    keys = sorted({str(to_string(v)) for v in value})
                except EvalError:
                    self.error(for_each.line, f"{address}: for_each must be a map or a set of strings")
                    return Instances([], "map")
                too_many = self._too_many(
                    for_each, "for_each", address, len(keys), f"for_each has {len(keys):,} elements"
                )
                if too_many is not None:
                    return too_many
                return Instances([(_instance_suffix(k), {"each": {"key": k, "value": k}}) for k in keys], "map", keys)
            note = self._unknown_instances(for_each, "for_each", address, unknown)
            return Instances([("", {"each": {"key": unknown, "value": unknown}})], "unknown", note=note)
        return Instances([("", {})], "single")

    def _too_many(self, attr: ast.Attribute, meta: str, address: str, number: int, what: str) -> Instances | None:
        """None when ``number`` instances may be expanded; else the resource or module is listed once."""
        listed = "(listed once, without instances)"
        if number > MAX_INSTANCES:
            self.error(
                attr.line,
                f"{address}: {what}; costlint expands at most {MAX_INSTANCES:,} instances of one resource or "
                f"module {listed}",
            )
        elif self.ctx.expanded + number > MAX_PROJECT_INSTANCES:
            if self.ctx.once("project instances"):
                self.error(
                    attr.line,
                    f"{address}: {number:,} more instances would pass the {MAX_PROJECT_INSTANCES:,} costlint "
                    f"expands in one project {listed}",
                )
        else:
            self.ctx.expanded += number
            return None
        unknown = Unknown(f"{address} instances ({meta} is over costlint's limit)")
        bindings = {"count": {"index": unknown}} if meta == "count" else {"each": {"key": unknown, "value": unknown}}
        return Instances([("", bindings)], "unknown", note=f"instances unknown: {meta} is over costlint's limit")

    def _unknown_instances(self, attr: ast.Attribute, meta: str, address: str, unknown: Unknown) -> str:
        if unknown.ref is not None:
            # A warning: without the provider's schema costlint cannot tell an attribute computed at apply
            # (an id: Terraform refuses the plan) from one the provider sets during plan (an ACM
            # certificate's domain_validation_options, the documented for_each of its validation records).
            self.error(
                attr.line,
                f"{address}: {meta} depends on {unknown.reason}, an attribute known only after apply unless "
                "the provider sets it during plan; listed once, without instances",
                "warning",
            )
        else:
            self.error(
                attr.line,
                f"{address}: {meta} depends on {unknown.reason}, which costlint cannot know; "
                "listed once, without instances",
                "warning",
            )
        return f"instances unknown: {meta} depends on {unknown.reason}"

    @staticmethod
    def container(instances: Instances, values: list[Any], placeholder: Unknown) -> Any:
        if instances.container == "single":
            return values[0]
        if instances.container == "list":
            return values
        if instances.container == "map":
            return dict(zip(instances.keys, values, strict=False))
        return placeholder

    # Declarations -------------------------------------------------------------------------------

    def _provider(self, declaration: Declaration) -> None:
        body = declaration.body
        assert body is not None
        attrs = body.attributes
        what = f"provider {declaration.name}"
        config = ProviderConfig(declaration.name)
        rules = _provider_rules(declaration.name.split(".", 1)[0])
        for name in rules.region.settings:
            if name in attrs:
                config.settings[name] = self.value(attrs[name].expr, {}, attrs[name].line, f"{what}.{name}")
        for block in body.blocks_of("default_tags") if rules.default_tags else ():
            tags = block.body.attributes.get("tags")
            if tags is not None:
                config.default_tags = self.value(tags.expr, {}, tags.line, what + ".default_tags.tags")
        self.providers[declaration.name] = config

    def _data(self, declaration: Declaration) -> None:
        body = declaration.body
        assert body is not None
        address = f"{self.prefix}data.{declaration.name}"
        counted = "count" in body.attributes or "for_each" in body.attributes
        value: Any = UnknownObject(address, instances=counted)
        if declaration.type == "aws_region" and not counted:
            # A nicety: the current region is the provider's, when that is known.
            region = self._region("aws", provider_key(declaration), {})
            if isinstance(region, str):
                value = ResourceObject(address, {"name": region, "id": region, "region": region}, managed=False)
        elif declaration.type in ECHOED_ARGUMENTS and not counted:
            echoed = {}
            for name in ECHOED_ARGUMENTS[declaration.type]:
                argument = body.attributes.get(name)
                if argument is not None:
                    found = self.value(argument.expr, {}, argument.line, f"{address}.{name}")
                    if isinstance(found, str):
                        echoed[name] = found
            if echoed:
                value = ResourceObject(address, echoed, managed=False)
        self._store(declaration, value)

    def _resource(self, declaration: Declaration) -> None:
        body = declaration.body
        assert body is not None
        address = f"{self.prefix}{declaration.name}"
        instances = self.instances(declaration, address)
        key = provider_key(declaration)
        provider_name = key.split(".", 1)[0]
        blocks = frozenset(b.labels[0] if b.type == "dynamic" and b.labels else b.type for b in body.blocks)
        objects: list[Any] = []
        for position, (suffix, bindings) in enumerate(instances.items):
            attributes = self.body(body, bindings, declaration.name + suffix, True)
            instance_address = address + suffix
            notes = list(self.notes)
            if instances.note:
                notes.append(instances.note)
            region = self._region(provider_name, key, attributes)
            tags = self._tags(provider_name, key, attributes, notes)
            resource = Resource(
                address=instance_address,
                type=declaration.type,
                kind=kind_of(declaration.type),
                provider=provider_name,
                region=region,
                attributes=attributes,
                tags=tags,
                file=declaration.file,
                line=declaration.line,
                language="terraform",
                module=self.prefix[:-1],
                notes=notes,
            )
            self.ctx.resources.append(((*self.sort_prefix, (declaration.order, position)), resource))
            objects.append(ResourceObject(instance_address, attributes, blocks=blocks))
        self._store(declaration, self.container(instances, objects, UnknownObject(address, address, True)))

    def _region(self, provider_name: str, key: str, attributes: dict[str, Any]) -> Any:
        config = self.providers.get(key)
        options = self.ctx.options
        return _provider_rules(provider_name).terraform_region(
            attributes, config.settings if config is not None else None, key, options.environ, options.region
        )

    def _tags(self, provider_name: str, key: str, attributes: dict[str, Any], notes: list[str]) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        config = self.providers.get(key)
        defaults = config.default_tags if config is not None else None
        if isinstance(defaults, dict):
            merged.update(defaults)
        elif isinstance(defaults, Unknown):
            notes.append(f"default tags unknown: {defaults.reason}")
        for block in attributes.get("tag") or [] if isinstance(attributes.get("tag"), list) else []:
            if isinstance(block, dict) and isinstance(block.get("key"), str):
                merged[block["key"]] = block.get("value")
        tags = attributes.get("tags")
        if isinstance(tags, dict):
            merged.update(tags)
        elif isinstance(tags, Unknown):
            notes.append(f"tags unknown: {tags.reason}")
        return merged

    # Module calls -------------------------------------------------------------------------------

    def _module(self, declaration: Declaration) -> None:
        body = declaration.body
        assert body is not None
        name = declaration.name
        address = f"{self.prefix}module.{name}"
        counted = "count" in body.attributes or "for_each" in body.attributes
        unknown_value = UnknownObject(address, instances=counted)
        directory = self._module_directory(declaration, address)
        if directory is None:
            self._store(declaration, unknown_value)
            return
        if directory in self.stack:
            chain = " -> ".join(relative_file(d, self.ctx.root) for d in (*self.stack, directory))
            self.error(declaration.line, f"{address}: module calls itself ({chain}); not evaluated")
            self._store(declaration, unknown_value)
            return
        config, first = self.ctx.cache.get(directory)
        if first:
            for problem in config.problems:
                self.ctx.report(problem)
        if config.unreadable:
            where = relative_file(directory, self.ctx.root)
            self.error(declaration.line, f"{address}: cannot read directory {where}: {config.unreadable}")
            self._store(declaration, unknown_value)
            return
        if not config.files:
            self.error(declaration.line, f"{address}: no Terraform files in {relative_file(directory, self.ctx.root)}")
            self._store(declaration, unknown_value)
            return
        instances = self.instances(declaration, address)
        outputs: list[Any] = []
        child_key = f"{self.key}.{name}" if self.key else name
        for position, (suffix, bindings) in enumerate(instances.items):
            child_prefix = f"{address}{suffix}."
            variables = self._module_inputs(declaration, config, bindings, child_prefix)
            notes = list(self.notes)
            if instances.note:
                notes.append(f"{instances.note} (of {address})")
            child = ModuleRun(
                self.ctx,
                config,
                child_prefix,
                child_key,
                variables,
                self._child_providers(declaration),
                (*self.stack, directory),
                notes,
                (*self.sort_prefix, (declaration.order, position)),
            )
            result = child.run()
            self.file = declaration.file
            outputs.append(Namespace("output value", f"{address}{suffix}.", result))
        self._store(declaration, self.container(instances, outputs, unknown_value))

    def _module_directory(self, declaration: Declaration, address: str) -> Path | None:
        body = declaration.body
        assert body is not None
        source_attr = body.attributes.get("source")
        if (
            source_attr is None
            or not isinstance(source_attr.expr, ast.Literal)
            or not isinstance(source_attr.expr.value, str)
        ):
            self.error(declaration.line, f"{address}: source must be a literal string")
            return None
        source = source_attr.expr.value
        if source.startswith(("./", "../")) or source in (".", ".."):
            directory = real_path(self.config.directory / source)
            if not directory.is_dir():
                self.error(source_attr.line, f'{address}: module directory "{source}" does not exist')
                return None
            return directory
        key = f"{self.key}.{declaration.name}" if self.key else declaration.name
        found = self.ctx.modules_json.get(key) if self.ctx.modules_json is not None else None
        if found is not None and found.is_dir():
            return found
        self.error(
            declaration.line,
            f'{address}: source "{source}" is not downloaded (run terraform init); its resources are not evaluated',
            "warning",
        )
        return None

    def _module_inputs(
        self, declaration: Declaration, config: ModuleConfig, bindings: dict[str, Any], child_prefix: str
    ) -> dict[str, Any]:
        body = declaration.body
        assert body is not None
        address = child_prefix[:-1]
        declared = {d.name: d for d in config.of_kind("variable")}
        given: dict[str, tuple[Any, int]] = {}
        for name, attr in body.attributes.items():
            if name in MODULE_META:
                continue
            if name not in declared:
                self.error(
                    attr.line, f'{address}: unsupported argument "{name}" (the module declares no such variable)'
                )
                continue
            given[name] = (self.value(attr.expr, bindings, attr.line, f"module.{declaration.name}.{name}"), attr.line)
        values: dict[str, Any] = {}
        for name, variable in declared.items():
            type_ = self._type(variable)
            if name in given:
                value, line = given[name]
                candidate = Candidate(value, f"{address} input", file=declaration.file, line=line)
                values[name] = resolve(
                    variable,
                    candidate,
                    type_,
                    child_prefix,
                    self.ctx.report,
                    (config.directory, self.ctx.root),
                    use_disk=self.ctx.cache.use_disk,
                )
                continue
            if variable.body is not None and "default" not in variable.body.attributes:
                self.error(declaration.line, f'{address}: missing required input "{name}"')
                values[name] = Unknown(f"{child_prefix}var.{name}")
                continue
            values[name] = resolve(
                variable,
                None,
                type_,
                child_prefix,
                self.ctx.report,
                (config.directory, self.ctx.root),
                use_disk=self.ctx.cache.use_disk,
            )
        return values

    def _type(self, variable: Declaration) -> Type | None:
        key = id(variable)
        if key not in self.ctx.types:
            self.ctx.types[key] = declared_type(variable, self.ctx.report)
        return self.ctx.types[key]

    def _child_providers(self, declaration: Declaration) -> dict[str, ProviderConfig]:
        body = declaration.body
        assert body is not None
        attr = body.attributes.get("providers")
        if attr is None:
            return {k: v for k, v in self.providers.items() if "." not in k}
        if not isinstance(attr.expr, ast.ObjectExpr):
            self.error(
                attr.line, f"{self.prefix}module.{declaration.name}: providers must be a map of provider references"
            )
            return {}
        mapping: dict[str, ProviderConfig] = {}
        for key_expr, value_expr in attr.expr.items:
            child_key = traversal_name(key_expr)
            parent_key = traversal_name(value_expr)
            if not child_key or not parent_key:
                self.error(attr.line, f"{self.prefix}module.{declaration.name}: invalid providers entry")
                continue
            mapping[child_key] = self.providers.get(parent_key) or ProviderConfig(parent_key)
        return mapping


_OTHER_PROVIDER = Provider("", region=RegionRule(settings=("region",)))
"""Providers costlint does not ship: their region is their provider block's ``region``, if any."""


def _provider_rules(name: str) -> Provider:
    return provider(name) or _OTHER_PROVIDER


def root_display(path: Path) -> str:
    return Path(os.path.normpath(path)).as_posix()


def _expression(declaration: Declaration) -> ast.Expr:
    """The expression of a declaration that has one (a local, an output)."""
    assert declaration.expr is not None
    return declaration.expr
