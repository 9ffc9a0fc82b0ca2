"""RDS DB instances, Multi-AZ DB clusters, Aurora cluster instances and Aurora DB clusters.

Prices by engine and deployment come from the catalog only: an engine the catalog has no prices for
(Oracle EE, Db2, RDS Custom; Oracle SE2 with its own licence) is not priced, never priced as another
engine. SQL Server and Oracle SE2 are priced licence included. A Multi-AZ DB cluster (a MySQL or
PostgreSQL ``aws_rds_cluster``) is one deployment: a writer and two readable standbys, priced by the
catalog's ``multi_az_cluster`` rates for its instance class, storage and IOPS. Aurora instances are
priced at the Aurora engines' rates (I/O-Optimized clusters at theirs); their storage and I/O belong to
the cluster and depend on usage.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION, RESERVED_USAGE, THOUSAND, reserved
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import rds as specs
from costlint.specs.aws.names import names
from costlint.specs.aws.rds import DbClusterSpec, DbInstanceSpec

# Engine names as written in Terraform/CloudFormation -> the catalog's engine vocabulary.
ENGINES = {
    "mysql": "mysql",
    "postgres": "postgres",
    "mariadb": "mariadb",
    "aurora": "aurora-mysql",
    "aurora-mysql": "aurora-mysql",
    "aurora-postgresql": "aurora-postgresql",
    "sqlserver-ex": "sqlserver-ex",
    "sqlserver-web": "sqlserver-web",
    "sqlserver-se": "sqlserver-se",
    "sqlserver-ee": "sqlserver-ee",
    "oracle-se2": "oracle-se2",
}
AURORA = ("aurora-mysql", "aurora-postgresql")
# Engines of Multi-AZ DB clusters (a writer and two readable standbys).
MULTI_AZ_CLUSTER_ENGINES = ("mysql", "postgres")
MULTI_AZ_CLUSTER_INSTANCES = 3
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

# gp3 storage includes a baseline of IOPS and throughput that depends on the allocated size (MySQL,
# MariaDB, PostgreSQL): below 400 GB 3,000 IOPS and 125 MiB/s, from 400 GB 12,000 IOPS and 500 MiB/s.
GP3_LARGE_GB = Decimal(400)
GP3_BASELINE = {False: (Decimal(3000), Decimal(125)), True: (Decimal(12000), Decimal(500))}
# io1/io2: the smallest allocation RDS accepts.
IO_MIN_GB = Decimal(100)
IO_MIN_IOPS = Decimal(1000)
# Performance Insights keeps 7 days for free; longer retention is billed per vCPU.
PI_FREE_DAYS = Decimal(7)


def today() -> date:
    """The date extended-support years are counted at (tests replace it)."""
    return date.today()


# RDS Extended Support: (engine, major version) -> (first billed day, first day of year 3 or None).
# From the AWS release calendars for RDS MySQL/PostgreSQL and Aurora MySQL/PostgreSQL (the same table
# as infracost/infracost internal/resources/aws/db_instance.go). Years 1 and 2 share one rate, the
# catalog's ``year=1``; year 3 is ``year=3``.
EXTENDED_SUPPORT: dict[tuple[str, str], tuple[date, date | None]] = {
    ("mysql", "5.7"): (date(2024, 3, 1), date(2026, 3, 1)),
    ("mysql", "8.0"): (date(2026, 8, 1), date(2028, 8, 1)),
    ("postgres", "11"): (date(2024, 4, 1), date(2026, 4, 1)),
    ("postgres", "12"): (date(2025, 3, 1), date(2027, 3, 1)),
    ("postgres", "13"): (date(2026, 3, 1), date(2028, 3, 1)),
    ("postgres", "14"): (date(2027, 3, 1), date(2029, 3, 1)),
    ("postgres", "15"): (date(2028, 3, 1), date(2030, 3, 1)),
    ("postgres", "16"): (date(2029, 3, 1), date(2031, 3, 1)),
    ("aurora-mysql", "5.7"): (date(2024, 12, 1), None),
    ("aurora-mysql", "8.0"): (date(2027, 5, 1), None),
    ("aurora-postgresql", "11"): (date(2024, 4, 1), date(2026, 4, 1)),
    ("aurora-postgresql", "12"): (date(2025, 3, 1), date(2027, 3, 1)),
    ("aurora-postgresql", "13"): (date(2026, 3, 1), date(2028, 3, 1)),
    ("aurora-postgresql", "14"): (date(2027, 3, 1), date(2029, 3, 1)),
    ("aurora-postgresql", "15"): (date(2028, 3, 1), date(2030, 3, 1)),
}

# vCPUs of an instance size, where the name says it: every family's ``large`` has 2 vCPUs and
# ``Nxlarge`` 4N; the small burstable sizes depend on the family.
_SIZE = re.compile(r"^db\.(?P<family>[a-z0-9-]+)\.(?:(?P<n>\d+)?xlarge|(?P<named>large|medium|small|micro|nano))$")
_BURSTABLE_SMALL: dict[str, int | dict[str, int]] = {"t3": 2, "t4g": 2, "t2": {"medium": 2, "small": 1, "micro": 1}}

COMMON_USAGE = (
    *RESERVED_USAGE,
    UsageKey(
        "vcpu_count",
        "vCPUs of the instance class, when costlint cannot tell them from its name "
        "(extended support and Performance Insights are billed per vCPU)",
        2,
    ),
    UsageKey(
        "monthly_additional_performance_insights_requests",
        "Performance Insights API requests beyond the free tier per month",
        1_000_000,
    ),
)
INSTANCE_USAGE = (
    UsageKey("additional_backup_storage_gb", "Backup storage beyond the free allocation (GB)", 100),
    UsageKey("monthly_standard_io_requests", "I/O requests per month (magnetic storage only)", 10_000_000),
    *COMMON_USAGE,
    UsageKey("capacity_units_per_hr", "Aurora Serverless v2 instances (db.serverless): average ACUs", 2),
)
CLUSTER_INSTANCE_USAGE = (
    *COMMON_USAGE,
    UsageKey(
        "capacity_units_per_hr",
        "Aurora Serverless v2 (db.serverless): average ACUs; without it the cluster's minimum capacity is assumed",
        2,
    ),
)
CLUSTER_USAGE = (
    UsageKey(
        "additional_backup_storage_gb", "Multi-AZ DB clusters: backup storage beyond the free allocation (GB)", 100
    ),
    *COMMON_USAGE,
    UsageKey("storage_gb", "Aurora cluster storage (GB)", 100),
    UsageKey("write_requests_per_sec", "Average write I/O operations per second (standard storage)", 10),
    UsageKey("read_requests_per_sec", "Average read I/O operations per second (standard storage)", 10),
    UsageKey(
        "backup_snapshot_size_gb", "Size of one backup snapshot (GB); retention days beyond the first are billed", 100
    ),
    UsageKey("average_statements_per_hr", "Backtrack: statements per hour", 10_000),
    UsageKey("change_records_per_statement", "Backtrack: change records per statement", 0.38),
    UsageKey("backtrack_window_hrs", "Backtrack window (hours); default: the cluster's backtrack_window", 24),
    UsageKey("snapshot_export_size_gb", "Snapshot data exported to S3 per month (GB)", 100),
    UsageKey("capacity_units_per_hr", "Aurora Serverless v1 (engine_mode serverless): average ACUs", 2),
)


# -- DB instances ----------------------------------------------------------------------------------


def db_instance(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.db_instance(resource)
    if spec.cluster is not None:
        # CloudFormation: a DBInstance in a DBCluster is an Aurora cluster instance.
        return _aurora_instance(resource, ctx, spec, _cluster_of(ctx, spec.cluster))
    engine = _engine(ctx, spec.engine, _source_engine(ctx, spec))
    if engine in AURORA:
        ctx.assume("an Aurora DB instance outside a cluster: priced as a cluster instance, without storage")
        return _aurora_instance(resource, ctx, spec, None)
    _licence(ctx, engine, spec.license_model)
    klass = ctx.required(spec.instance_class, "instance_class")
    multi_az = ctx.known(spec.multi_az, "multi_az") is True
    deployment = "multi_az" if multi_az else "single_az"
    label = "Multi-AZ" if multi_az else "Single-AZ"
    out = [_instance_hours(resource, ctx, klass, engine, deployment, label)]
    out += _storage(resource, ctx, spec, deployment)
    backup = ctx.usage_number(resource, "additional_backup_storage_gb")
    retention = ctx.known(spec.backup_retention_days, "backup_retention_period")
    if backup is not None or (retention is not None and retention > 0):
        out.append(
            ctx.component(resource, "Additional backup storage", "rds", "backup_storage", backup, usage_based=True)
        )
    out += _performance_insights(resource, ctx, spec, klass)
    out += _extended_support(resource, ctx, engine, spec.engine_version, klass, instances=2 if multi_az else 1)
    return out


def _instance_hours(
    resource: Resource, ctx: Context, klass: str, engine: str, deployment: str, label: str
) -> Component:
    terms = reserved(ctx, resource)
    where = f"{label}, {klass}" if label else klass
    if terms is None:
        return ctx.component(
            resource,
            f"Database instance (on-demand, {where})",
            "rds",
            "instance",
            HOURS_PER_MONTH,
            instance_class=klass,
            engine=engine,
            deployment=deployment,
        )
    term, payment = terms
    return ctx.component(
        resource,
        f"Database instance (reserved {term} {payment}, {where})",
        "rds",
        "reserved_instance",
        HOURS_PER_MONTH,
        instance_class=klass,
        engine=engine,
        deployment=deployment,
        term=term,
        payment=payment,
    )


def _storage(resource: Resource, ctx: Context, spec: DbInstanceSpec, deployment: str) -> list[Component]:
    iops = ctx.known(spec.iops, "iops")
    storage_type = ctx.known(spec.storage_type, "storage_type")
    if storage_type is None:
        # The provider's default (Terraform documents gp2; io1 when iops is given).
        storage_type = "io1" if iops else "gp2"
        ctx.assume(f"storage_type not set: {storage_type}")
    size = ctx.known(spec.allocated_storage, "allocated_storage")
    if size is None:
        size = _source_storage(ctx, spec)
    if size is None:
        size = Decimal(20)
        ctx.assume("allocated_storage not set: 20 GB")
    out = []
    if storage_type in ("io1", "io2"):
        if size < IO_MIN_GB:
            ctx.assume(f"{storage_type} needs at least {IO_MIN_GB} GB: {IO_MIN_GB} GB priced instead of {size}")
            size = IO_MIN_GB
        if iops is None or iops < IO_MIN_IOPS:
            ctx.assume(f"{storage_type} needs at least {IO_MIN_IOPS} IOPS: {IO_MIN_IOPS} priced")
            iops = IO_MIN_IOPS
    names = {
        "gp2": "general purpose SSD, gp2",
        "gp3": "general purpose SSD, gp3",
        "io1": "provisioned IOPS SSD, io1",
        "io2": "provisioned IOPS SSD, io2",
        "standard": "magnetic",
    }
    out.append(
        ctx.component(
            resource,
            f"Storage ({names.get(storage_type, storage_type)})",
            "rds",
            "storage",
            size,
            storage_type=storage_type,
            deployment=deployment,
        )
    )
    if storage_type in ("io1", "io2"):
        out.append(
            ctx.component(
                resource, "Provisioned IOPS", "rds", "iops", iops, storage_type=storage_type, deployment=deployment
            )
        )
    elif storage_type == "gp3":
        base_iops, base_throughput = GP3_BASELINE[size >= GP3_LARGE_GB]
        if iops is not None and iops > base_iops:
            out.append(
                ctx.component(
                    resource,
                    f"Provisioned GP3 IOPS (above {base_iops:,})",
                    "rds",
                    "iops",
                    iops - base_iops,
                    storage_type="gp3",
                    deployment=deployment,
                )
            )
        throughput = ctx.known(spec.storage_throughput, "storage_throughput")
        if throughput is not None and throughput > base_throughput:
            out.append(
                ctx.missing_component(
                    f"Provisioned GP3 throughput (above {base_throughput} MiB/s)",
                    "MiBps-month",
                    "the price catalog has no RDS gp3 throughput price",
                    throughput - base_throughput,
                )
            )
    elif storage_type == "standard":
        requests = ctx.usage_number(resource, "monthly_standard_io_requests")
        out.append(
            ctx.missing_component(
                "I/O requests",
                "1M requests",
                "the price catalog has no RDS magnetic storage I/O price",
                None if requests is None else requests / MILLION,
                usage_based=True,
            )
        )
    return out


def _source_engine(ctx: Context, spec: DbInstanceSpec) -> Any:
    """A read replica's engine is its source's."""
    if spec.source is None:
        return None
    source = ctx.linked(spec.source, ("rds.instance",), names)
    if source is None:
        return Unknown(f"the source instance of the replica ({_describe(spec.source)}) is not in this project")
    return specs.db_instance(source).engine


def _source_storage(ctx: Context, spec: DbInstanceSpec) -> Decimal | None:
    if spec.source is None:
        return None
    source = ctx.linked(spec.source, ("rds.instance",), names)
    if source is None:
        return None
    size = specs.db_instance(source).allocated_storage
    if isinstance(size, Decimal):
        ctx.assume("read replica: the source instance's allocated_storage")
        return size
    return None


def _engine(ctx: Context, engine: Any, fallback: Any = None) -> str:
    if engine is None:
        engine = fallback
    engine = ctx.required(engine, "engine")
    if engine not in ENGINES:
        raise NotPriced(
            f"engine {engine}: the price catalog has no RDS prices for it "
            f"(it has {', '.join(sorted(set(ENGINES.values())))})"
        )
    return ENGINES[engine]


def _licence(ctx: Context, engine: str, license_model: Any) -> None:
    """The catalog prices Oracle SE2 licence included: an instance bringing its own licence is not priced."""
    if not engine.startswith("oracle"):
        return
    model = ctx.known(license_model, "license_model")
    if model == "bring-your-own-license":
        raise NotPriced(f"{engine} with bring-your-own-license: the price catalog has licence-included prices only")
    if model is None:
        ctx.assume("license_model not set: licence included (bring-your-own-license costs less per hour)")


def _describe(value: Any) -> str:
    return value.reason if isinstance(value, Unknown) else repr(value)


# -- Aurora cluster instances ----------------------------------------------------------------------


def cluster_instance(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.cluster_instance(resource)
    return _aurora_instance(resource, ctx, spec, _cluster_of(ctx, spec.cluster))


def _cluster_of(ctx: Context, value: Any) -> Resource | None:
    return ctx.linked(value, ("rds.cluster",), names)


def _aurora_instance(
    resource: Resource, ctx: Context, spec: DbInstanceSpec, cluster: Resource | None
) -> list[Component]:
    cluster_spec = specs.db_cluster(cluster) if cluster is not None else None
    engine_value = spec.engine
    if engine_value is None and cluster_spec is not None:
        engine_value = cluster_spec.engine
    engine = _engine(ctx, engine_value)
    if engine not in AURORA:
        raise NotPriced(
            f"engine {engine} is not an Aurora engine: a Multi-AZ DB cluster has no instances of its own to declare "
            "(they are priced with the cluster)"
        )
    version = spec.engine_version
    if (
        (version is None or isinstance(version, Unknown))
        and cluster_spec is not None
        and isinstance(cluster_spec.engine_version, str)
    ):
        version = cluster_spec.engine_version
    klass = ctx.required(spec.instance_class, "instance_class")
    io_optimized = (
        cluster_spec is not None
        and ctx.known(cluster_spec.storage_type, "storage_type of the cluster") == "aurora-iopt1"
    )
    out = []
    acus = None
    if klass == "db.serverless":
        acus = _serverless_acus(resource, ctx, cluster_spec)
        out.append(_serverless_v2(resource, ctx, acus, io_optimized))
    elif io_optimized:
        out.append(_io_optimized_hours(resource, ctx, klass, engine))
    else:
        out.append(_instance_hours(resource, ctx, klass, engine, "single_az", ""))
    out += _performance_insights(resource, ctx, spec, klass, acus=acus)
    if klass != "db.serverless":
        out += _extended_support(resource, ctx, engine, version, klass, instances=1)
    return out


def _io_optimized_hours(resource: Resource, ctx: Context, klass: str, engine: str) -> Component:
    """An instance of an I/O-Optimized cluster, at that configuration's rate (the catalog has no reserved
    rates for it)."""
    if reserved(ctx, resource) is not None:
        return ctx.missing_component(
            f"Database instance (reserved, {klass}, I/O-Optimized)",
            "hour",
            "the price catalog has no reserved Aurora I/O-Optimized instance prices",
            HOURS_PER_MONTH,
        )
    return ctx.component(
        resource,
        f"Database instance (on-demand, {klass}, I/O-Optimized)",
        "rds",
        "io_optimized_instance",
        HOURS_PER_MONTH,
        instance_class=klass,
        engine=engine,
    )


def _serverless_acus(resource: Resource, ctx: Context, cluster: DbClusterSpec | None) -> Decimal | None:
    """Average ACUs of a Serverless v2 instance: usage, else the cluster's minimum capacity (said)."""
    acu = ctx.usage_number(resource, "capacity_units_per_hr")
    if acu is None and cluster is not None:
        minimum = ctx.known(cluster.serverless_v2_min_acu, "serverlessv2_scaling_configuration.min_capacity")
        if minimum is not None:
            acu = minimum
            ctx.assume(
                f"Serverless v2 at the cluster's minimum capacity, {minimum} ACU, all month "
                "(usage capacity_units_per_hr gives the average)"
            )
    return acu


