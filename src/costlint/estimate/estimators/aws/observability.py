"""CloudWatch Logs log groups (ingestion, storage, Insights queries: all usage) and metric alarms
(per evaluated metric, by resolution)."""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.model import Component
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import observability as specs

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
    else:
        out.append(
            ctx.missing_component(
                f"Data ingested ({log_class.lower().replace('_', ' ')} class)",
                "GB",
                "the price catalog has only the Standard log class's ingestion price",
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
