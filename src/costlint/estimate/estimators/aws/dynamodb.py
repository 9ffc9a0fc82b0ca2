"""DynamoDB tables: provisioned capacity (table and global secondary indexes) or on-demand requests,
storage, backups, restores, streams, and global-table replicas.

The billing mode defaults to PROVISIONED (Terraform's and CloudFormation's default). Capacity that an
Application Auto Scaling target manages is priced at the target's usage ``capacity`` or its minimum.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION, scaled_capacity, unique_name
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import dynamodb as specs

TABLE_CLASSES = {"STANDARD": "standard", "STANDARD_INFREQUENT_ACCESS": "standard_ia"}

USAGE = (
    UsageKey("monthly_write_request_units", "On-demand: write request units per month", 3_000_000),
    UsageKey("monthly_read_request_units", "On-demand: read request units per month", 8_000_000),
    UsageKey("storage_gb", "Table storage (GB), in every replica region", 100),
    UsageKey("pitr_backup_storage_gb", "Point-in-time recovery storage (GB)", 100),
    UsageKey("on_demand_backup_storage_gb", "On-demand backup storage (GB)", 100),
    UsageKey("monthly_data_restored_gb", "Data restored from backups per month (GB)", 10),
    UsageKey("monthly_streams_read_request_units", "DynamoDB Streams read request units per month", 2_000_000),
)


def table(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.table(resource)
    region = ctx.region(resource)
    mode = ctx.known(spec.billing_mode, "billing_mode") or "PROVISIONED"
    if mode not in ("PROVISIONED", "PAY_PER_REQUEST"):
        raise NotPriced(f"billing_mode {mode} is neither PROVISIONED nor PAY_PER_REQUEST")
    klass_name = ctx.known(spec.table_class, "table_class") or "STANDARD"
    klass = TABLE_CLASSES.get(klass_name)
    if klass is None:
        raise NotPriced(f"table_class {klass_name} is not a DynamoDB table class")
    label = "" if klass == "standard" else ", Standard-IA"
    out: list[Component] = []
    unique = unique_name(ctx, resource, spec.name, lambda other: specs.table(other).name)
    table_ids = (f"table/{spec.name}",) if unique else ()
    wcu = rcu = None
    if mode == "PROVISIONED":
        wcu = _capacity(
            resource, ctx, spec.write_capacity, "write_capacity", "dynamodb:table:WriteCapacityUnits", table_ids
        )
        rcu = _capacity(
            resource, ctx, spec.read_capacity, "read_capacity", "dynamodb:table:ReadCapacityUnits", table_ids
        )
        out.append(_hours(resource, ctx, f"Write capacity (WCU{label}{wcu[1]})", "write_capacity", wcu, klass))
        out.append(_hours(resource, ctx, f"Read capacity (RCU{label}{rcu[1]})", "read_capacity", rcu, klass))
        for index in spec.indexes:
            name = ctx.known(index.name, "global_secondary_index name")
            index_ids = tuple(f"{t}/index/{name}" for t in table_ids)
            # An index scaled through a reference to the table can only be told apart when it is alone.
            alone = len(spec.indexes) == 1
            w = _capacity(
                resource,
                ctx,
                index.write_capacity,
                f"write_capacity of index {name}",
                "dynamodb:index:WriteCapacityUnits",
                index_ids,
                by_reference=alone,
            )
            r = _capacity(
                resource,
                ctx,
                index.read_capacity,
                f"read_capacity of index {name}",
                "dynamodb:index:ReadCapacityUnits",
                index_ids,
                by_reference=alone,
            )
            out.append(
                _hours(resource, ctx, f"Write capacity (WCU{label}{w[1]}, index {name})", "write_capacity", w, klass)
            )
            out.append(
                _hours(resource, ctx, f"Read capacity (RCU{label}{r[1]}, index {name})", "read_capacity", r, klass)
            )
    else:
        out.append(
            ctx.usage_component(
                resource,
                "Write request units (WRU)",
                "dynamodb",
                "write_requests",
                "monthly_write_request_units",
                scale=1 / MILLION,
                table_class=klass,
            )
        )
        out.append(
            ctx.usage_component(
                resource,
                "Read request units (RRU)",
                "dynamodb",
                "read_requests",
                "monthly_read_request_units",
                scale=1 / MILLION,
                table_class=klass,
            )
        )
    out.append(ctx.usage_component(resource, "Data storage", "dynamodb", "storage", "storage_gb", table_class=klass))
    if ctx.known(spec.point_in_time_recovery, "point_in_time_recovery") is True:
        out.append(
            ctx.usage_component(
                resource, "Point-in-time recovery (PITR) storage", "dynamodb", "pitr_storage", "pitr_backup_storage_gb"
            )
        )
    # On-demand backups and restores are operations, not settings: shown when the usage file has them.
    if ctx.usage_number(resource, "on_demand_backup_storage_gb") is not None:
        out.append(
            ctx.usage_component(
                resource, "On-demand backup storage", "dynamodb", "backup_storage", "on_demand_backup_storage_gb"
            )
        )
    if ctx.usage_number(resource, "monthly_data_restored_gb") is not None:
        out.append(
            ctx.usage_component(resource, "Table data restored", "dynamodb", "restore", "monthly_data_restored_gb")
        )
    if (
        ctx.known(spec.stream, "stream_enabled") is True
        or ctx.usage_number(resource, "monthly_streams_read_request_units") is not None
    ):
        out.append(
            ctx.usage_component(
                resource,
                "Streams read request units (sRRU)",
                "dynamodb",
                "stream_reads",
                "monthly_streams_read_request_units",
                scale=1 / MILLION,
            )
        )
    out += _replicas(resource, ctx, spec, region, mode, klass, wcu, rcu)
    return out


def _capacity(
    resource: Resource,
    ctx: Context,
    configured: Any,
    what: str,
    dimension: str,
    ids: tuple[str, ...],
    by_reference: bool = True,
) -> tuple[Decimal | None, str]:
    """(units, label suffix): an autoscaled capacity, else the configured one."""
    scaled = scaled_capacity(ctx, resource, "dynamodb", dimension, ids, by_reference=by_reference)
    if scaled is not None:
        return scaled, ", autoscaling"
    units = ctx.known(configured, what)
    if units is None:
        raise NotPriced(f"{what} is not set (billing_mode PROVISIONED)")
    return units, ""


def _hours(
    resource: Resource, ctx: Context, name: str, product: str, units: tuple[Decimal | None, str], klass: str
) -> Component:
    count, label = units
    return ctx.component(
        resource,
        name,
        "dynamodb",
        product,
        None if count is None else count * HOURS_PER_MONTH,
        usage_based=bool(label),
        table_class=klass,
    )


def _replicas(
    resource: Resource,
    ctx: Context,
    spec: specs.TableSpec,
    region: str,
    mode: str,
    klass: str,
    wcu: tuple[Decimal | None, str] | None,
    rcu: tuple[Decimal | None, str] | None,
) -> list[Component]:
    out: list[Component] = []
    storage = ctx.usage_number(resource, "storage_gb")
    writes = ctx.usage_number(resource, "monthly_write_request_units")
    for value in spec.replica_regions:
        replica = ctx.known(value, "replica region_name")
        if replica is None:
            continue
        if replica == region:
            ctx.assume(f"replica in {region}, the table's own region, is the table itself: not counted again")
            continue
        where = f"replica {replica}"
        if mode == "PROVISIONED" and wcu is not None and rcu is not None:
            out.append(
                ctx.component_in(
                    resource,
                    replica,
                    f"Replicated write capacity (rWCU, {where})",
                    "dynamodb",
                    "replicated_write_capacity",
                    None if wcu[0] is None else wcu[0] * HOURS_PER_MONTH,
                    table_class=klass,
                )
            )
            out.append(
                ctx.component_in(
                    resource,
                    replica,
                    f"Read capacity (RCU, {where})",
                    "dynamodb",
                    "read_capacity",
                    None if rcu[0] is None else rcu[0] * HOURS_PER_MONTH,
                    table_class=klass,
                )
            )
        else:
            out.append(
                ctx.missing_component(
                    f"Replicated write request units (rWRU, {where})",
                    "1M requests",
                    "the price catalog has no on-demand replicated write price",
                    None if writes is None else writes / MILLION,
                    usage_based=True,
                )
            )
        out.append(
            ctx.component_in(
                resource,
                replica,
                f"Data storage ({where})",
                "dynamodb",
                "storage",
                storage,
                usage_based=True,
                table_class=klass,
            )
        )
    return out
