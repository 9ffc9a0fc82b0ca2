"""CloudFront distributions: data transfer out (by geography, in price bands), data to origin and
requests by geography and protocol, invalidation paths beyond the free 1,000, dedicated-IP SSL.

Everything but dedicated-IP certificates depends on usage, given per geography with Infracost's keys
(``monthly_data_transfer_to_internet_gb: {us: 1000, europe: 200}``). Free tiers (per account) are not
deducted.
"""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION, TEN_THOUSAND
from costlint.estimate.model import Component
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import messaging as specs

# Infracost's geography keys -> (catalog geography, display name)
GEOGRAPHIES = {
    "us": ("us_mexico_canada", "US, Mexico, Canada"),
    "europe": ("europe_israel", "Europe, Israel"),
    "south_africa": ("south_africa_kenya_middle_east", "South Africa, Kenya, Middle East"),
    "south_america": ("south_america", "South America"),
    "japan": ("japan", "Japan"),
    "australia": ("australia_new_zealand", "Australia, New Zealand"),
    "asia_pacific": ("hong_kong_philippines_asia_pacific", "Hong Kong, Philippines, Asia Pacific"),
    "india": ("india", "India"),
}
FREE_INVALIDATION_PATHS = Decimal(1000)
_GEO = "{" + ", ".join(GEOGRAPHIES) + "}"
GEOGRAPHY_KEYS = tuple(GEOGRAPHIES)

USAGE = (
    UsageKey(
        "monthly_data_transfer_to_internet_gb",
        f"Data out to viewers per geography (GB): {_GEO}",
        {"us": 100},
        kind="mapping",
        keys=tuple(GEOGRAPHIES),
    ),
    UsageKey(
        "monthly_data_transfer_to_origin_gb",
        f"Data to the origin per geography (GB): {_GEO}",
        {"us": 10},
        kind="mapping",
        keys=tuple(GEOGRAPHIES),
    ),
    UsageKey(
        "monthly_http_requests",
        f"HTTP requests per geography: {_GEO}",
        {"us": 1_000_000},
        "mapping",
        (),
        GEOGRAPHY_KEYS,
    ),
    UsageKey(
        "monthly_https_requests",
        f"HTTPS requests per geography: {_GEO}",
        {"us": 1_000_000},
        "mapping",
        (),
        GEOGRAPHY_KEYS,
    ),
    UsageKey("monthly_shield_requests", "Origin Shield requests per region", {"us": 0}, kind="mapping"),
    UsageKey("monthly_invalidation_requests", "Invalidation paths per month (the first 1,000 are free)", 100),
    UsageKey("monthly_encryption_requests", "Field-level encryption requests per month", 0),
    UsageKey("monthly_log_lines", "Real-time log lines per month", 0),
    UsageKey(
        "custom_ssl_certificates", "Dedicated-IP custom SSL certificates (default: 1 when ssl_support_method is vip)", 0
    ),
)


def distribution(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.distribution(resource)
    out: list[Component] = []
    internet = ctx.usage_mapping(resource, "monthly_data_transfer_to_internet_gb")
    origin = ctx.usage_mapping(resource, "monthly_data_transfer_to_origin_gb")
    http = ctx.usage_mapping(resource, "monthly_http_requests")
    https = ctx.usage_mapping(resource, "monthly_https_requests")
    given = set(internet) | set(origin) | set(http) | set(https)
    for key in given - set(GEOGRAPHIES):
        out.append(
            ctx.missing_component(
                f"Usage for geography {key}",
                "GB",
                f"unknown CloudFront geography {key!r} (known: {', '.join(GEOGRAPHIES)})",
            )
        )
    for key, (geography, label) in GEOGRAPHIES.items():
        # Without any usage, the US geography shows the unit prices.
        if key not in given and (given or key != "us"):
            continue
        gb = ctx.nested_number(internet, key, "monthly_data_transfer_to_internet_gb")
        out += ctx.tiered_components(
            resource, f"{label}: data transfer out to internet", "cloudfront", "data_out", gb, geography=geography
        )
        gb = ctx.nested_number(origin, key, "monthly_data_transfer_to_origin_gb")
        out.append(
            ctx.component(
                resource,
                f"{label}: data transfer out to origin",
                "cloudfront",
                "data_to_origin",
                gb,
                usage_based=True,
                geography=geography,
            )
        )
        for protocol, values in (("http", http), ("https", https)):
            count = ctx.nested_number(values, key, f"monthly_{protocol}_requests")
            out.append(
                ctx.component(
                    resource,
                    f"{label}: {protocol.upper()} requests",
                    "cloudfront",
                    "requests",
                    None if count is None else count / TEN_THOUSAND,
                    usage_based=True,
                    geography=geography,
                    protocol=protocol,
                )
            )
    paths = ctx.usage_number(resource, "monthly_invalidation_requests")
    out.append(
        ctx.component(
            resource,
            f"Invalidation paths (beyond {FREE_INVALIDATION_PATHS:,} free)",
            "cloudfront",
            "invalidations",
            None if paths is None else max(paths - FREE_INVALIDATION_PATHS, Decimal(0)),
            usage_based=True,
        )
    )
    certificates = ctx.usage_number(resource, "custom_ssl_certificates")
    if certificates is None and ctx.known(spec.ssl_support_method, "ssl_support_method") == "vip":
        certificates = Decimal(1)
    if certificates:
        out.append(
            ctx.component(
                resource, "Dedicated IP custom SSL certificates", "cloudfront", "dedicated_ip_ssl", certificates
            )
        )
    shield = ctx.usage_mapping(resource, "monthly_shield_requests")
    if any(ctx.nested_number(shield, k, "monthly_shield_requests") for k in shield):
        total = sum((ctx.nested_number(shield, k, "monthly_shield_requests") or Decimal(0) for k in shield), Decimal(0))
        out.append(
            ctx.missing_component(
                "Origin Shield requests",
                "10k requests",
                "the price catalog has no Origin Shield price",
                total / TEN_THOUSAND,
                usage_based=True,
            )
        )
    for key, name, unit, per in (
        ("monthly_encryption_requests", "Field-level encryption requests", "10k requests", TEN_THOUSAND),
        ("monthly_log_lines", "Real-time log lines", "1M lines", MILLION),
    ):
        count = ctx.usage_number(resource, key)
        if count:
            out.append(
                ctx.missing_component(
                    name, unit, f"the price catalog has no {name.lower()} price", count / per, usage_based=True
                )
            )
    return out
