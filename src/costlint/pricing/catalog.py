"""Price lookups: (provider, service, region, product, attributes) -> ``Price``.

The estimators call ``default_catalog().lookup("aws", "ec2", "eu-west-1", "instance",
instance_type="m5.large")`` and get the price, its unit, its source and date, and whether it is
lower-confidence, or ``None`` when the catalog has no such price (never a price of another region or
another product: the caller decides what a missing price means).

Prices live in cache directories (``records.py`` describes the layout), one file per provider,
service and region. For each such file the user cache (``locations.user_cache_dir()``, written by
``costlint pricing update``) wins over the bundled snapshot. A file is read on the first lookup that
needs it and kept for the life of the catalog, so pricing a small project reads a handful of small
files, never the whole snapshot.

A user cache file that cannot be read (truncated, not JSON, another format, an entry without a
usable price) does not stop a run: the catalog keeps one ``path:line: warning:`` line for it in
``Catalog.warnings`` (the command line prints it), logs it for library users, and uses the bundled
file instead. An unreadable *bundled* file means a broken installation: ``CannotRun``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from costlint.errors import CannotRun
from costlint.pricing import locations
from costlint.pricing.manifest import Manifest, read_manifest
from costlint.pricing.records import (
    CONFIDENCE_VALUES,
    FORMAT_VERSION,
    Tier,
    not_offered_reason,
    region_file,
    tiers_of,
)
from costlint.pricing.schema import ATTRIBUTE_DEFAULTS, GLOBAL_SERVICES, plugin_products, price_key
from costlint.pricing.schema import product as schema_product

USER = "user"
BUNDLED = "bundled"
GLOBAL_REGION = "global"

log = logging.getLogger("costlint.pricing")
# The command line prints Catalog.warnings itself: without a handler of its own, logging's last-resort
# handler would print each warning a second time.
log.addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Price:
    value: Decimal
    """Price of one ``unit``; for tiered prices, the first band's (``tiers`` has them all)."""
    unit: str
    source: str
    """Id of the source in the cache's manifest (``karpenter``, ``infracost-golden:ebs_volume``, ...)."""
    source_name: str
    date: str
    """Date of the price data, ``YYYY-MM-DD``."""
    confidence: str
    """``high``, or ``low`` where the sources disagree or a value could not be verified (see ``note``)."""
    region: str
    """Region of the price (``global`` for services priced the same everywhere)."""
    cache: str
    """Which directory it came from: ``bundled`` (the snapshot) or ``user`` (a refreshed cache)."""
    provider: str = ""
    service: str = ""
    product: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    tiers: tuple[Tier, ...] = ()
    note: str = ""

    @property
    def low_confidence(self) -> bool:
        return self.confidence != "high"


class UnknownProduct(KeyError):
    """A lookup named a product, or attributes, the pricing schema does not have (a programming error)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass
class _File:
    cache: str
    directory: Path
    region: str
    prices: Mapping[str, Mapping[str, Any]]
    not_offered: Mapping[str, str] = field(default_factory=dict)
    """What AWS does not sell in the region (``records.py``)."""
    built: dict[str, Price] = field(default_factory=dict)


def normalise(provider: str, service: str, product: str, attributes: Mapping[str, object]) -> dict[str, str]:
    """The attributes of a lookup as stored: checked against the schema, defaults filled, lower case."""
    try:
        spec = schema_product(provider, service, product)
    except KeyError as exc:
        raise UnknownProduct(str(exc.args[0])) from None
    unknown = set(attributes) - set(spec.attributes)
    if unknown:
        raise UnknownProduct(
            f"{provider}/{service}/{product} has no attribute(s) {', '.join(sorted(unknown))} "
            f"(it has: {', '.join(spec.attributes) or 'none'})"
        )
    out = {}
    for name in spec.attributes:
        value = attributes.get(name, ATTRIBUTE_DEFAULTS.get(name))
        if value is None:
            raise UnknownProduct(f"{provider}/{service}/{product} needs attribute {name!r}")
        out[name] = str(value).lower()
    return out


def price_region(provider: str, service: str, region: str) -> str:
    """The region a service's prices are filed under: ``global`` for global services."""
    return GLOBAL_REGION if (provider, service) in GLOBAL_SERVICES else region


