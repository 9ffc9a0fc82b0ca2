"""S3 buckets: storage, requests and retrievals per storage class, all from usage.

A bucket's configuration does not say how much it stores: every line is usage-based. The usage keys
are Infracost's, nested per storage class (``standard: {storage_gb: 100}``), so existing usage files
keep working. Standard is always shown (at its unit prices when no usage is given); another class is
shown when the usage file mentions it. A usage value the catalog has no price for (S3 Select, lifecycle
transitions, Glacier expedited/bulk retrievals, ...) is shown as missing, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import THOUSAND
from costlint.estimate.model import Component
from costlint.estimate.registry import UsageKey
from costlint.model import Resource

# AWS prices S3 Standard and Intelligent-Tiering frequent-access storage in monthly bands (first 50 TB,
# next 450 TB, over 500 TB). When the catalog knows only the first band's price (a record without
# bands), storage beyond it is shown as missing rather than priced at the first band's rate.
FIRST_BAND_GB = Decimal(50 * 1024)
BANDED_CLASSES = ("standard", "intelligent_tiering")


@dataclass(frozen=True)
class Line:
    key: str
    """Usage key inside the class's mapping."""
    name: str
    product: str | None
    """Catalog product (storage, requests, retrieval) or None when the schema has none."""
    unit: str
    per: Decimal = Decimal(1)
    """Usage units per priced unit (1,000 requests per ``1k requests``)."""
    storage_class: str | None = None
    """The catalog storage class, when it differs from the section's."""
    request_tier: str | None = None


def _storage(key: str = "storage_gb", name: str = "Storage", storage_class: str | None = None) -> Line:
    return Line(key, name, "storage", "GB-month", storage_class=storage_class)


def _requests(tier: int) -> Line:
    name = "PUT, COPY, POST, LIST requests" if tier == 1 else "GET, SELECT, and all other requests"
    return Line(f"monthly_tier_{tier}_requests", name, "requests", "1k requests", THOUSAND, request_tier=f"tier{tier}")


def _unpriced(key: str, name: str, unit: str, per: Decimal = Decimal(1)) -> Line:
    return Line(key, name, None, unit, per)


SELECT = (
    _unpriced("monthly_select_data_scanned_gb", "Select data scanned", "GB"),
    _unpriced("monthly_select_data_returned_gb", "Select data returned", "GB"),
)
TRANSITIONS = _unpriced("monthly_lifecycle_transition_requests", "Lifecycle transition", "1k requests", THOUSAND)

# usage section -> (display name, catalog storage class, lines)
CLASSES: dict[str, tuple[str, str, tuple[Line, ...]]] = {
    "standard": ("Standard", "standard", (_storage(), _requests(1), _requests(2), *SELECT)),
    "intelligent_tiering": (
        "Intelligent-Tiering",
        "intelligent_tiering",
        (
            _storage("frequent_access_storage_gb", "Storage (frequent access)"),
            _storage("infrequent_access_storage_gb", "Storage (infrequent access)", "intelligent_tiering_ia"),
            _storage("archive_access_storage_gb", "Storage (archive access)", "intelligent_tiering_archive"),
            _storage(
                "deep_archive_access_storage_gb", "Storage (deep archive access)", "intelligent_tiering_deep_archive"
            ),
            _unpriced("monitored_objects", "Monitoring and automation", "1k objects", THOUSAND),
            _requests(1),
            _requests(2),
            TRANSITIONS,
            *SELECT,
            _unpriced("early_delete_gb", "Early delete", "GB"),
        ),
    ),
    "standard_infrequent_access": (
        "Standard-IA",
        "standard_ia",
        (
            _storage(),
            _requests(1),
            _requests(2),
            TRANSITIONS,
            Line("monthly_data_retrieval_gb", "Retrievals", "retrieval", "GB"),
            *SELECT,
        ),
    ),
    "one_zone_infrequent_access": (
        "One Zone-IA",
        "one_zone_ia",
        (
            _storage(),
            _requests(1),
            _requests(2),
            TRANSITIONS,
            Line("monthly_data_retrieval_gb", "Retrievals", "retrieval", "GB"),
            *SELECT,
        ),
    ),
    "glacier_instant_retrieval": (
        "Glacier Instant Retrieval",
        "glacier_instant",
        (
            _storage(),
            _requests(1),
            _requests(2),
            TRANSITIONS,
            Line("monthly_data_retrieval_gb", "Retrievals", "retrieval", "GB"),
        ),
    ),
    "glacier_flexible_retrieval": (
        "Glacier Flexible Retrieval",
        "glacier_flexible",
        (
            _storage(),
            _requests(1),
            _requests(2),
            TRANSITIONS,
            Line("monthly_standard_data_retrieval_gb", "Retrievals (standard)", "retrieval", "GB"),
            _unpriced(
                "monthly_standard_data_retrieval_requests", "Retrieval requests (standard)", "1k requests", THOUSAND
            ),
            _unpriced("monthly_expedited_data_retrieval_gb", "Retrievals (expedited)", "GB"),
            _unpriced(
                "monthly_expedited_data_retrieval_requests", "Retrieval requests (expedited)", "1k requests", THOUSAND
            ),
            _unpriced("monthly_bulk_data_retrieval_gb", "Retrievals (bulk)", "GB"),
            _unpriced("monthly_standard_select_data_scanned_gb", "Select data scanned (standard)", "GB"),
            _unpriced("monthly_standard_select_data_returned_gb", "Select data returned (standard)", "GB"),
            _unpriced("monthly_expedited_select_data_scanned_gb", "Select data scanned (expedited)", "GB"),
            _unpriced("monthly_expedited_select_data_returned_gb", "Select data returned (expedited)", "GB"),
            _unpriced("monthly_bulk_select_data_scanned_gb", "Select data scanned (bulk)", "GB"),
            _unpriced("monthly_bulk_select_data_returned_gb", "Select data returned (bulk)", "GB"),
            _unpriced("early_delete_gb", "Early delete (within 90 days)", "GB"),
        ),
    ),
    "glacier_deep_archive": (
        "Glacier Deep Archive",
        "deep_archive",
        (
            _storage(),
            _requests(1),
            _requests(2),
            TRANSITIONS,
            Line("monthly_standard_data_retrieval_gb", "Retrievals (standard)", "retrieval", "GB"),
            _unpriced(
                "monthly_standard_data_retrieval_requests", "Retrieval requests (standard)", "1k requests", THOUSAND
            ),
            _unpriced("monthly_bulk_data_retrieval_gb", "Retrievals (bulk)", "GB"),
            _unpriced("monthly_bulk_data_retrieval_requests", "Retrieval requests (bulk)", "1k requests", THOUSAND),
            _unpriced("early_delete_gb", "Early delete (within 180 days)", "GB"),
        ),
    ),
}

