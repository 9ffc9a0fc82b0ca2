"""SQS queues, SNS topics, API Gateway REST, HTTP and WebSocket APIs, EventBridge buses: requests,
messages, events and deliveries from usage; API Gateway caches by the hour.

SQS and SNS bill every 64 KB of a request as one request. SNS deliveries are priced per protocol; a
topic's subscriptions come from the usage file (Infracost's ``*_subscriptions`` keys) or, when it gives
none, from the subscriptions declared in the project. Deliveries to SQS and Lambda are free. Free tiers
(per account, not per resource) are not deducted.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import KB_PER_GB, MILLION, billed_chunks
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import messaging as specs

HUNDRED_THOUSAND = Decimal(100_000)
REQUEST_USAGE = (
    UsageKey("monthly_requests", "Requests per month", 1_000_000),
    UsageKey("request_size_kb", "Average request size (KB); every 64 KB is billed as one request", 64),
)
# usage key -> (subscription protocols, catalog protocol, component name)
DELIVERIES = {
    "http_subscriptions": (("http", "https"), "http", "HTTP/HTTPS notifications"),
    "email_subscriptions": (("email", "email-json"), "email", "Email/Email-JSON notifications"),
    "kinesis_subscriptions": (("firehose",), "firehose", "Kinesis Data Firehose notifications"),
    "mobile_push_subscriptions": (("application",), "mobile_push", "Mobile push notifications"),
    "macos_subscriptions": ((), "macos", "macOS notifications"),
    "sms_subscriptions": (("sms",), None, "SMS notifications"),
}
FREE_PROTOCOLS = ("sqs", "lambda")
TOPIC_USAGE = (
    *REQUEST_USAGE,
    *(UsageKey(key, f"Subscriptions receiving every message: {name}", 1) for key, (_, _, name) in DELIVERIES.items()),
)
REST_API_USAGE = (UsageKey("monthly_requests", "API requests per month", 1_000_000),)
API_V2_USAGE = (
    UsageKey("monthly_requests", "HTTP APIs: requests per month (every 512 KB billed as one)", 1_000_000),
    UsageKey("monthly_messages", "WebSocket APIs: messages per month (every 32 KB billed as one)", 1_000_000),
    UsageKey("monthly_connection_minutes", "WebSocket APIs: connection minutes per month", 1_000_000),
)
EVENT_BUS_USAGE = (UsageKey("monthly_custom_events", "Custom and partner events published per month", 1_000_000),)
CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")


def queue(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.queue(resource)
    queue_type = "fifo" if ctx.known(spec.fifo, "fifo_queue") is True else "standard"
    requests = _billed_requests(ctx, resource)
    return [
        ctx.component(
            resource,
            f"Requests ({queue_type})",
            "sqs",
            "requests",
            None if requests is None else requests / MILLION,
            usage_based=True,
            queue_type=queue_type,
        )
    ]


def _billed_requests(ctx: Context, resource: Resource) -> Decimal | None:
    requests = ctx.usage_number(resource, "monthly_requests")
    if requests is None:
        return None
    return requests * billed_chunks(ctx.usage_number(resource, "request_size_kb"))


def topic(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.topic(resource)
    fifo = ctx.known(spec.fifo, "fifo_topic") is True
    requests = ctx.usage_number(resource, "monthly_requests")
    # FIFO topics bill the payload per GB besides each publish; standard topics bill each 64 KB as a request.
    billed = requests if fifo else _billed_requests(ctx, resource)
    topic_type = "fifo" if fifo else "standard"
    out = [
        ctx.component(
            resource,
            f"Publish requests ({topic_type})",
            "sns",
            "requests",
            None if billed is None else billed / MILLION,
            usage_based=True,
            topic_type=topic_type,
        )
    ]
    size = ctx.usage_number(resource, "request_size_kb")
    if fifo:
        payload = None if requests is None or size is None else requests * size / KB_PER_GB
        out.append(ctx.component(resource, "FIFO publish payload", "sns", "fifo_payload", payload, usage_based=True))
    if fifo:
        # FIFO topics bill every delivery, to SQS queues too; the catalog has no such price.
        count = sum(_subscriptions(resource, ctx, spec, fifo=True).values(), Decimal(0))
        if count:
            deliveries = None if requests is None else requests * count
            out.append(
                ctx.missing_component(
                    f"FIFO notifications ({count} subscriptions)",
                    "1M notifications",
                    "the price catalog has no SNS FIFO delivery price",
                    None if deliveries is None else deliveries / MILLION,
                    usage_based=True,
                )
            )
        return out
    for key, count in _subscriptions(resource, ctx, spec).items():
        _, protocol, name = DELIVERIES[key]
        deliveries = None if requests is None else requests * count
        if protocol is None:
            out.append(
                ctx.missing_component(
                    f"{name} ({count} subscriptions)",
                    "notification",
                    "SMS prices depend on the destination country; the price catalog has none",
                    deliveries,
                    usage_based=True,
                )
            )
        else:
            out.append(
                ctx.component(
                    resource,
                    f"{name} ({count} subscriptions)",
                    "sns",
                    "notifications",
                    None if deliveries is None else deliveries / HUNDRED_THOUSAND,
                    usage_based=True,
                    protocol=protocol,
                )
            )
    return out


def _subscriptions(resource: Resource, ctx: Context, spec: specs.TopicSpec, fifo: bool = False) -> dict[str, Decimal]:
    """Subscriptions per usage key (``sqs`` for FIFO topics' queue and Lambda subscriptions)."""
    given = {key: ctx.usage_number(resource, key) for key in DELIVERIES}
    if any(v is not None for v in given.values()):
        return {key: v for key, v in given.items() if v}
    protocols: list[object] = list(spec.inline_protocols)
    for other in ctx.referrers(resource.address):
        if other.kind == "sns.subscription":
            sub = specs.subscription(other)
            if isinstance(sub.topic, Unknown) and sub.topic.ref in (
                resource.address,
                resource.address.split("[", 1)[0],
            ):
                protocols.append(sub.protocol)
    counts: Counter[str] = Counter()
    for protocol in protocols:
        if isinstance(protocol, Unknown):
            ctx.assume(f"a subscription's protocol is unknown ({protocol.reason}): not counted")
            continue
        if not isinstance(protocol, str):
            continue
        if protocol.lower() in FREE_PROTOCOLS:
            if fifo:
                counts["sqs"] += 1
            continue
        for key, (names, _, _) in DELIVERIES.items():
            if protocol.lower() in names:
                counts[key] += 1
    if counts:
        ctx.assume(
            "subscriptions counted from the project: "
            + ", ".join(f"{n} {k.removesuffix('_subscriptions')}" for k, n in sorted(counts.items()))
        )
    return {key: Decimal(n) for key, n in counts.items()}


def rest_api(resource: Resource, ctx: Context) -> list[Component]:
    requests = ctx.usage_number(resource, "monthly_requests")
    return ctx.tiered_components(
        resource, "Requests", "apigateway", "rest_requests", None if requests is None else requests / MILLION
    )


def stage(resource: Resource, ctx: Context) -> list[Component]:
    """A REST API stage costs nothing unless it has a cache, billed by the hour by its size."""
    spec = specs.stage(resource)
    if ctx.known(spec.cache_enabled, "cache_cluster_enabled") is not True:
        return []
    size = str(ctx.or_default(spec.cache_size, "0.5", "cache_cluster_size", say=True)).strip()
    if size not in CACHE_SIZES:
        raise NotPriced(f"cache_cluster_size {size} is not an API Gateway cache size ({', '.join(CACHE_SIZES)} GB)")
    return [ctx.component(resource, f"Cache ({size} GB)", "apigateway", "cache", HOURS_PER_MONTH, cache_size=size)]


def api_v2(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_apigatewayv2_api`` / ``AWS::ApiGatewayV2::Api``: HTTP API requests, or WebSocket messages and
    connection minutes, from usage (in the catalog's bands)."""
    protocol = ctx.required(specs.api_v2(resource).protocol, "protocol_type")
    if protocol == "HTTP":
        requests = ctx.usage_number(resource, "monthly_requests")
        return ctx.tiered_components(
            resource, "Requests", "apigateway", "http_requests", None if requests is None else requests / MILLION
        )
    if protocol == "WEBSOCKET":
        messages = ctx.usage_number(resource, "monthly_messages")
        out = ctx.tiered_components(
            resource, "Messages", "apigateway", "websocket_messages", None if messages is None else messages / MILLION
        )
        out.append(
            ctx.usage_component(
                resource,
                "Connection minutes",
                "apigateway",
                "websocket_minutes",
                "monthly_connection_minutes",
                scale=1 / MILLION,
            )
        )
        return out
    raise NotPriced(f"protocol_type {protocol!r} is neither HTTP nor WEBSOCKET")


def event_bus(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_cloudwatch_event_bus`` / ``AWS::Events::EventBus``: custom and partner events published, from
    usage (events from AWS services are free)."""
    return [
        ctx.usage_component(
            resource, "Custom events", "eventbridge", "custom_events", "monthly_custom_events", scale=1 / MILLION
        )
    ]


# -- Kinesis Data Streams ----------------------------------------------------------------------------------

STREAM_USAGE = (
    UsageKey("monthly_put_payload_units", "Provisioned streams: PUT payload units (25 KB each) per month", 100_000_000),
    UsageKey("monthly_data_ingested_gb", "On-demand streams: data written per month (GB)", 100),
    UsageKey("monthly_data_retrieved_gb", "On-demand streams: data read per month (GB)", 100),
)
# Retention included in the shard-hour, and the longest the extended-retention rate covers (hours).
INCLUDED_RETENTION_HOURS = Decimal(24)
EXTENDED_RETENTION_HOURS = Decimal(168)


def kinesis_stream(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_kinesis_stream`` / ``AWS::Kinesis::Stream``: provisioned shards by the hour (extended retention
    beyond 24 hours per shard-hour), PUT payload units from usage; on-demand streams by the hour and the
    data written and read (usage)."""
    spec = specs.kinesis_stream(resource)
    mode = ctx.known(spec.mode, "stream_mode") or "provisioned"
    retention = ctx.known(spec.retention_hours, "retention_period") or INCLUDED_RETENTION_HOURS
    if mode == "on_demand":
        out = [
            ctx.component(resource, "Stream hours (on-demand)", "kinesis", "on_demand_stream", HOURS_PER_MONTH),
            ctx.usage_component(resource, "Data ingested", "kinesis", "on_demand_ingested", "monthly_data_ingested_gb"),
            ctx.usage_component(
                resource, "Data retrieved", "kinesis", "on_demand_retrieved", "monthly_data_retrieved_gb"
            ),
        ]
        shards = None
    elif mode == "provisioned":
        shards = ctx.required(spec.shards, "shard_count")
        out = [
            ctx.component(resource, f"Shard hours ({shards} shards)", "kinesis", "shard", shards * HOURS_PER_MONTH),
            ctx.usage_component(
                resource,
                "PUT payload units",
                "kinesis",
                "put_payload_units",
                "monthly_put_payload_units",
                scale=1 / MILLION,
            ),
        ]
    else:
        raise NotPriced(f"stream_mode {mode!r} is neither PROVISIONED nor ON_DEMAND")
    if retention > INCLUDED_RETENTION_HOURS:
        if shards is None:
            out.append(
                ctx.missing_component(
                    f"Extended retention ({retention} hours)",
                    "GB-month",
                    "the price catalog has no on-demand retention price",
                )
            )
        else:
            out.append(
                ctx.component(
                    resource,
                    f"Extended retention (up to {min(retention, EXTENDED_RETENTION_HOURS)} hours)",
                    "kinesis",
                    "extended_retention",
                    shards * HOURS_PER_MONTH,
                )
            )
        if retention > EXTENDED_RETENTION_HOURS:
            out.append(
                ctx.missing_component(
                    f"Long-term retention (beyond {EXTENDED_RETENTION_HOURS} hours)",
                    "GB-month",
                    "the price catalog has no long-term retention price",
                )
            )
    return out
