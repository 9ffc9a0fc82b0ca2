"""Providers and their resource types: the one table that says everything about a type.

A ``Provider`` (``aws``, ``azurerm``, ``google``, the Terraform utility providers, or a plugin) owns a
table of ``ResourceType`` rows. A row gives a canonical kind, the Terraform and CloudFormation types
that are that kind, and either why it costs nothing (``free``) or where its spec, estimator and usage
keys live. Adding a priced type is one row plus its spec and estimator functions; a free type is one
row. Readers use this module for kinds and regions only; the estimate layer resolves the estimator
references lazily, so that a run imports the estimators of the kinds it meets and no others.

References are ``"module:attribute"`` strings relative to the provider's ``specs`` and ``estimators``
packages (``"storage:ebs_volume"`` in ``costlint.estimate.estimators.aws``).

Plugins: a package that declares an entry point in the ``costlint.providers`` group, naming a
``Provider``, adds a provider without touching costlint's code; it is looked up only when a resource of
a provider costlint does not ship is met.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from costlint.model import Unknown


@dataclass(frozen=True)
class ResourceType:
    """One row of a provider's table: a kind and its native types."""

    kind: str
    """Canonical kind shared by every language (``ec2.instance``): ``<service>.<resource>``."""
    terraform: tuple[str, ...] = ()
    cloudformation: tuple[str, ...] = ()
    free: str | None = None
    """Why resources of this kind cost nothing of their own; None for a billed kind."""
    not_priced: str | None = None
    """Why a billed kind is deliberately left unpriced (no price source, its cost is another resource's):
    the breakdown shows it instead of "unsupported type"."""
    spec: str | None = None
    """``module:function`` of the provider's specs package reading a resource into its spec."""
    estimator: str | None = None
    """``module:function`` of the provider's estimators package pricing the resource."""
    usage: str | None = None
    """``module:NAME`` of the provider's estimators package: the usage keys read on this kind (a free kind
    may have some, read by the estimators of the resources it acts on)."""

    @property
    def types(self) -> tuple[str, ...]:
        return (*self.terraform, *self.cloudformation)


def row(
    kind: str,
    tf: str | tuple[str, ...] = (),
    cfn: str | tuple[str, ...] = (),
    *,
    free: str | None = None,
    not_priced: str | None = None,
    spec: str | None = None,
    estimator: str | None = None,
    usage: str | None = None,
) -> ResourceType:
    """A table row, with single types given as plain strings."""
    return ResourceType(
        kind,
        (tf,) if isinstance(tf, str) else tf,
        (cfn,) if isinstance(cfn, str) else cfn,
        free,
        not_priced,
        spec,
        estimator,
        usage,
    )


@dataclass(frozen=True)
class RegionRule:
    """Where a resource's region comes from, for one provider (Terraform HCL and plans)."""

    attributes: tuple[str, ...] = ()
    """Resource arguments naming its region or zone, first set wins (AWS provider 6 ``region``, Azure
    ``location``, Google ``region`` then ``zone``)."""
    settings: tuple[str, ...] = ()
    """Provider block settings that name the region or zone (``region``; Google ``zone`` too)."""
    zones: frozenset[str] = frozenset()
    """Which of those names hold a zone (``europe-west1-b``), whose region drops the last part."""
    environment: tuple[str, ...] = ()
    """Environment variables that set the region when the configuration does not (``AWS_REGION``)."""
    uses_default: bool = False
    """The command line's ``--region`` applies to this provider's resources that name no region."""
    required: bool = False
    """No region found is an unknown value naming the provider (else the region is left unset)."""


