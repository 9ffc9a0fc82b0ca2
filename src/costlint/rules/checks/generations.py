"""CL101 previous-generation, CL102 older-generation, CL103 graviton: instance types, wherever they are
set, against the replacement tables of the rule's options.

The replacement suggested is the first family of the table's list that the catalog prices at the same
size in the resource's region (so that m3.medium, which has no m7i size, is offered m7a.medium); its
saving is the resource estimated as it is and with the type replaced (``specs.aws.fixes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from costlint.model import Resource, Unknown
from costlint.rules.engine import Hit, RuleContext, spec_of
from costlint.specs.aws import fixes

_GRAVITON = re.compile(r"^(db\.|cache\.)?[a-z]+\d+g[a-z]*$")
_CATALOG_ENGINES = {"rds": ("mysql", "postgres", "mariadb", "aurora-mysql", "aurora-postgresql")}


def _service(kind: str) -> str:
    if kind.startswith("rds."):
        return "rds"
    if kind.startswith("elasticache."):
        return "elasticache"
    return "ec2"


def instance_types(resource: Resource) -> list[Any]:
    """Every instance type, class or node type the resource sets (values may be unknown), read from its
    kind's spec (imported only for the kinds met)."""
    spec = spec_of(resource)
    if spec is None:
        return []
    kind = resource.kind or ""
    if kind == "autoscaling.group":
        return [o.instance_type for o in spec.overrides]
    if kind.startswith("emr."):
        return [t for capacity in spec.capacities for t in capacity.instance_types]
    for name in ("instance_type", "instance_class", "node_type"):
        if hasattr(spec, name):
            return [getattr(spec, name)]
    found = spec.instance_types  # node groups, Batch compute environments
    return [] if isinstance(found, Unknown) else list(found)


def engine_of(resource: Resource) -> Any:
    """The database or cache engine of an RDS or ElastiCache resource; None for other kinds."""
    if not (resource.kind or "").startswith(("rds.", "elasticache.")):
        return None
    return getattr(spec_of(resource), "engine", None)


def split(instance_type: str) -> tuple[str, str | None]:
    """``m3.large`` -> (``m3``, ``large``); ``db.m3.large`` -> (``db.m3``, ``large``); ``m3`` -> (``m3``, None)."""
    parts = instance_type.split(".")
    if parts[0] in ("db", "cache"):
        return ".".join(parts[:2]), ".".join(parts[2:]) or None
    return parts[0], ".".join(parts[1:]) or None


def _distinct_known(values: list[Any]) -> Iterator[str]:
    seen = set()
    for value in values:
        if isinstance(value, str) and value and value not in seen:
            seen.add(value)
            yield value


def is_priced(rc: RuleContext, resource: Resource, service: str, instance_type: str) -> bool:
    """Whether the catalog has an on-demand price for the type in the resource's region."""
    region = resource.region
    if not isinstance(region, str) or not region:
        return False
    if service == "ec2":
        attributes = {"instance_type": instance_type, "os": "linux", "tenancy": "shared", "purchase": "on_demand"}
        product = "instance"
    elif service == "rds":
        engine = engine_of(resource)
        engine = engine if engine in _CATALOG_ENGINES["rds"] else "mysql"
        attributes = {"instance_class": instance_type, "engine": engine, "deployment": "single_az"}
        product = "instance"
    else:
        engine = engine_of(resource)
        attributes = {"node_type": instance_type, "engine": engine if isinstance(engine, str) else "redis"}
        product = "node"
    return rc.ctx.catalog.lookup("aws", service, region, product, **attributes) is not None


def _graviton_allowed(rc: RuleContext, resource: Resource) -> bool:
    engine = engine_of(resource)
    if engine is None:
        return True
    return isinstance(engine, str) and engine in rc.option("graviton_engines", [])


def _replacement(rc: RuleContext, resource: Resource, service: str, size: str, families: list[str]) -> str | None:
    allowed = _graviton_allowed(rc, resource)
    for family in families:
        if _GRAVITON.match(family) and not allowed:
            continue
        candidate = f"{family}.{size}"
        if is_priced(rc, resource, service, candidate):
            return candidate
    return None


def _generation(resource: Resource, rc: RuleContext, words: str) -> Iterator[Hit]:
    service = _service(resource.kind or "")
    table: dict[str, list[str]] = rc.option(service, {}) or {}
    for instance_type in _distinct_known(instance_types(resource)):
        family, size = split(instance_type.lower())
        families = table.get(family)
        if families is None:
            continue
        if size is None:  # a Batch family such as "m3": no size, no saving
            yield Hit(f"{instance_type} is {words}; use {', '.join(families)} instead")
            continue
        replacement = _replacement(rc, resource, service, size, families)
        if replacement is None:
            where = resource.region if isinstance(resource.region, str) else "an unknown region"
            yield Hit(f"{instance_type} is {words}; no {size} type of {', '.join(families)} is priced in {where}")
            continue
        saving = rc.estimates.fix(resource, fixes.with_instance_type(resource, instance_type, replacement))
        yield Hit(f"{instance_type} is {words}; {saving.words(replacement)}", saving)


def previous_generation(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    return _generation(resource, rc, "previous generation")


def older_generation(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    return _generation(resource, rc, "an older generation")


def graviton(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    if not _graviton_allowed(rc, resource):
        return
    service = _service(resource.kind or "")
    table: dict[str, str] = rc.option(service, {}) or {}
    for instance_type in _distinct_known(instance_types(resource)):
        family, size = split(instance_type.lower())
        target = table.get(family)
        if target is None or size is None:
            continue
        candidate = f"{target}.{size}"
        if not is_priced(rc, resource, service, candidate):
            continue
        saving = rc.estimates.fix(resource, fixes.with_instance_type(resource, instance_type, candidate))
        if saving.amount is not None and saving.amount <= 0:
            continue
        if saving.amount is None and not _cheaper(rc, resource, service, instance_type, candidate):
            continue
        yield Hit(f"{instance_type} has a Graviton equivalent; {saving.words(candidate)} (needs arm64)", saving)


def _cheaper(rc: RuleContext, resource: Resource, service: str, current: str, candidate: str) -> bool:
    """Whether ``candidate``'s on-demand hourly price is below ``current``'s (when no saving could be
    estimated, e.g. a launch template nothing in the project uses)."""
    region = resource.region
    if not isinstance(region, str):
        return False
    key = {"ec2": "instance_type", "rds": "instance_class"}.get(service, "node_type")
    extra: dict[str, str] = (
        {"os": "linux", "tenancy": "shared", "purchase": "on_demand"}
        if service == "ec2"
        else {"engine": "mysql", "deployment": "single_az"}
        if service == "rds"
        else {"engine": "redis"}
    )
    product = "node" if service == "elasticache" else "instance"
    prices = [rc.ctx.catalog.lookup("aws", service, region, product, **{key: t}, **extra) for t in (current, candidate)]
    return all(p is not None for p in prices) and prices[1].value < prices[0].value  # type: ignore[union-attr]
