"""RDS and Aurora: DB instances, Aurora cluster instances and DB clusters.

Terraform ``aws_db_instance`` / ``aws_rds_cluster_instance`` / ``aws_rds_cluster`` (HCL or plan) and
CloudFormation ``AWS::RDS::DBInstance`` / ``AWS::RDS::DBCluster`` read into one shape. A CloudFormation
``DBInstance`` with a ``DBClusterIdentifier`` is an Aurora cluster instance: its ``cluster`` is set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Flag, Num, Text, attr, boolean, known_block, number, text


@dataclass
class DbInstanceSpec:
    engine: Text
    """Lower case as written (``postgres``, ``aurora-mysql``, ``oracle-se2``); None when not set."""
    engine_version: Text
    instance_class: Text
    allocated_storage: Num
    """GB; None when not set."""
    storage_type: Text
    """``gp2``, ``gp3``, ``io1``, ``io2``, ``standard``; None when not set."""
    iops: Num
    storage_throughput: Num
    """MiB/s (gp3)."""
    multi_az: Flag
    backup_retention_days: Num
    license_model: Text
    cluster: Any
    """The Aurora cluster it belongs to: a literal identifier, an Unknown with ``ref``, or None."""
    source: Any
    """The instance it replicates (read replicas), as ``cluster``."""
    performance_insights: Flag
    performance_insights_retention_days: Num


@dataclass
class DbClusterSpec:
    engine: Text
    engine_version: Text
    engine_mode: Text
    """``provisioned`` (the default), ``serverless`` (Aurora Serverless v1), ..."""
    storage_type: Text
    """``aurora-iopt1`` for Aurora I/O-Optimized; io1/io2/gp3 for Multi-AZ DB clusters."""
    backup_retention_days: Num
    backtrack_window_seconds: Num
    serverless_v2_min_acu: Num
    serverless_v2_max_acu: Num
    cluster_instance_class: Text
    """Multi-AZ DB clusters (non-Aurora) only: ``db_cluster_instance_class``."""
    performance_insights: Flag = None
    performance_insights_retention_days: Num = None


def _lower(value: Any, what: str) -> Text:
    out = text(value, what)
    return out.lower() if isinstance(out, str) else out


def db_instance(resource: Resource) -> DbInstanceSpec:
    """``aws_db_instance`` and ``AWS::RDS::DBInstance``."""
    return DbInstanceSpec(
        engine=_lower(attr(resource, "engine", "Engine"), "engine"),
        engine_version=text(attr(resource, "engine_version", "EngineVersion"), "engine_version"),
        instance_class=text(attr(resource, "instance_class", "DBInstanceClass"), "instance_class"),
        allocated_storage=number(attr(resource, "allocated_storage", "AllocatedStorage"), "allocated_storage"),
        storage_type=_lower(attr(resource, "storage_type", "StorageType"), "storage_type"),
        iops=number(attr(resource, "iops", "Iops"), "iops"),
        storage_throughput=number(attr(resource, "storage_throughput", "StorageThroughput"), "storage_throughput"),
        multi_az=boolean(attr(resource, "multi_az", "MultiAZ"), "multi_az"),
        backup_retention_days=number(
            attr(resource, "backup_retention_period", "BackupRetentionPeriod"), "backup_retention_period"
        ),
        license_model=_lower(attr(resource, "license_model", "LicenseModel"), "license_model"),
        cluster=attr(resource, "DBClusterIdentifier"),
        source=attr(resource, "replicate_source_db", "SourceDBInstanceIdentifier"),
        performance_insights=boolean(
            attr(resource, "performance_insights_enabled", "EnablePerformanceInsights"), "performance_insights_enabled"
        ),
        performance_insights_retention_days=number(
            attr(resource, "performance_insights_retention_period", "PerformanceInsightsRetentionPeriod"),
            "performance_insights_retention_period",
        ),
    )


def cluster_instance(resource: Resource) -> DbInstanceSpec:
    """``aws_rds_cluster_instance`` (its storage belongs to the cluster)."""
    return DbInstanceSpec(
        engine=_lower(attr(resource, "engine"), "engine"),
        engine_version=text(attr(resource, "engine_version"), "engine_version"),
        instance_class=text(attr(resource, "instance_class"), "instance_class"),
        allocated_storage=None,
        storage_type=None,
        iops=None,
        storage_throughput=None,
        multi_az=False,
        backup_retention_days=None,
        license_model=None,
        cluster=attr(resource, "cluster_identifier"),
        source=None,
        performance_insights=boolean(attr(resource, "performance_insights_enabled"), "performance_insights_enabled"),
        performance_insights_retention_days=number(
            attr(resource, "performance_insights_retention_period"), "performance_insights_retention_period"
        ),
    )


def db_cluster(resource: Resource) -> DbClusterSpec:
    """``aws_rds_cluster`` and ``AWS::RDS::DBCluster``."""
    v2 = known_block(attr(resource, "serverlessv2_scaling_configuration", "ServerlessV2ScalingConfiguration"))
    mode = _lower(attr(resource, "engine_mode", "EngineMode"), "engine_mode")
    return DbClusterSpec(
        engine=_lower(attr(resource, "engine", "Engine"), "engine"),
        engine_version=text(attr(resource, "engine_version", "EngineVersion"), "engine_version"),
        engine_mode=mode if mode is not None else "provisioned",
        storage_type=_lower(attr(resource, "storage_type", "StorageType"), "storage_type"),
        backup_retention_days=number(
            attr(resource, "backup_retention_period", "BackupRetentionPeriod"), "backup_retention_period"
        ),
        backtrack_window_seconds=number(attr(resource, "backtrack_window", "BacktrackWindow"), "backtrack_window"),
        serverless_v2_min_acu=number(attr(v2, "min_capacity", "MinCapacity"), "min_capacity"),
        serverless_v2_max_acu=number(attr(v2, "max_capacity", "MaxCapacity"), "max_capacity"),
        cluster_instance_class=text(
            attr(resource, "db_cluster_instance_class", "DBClusterInstanceClass"), "db_cluster_instance_class"
        ),
        performance_insights=boolean(
            attr(resource, "performance_insights_enabled", "PerformanceInsightsEnabled"),
            "performance_insights_enabled",
        ),
        performance_insights_retention_days=number(
            attr(resource, "performance_insights_retention_period", "PerformanceInsightsRetentionPeriod"),
            "performance_insights_retention_period",
        ),
    )


def multi_az_cluster(resource: Resource) -> DbInstanceSpec:
    """A Multi-AZ DB cluster (``aws_rds_cluster`` / ``AWS::RDS::DBCluster`` with a MySQL or PostgreSQL
    engine) read as the instances it runs: a writer and two readable standbys of ``db_cluster_instance_class``
    sharing the cluster's storage."""
    cluster = db_cluster(resource)
    return DbInstanceSpec(
        engine=cluster.engine,
        engine_version=cluster.engine_version,
        instance_class=cluster.cluster_instance_class,
        allocated_storage=number(attr(resource, "allocated_storage", "AllocatedStorage"), "allocated_storage"),
        storage_type=cluster.storage_type,
        iops=number(attr(resource, "iops", "Iops"), "iops"),
        storage_throughput=None,
        multi_az=True,
        backup_retention_days=cluster.backup_retention_days,
        license_model=None,
        cluster=None,
        source=None,
        performance_insights=cluster.performance_insights,
        performance_insights_retention_days=cluster.performance_insights_retention_days,
    )


def cluster_identifier(resource: Resource) -> Any:
    """The name other resources use for a cluster (``cluster_identifier`` / ``DBClusterIdentifier``)."""
    value = attr(resource, "cluster_identifier", "DBClusterIdentifier")
    return None if isinstance(value, Unknown) else value