@dataclass(frozen=True)
class Provider:
    name: str
    """Terraform provider name (``aws``, ``azurerm``, ``google``); ``aws`` for CloudFormation."""
    types: tuple[ResourceType, ...] = ()
    region: RegionRule = RegionRule()
    default_tags: bool = False
    """The provider block's ``default_tags { tags = ... }`` merge into each resource's tags."""
    free: str | None = None
    """Every resource of the provider is free (the utility providers whose resources live in the state)."""
    not_priced: str | None = None
    """Why the resources of the provider's types that have no row are not priced (another cloud that
    costlint does not price yet), instead of "unsupported type"."""
    free_prefixes: tuple[tuple[str, str], ...] = ()
    """(type prefix, reason): types free by their prefix (CloudFormation ``Custom::`` resources)."""
    specs: str = ""
    """Package of the provider's spec modules (``costlint.specs.aws``)."""
    estimators: str = ""
    """Package of the provider's estimator modules (``costlint.estimate.estimators.aws``)."""
    pricing: str = ""
    """The provider's name in the price catalog (``aws``; ``azure`` for azurerm); empty: none."""
    products: str = ""
    """Plugins: ``package.module:NAME`` of the ``costlint.pricing.schema.Product`` tuple of their prices
    (the products of the providers costlint ships are in ``costlint.pricing.schema``)."""
    prices: str = ""
    """Plugins: ``package.module:NAME`` of a directory laid out as a price cache
    (``<pricing>/<service>/<region>.json``), consulted after the user cache and the bundled snapshot."""
    _by_type: dict[str, ResourceType] = field(default_factory=dict, compare=False, repr=False)
    _by_kind: dict[str, ResourceType] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.types:
            if entry.kind in self._by_kind:
                raise ValueError(f"provider {self.name}: two rows for kind {entry.kind}")
            if entry.free is not None and entry.estimator:
                raise ValueError(f"provider {self.name}: {entry.kind} is free and has an estimator")
            if entry.not_priced is not None and (entry.estimator or entry.free is not None):
                raise ValueError(f"provider {self.name}: {entry.kind} is not priced and free or priced")
            self._by_kind[entry.kind] = entry
            for native in entry.types:
                if native in self._by_type:
                    raise ValueError(f"provider {self.name}: {native} is in two rows")
                self._by_type[native] = entry

    def of_type(self, native_type: str) -> ResourceType | None:
        return self._by_type.get(native_type)

    def of_kind(self, kind: str) -> ResourceType | None:
        return self._by_kind.get(kind)

    def free_reason(self, native_type: str, kind: str | None) -> str | None:
        """Why a resource of this type costs nothing, or None when it may be billed."""
        if self.free is not None:
            return self.free
        entry = self.of_type(native_type) or (self.of_kind(kind) if kind else None)
        if entry is not None and entry.free is not None:
            return entry.free
        for prefix, reason in self.free_prefixes:
            if native_type.startswith(prefix):
                return reason
        return None

    def not_priced_reason(self, native_type: str, kind: str | None) -> str | None:
        """Why a billed resource of this type is deliberately not priced, or None (priced, or unknown)."""
        entry = self.of_type(native_type) or (self.of_kind(kind) if kind else None)
        if entry is not None:
            return entry.not_priced
        return self.not_priced

    def resolve(self, package: str, reference: str) -> Any:
        """The object a ``module:attribute`` reference of this provider names (imported on first use)."""
        return self.load(f"{package}.{reference}")

    def load(self, reference: str) -> Any:
        """The object an absolute ``package.module:attribute`` reference names."""
        module, _, attribute = reference.partition(":")
        return getattr(importlib.import_module(module), attribute)

    def own_region(self, attributes: Mapping[str, Any]) -> Any:
        """The region a resource names itself (a string or an unknown value), else None."""
        for name in self.region.attributes:
            value = _region_value(attributes.get(name), name in self.region.zones)
            if value is not None:
                return value
        return None

    def terraform_region(
        self,
        attributes: Mapping[str, Any],
        settings: Mapping[str, Any] | None,
        key: str,
        environ: Mapping[str, str],
        default: str | None,
    ) -> Any:
        """A resource's region from its own arguments, then its provider configuration's ``settings``
        (None: the provider ``key`` names no configuration), then the environment and ``--region``."""
        rule = self.region
        value = self.own_region(attributes)
        if value is not None:
            return value
        if settings is None and "." in key and rule.required:
            return Unknown(f"provider {key} is not configured")
        for name in rule.settings:
            value = _region_value((settings or {}).get(name), name in rule.zones)
            if value is not None:
                return value
        found = next((environ[v] for v in rule.environment if environ.get(v)), None)
        found = found or (default if rule.uses_default else None)
        if found:
            return found
        return Unknown(f"provider {key} has no region") if rule.required else None


def _region_value(value: Any, zone: bool) -> Any:
    """A region (or zone's region) that is set: a string or an unknown value, else None."""
    if isinstance(value, Unknown):
        return value
    if not isinstance(value, str):
        return None
    if zone:
        return value.rsplit("-", 1)[0] if value.count("-") >= 2 else None
    return value


BUILT_IN: dict[str, str] = {
    "aws": "costlint.providers.aws:PROVIDER",
    "azurerm": "costlint.providers.azure:PROVIDER",
    "google": "costlint.providers.google:PROVIDER",
    **{name: "costlint.providers.workloads:" + name.upper() for name in ("docker", "helm", "kubernetes", "kubectl")},
    **{
        name: "costlint.providers.utility:" + name.upper()
        for name in (
            "random",
            "null",
            "time",
            "tls",
            "local",
            "template",
            "archive",
            "external",
            "http",
            "terraform",
        )
    },
}
"""Providers costlint ships, by Terraform name (imported on first use)."""


@cache
def provider(name: str) -> Provider | None:
    """The provider called ``name``: a built-in one, else a plugin's, else None."""
    target = BUILT_IN.get(name)
    if target is None:
        return _plugins().get(name)
    module, _, attribute = target.partition(":")
    found: Provider = getattr(importlib.import_module(module), attribute)
    return found


@cache
def _plugins() -> dict[str, Provider]:
    from importlib.metadata import entry_points

    found: dict[str, Provider] = {}
    for entry in entry_points(group="costlint.providers"):
        loaded = entry.load()
        if isinstance(loaded, Provider) and loaded.name not in BUILT_IN:
            found[loaded.name] = loaded
    return found


def priced_as(pricing_name: str) -> Provider | None:
    """The provider whose prices the catalog files under ``pricing_name`` (``azure`` -> azurerm)."""
    for name in BUILT_IN:
        found = provider(name)
        if found is not None and found.pricing == pricing_name:
            return found
    return next((p for p in _plugins().values() if p.pricing == pricing_name), None)


def provider_of_type(native_type: str) -> str:
    """Provider name of a native type: ``aws_instance`` -> ``aws``, ``AWS::EC2::VPC`` -> ``aws``."""
    if "::" in native_type:
        return native_type.split("::", 1)[0].lower()
    return native_type.split("_", 1)[0]


def row_of(native_type: str, provider_name: str | None = None) -> ResourceType | None:
    """The table row of a native type (of ``provider_name``, else of the provider its name implies)."""
    found = provider(provider_name or provider_of_type(native_type))
    return found.of_type(native_type) if found is not None else None


def kind_of(native_type: str, provider_name: str | None = None) -> str | None:
    entry = row_of(native_type, provider_name)
    return entry.kind if entry is not None else None


def kinds(provider_name: str = "aws") -> list[str]:
    found = provider(provider_name)
    return sorted(entry.kind for entry in found.types) if found is not None else []
