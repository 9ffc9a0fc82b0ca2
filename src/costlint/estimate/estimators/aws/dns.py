"""Route 53: hosted zones (per zone-month) and DNS queries, priced on the records that answer them.

Queries to an alias record that points to an AWS resource (a load balancer, CloudFront, an S3
website, ...) are free; an alias to another record of the zone is charged like any query.
"""

from __future__ import annotations

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION
from costlint.estimate.model import Component
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import dns as specs
from costlint.specs.aws.names import names

# routing -> (usage key, component name, catalog query type)
QUERIES = {
    "standard": ("monthly_standard_queries", "Standard queries", "standard"),
    "latency": ("monthly_latency_based_queries", "Latency-based routing queries", "latency"),
    "geo": ("monthly_geo_queries", "Geo DNS queries", "geo"),
}
RECORD_USAGE = (
    UsageKey("monthly_standard_queries", "Standard queries per month", 1_000_000),
    UsageKey("monthly_latency_based_queries", "Latency-based routing queries per month", 0),
    UsageKey("monthly_geo_queries", "Geolocation and geoproximity queries per month", 0),
)


def zone(resource: Resource, ctx: Context) -> list[Component]:
    ctx.assume("hosted zone within the account's first 25 (the catalog's first price band)")
    return [ctx.component(resource, "Hosted zone", "route53", "hosted_zone", 1)]


def record(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.record(resource)
    if spec.alias and ctx.linked(spec.alias_target, ("route53.record",), names) is None:
        ctx.assume("alias to an AWS resource: its queries are free")
        return []
    out: list[Component] = []
    for routing, (key, name, query_type) in QUERIES.items():
        count = ctx.usage_number(resource, key)
        if routing != spec.routing and count is None:
            continue
        out += ctx.tiered_components(
            resource, name, "route53", "queries", None if count is None else count / MILLION, query_type=query_type
        )
    return out