def _serverless_v2(resource: Resource, ctx: Context, acu: Decimal | None, io_optimized: bool) -> Component:
    quantity = None if acu is None else acu * HOURS_PER_MONTH
    if io_optimized:
        return ctx.component(
            resource,
            "Aurora Serverless v2 (I/O-Optimized)",
            "rds",
            "io_optimized_serverless_capacity",
            quantity,
            usage_based=True,
        )
    return ctx.component(
        resource, "Aurora Serverless v2", "rds", "serverless_capacity", quantity, usage_based=True, version="v2"
    )


# -- shared instance extras --------------------------------------------------------------------------


def vcpus(ctx: Context, resource: Resource, klass: str) -> Decimal | None:
    given = ctx.usage_number(resource, "vcpu_count")
    if given is not None:
        return given
    match = _SIZE.match(klass)
    if not match:
        return None
    if match.group("named") in (None, "large"):
        return Decimal(2) if match.group("named") else Decimal(4) * Decimal(match.group("n") or 1)
    small = _BURSTABLE_SMALL.get(match.group("family"))
    if isinstance(small, dict):
        count = small.get(match.group("named"))
        return None if count is None else Decimal(count)
    return None if small is None else Decimal(small)


def _performance_insights(
    resource: Resource,
    ctx: Context,
    spec: DbInstanceSpec,
    klass: str,
    *,
    acus: Decimal | None = None,
    instances: int = 1,
) -> list[Component]:
    """Long-term retention (beyond the free 7 days) per vCPU, or per ACU of a Serverless v2 instance
    (``acus``: its average capacity); ``instances`` instances of ``klass`` (a Multi-AZ DB cluster's 3)."""
    if ctx.known(spec.performance_insights, "performance_insights_enabled") is not True:
        return []
    out = []
    retention = ctx.known(spec.performance_insights_retention_days, "performance_insights_retention_period")
    if retention is not None and retention > PI_FREE_DAYS:
        count = vcpus(ctx, resource, klass)
        if count is not None:
            count *= instances
        if klass == "db.serverless":
            out.append(
                ctx.component(
                    resource,
                    "Performance Insights long-term retention (serverless)",
                    "rds",
                    "performance_insights_serverless",
                    acus,
                    usage_based=True,
                )
            )
        elif count is None:
            out.append(
                ctx.missing_component(
                    f"Performance Insights long-term retention ({klass})",
                    "vCPU-month",
                    f"vCPUs of {klass} unknown: give usage vcpu_count",
                )
            )
        else:
            out.append(
                ctx.component(
                    resource,
                    f"Performance Insights long-term retention ({klass})",
                    "rds",
                    "performance_insights",
                    count,
                )
            )
    requests = ctx.usage_number(resource, "monthly_additional_performance_insights_requests")
    if requests is not None and requests > 0:
        out.append(
            ctx.missing_component(
                "Performance Insights API",
                "1k requests",
                "the price catalog has no Performance Insights API price",
                requests / THOUSAND,
                usage_based=True,
            )
        )
    return out


