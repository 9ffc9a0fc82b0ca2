"""CloudWatch Logs log groups (ingestion, storage, Insights queries: all usage), metric alarms (per
evaluated metric, by resolution), and the logs AWS services deliver (VPC flow logs, WAF logs).

Delivered logs are "vended logs": billed per GB by destination (CloudWatch Logs, S3, Firehose) in the
catalog's volume bands. Their storage is the destination's (the log group's or bucket's usage), so a
flow log prices delivery only; its GB must not also be given as the log group's ingestion."""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.model import Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import observability as specs
from costlint.specs.aws.observability import LogDeliverySpec

LOG_USAGE = (
    UsageKey("monthly_data_ingested_gb", "Log data ingested per month (GB)", 10),
    UsageKey("storage_gb", "Log data stored (GB; depends on retention_in_days)", 100),
    UsageKey("monthly_data_scanned_gb", "Data scanned by Logs Insights queries per month (GB)", 50),
)
# Alarms on periods shorter than a minute are high-resolution alarms.
HIGH_RESOLUTION_BELOW = Decimal(60)
# An anomaly detection alarm evaluates its metric and the band's upper and lower bounds.
ANOMALY_METRICS = 3


def log_group(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.log_group(resource)
    log_class = ctx.known(spec.log_class, "log_group_class") or "STANDARD"
    out = []
    if log_class == "STANDARD":
        out.append(
            ctx.usage_component(resource, "Data ingested", "cloudwatch", "logs_ingestion", "monthly_data_ingested_gb")
        )
    elif log_class == "INFREQUENT_ACCESS":
        out.append(
            ctx.usage_component(
                resource,
                "Data ingested (infrequent access class)",
                "cloudwatch",
                "logs_ingestion_ia",
                "monthly_data_ingested_gb",
            )
        )
    else:
        out.append(
            ctx.missing_component(
                f"Data ingested ({log_class.lower().replace('_', ' ')} class)",
                "GB",
                "the price catalog has the Standard and Infrequent Access log classes' ingestion prices only",
                ctx.usage_number(resource, "monthly_data_ingested_gb"),
                usage_based=True,
            )
        )
    out.append(ctx.usage_component(resource, "Archival storage", "cloudwatch", "logs_storage", "storage_gb"))
    out.append(
        ctx.usage_component(
            resource, "Insights queries data scanned", "cloudwatch", "logs_insights", "monthly_data_scanned_gb"
        )
    )
    return out


def alarm(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.alarm(resource)
    for unknown in spec.unknown:
        ctx.known(unknown, "metric_query")
    period = ctx.required(spec.period_seconds, "period")
    metrics = ctx.known(spec.metrics, "metrics")
    high = period < HIGH_RESOLUTION_BELOW
    resolution = "high" if high else "standard"
    name = "High resolution" if high else "Standard resolution"
    if spec.anomaly_detection:
        metrics = metrics * ANOMALY_METRICS
        name += " anomaly detection"
    return [ctx.component(resource, f"{name} alarm metrics", "cloudwatch", "alarm", metrics, resolution=resolution)]


DELIVERY_USAGE = (
    UsageKey(
        "monthly_data_delivered_gb",
        "Log data delivered per month (GB); its storage is the destination's usage (log group, bucket)",
        50,
    ),
)
# Destination types as the resources write them, and ARN services -> the catalog's destination.
DESTINATIONS = {
    "cloud-watch-logs": "cloudwatch_logs",
    "s3": "s3",
    "kinesis-data-firehose": "firehose",
    "logs": "cloudwatch_logs",
    "firehose": "firehose",
}
DESTINATION_KINDS = {"logs.log_group": "cloudwatch_logs", "s3.bucket": "s3", "firehose.delivery_stream": "firehose"}
LABELS = {"cloudwatch_logs": "CloudWatch Logs", "s3": "S3", "firehose": "Firehose"}


def flow_log(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_flow_log`` / ``AWS::EC2::FlowLog``: flow log records delivered (CloudWatch Logs by default)."""
    return _delivery(resource, ctx, specs.flow_log(resource), "Flow logs", default="cloudwatch_logs")


def waf_logging(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_wafv2_web_acl_logging_configuration`` / ``AWS::WAFv2::LoggingConfiguration``: WAF logs delivered."""
    return _delivery(resource, ctx, specs.waf_logging(resource), "WAF logs", default=None)


def _delivery(
    resource: Resource, ctx: Context, spec: LogDeliverySpec, what: str, default: str | None
) -> list[Component]:
    destination = _destination(ctx, spec) or default
    if destination is None:
        raise NotPriced("the log destination is not set")
    gb = ctx.usage_number(resource, "monthly_data_delivered_gb")
    lines = ctx.tiered_components(
        resource,
        f"{what} delivered to {LABELS[destination]}",
        "cloudwatch",
        "vended_logs",
        gb,
        destination=destination,
    )
    if len(lines) > 1:
        ctx.assume("vended log volume bands applied to this resource alone (AWS applies them to the account's total)")
    return lines


def _destination(ctx: Context, spec: LogDeliverySpec) -> str | None:
    kind = ctx.known(spec.destination_type, "log_destination_type")
    if kind is not None:
        if kind not in DESTINATIONS:
            raise NotPriced(f"log destination type {kind!r} is not cloud-watch-logs, s3 or kinesis-data-firehose")
        return DESTINATIONS[kind]
    for value in spec.destinations:
        if isinstance(value, str) and value.startswith("arn:"):
            service = value.split(":")[2] if value.count(":") >= 2 else ""
            if service in DESTINATIONS:
                return DESTINATIONS[service]
        found = ctx.linked(value) if isinstance(value, Unknown) else None
        if found is not None and found.kind in DESTINATION_KINDS:
            return DESTINATION_KINDS[found.kind]
    unknown = next((v for v in spec.destinations if isinstance(v, Unknown)), None)
    if unknown is not None:
        ctx.known(unknown, "log destination")
    return None
