"""Run rules over projects: data conditions and Python checks, into findings with their savings.

For each project, each enabled rule is applied to the resources of its kinds (``scope: resource``)
or once to the project (``scope: project``). A data rule's ``when`` is evaluated over the resource's
spec; a Python check (``check: module:function``, resolved lazily, like the provider table's
references) receives the resource and a ``RuleContext`` and yields ``Hit``s. Resources outside the
files a check is about (``in_scope``) are not evaluated at all: a pre-commit run on one file pays for
that file's resources only. Estimates are made only when a finding needs its saving.
"""

from __future__ import annotations

import importlib
import posixpath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from costlint.errors import debugging
from costlint.model import Diagnostic, Project, Resource, Unknown
from costlint.providers import provider
from costlint.rules import conditions, links
from costlint.rules.config import Settings
from costlint.rules.model import Finding, Rule
from costlint.rules.savings import Estimates, Saving
from costlint.specs import InvalidValue

if TYPE_CHECKING:
    from costlint.estimate.context import Context
    from costlint.estimate.usage import Usage
    from costlint.pricing.catalog import Catalog

CHECKS_PACKAGE = "costlint.rules.checks"


@dataclass
class Hit:
    """What a check found: a message, and what the fix saves (None: no saving of its own)."""

    message: str
    saving: Saving | None = None
    resource: Resource | None = None
    """Where the finding is (default: the resource checked; a project check names one)."""


class RuleContext:
    """What a check may consult: its rule's options, the config, the project's links and estimates."""

    def __init__(
        self, project: Project, settings: Settings, estimates: Estimates, in_scope: Callable[[Resource], bool]
    ):
        self.project = project
        self.settings = settings
        self.estimates = estimates
        self.in_scope = in_scope
        self.rule: Rule | None = None
        self.shared: dict[str, Any] = {}
        """Per-project values checks compute once (groups of identical instances...)."""

    def option(self, key: str, default: Any = None) -> Any:
        assert self.rule is not None
        return self.rule.options.get(key, default)

    @property
    def ctx(self) -> Context:
        return self.estimates.ctx

    def referenced_by(self, resource: Resource, kinds: Iterable[str]) -> list[Resource]:
        return links.referenced_by(self.ctx, resource, kinds)


Check = Callable[..., Iterable[Hit]]


@cache
def resolve_check(reference: str) -> Check:
    """``module:function`` in ``costlint.rules.checks``, or an absolute ``package.module:function``."""
    module, _, function = reference.partition(":")
    name = module if "." in module else f"{CHECKS_PACKAGE}.{module}"
    found: Check = getattr(importlib.import_module(name), function)
    return found


def source_of(project: Project, resource: Resource) -> tuple[str, Path]:
    """The resource's file as shown to the user, and its path."""
    root = project.path if project.language == "terraform" else posixpath.dirname(project.path)
    shown = posixpath.normpath(posixpath.join(root, resource.file)) if root not in ("", ".") else resource.file
    return shown, Path(shown)


def spec_of(resource: Resource) -> Any:
    found = provider(resource.provider)
    row = found.of_kind(resource.kind) if found is not None and resource.kind else None
    if found is None or row is None or row.spec is None:
        return None
    return found.resolve(found.specs, row.spec)(resource)