def _extended_support(
    resource: Resource, ctx: Context, engine: str, version: Any, klass: str, instances: int
) -> list[Component]:
    if isinstance(version, Unknown):
        # Only extended support depends on the version: say so rather than refuse the instance.
        ctx.assume(f"engine_version is unknown ({version.reason}): extended support charges not assessed")
        return []
    if version is None:
        return []
    dates = _support_dates(engine, str(version))
    if dates is None:
        return []
    start, year3 = dates
    on = today()
    if on < start:
        return []
    year = 3 if year3 is not None and on >= year3 else (1 if on < _add_year(start) else 2)
    ctx.assume(f"{engine} {version} is in RDS Extended Support on {on.isoformat()} (year {year})")
    count = vcpus(ctx, resource, klass)
    who = {2: ", primary and standby", MULTI_AZ_CLUSTER_INSTANCES: ", writer and two readable standbys"}
    label = f"Extended support (year {year}{who.get(instances, '')})"
    if count is None:
        return [ctx.missing_component(label, "vCPU-hour", f"vCPUs of {klass} unknown: give usage vcpu_count")]
    # Years 1 and 2 are one price in AWS's list (usage type ExtendedSupport:Yr1-Yr2), the catalog's year 1.
    return [
        ctx.component(
            resource,
            label,
            "rds",
            "extended_support",
            count * instances * HOURS_PER_MONTH,
            year=str(3 if year == 3 else 1),
        )
    ]


