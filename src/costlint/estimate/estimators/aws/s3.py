"""S3 buckets: storage, requests and retrievals per storage class, all from usage; the bucket
configurations that bill of their own (inventory, Storage Class Analysis, request metrics); directory
buckets (S3 Express One Zone).

A bucket's configuration does not say how much it stores: every line is usage-based. The usage keys
are Infracost's, nested per storage class (``standard: {storage_gb: 100}``), so existing usage files
keep working. Standard is always shown (at its unit prices when no usage is given); another class is
shown when the usage file mentions it. A usage value the catalog has no price for (S3 Select, lifecycle
transitions, Glacier expedited/bulk retrievals, ...) is shown as missing, never dropped.

Inventory and Storage Class Analysis bill per object: the bucket's usage ``objects`` (one key for
Terraform's configuration resources and CloudFormation's bucket properties alike; a configuration
resource may give its own). An inventory runs daily (730 / 24 runs a month, the 730-hour month) or
weekly (730 / 168). Request metrics are billed as CloudWatch custom metrics: S3 publishes 16 per
configuration (the request metrics of the AWS/S3 namespace: AllRequests, GetRequests, PutRequests,
DeleteRequests, HeadRequests, PostRequests, SelectRequests, SelectBytesScanned, SelectBytesReturned,
ListRequests, BytesDownloaded, BytesUploaded, 4xxErrors, 5xxErrors, FirstByteLatency,
TotalRequestLatency), each billed for the hours it receives data (assumed all month).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION, THOUSAND
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import s3 as specs
from costlint.specs.aws.names import names
from costlint.specs.aws.s3 import Configuration

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
            Line("monitored_objects", "Monitoring and automation", "monitoring_objects", "1k objects", THOUSAND),
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

OBJECTS = UsageKey(
    "objects",
    "Objects in the bucket, versions included: what S3 Inventory lists and Storage Class Analysis monitors",
    10_000_000,
)
USAGE = (
    *(
        UsageKey(
            section,
            f"{label}: " + ", ".join(line.key for line in lines),
            {lines[0].key: 100},
            kind="mapping",
            keys=tuple(line.key for line in lines),
        )
        for section, (label, _, lines) in CLASSES.items()
    ),
    OBJECTS,
)
INVENTORY_USAGE = (
    UsageKey("objects", "Objects listed by one run of the inventory (default: its bucket's usage objects)", 10_000_000),
)
ANALYTICS_USAGE = (
    UsageKey("objects", "Objects the analysis monitors in a month (default: its bucket's usage objects)", 10_000_000),
)
REQUEST_METRICS = 16
"""Request metrics S3 publishes per metrics configuration (see the module's docstring)."""
RUNS_PER_MONTH = {"daily": HOURS_PER_MONTH / 24, "weekly": HOURS_PER_MONTH / 168}


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
            elif line.product == "monitoring_objects":
                out.append(ctx.component(resource, name, "s3", line.product, quantity, usage_based=True))
            else:
                out.append(
                    ctx.component(resource, name, "s3", line.product, quantity, usage_based=True, storage_class=klass)
                )
    objects = ctx.usage_number(resource, "objects")
    for config in specs.bucket_configurations(resource, specs.INVENTORY):
        out += _inventory(resource, ctx, config, objects)
    for config in specs.bucket_configurations(resource, specs.ANALYTICS):
        out.append(_analytics(resource, ctx, config, objects))
    for config in specs.bucket_configurations(resource, specs.METRICS):
        out += _request_metrics(resource, ctx, config)
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


# -- configurations that bill of their own ---------------------------------------------------------------


def inventory(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_s3_bucket_inventory``: objects listed per run x runs a month."""
    config = specs.inventory(resource)
    if ctx.known(config.enabled, "inventory enabled") is False:
        return []
    return _inventory(resource, ctx, config, _objects(resource, ctx, config))


def analytics(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_s3_bucket_analytics_configuration``: objects monitored a month."""
    config = specs.analytics(resource)
    return [_analytics(resource, ctx, config, _objects(resource, ctx, config))]


def request_metrics(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_s3_bucket_metric``: the request metrics S3 publishes, as CloudWatch metrics."""
    return _request_metrics(resource, ctx, specs.metrics(resource))


def _objects(resource: Resource, ctx: Context, config: Configuration) -> Decimal | None:
    """A configuration resource's own usage ``objects``, else its bucket's."""
    own = ctx.usage_number(resource, "objects")
    if own is not None:
        return own
    found = ctx.linked(config.bucket, ("s3.bucket", "s3.directory_bucket"), names)
    if found is None:
        return None
    objects = ctx.usage_number(found, "objects")
    if objects is not None:
        ctx.assume(f"objects: the usage of its bucket {found.address}")
    return objects


def _label(config: Configuration) -> str:
    return f" {config.name}" if isinstance(config.name, str) and config.name else ""


def _inventory(resource: Resource, ctx: Context, config: Configuration, objects: Decimal | None) -> list[Component]:
    if ctx.known(config.enabled, "inventory enabled") is False:
        return []
    frequency = ctx.required(config.frequency, "inventory schedule frequency")
    runs = RUNS_PER_MONTH.get(frequency)
    if runs is None:
        raise NotPriced(f"inventory schedule frequency {frequency!r} is neither Daily nor Weekly")
    return [
        ctx.component(
            resource,
            f"Inventory{_label(config)} ({frequency})",
            "s3",
            "inventory_objects",
            None if objects is None else objects / MILLION * runs,
            usage_based=True,
        )
    ]


def _analytics(resource: Resource, ctx: Context, config: Configuration, objects: Decimal | None) -> Component:
    if config.filtered and objects is not None:
        ctx.assume("a filtered analysis priced on every object given in usage objects (it monitors those it matches)")
    return ctx.component(
        resource,
        f"Storage Class Analysis{_label(config)}",
        "s3",
        "analytics_objects",
        None if objects is None else objects / MILLION,
        usage_based=True,
    )


def _request_metrics(resource: Resource, ctx: Context, config: Configuration) -> list[Component]:
    ctx.assume(
        f"{REQUEST_METRICS} request metrics per configuration, each billed as a custom metric for the hours S3 "
        "publishes it (assumed all month)"
    )
    # At the first band's price, as EC2 detailed monitoring: the bands are the account's metrics in total.
    return [ctx.component(resource, f"Request metrics{_label(config)}", "cloudwatch", "metrics", REQUEST_METRICS)]


# -- directory buckets (S3 Express One Zone) ---------------------------------------------------------------

DIRECTORY_USAGE = (
    UsageKey("storage_gb", "Data stored (GB)", 100),
    UsageKey("monthly_tier_1_requests", "PUT, COPY, POST and LIST requests a month", 1_000_000),
    UsageKey("monthly_tier_2_requests", "GET and all other requests a month", 10_000_000),
)


def directory_bucket(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_s3_directory_bucket`` / ``AWS::S3Express::DirectoryBucket``: S3 Express One Zone storage and
    requests, from usage (the per-GB upload and retrieval charges above 512 KB a request are not in the
    catalog)."""
    klass = "express_one_zone"
    storage = ctx.usage_number(resource, "storage_gb")
    out = [ctx.component(resource, "Storage", "s3", "storage", storage, usage_based=True, storage_class=klass)]
    for tier in (1, 2):
        line = _requests(tier)
        requests = ctx.usage_number(resource, line.key)
        out.append(
            ctx.component(
                resource,
                line.name,
                "s3",
                "requests",
                None if requests is None else requests / THOUSAND,
                usage_based=True,
                storage_class=klass,
                request_tier=f"tier{tier}",
            )
        )
    return out