class Catalog:
    def __init__(self, directories: Sequence[tuple[str, Path]] | None = None) -> None:
        """``directories``: (label, path) pairs in the order lookups consult them; by default the
        user cache, then the bundled snapshot."""
        self._files: dict[tuple[str, str, str], _File | None] = {}
        self._manifests: dict[Path, Manifest | None] = {}
        self._plugin_dirs: dict[str, list[tuple[str, Path]]] = {}
        self.warnings: list[str] = []
        if directories is None:
            directories = [(USER, locations.user_cache_dir()), (BUNDLED, locations.bundled_cache_dir())]
            root = locations.user_cache_dir().parent
            if root.exists() and not root.is_dir():
                self._warn(root, 1, "COSTLINT_CACHE_DIR is not a directory: the refreshed price cache is not used")
        self.directories: list[tuple[str, Path]] = list(directories)

    # -- lookups ---------------------------------------------------------------------------------

    def lookup(self, provider: str, service: str, region: str, product: str, **attributes: object) -> Price | None:
        """The price of a product in a region, or None when the catalog has none.

        Attributes not given take their ``schema.ATTRIBUTE_DEFAULTS`` (os=linux, purchase=on_demand, ...);
        an unknown product or attribute raises ``UnknownProduct``.
        """
        attrs = normalise(provider, service, product, attributes)
        loaded = self._file(provider, service, price_region(provider, service, region))
        if loaded is None:
            return None
        key = price_key(product, attrs)
        price = loaded.built.get(key)
        if price is None:
            entry = loaded.prices.get(key)
            if entry is None:
                return None
            price = self._price(loaded, provider, service, product, attrs, entry)
            loaded.built[key] = price
        return price

    def has_region(self, provider: str, service: str, region: str) -> bool:
        """Whether any price of the service exists for the region (in either cache)."""
        loaded = self._file(provider, service, price_region(provider, service, region))
        return loaded is not None and bool(loaded.prices)

    def regions(self, provider: str, service: str) -> list[str]:
        found: set[str] = set()
        for _, directory in self._directories(provider):
            service_dir = directory / provider / service
            if service_dir.is_dir():
                found.update(p.stem for p in service_dir.glob("*.json"))
        return sorted(found)

    def services(self, provider: str) -> list[str]:
        found: set[str] = set()
        for _, directory in self._directories(provider):
            if (directory / provider).is_dir():
                found.update(p.name for p in (directory / provider).iterdir() if p.is_dir())
        return sorted(found)

    def products(self, provider: str, service: str, region: str) -> list[str]:
        """The price keys of a service and region (for ``pricing lookup`` hints)."""
        loaded = self._file(provider, service, price_region(provider, service, region))
        return sorted(loaded.prices) if loaded is not None else []

    def missing_reason(self, provider: str, service: str, region: str, product: str, **attributes: object) -> str:
        """Why ``lookup`` returns None, in words (for messages)."""
        try:
            attrs = normalise(provider, service, product, attributes)
        except UnknownProduct as exc:
            return str(exc)
        where = price_region(provider, service, region)
        described = ", ".join(f"{k}={v}" for k, v in attrs.items())
        what = f"{product} ({described})" if described else product
        loaded = self._file(provider, service, where)
        if loaded is not None:
            reason = not_offered_reason(loaded.not_offered, price_key(product, attrs))
            if reason is not None:
                return f"{provider}/{service} {what} is not offered in that region ({where}): {reason}"
        gap = self._gap(loaded, provider, service, product)
        if loaded is None or not loaded.prices:
            known = self.regions(provider, service)
            if not known:
                return f"no {provider}/{service} prices in the catalog"
            return (
                f"no {provider}/{service} prices for region {where}"
                + (f" ({gap})" if gap else f" (the catalog has {service} prices for {_sample(known)})")
                + "; `costlint pricing update` can fetch them"
            )
        return f"no price for {provider}/{service} {what} in {where}" + (f" ({gap})" if gap else "")

    def _gap(self, loaded: _File | None, provider: str, service: str, product: str) -> str:
        """The recorded reason a product has no source outside some regions (manifest ``gaps``)."""
        for _, directory in self.directories:
            manifest = self.manifest(directory) if (directory / "manifest.json").is_file() else None
            gaps = manifest.extra.get("gaps", {}) if manifest is not None else {}
            reason = gaps.get(service, {}).get(product) if isinstance(gaps, dict) else None
            if reason:
                return str(reason)
        return ""

    # -- caches ----------------------------------------------------------------------------------

    def manifest(self, directory: Path) -> Manifest | None:
        if directory not in self._manifests:
            try:
                self._manifests[directory] = read_manifest(directory)
            except (OSError, ValueError, KeyError) as exc:
                self._warn(directory / "manifest.json", 1, f"cannot read the price cache manifest: {exc}")
                self._manifests[directory] = None
        return self._manifests[directory]

    def _file(self, provider: str, service: str, region: str) -> _File | None:
        ident = (provider, service, region)
        if ident in self._files:
            return self._files[ident]
        loaded = None
        for label, directory in self._directories(provider):
            path = region_file(directory, provider, service, region)
            if not path.is_file():
                continue
            try:
                prices, not_offered = _read(path, provider, service, region, thorough=label != BUNDLED)
            except (OSError, ValueError) as exc:
                if label == BUNDLED:
                    raise CannotRun(
                        f"the bundled price file {path} is unreadable ({exc}); reinstall costlint"
                    ) from None
                self._warn(
                    path, getattr(exc, "line", 1), f"ignoring this {label} price file: {exc}; using the next cache"
                )
                continue
            loaded = _File(label, directory, region, prices, not_offered)
            break
        self._files[ident] = loaded
        return loaded

    def _directories(self, provider: str) -> list[tuple[str, Path]]:
        """Where the prices of ``provider`` may be: the catalog's directories, then a plugin's own."""
        if provider not in self._plugin_dirs:
            extra: list[tuple[str, Path]] = []
            if plugin_products(provider):
                from costlint.providers import priced_as

                found = priced_as(provider)
                if found is not None and found.prices:
                    extra.append((f"plugin {found.name}", Path(found.load(found.prices))))
            self._plugin_dirs[provider] = extra
        return self.directories + self._plugin_dirs[provider]

    def _price(
        self,
        loaded: _File,
        provider: str,
        service: str,
        product: str,
        attrs: Mapping[str, str],
        entry: Mapping[str, Any],
    ) -> Price:
        source = str(entry["source"])
        manifest = self.manifest(loaded.directory)
        described = manifest.source(source) if manifest is not None else None
        return Price(
            value=Decimal(entry["price"]),
            unit=str(entry["unit"]),
            source=source,
            source_name=str(described.get("name", source)) if described else source,
            date=str(entry["date"]),
            confidence=str(entry["confidence"]),
            region=loaded.region,
            cache=loaded.cache,
            provider=provider,
            service=service,
            product=product,
            attributes=tuple(attrs.items()),
            tiers=tiers_of(entry),
            note=str(entry.get("note", "")),
        )

    def _warn(self, path: Path, line: int, message: str) -> None:
        """One ``path:line: warning: message`` line, kept for the command line to print (once)."""
        text = f"{path}:{line}: warning: {message}"
        if text not in self.warnings:
            self.warnings.append(text)
            log.warning("%s", text)


