"""SQS queues, SNS topics and subscriptions, API Gateway REST APIs and stages, CloudFront distributions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource
from costlint.specs._fields import Flag, Text, attr, block, blocks, flag, get, text


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
    return QueueSpec(fifo=flag(attr(resource, "fifo_queue", "FifoQueue"), "fifo_queue"))


def topic(resource: Resource) -> TopicSpec:
    return TopicSpec(
        fifo=flag(attr(resource, "fifo_topic", "FifoTopic"), "fifo_topic"),
        inline_protocols=[get(s, "Protocol") for s in blocks(attr(resource, "Subscription"))],
    )


def subscription(resource: Resource) -> SubscriptionSpec:
    protocol = text(attr(resource, "protocol", "Protocol"), "protocol")
    return SubscriptionSpec(
        topic=attr(resource, "topic_arn", "TopicArn"),
        protocol=protocol.lower() if isinstance(protocol, str) else protocol,
    )


def stage(resource: Resource) -> StageSpec:
    return StageSpec(
        cache_enabled=flag(attr(resource, "cache_cluster_enabled", "CacheClusterEnabled"), "cache_cluster_enabled"),
        cache_size=text(attr(resource, "cache_cluster_size", "CacheClusterSize"), "cache_cluster_size"),
    )


def distribution(resource: Resource) -> DistributionSpec:
    config = block(attr(resource, "DistributionConfig"))
    certificate = block(attr(resource, "viewer_certificate")) or block(get(config, "ViewerCertificate"))
    method = text(get(certificate, "ssl_support_method", "SslSupportMethod"), "ssl_support_method")
    return DistributionSpec(ssl_support_method=method.lower() if isinstance(method, str) else method)
