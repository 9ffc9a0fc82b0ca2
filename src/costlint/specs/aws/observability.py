"""CloudWatch log groups and metric alarms (Terraform ``aws_cloudwatch_log_group`` /
``aws_cloudwatch_metric_alarm``, CloudFormation ``AWS::Logs::LogGroup`` / ``AWS::CloudWatch::Alarm``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Num, Text, attr, first_set, known_block, known_blocks, number, text


@dataclass
class LogGroupSpec:
    log_class: Text
    """``STANDARD`` or ``INFREQUENT_ACCESS`` (upper case); None when not set."""
    retention_days: Num


@dataclass
class AlarmSpec:
    period_seconds: Num
    """The shortest period the alarm evaluates (its own, or its metric queries')."""
    metrics: Num
    """How many metrics the alarm evaluates (metric math alarms: each metric of the expression)."""
    anomaly_detection: bool
    unknown: list[Unknown] = field(default_factory=list)
    """Metric queries that cannot be read (an unknown list)."""


def log_group(resource: Resource) -> LogGroupSpec:
    log_class = text(attr(resource, "log_group_class", "LogGroupClass"), "log_group_class")
    return LogGroupSpec(
        log_class=log_class.upper() if isinstance(log_class, str) else log_class,
        retention_days=number(attr(resource, "retention_in_days", "RetentionInDays"), "retention_in_days"),
    )


def alarm(resource: Resource) -> AlarmSpec:
    raw = attr(resource, "metric_query", "Metrics")
    unknown = [raw] if isinstance(raw, Unknown) else []
    queries = known_blocks(raw)
    periods: list[Any] = []
    metrics = 0
    anomaly = False
    for query in queries:
        expression = attr(query, "expression", "Expression")
        if isinstance(expression, str):
            anomaly = anomaly or "ANOMALY_DETECTION_BAND" in expression.upper()
            continue
        stat = known_block(first_set(attr(query, "metric"), attr(query, "MetricStat")))
        if stat:
            metrics += 1
            periods.append(number(first_set(attr(stat, "period", "Period"), attr(query, "Period")), "period"))
    own = number(attr(resource, "period", "Period"), "period")
    if own is not None:
        periods.append(own)
    known = [p for p in periods if p is not None and not isinstance(p, Unknown)]
    unknowns = [p for p in periods if isinstance(p, Unknown)]
    period: Num = min(known) if known else (unknowns[0] if unknowns else None)
    return AlarmSpec(
        period_seconds=period, metrics=number(metrics or 1, "metrics"), anomaly_detection=anomaly, unknown=unknown
    )


@dataclass
class LogDeliverySpec:
    """Logs an AWS service delivers ("vended logs"): VPC flow logs, WAF logs."""

    destination_type: Text
    """``cloud-watch-logs``, ``s3`` or ``kinesis-data-firehose`` when the resource says so (lower case)."""
    destinations: list[Any] = field(default_factory=list)
    """Destination ARNs: strings, or unknown values whose ``ref`` names the destination resource."""


def flow_log(resource: Resource) -> LogDeliverySpec:
    """``aws_flow_log`` / ``AWS::EC2::FlowLog`` (a log group name alone means CloudWatch Logs)."""
    kind = text(attr(resource, "log_destination_type", "LogDestinationType"), "log_destination_type")
    destination = attr(resource, "log_destination", "LogDestination")
    group = attr(resource, "log_group_name", "LogGroupName")
    if kind is None and destination is None and group is not None:
        kind = "cloud-watch-logs"
    return LogDeliverySpec(
        destination_type=kind.lower() if isinstance(kind, str) else kind,
        destinations=[d for d in (destination, group) if d is not None],
    )


def waf_logging(resource: Resource) -> LogDeliverySpec:
    """``aws_wafv2_web_acl_logging_configuration`` / ``AWS::WAFv2::LoggingConfiguration``."""
    raw = attr(resource, "log_destination_configs", "LogDestinationConfigs")
    destinations = raw if isinstance(raw, list) else ([] if raw is None else [raw])
    return LogDeliverySpec(destination_type=None, destinations=list(destinations))
