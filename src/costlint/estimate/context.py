"""What an estimator may consult: prices, usage, the other resources of its project.

One ``Context`` serves one project. Estimators build ``Component``s through it, so that every
component carries its price's provenance, and a missing price is reported (never replaced by a price
of another region).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costlint import providers
from costlint.estimate.model import Component, NotPriced
from costlint.estimate.usage import Usage
from costlint.model import Project, Resource, Unknown
from costlint.specs.values import provider_default

if TYPE_CHECKING:
    # Imported for types only: a context used for links alone (the rules engine's) loads no price code.
    from costlint.pricing.catalog import Catalog, Price


def pricing_provider(resource: Resource) -> str:
    """The catalog's name of the resource's provider (``aws``; ``azure`` for ``azurerm``)."""
    found = providers.provider(resource.provider)
    if found is None or not found.pricing:
        raise NotPriced(f"no prices for provider {resource.provider}")
    return found.pricing


def base_address(address: str) -> str:
    """The address without its last instance index: ``a.b[0]`` -> ``a.b``."""
    if address.endswith("]") and "[" in address:
        return address[: address.rindex("[")]
    return address


class Context:
    def __init__(self, project: Project, catalog: Catalog, usage: Usage | None = None) -> None:
        self.project = project
        self.catalog = catalog
        # What the project's source says (a design sheet's usage) lies under the usage file.
        self.usage = (usage or Usage()).beneath(project.usage)
        self.by_address: dict[str, Resource] = {r.address: r for r in project.resources}
        self._by_base: dict[str, list[Resource]] = defaultdict(list)
        for r in project.resources:
            self._by_base[base_address(r.address)].append(r)
        self.assumptions: list[str] = []
        self._referrers: dict[str, list[Resource]] | None = None

    # -- values ----------------------------------------------------------------------------------

    @staticmethod
    def known(value: Any, what: str) -> Any:
        """The value, or ``NotPriced`` naming what is unknown and why (the variable, the reference)."""
        if isinstance(value, Unknown):
            raise NotPriced(f"{what} is unknown ({value.reason})")
        return value

    @staticmethod
    def required(value: Any, what: str) -> Any:
        """A value the estimate cannot do without: unknown -> not priced naming its origin; unset -> not priced."""
        value = Context.known(value, what)
        if value is None:
            raise NotPriced(f"{what} is not set")
        return value

    def region(self, resource: Resource) -> str:
        region = resource.region
        if isinstance(region, Unknown):
            raise NotPriced(f"region is unknown ({region.reason}); pass --region")
        if not region:
            raise NotPriced("region is unknown; pass --region")
        return region

    def assume(self, text: str) -> None:
        """Record an assumption the estimate rests on; it is shown with the resource."""
        if text not in self.assumptions:
            self.assumptions.append(text)

    def or_default(self, value: Any, default: Any, what: str, *, say: bool = False) -> Any:
        """An optional setting's value, or its default: when it is not set (said only with ``say``),
        or when it is unknown (always said, naming where the value would come from; except a plan's
        "known after apply" for an argument the configuration leaves to the provider's default)."""
        if provider_default(value):
            value = None
        if isinstance(value, Unknown):
            self.assume(f"{what} is unknown ({value.reason}): assumed {default}")
            return default
        if value is None:
            if say:
                self.assume(f"{what} not set: assumed {default}")
            return default
        return value

    def usage_of(self, resource: Resource) -> dict[str, Any]:
        return self.usage.for_resource(resource)

    def usage_value(self, resource: Resource, key: str) -> Any:
        return self.usage_of(resource).get(key)

    def usage_number(self, resource: Resource, key: str) -> Decimal | None:
        """A numeric usage value (None when not given); anything but a non-negative number is refused."""
        return _usage_number(self.usage_value(resource, key), key)

    def usage_mapping(self, resource: Resource, key: str) -> dict[str, Any]:
        """A nested usage value (``standard: {storage_gb: 10}``); absent -> {}."""
        raw = self.usage_value(resource, key)
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise NotPriced(f"usage {key} must be a mapping of keys, got {raw!r}")
        return raw

    @staticmethod
    def nested_number(values: dict[str, Any], key: str, where: str) -> Decimal | None:
        """A number of a nested usage value (``usage_mapping(resource, where)``), as ``usage_number``."""
        return _usage_number(values.get(key), f"{where}.{key}")

    def usage_choice(self, resource: Resource, key: str, choices: tuple[str, ...]) -> str | None:
        """A usage value that must be one of ``choices`` (compared in lower case)."""
        raw = self.usage_value(resource, key)
        if raw is None:
            return None
        value = str(raw).strip().lower()
        if value not in choices:
            raise NotPriced(f"usage {key} must be one of {', '.join(choices)}, got {raw!r}")
        return value

    # -- links between resources -----------------------------------------------------------------

    def linked(
        self, value: Any, kinds: tuple[str, ...] = (), names: Callable[[Resource], Iterable[object]] | None = None
    ) -> Resource | None:
        """The resource of this project that ``value`` refers to.

        ``value`` is an ``Unknown`` carrying a ``ref`` (``aws_launch_template.web.id``, ``Ref
        WebLaunchTemplate``), or a literal name/id that one resource of ``kinds`` has among its ``names``
        (a spec function: ``launch_template { name = "web" }``).
        """
        if isinstance(value, Unknown):
            if not value.ref:
                return None
            if value.ref in self.by_address:
                return self.by_address[value.ref]
            instances = self._by_base.get(value.ref, [])
            return instances[0] if len(instances) == 1 else None
        if isinstance(value, str) and value and kinds and names is not None:
            for r in self.project.resources:
                if r.kind in kinds and value in names(r):
                    return r
        return None

    def referrers(self, address: str) -> list[Resource]:
        """The resources of this project with an attribute referring to ``address`` (an unknown value
        whose ``ref`` is the address, or its address without the instance index)."""
        if self._referrers is None:
            index: dict[str, list[Resource]] = defaultdict(list)
            for r in self.project.resources:
                for ref in _refs(r.attributes):
                    if not index[ref] or index[ref][-1] is not r:
                        index[ref].append(r)
            self._referrers = index
        found = list(self._referrers.get(address, []))
        base = base_address(address)
        if base != address:
            found += [r for r in self._referrers.get(base, []) if r not in found]
        return found

    # -- prices ----------------------------------------------------------------------------------

    def lookup(self, resource: Resource, service: str, product: str, **attributes: Any) -> Price | None:
        return self.catalog.lookup(pricing_provider(resource), service, self.region(resource), product, **attributes)

    def component(
        self,
        resource: Resource,
        name: str,
        service: str,
        product: str,
        quantity: Decimal | int | None,
        *,
        usage_based: bool = False,
        **attributes: Any,
    ) -> Component:
        """A component priced from the catalog; a missing price is kept as a component with a reason."""
        return self.component_in(
            resource, self.region(resource), name, service, product, quantity, usage_based=usage_based, **attributes
        )

    def component_in(
        self,
        resource: Resource,
        region: str,
        name: str,
        service: str,
        product: str,
        quantity: Decimal | int | None,
        *,
        usage_based: bool = False,
        **attributes: Any,
    ) -> Component:
        """``component`` for a price in another region than the resource's (global-table and secret
        replicas); a missing price keeps the catalog's reason, never another region's price."""
        provider = pricing_provider(resource)
        price = self.catalog.lookup(provider, service, region, product, **attributes)
        if price is None:
            from costlint.pricing.schema import product as schema_product

            unit = schema_product(provider, service, product).unit
            reason = self.catalog.missing_reason(provider, service, region, product, **attributes)
            return self.missing_component(name, unit, reason, quantity, usage_based=usage_based)
        return _priced(name, price, price.value, None if quantity is None else Decimal(quantity), usage_based)

    @staticmethod
    def missing_component(
        name: str, unit: str, reason: str, quantity: Decimal | int | None = None, *, usage_based: bool = False
    ) -> Component:
        """A component the catalog has no product or price for at all (shown, never counted)."""
        qty = None if quantity is None else Decimal(quantity)
        return Component(name, unit, None, qty, usage_based=usage_based, missing=reason)

    def usage_component(
        self,
        resource: Resource,
        name: str,
        service: str,
        product: str,
        usage_key: str,
        *,
        scale: Decimal | int = 1,
        **attributes: Any,
    ) -> Component:
        """A usage-based component whose quantity is the usage value ``usage_key`` times ``scale``
        (e.g. requests / 1,000,000 for a price per 1M requests); no usage -> quantity None."""
        value = self.usage_number(resource, usage_key)
        quantity = None if value is None else value * Decimal(scale)
        return self.component(resource, name, service, product, quantity, usage_based=True, **attributes)

    def tiered_components(
        self,
        resource: Resource,
        name: str,
        service: str,
        product: str,
        quantity: Decimal | None,
        *,
        usage_based: bool = True,
        **attributes: Any,
    ) -> list[Component]:
        """One component per price band that ``quantity`` reaches (``name (first 6B)``, ...).

        Without a quantity, or for a price without bands, this is a single component at the first
        band's price.
        """
        region = self.region(resource)
        price = self.catalog.lookup(pricing_provider(resource), service, region, product, **attributes)
        if price is None or not price.tiers or quantity is None:
            return [
                self.component_in(
                    resource, region, name, service, product, quantity, usage_based=usage_based, **attributes
                )
            ]
        out = []
        remaining = Decimal(quantity)
        for tier in price.tiers:
            if remaining <= 0:
                break
            width = remaining if tier.end is None else min(remaining, tier.end - tier.start)
            label = _band_label(tier.start, tier.end, price.unit)
            out.append(_priced(f"{name} ({label})", price, tier.price, width, usage_based))
            remaining -= width
        return out


def _usage_number(raw: Any, key: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NotPriced(f"usage {key} must be a number, got {raw!r}")
    try:
        value = Decimal(str(raw))
    except (ArithmeticError, ValueError):
        raise NotPriced(f"usage {key} must be a number, got {raw!r}") from None
    if not value.is_finite() or value < 0:
        raise NotPriced(f"usage {key} must be a non-negative number, got {raw!r}")
    return value


def _priced(name: str, price: Price, value: Decimal, quantity: Decimal | None, usage_based: bool) -> Component:
    """A component at ``value`` (the price's, or one band's) carrying the price's provenance."""
    return Component(
        name,
        price.unit,
        value,
        quantity,
        usage_based=usage_based,
        price_source=f"{price.source_name} ({price.date})",
        approximate=price.low_confidence,
        price_date=price.date,
        price_cache=price.cache,
    )


def _refs(value: Any) -> list[str]:
    """Every ``Unknown.ref`` inside an attribute value."""
    if isinstance(value, Unknown):
        return [value.ref] if value.ref else []
    if isinstance(value, dict):
        return [ref for v in value.values() for ref in _refs(v)]
    if isinstance(value, (list, tuple)):
        return [ref for v in value for ref in _refs(v)]
    return []


_SCALES = {"k": Decimal(10) ** 3, "M": Decimal(10) ** 6, "B": Decimal(10) ** 9}


def _short_number(value: Decimal) -> str:
    for size, suffix in (
        (Decimal(10) ** 12, "T"),
        (Decimal(10) ** 9, "B"),
        (Decimal(10) ** 6, "M"),
        (Decimal(10) ** 3, "k"),
    ):
        if value >= size and value % (size / 100) == 0:
            return f"{(value / size).normalize():f}{suffix}"
    return f"{value.normalize():f}"


def _amount(value: Decimal, unit: str) -> str:
    """A band edge in words: ``1000`` of ``1M queries`` is ``1B queries``; ``10240 GB`` is ``10 TB``."""
    count, _, base = unit.partition(" ")
    if base and count[:1] == "1" and count[1:].rstrip("0kMB") == "" and count[-1:] in _SCALES:
        # "1M requests", "10k requests": fold the unit's own multiplier into the number.
        value = value * Decimal(count[:-1]) * _SCALES[count[-1]]
        unit = base
    if unit in ("GB", "GB-month") and value >= 1024 and value % 1024 == 0:
        return f"{_short_number(value / 1024)} T{unit[1:]}"
    if unit == "month":  # per-item monthly prices (hosted zones): the band counts items
        return _short_number(value)
    return f"{_short_number(value)} {unit}"


def _band_label(start: Decimal, end: Decimal | None, unit: str) -> str:
    if start == 0 and end is not None:
        return f"first {_amount(end, unit)}"
    if end is None:
        return f"over {_amount(start, unit)}"
    return f"next {_amount(end - start, unit)}"