USAGE = tuple(
    UsageKey(
        section,
        f"{label}: " + ", ".join(line.key for line in lines),
        {lines[0].key: 100},
        kind="mapping",
        keys=tuple(line.key for line in lines),
    )
    for section, (label, _, lines) in CLASSES.items()
)


def bucket(resource: Resource, ctx: Context) -> list[Component]:
    out: list[Component] = []
    for section, (label, storage_class, lines) in CLASSES.items():
        values = ctx.usage_mapping(resource, section)
        if section != "standard" and not values:
            continue
        for line in lines:
            amount = ctx.nested_number(values, line.key, section)
            name = f"{label}: {line.name}"
            quantity = None if amount is None else amount / line.per
            if line.product is None:
                if quantity is not None:
                    out.append(
                        ctx.missing_component(
                            name,
                            line.unit,
                            f"the price catalog has no S3 price for {line.name.lower()}",
                            quantity,
                            usage_based=True,
                        )
                    )
                continue
            # Without usage, Standard's priced lines and a mentioned class's main storage line show
            # their unit prices; other lines appear when the usage file gives them.
            if quantity is None and section != "standard" and line is not lines[0]:
                continue
            klass = line.storage_class or storage_class
            if line.product == "storage":
                out += _storage_components(resource, ctx, name, klass, quantity)
            elif line.request_tier is not None:
                out.append(
                    ctx.component(
                        resource,
                        name,
                        "s3",
                        "requests",
                        quantity,
                        usage_based=True,
                        storage_class=klass,
                        request_tier=line.request_tier,
                    )
                )
            else:
                out.append(
                    ctx.component(resource, name, "s3", line.product, quantity, usage_based=True, storage_class=klass)
                )
    return out


def _storage_components(
    resource: Resource, ctx: Context, name: str, storage_class: str, gb: Decimal | None
) -> list[Component]:
    price = ctx.lookup(resource, "s3", "storage", storage_class=storage_class)
    if price is not None and price.tiers:
        return ctx.tiered_components(resource, name, "s3", "storage", gb, storage_class=storage_class)
    if gb is None or storage_class not in BANDED_CLASSES or gb <= FIRST_BAND_GB or price is None:
        return [ctx.component(resource, name, "s3", "storage", gb, usage_based=True, storage_class=storage_class)]
    return [
        ctx.component(
            resource,
            f"{name} (first 50 TB)",
            "s3",
            "storage",
            FIRST_BAND_GB,
            usage_based=True,
            storage_class=storage_class,
        ),
        ctx.missing_component(
            f"{name} (over 50 TB)",
            price.unit,
            "the price catalog has only the first 50 TB band of this storage class",
            gb - FIRST_BAND_GB,
            usage_based=True,
        ),
    ]
