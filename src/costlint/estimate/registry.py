"""Which estimator prices a resource, which resources cost nothing, and which usage keys a kind reads.

All three come from the provider tables (``costlint.providers``): a row names its estimator as
``module:function`` in the provider's estimators package, imported the first time a resource of that
kind is estimated. An estimator is a function ``(resource, ctx) -> list[Component]``; it raises
``NotPriced(reason)`` when it cannot price the resource. Estimators know nothing of HCL or YAML: they
read the resource's attributes through the specs (``costlint.specs.<provider>``) and prices through
``Context``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from costlint.providers import BUILT_IN, ResourceType, provider, row_of

if TYPE_CHECKING:
    from costlint.estimate.context import Context
    from costlint.estimate.model import Component
    from costlint.model import Resource

EstimatorFn = Callable[["Resource", "Context"], "list[Component]"]


@dataclass(frozen=True)
class UsageKey:
    name: str
    description: str
    example: object = None
    """A typical value, written (commented) by ``costlint usage template``."""
    kind: str = ""
    """What the usage file must give: ``number`` (non-negative), ``string``, ``boolean`` or ``mapping``
    (nested keys, e.g. per storage class); checked when the usage file is loaded. Empty: inferred
    from ``example`` (a number when there is none)."""
    choices: tuple[str, ...] = ()
    """For ``string`` keys with a fixed vocabulary (compared in lower case)."""
    keys: tuple[str, ...] = ()
    """For ``mapping`` keys: the nested keys an estimator reads (a usage file's others are warned about);
    empty: any."""

    @property
    def value_kind(self) -> str:
        if self.kind:
            return self.kind
        if isinstance(self.example, bool):
            return "boolean"
        if isinstance(self.example, str):
            return "string"
        if isinstance(self.example, dict):
            return "mapping"
        return "number"


def _row(resource: Resource) -> ResourceType | None:
    found = provider(resource.provider)
    if found is None or resource.kind is None:
        return None
    return found.of_kind(resource.kind)


def free_reason(resource: Resource) -> str | None:
    """Why the resource costs nothing of its own, or None when it may be billed."""
    found = provider(resource.provider)
    return found.free_reason(resource.type, resource.kind) if found is not None else None


def not_priced_reason(resource: Resource) -> str | None:
    """Why a billed resource that no estimator prices is left unpriced on purpose (its row's or its
    provider's reason), or None: a type costlint does not know yet."""
    found = provider(resource.provider)
    return found.not_priced_reason(resource.type, resource.kind) if found is not None else None


def estimator_for(resource: Resource) -> EstimatorFn | None:
    """The function that prices the resource; None for a type no estimator prices yet."""
    entry = _row(resource)
    if entry is None or entry.estimator is None:
        return None
    return _resolve_estimator(resource.provider, entry.estimator)


@cache
def _resolve_estimator(provider_name: str, reference: str) -> EstimatorFn:
    found = provider(provider_name)
    assert found is not None
    fn: EstimatorFn = found.resolve(found.estimators, reference)
    return fn


def usage_keys_of(entry: ResourceType | None, provider_name: str = "aws") -> tuple[UsageKey, ...] | None:
    """The usage keys read on resources of a row; None when nothing reads usage on them."""
    if entry is None or entry.usage is None:
        return None
    found = provider(provider_name)
    assert found is not None
    keys: tuple[UsageKey, ...] = found.resolve(found.estimators, entry.usage)
    return keys


def usage_keys(kind: str, provider_name: str = "aws") -> tuple[UsageKey, ...] | None:
    """The usage keys read on resources of ``kind``."""
    found = provider(provider_name)
    return usage_keys_of(found.of_kind(kind) if found is not None else None, provider_name)


def usage_keys_named(name: str) -> tuple[UsageKey, ...] | None:
    """The usage keys of a usage file's type default: a Terraform or CloudFormation type, else a kind of
    any provider costlint ships."""
    entry = row_of(name)
    if entry is not None:
        return usage_keys_of(entry, _provider_of_row(entry))
    for provider_name in BUILT_IN:
        found = provider(provider_name)
        if found is not None and found.of_kind(name) is not None:
            return usage_keys_of(found.of_kind(name), provider_name)
    return None


def _provider_of_row(entry: ResourceType) -> str:
    for provider_name in BUILT_IN:
        found = provider(provider_name)
        if found is not None and entry in found.types:
            return provider_name
    return "aws"