def _sample(regions: list[str], limit: int = 6) -> str:
    if len(regions) <= limit:
        return ", ".join(regions)
    return ", ".join(regions[:limit]) + f" and {len(regions) - limit} more"


class CacheFileError(ValueError):
    """A price cache file that cannot be used, with the line at fault."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def _read(
    path: Path, provider: str, service: str, region: str, thorough: bool
) -> tuple[Mapping[str, Mapping[str, Any]], Mapping[str, str]]:
    """The prices and "not offered" entries of a region file; ``thorough`` also checks every entry (for
    user caches)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CacheFileError(f"not valid JSON ({exc.msg})", exc.lineno) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_VERSION:
        raise ValueError(f"unsupported format {doc.get('format') if isinstance(doc, dict) else None!r}")
    if (doc.get("provider"), doc.get("service"), doc.get("region")) != (provider, service, region):
        raise ValueError(f"holds {doc.get('provider')}/{doc.get('service')}/{doc.get('region')}")
    prices = doc.get("prices")
    if not isinstance(prices, dict):
        raise ValueError("no prices")
    not_offered = doc.get("not_offered", {})
    if not isinstance(not_offered, dict) or not all(isinstance(v, str) for v in not_offered.values()):
        raise ValueError("unreadable not_offered")
    if thorough:
        for key, entry in prices.items():
            _check_entry(key, entry)
    return prices, not_offered


def _check_entry(key: str, entry: Any) -> None:
    if not isinstance(entry, dict):
        raise ValueError(f"entry {key!r} is not an object")
    for name in ("price", "unit", "source", "date", "confidence"):
        if not isinstance(entry.get(name), str):
            raise ValueError(f"entry {key!r} has no {name}")
    try:
        value = Decimal(entry["price"])
        for tier in entry.get("tiers", ()):
            for part in tier:
                if part is not None:
                    Decimal(part)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"entry {key!r} has an unreadable price") from None
    if not value.is_finite() or value <= 0 or entry["confidence"] not in CONFIDENCE_VALUES:
        raise ValueError(f"entry {key!r} has price {entry['price']!r}, confidence {entry['confidence']!r}")


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The process's catalog (user cache, then bundled snapshot); files load on first use."""
    return Catalog()


def reset_default_catalog() -> None:
    """Forget the process's catalog (after ``pricing update`` wrote new files, or in tests)."""
    default_catalog.cache_clear()
