"""ElastiCache clusters and replication groups.

Terraform ``aws_elasticache_cluster`` / ``aws_elasticache_replication_group`` and CloudFormation
``AWS::ElastiCache::CacheCluster`` / ``AWS::ElastiCache::ReplicationGroup``. Terraform's deprecated
``cluster_mode`` block and ``number_cache_clusters`` argument are read too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Num, Text, attr, first_set, known_block, known_blocks, number, text


@dataclass
class CacheClusterSpec:
    engine: Text
    node_type: Text
    nodes: Num
    replication_group: Any
    """The replication group the cluster is a member of (its nodes are priced there), or None."""
    snapshot_retention_days: Num


@dataclass
class ReplicationGroupSpec:
    engine: Text
    node_type: Text
    num_cache_clusters: Num
    num_node_groups: Num
    replicas_per_node_group: Num
    snapshot_retention_days: Num
    identifier: Any
    """``replication_group_id`` / ``ReplicationGroupId`` (what Application Auto Scaling targets name)."""


def _lower(value: Any, what: str) -> Text:
    out = text(value, what)
    return out.lower() if isinstance(out, str) else out


def cache_cluster(resource: Resource) -> CacheClusterSpec:
    return CacheClusterSpec(
        engine=_lower(attr(resource, "engine", "Engine"), "engine"),
        node_type=text(attr(resource, "node_type", "CacheNodeType"), "node_type"),
        nodes=number(attr(resource, "num_cache_nodes", "NumCacheNodes"), "num_cache_nodes"),
        replication_group=attr(resource, "replication_group_id"),
        snapshot_retention_days=number(
            attr(resource, "snapshot_retention_limit", "SnapshotRetentionLimit"), "snapshot_retention_limit"
        ),
    )


def replication_group(resource: Resource) -> ReplicationGroupSpec:
    mode = known_block(attr(resource, "cluster_mode"))
    groups = number(
        first_set(attr(resource, "num_node_groups", "NumNodeGroups"), attr(mode, "num_node_groups")), "num_node_groups"
    )
    replicas = number(
        first_set(
            attr(resource, "replicas_per_node_group", "ReplicasPerNodeGroup"), attr(mode, "replicas_per_node_group")
        ),
        "replicas_per_node_group",
    )
    configured = known_blocks(attr(resource, "NodeGroupConfiguration"))
    if groups is None and configured:
        # CloudFormation may describe each shard instead of counting them.
        groups = number(len(configured), "NodeGroupConfiguration")
        counts = {attr(c, "ReplicaCount") for c in configured}
        if replicas is None and len(counts) == 1 and None not in counts:
            replicas = number(counts.pop(), "ReplicaCount")
    identifier = attr(resource, "replication_group_id", "ReplicationGroupId")
    return ReplicationGroupSpec(
        engine=_lower(attr(resource, "engine", "Engine"), "engine"),
        node_type=text(attr(resource, "node_type", "CacheNodeType"), "node_type"),
        num_cache_clusters=number(
            attr(resource, "num_cache_clusters", "number_cache_clusters", "NumCacheClusters"), "num_cache_clusters"
        ),
        num_node_groups=groups,
        replicas_per_node_group=replicas,
        snapshot_retention_days=number(
            attr(resource, "snapshot_retention_limit", "SnapshotRetentionLimit"), "snapshot_retention_limit"
        ),
        identifier=None if isinstance(identifier, Unknown) else identifier,
    )


def serverless_engine(resource: Resource) -> Text:
    """``aws_elasticache_serverless_cache`` / ``AWS::ElastiCache::ServerlessCache`` engine (lower case)."""
    return _lower(attr(resource, "engine", "Engine"), "engine")
