"""ElastiCache: cache clusters and replication groups (node type x nodes), backup storage.

A cluster that belongs to a replication group costs nothing itself: its nodes are the group's. Node
prices are per engine (Redis, Memcached, Valkey): an engine or node type the catalog has no price for
in the region is shown as missing, never priced as another.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import (
    MILLION,
    RESERVED_USAGE,
    reserved,
    scaled_capacity,
    unique_name,
)
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import elasticache as specs
from costlint.specs.aws.names import names

ENGINES = ("redis", "memcached", "valkey")
# Engines whose snapshots are kept (Memcached has no backups).
SNAPSHOT_ENGINES = ("redis", "valkey")

USAGE = (
    UsageKey(
        "snapshot_storage_size_gb", "Size of one snapshot (GB); retained snapshots beyond the first are billed", 10
    ),
    *RESERVED_USAGE,
)


def cache_cluster(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.cache_cluster(resource)
    if spec.replication_group is not None:
        group = ctx.linked(spec.replication_group, ("elasticache.replication_group",), names)
        name = group.address if group is not None else "its replication group"
        ctx.assume(f"a member of {name}: its nodes are priced with the group")
        return []
    engine = _engine(ctx, spec.engine, default=None)
    node_type = ctx.required(spec.node_type, "node_type")
    nodes = ctx.required(spec.nodes, "num_cache_nodes")
    return _nodes_and_backups(resource, ctx, engine, node_type, nodes, spec.snapshot_retention_days, "")


def replication_group(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.replication_group(resource)
    engine = _engine(ctx, spec.engine, default="redis")
    node_type = ctx.required(spec.node_type, "node_type")
    groups = ctx.known(spec.num_node_groups, "num_node_groups")
    replicas = ctx.known(spec.replicas_per_node_group, "replicas_per_node_group")
    scaled = _autoscaled(resource, ctx, spec)
    if "NodeGroups" in scaled:
        groups = scaled["NodeGroups"]
    if "Replicas" in scaled:
        replicas = scaled["Replicas"]
    if groups is not None:
        if replicas is None:
            replicas = Decimal(0)
            ctx.assume("replicas_per_node_group not set: 0 (primaries only)")
        nodes = groups * (replicas + 1)
        ctx.assume(f"{groups} shard(s) x ({replicas} replica(s) + 1 primary) = {nodes} nodes")
    else:
        nodes = ctx.known(spec.num_cache_clusters, "num_cache_clusters")
        if nodes is None:
            nodes = Decimal(1)
            ctx.assume("num_cache_clusters not set: 1 node")
    label = ", autoscaling" if scaled else ""
    return _nodes_and_backups(
        resource, ctx, engine, node_type, nodes, spec.snapshot_retention_days, label, usage_based=bool(scaled)
    )


def _engine(ctx: Context, value: Any, default: str | None) -> str:
    engine = ctx.known(value, "engine")
    if engine is None:
        if default is None:
            raise NotPriced("engine is not set")
        engine = default
    if engine not in ENGINES:
        raise NotPriced(f"engine {engine} is not an ElastiCache engine costlint prices ({', '.join(ENGINES)})")
    return engine


def _nodes_and_backups(
    resource: Resource,
    ctx: Context,
    engine: str,
    node_type: str,
    nodes: Decimal,
    retention: Any,
    label: str,
    usage_based: bool = False,
) -> list[Component]:
    terms = reserved(ctx, resource)
    hours = nodes * HOURS_PER_MONTH
    if terms is None:
        out = [
            ctx.component(
                resource,
                f"ElastiCache (on-demand, {node_type}{label})",
                "elasticache",
                "node",
                hours,
                usage_based=usage_based,
                node_type=node_type,
                engine=engine,
            )
        ]
    else:
        term, payment = terms
        out = [
            ctx.component(
                resource,
                f"ElastiCache (reserved {term} {payment}, {node_type}{label})",
                "elasticache",
                "reserved_node",
                hours,
                usage_based=usage_based,
                node_type=node_type,
                engine=engine,
                term=term,
                payment=payment,
            )
        ]
    retention = ctx.known(retention, "snapshot_retention_limit")
    if engine in SNAPSHOT_ENGINES and retention is not None and retention > 1:
        size = ctx.usage_number(resource, "snapshot_storage_size_gb")
        # One snapshot is free; the others kept are billed.
        out.append(
            ctx.component(
                resource,
                "Backup storage",
                "elasticache",
                "backup_storage",
                None if size is None else size * (retention - 1),
                usage_based=True,
            )
        )
    return out


def _autoscaled(resource: Resource, ctx: Context, spec: specs.ReplicationGroupSpec) -> dict[str, Decimal]:
    """Shard and replica counts set by Application Auto Scaling targets of this group."""
    unique = unique_name(ctx, resource, spec.identifier, lambda other: specs.replication_group(other).identifier)
    ids = (f"replication-group/{spec.identifier}",) if unique else ()
    out: dict[str, Decimal] = {}
    for dimension in ("NodeGroups", "Replicas"):
        capacity = scaled_capacity(ctx, resource, "elasticache", f"elasticache:replication-group:{dimension}", ids)
        if capacity is not None:
            out[dimension] = capacity
    return out


SERVERLESS_USAGE = (
    UsageKey("storage_gb", "Average data stored (GB)", 1),
    UsageKey("monthly_ecpus", "ElastiCache Processing Units consumed per month", 100_000_000),
)
# The least data ElastiCache Serverless bills (ElastiCache pricing): 1 GB for Redis OSS and Memcached,
# 100 MB for Valkey.
SERVERLESS_MINIMUM_GB = {"redis": Decimal(1), "memcached": Decimal(1), "valkey": Decimal("0.1")}


def serverless_cache(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_elasticache_serverless_cache`` / ``AWS::ElastiCache::ServerlessCache``: data stored (GB-hours,
    at least the engine's minimum) and processing units, from usage."""
    engine = _engine(ctx, specs.serverless_engine(resource), default=None)
    stored = ctx.usage_number(resource, "storage_gb")
    if stored is not None and stored < SERVERLESS_MINIMUM_GB[engine]:
        ctx.assume(f"{stored} GB stored: billed the minimum, {SERVERLESS_MINIMUM_GB[engine]} GB ({engine})")
        stored = SERVERLESS_MINIMUM_GB[engine]
    ecpus = ctx.usage_number(resource, "monthly_ecpus")
    return [
        ctx.component(
            resource,
            "Data stored",
            "elasticache",
            "serverless_storage",
            None if stored is None else stored * HOURS_PER_MONTH,
            usage_based=True,
            engine=engine,
        ),
        ctx.component(
            resource,
            "ElastiCache Processing Units",
            "elasticache",
            "serverless_ecpu",
            None if ecpus is None else ecpus / MILLION,
            usage_based=True,
            engine=engine,
        ),
    ]