class _Fields(dict[str, str]):
    """Message template values: the spec's fields, the address, type and kind; unknown names kept."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _shown(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.reason
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return "not set" if value is None else str(value)


def _data_hit(rule: Rule, resource: Resource, spec: Any, rc: RuleContext) -> Hit | None:
    subject = conditions.Subject(spec, lambda kinds: links.may_be_referenced_by(rc.ctx, resource, kinds))
    if conditions.evaluate(rule.when, subject) is not True:
        return None
    fields = _Fields(address=resource.address, type=resource.type, kind=resource.kind or "")
    if spec is not None and hasattr(spec, "__dataclass_fields__"):
        fields.update({name: _shown(getattr(spec, name)) for name in spec.__dataclass_fields__})
    message = rule.message.format_map(fields)
    if rule.saving == "remove":
        saving = rc.estimates.removal(resource)
        message = f"{message}; {saving.words('removing it')}"
        return Hit(message, saving)
    return Hit(message)


def run(
    projects: Sequence[Project],
    rules: Sequence[Rule],
    settings: Settings,
    *,
    in_scope: Callable[[Path], bool] | None = None,
    usage: Usage | None = None,
    catalog: Callable[[], Catalog] | None = None,
) -> tuple[list[tuple[Finding, Path]], list[Diagnostic]]:
    """Every finding of the enabled ``rules`` in ``projects`` (with its source path), and the problems of
    rules that failed."""
    if catalog is None:
        catalog = _default_catalog
    active = [r for r in rules if settings.is_enabled(r)]
    found: list[tuple[Finding, Path]] = []
    problems: list[Diagnostic] = []
    for project in projects:
        estimates = Estimates(project, catalog, usage)
        sources = {r.address: source_of(project, r) for r in project.resources}

        def touched(resource: Resource, sources: dict[str, tuple[str, Path]] = sources) -> bool:
            return in_scope is None or in_scope(sources[resource.address][1])

        rc = RuleContext(project, settings, estimates, touched)
        resources = [r for r in project.resources if r.action != "delete"]
        by_kind: dict[str, list[Resource]] = {}
        for resource in resources:
            if resource.kind is not None and touched(resource):
                by_kind.setdefault(resource.kind, []).append(resource)
        for rule in active:
            rc.rule = rule
            if rule.scope == "project":
                hits = _guarded(rule, project.path, 1, problems, _project_hits, rule, project, rc)
                for hit in hits or []:
                    anchor = hit.resource or _anchor(resources, touched)
                    if anchor is not None:
                        found.append(_finding(rule, settings, project, anchor, hit, sources))
                continue
            for kind in rule.kinds:
                for resource in by_kind.get(kind, ()):
                    where = sources[resource.address][0]
                    hits = _guarded(rule, where, resource.line, problems, _hits, rule, resource, rc)
                    for hit in hits or []:
                        found.append(_finding(rule, settings, project, hit.resource or resource, hit, sources))
    return found, problems


def _default_catalog() -> Catalog:
    from costlint.pricing.catalog import default_catalog

    return default_catalog()


def _hits(rule: Rule, resource: Resource, rc: RuleContext) -> list[Hit]:
    try:
        spec = spec_of(resource) if rule.when is not None else None
    except InvalidValue:
        return []  # the estimate reports the invalid value; a rule cannot judge it
    if rule.when is not None:
        hit = _data_hit(rule, resource, spec, rc)
        if hit is None:
            return []
        if rule.check is None:
            return [hit]
    assert rule.check is not None
    return list(resolve_check(rule.check)(resource, rc))


def _project_hits(rule: Rule, project: Project, rc: RuleContext) -> list[Hit]:
    assert rule.check is not None
    return list(resolve_check(rule.check)(project, rc))


def _guarded(
    rule: Rule, file: str, line: int, problems: list[Diagnostic], call: Callable[..., list[Hit]], *args: Any
) -> list[Hit] | None:
    try:
        return call(*args)
    except InvalidValue:
        return None
    except Exception as exc:  # a rule's bug must not cost the user the other rules
        if debugging():
            raise
        problems.append(
            Diagnostic(
                file,
                line,
                f"internal error in rule {rule.label} ({type(exc).__name__}: {exc}); "
                "set COSTLINT_DEBUG=1 for a traceback",
            )
        )
        return None


def _anchor(resources: list[Resource], touched: Callable[[Resource], bool]) -> Resource | None:
    """Where a project finding is shown: the first resource of a touched file, else the first one."""
    ordered = sorted(resources, key=lambda r: (r.file, r.line))
    return next((r for r in ordered if touched(r)), ordered[0] if ordered else None)


def _finding(
    rule: Rule, settings: Settings, project: Project, resource: Resource, hit: Hit, sources: dict[str, tuple[str, Path]]
) -> tuple[Finding, Path]:
    shown, path = sources.get(resource.address) or source_of(project, resource)
    saving = hit.saving
    finding = Finding(
        rule=rule,
        severity=settings.severity_of(rule),
        project=project.path,
        address=resource.address,
        file=shown,
        line=resource.line,
        message=hit.message,
        monthly_savings=saving.amount if saving is not None else None,
        savings_note=saving.reason if saving is not None else None,
        resource=resource,
        fix=saving,
    )
    return finding, path
