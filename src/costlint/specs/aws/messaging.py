"""SQS queues, SNS topics and subscriptions, API Gateway REST APIs and stages, CloudFront distributions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource
from costlint.specs.values import Flag, Num, Text, attr, boolean, known_block, known_blocks, number, text


@dataclass
class QueueSpec:
    fifo: Flag


@dataclass
class TopicSpec:
    fifo: Flag
    inline_protocols: list[Any] = field(default_factory=list)
    """Protocols of the subscriptions declared on the topic itself (CloudFormation ``Subscription``)."""


@dataclass
class SubscriptionSpec:
    topic: Any
    protocol: Text


@dataclass
class StageSpec:
    cache_enabled: Flag
    cache_size: Text


@dataclass
class DistributionSpec:
    ssl_support_method: Text
    """``sni-only``, ``vip`` (dedicated IP: billed per certificate-month) or ``static-ip``."""


def queue(resource: Resource) -> QueueSpec:
    return QueueSpec(fifo=boolean(attr(resource, "fifo_queue", "FifoQueue"), "fifo_queue"))


def topic(resource: Resource) -> TopicSpec:
    return TopicSpec(
        fifo=boolean(attr(resource, "fifo_topic", "FifoTopic"), "fifo_topic"),
        inline_protocols=[attr(s, "Protocol") for s in known_blocks(attr(resource, "Subscription"))],
    )


def subscription(resource: Resource) -> SubscriptionSpec:
    protocol = text(attr(resource, "protocol", "Protocol"), "protocol")
    return SubscriptionSpec(
        topic=attr(resource, "topic_arn", "TopicArn"),
        protocol=protocol.lower() if isinstance(protocol, str) else protocol,
    )


def stage(resource: Resource) -> StageSpec:
    return StageSpec(
        cache_enabled=boolean(attr(resource, "cache_cluster_enabled", "CacheClusterEnabled"), "cache_cluster_enabled"),
        cache_size=text(attr(resource, "cache_cluster_size", "CacheClusterSize"), "cache_cluster_size"),
    )


def distribution(resource: Resource) -> DistributionSpec:
    config = known_block(attr(resource, "DistributionConfig"))
    certificate = known_block(attr(resource, "viewer_certificate")) or known_block(attr(config, "ViewerCertificate"))
    method = text(attr(certificate, "ssl_support_method", "SslSupportMethod"), "ssl_support_method")
    return DistributionSpec(ssl_support_method=method.lower() if isinstance(method, str) else method)


@dataclass
class ApiV2Spec:
    protocol: Text
    """``HTTP`` or ``WEBSOCKET`` (upper case)."""


def api_v2(resource: Resource) -> ApiV2Spec:
    """``aws_apigatewayv2_api`` / ``AWS::ApiGatewayV2::Api``."""
    protocol = text(attr(resource, "protocol_type", "ProtocolType"), "protocol_type")
    return ApiV2Spec(protocol=protocol.upper() if isinstance(protocol, str) else protocol)


@dataclass
class StreamSpec:
    """``aws_kinesis_stream`` / ``AWS::Kinesis::Stream``."""

    mode: Text
    """``provisioned`` or ``on_demand`` (lower case); None when not set (provisioned)."""
    shards: Num
    retention_hours: Num
    """None when not set (24 hours)."""


def kinesis_stream(resource: Resource) -> StreamSpec:
    details = known_block(attr(resource, "stream_mode_details", "StreamModeDetails"))
    mode = text(attr(details, "stream_mode", "StreamMode"), "stream_mode")
    return StreamSpec(
        mode=mode.lower() if isinstance(mode, str) else mode,
        shards=number(attr(resource, "shard_count", "ShardCount"), "shard_count"),
        retention_hours=number(attr(resource, "retention_period", "RetentionPeriodHours"), "retention_period"),
    )