def _support_dates(engine: str, version: str) -> tuple[date, date | None] | None:
    parts = version.split(".")
    for i in range(len(parts), 0, -1):
        found = EXTENDED_SUPPORT.get((engine, ".".join(parts[:i])))
        if found:
            return found
    return None


def _add_year(day: date) -> date:
    return day.replace(year=day.year + 1)


# -- Aurora DB clusters --------------------------------------------------------------------------------


def db_cluster(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.db_cluster(resource)
    engine = ctx.required(spec.engine, "engine")
    if engine in MULTI_AZ_CLUSTER_ENGINES:
        return _multi_az_cluster(resource, ctx)
    if ENGINES.get(engine) not in AURORA:
        raise NotPriced(f"engine {engine}: a DB cluster runs Aurora, or MySQL or PostgreSQL (Multi-AZ DB cluster)")
    engine = ENGINES[engine]
    mode = ctx.known(spec.engine_mode, "engine_mode")
    io_optimized = ctx.known(spec.storage_type, "storage_type") == "aurora-iopt1"
    out = []
    if mode == "serverless":
        acu = ctx.usage_number(resource, "capacity_units_per_hr")
        out.append(
            ctx.component(
                resource,
                "Aurora Serverless v1",
                "rds",
                "serverless_capacity",
                None if acu is None else acu * HOURS_PER_MONTH,
                usage_based=True,
                version="v1",
            )
        )
    storage = ctx.usage_number(resource, "storage_gb")
    if io_optimized:
        out.append(
            ctx.component(
                resource,
                "Storage (I/O-Optimized)",
                "rds",
                "aurora_storage",
                storage,
                usage_based=True,
                storage_config="io_optimized",
            )
        )
    else:
        out.append(
            ctx.component(
                resource, "Storage", "rds", "aurora_storage", storage, usage_based=True, storage_config="standard"
            )
        )
        out.append(
            ctx.component(resource, "I/O requests", "rds", "aurora_io", _io_requests(ctx, resource), usage_based=True)
        )
    retention = ctx.known(spec.backup_retention_days, "backup_retention_period")
    if retention is not None and retention > 1:
        snapshot = ctx.usage_number(resource, "backup_snapshot_size_gb")
        # The first day's backup is free (up to the cluster's size); every further retained day is billed.
        out.append(
            ctx.component(
                resource,
                "Backup storage",
                "rds",
                "aurora_backup_storage",
                None if snapshot is None else snapshot * (retention - 1),
                usage_based=True,
            )
        )
    if engine == "aurora-mysql" and mode != "serverless":
        out += _backtrack(resource, ctx, spec)
    out.append(
        ctx.usage_component(resource, "Snapshot export", "rds", "aurora_snapshot_export", "snapshot_export_size_gb")
    )
    return out


def _io_requests(ctx: Context, resource: Resource) -> Decimal | None:
    writes = ctx.usage_number(resource, "write_requests_per_sec")
    reads = ctx.usage_number(resource, "read_requests_per_sec")
    if writes is None and reads is None:
        return None
    return ((writes or Decimal(0)) + (reads or Decimal(0))) * SECONDS_PER_MONTH / MILLION


def _backtrack(resource: Resource, ctx: Context, spec: DbClusterSpec) -> list[Component]:
    window_seconds = ctx.known(spec.backtrack_window_seconds, "backtrack_window")
    window = ctx.usage_number(resource, "backtrack_window_hrs")
    if window is None and window_seconds:
        window = window_seconds / 3600
    statements = ctx.usage_number(resource, "average_statements_per_hr")
    records = ctx.usage_number(resource, "change_records_per_statement")
    if not window and statements is None:
        return []  # backtrack is off: nothing is billed
    quantity = None
    if window and statements is not None and records is not None:
        # Change records kept in the window, billed every hour of the month.
        quantity = statements * records * window * HOURS_PER_MONTH / MILLION
    return [ctx.component(resource, "Backtrack", "rds", "aurora_backtrack", quantity, usage_based=True)]


# -- Multi-AZ DB clusters ------------------------------------------------------------------------------


def _multi_az_cluster(resource: Resource, ctx: Context) -> list[Component]:
    """A MySQL or PostgreSQL DB cluster: the catalog prices the deployment (a writer and two readable
    standbys) by the hour, and the cluster's storage and IOPS (three copies) per GB and IOPS."""
    spec = specs.multi_az_cluster(resource)
    engine = _engine(ctx, spec.engine)
    klass = ctx.required(spec.instance_class, "db_cluster_instance_class")
    ctx.required(spec.storage_type, "storage_type")
    label = "Multi-AZ DB cluster, 3 instances"
    out = [_instance_hours(resource, ctx, klass, engine, "multi_az_cluster", label)]
    out += _storage(resource, ctx, spec, "multi_az_cluster")
    backup = ctx.usage_number(resource, "additional_backup_storage_gb")
    retention = ctx.known(spec.backup_retention_days, "backup_retention_period")
    if backup is not None or (retention is not None and retention > 0):
        out.append(
            ctx.component(resource, "Additional backup storage", "rds", "backup_storage", backup, usage_based=True)
        )
    out += _performance_insights(resource, ctx, spec, klass, instances=MULTI_AZ_CLUSTER_INSTANCES)
    out += _extended_support(resource, ctx, engine, spec.engine_version, klass, instances=MULTI_AZ_CLUSTER_INSTANCES)
    return out
