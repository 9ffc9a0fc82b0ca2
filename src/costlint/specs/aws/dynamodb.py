"""DynamoDB tables: Terraform ``aws_dynamodb_table``, CloudFormation ``AWS::DynamoDB::Table`` (and SAM
``AWS::Serverless::SimpleTable``, which the reader gives Table properties)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Flag, Num, Text, attr, boolean, first_set, known_block, known_blocks, number, text


@dataclass
class IndexSpec:
    name: Text
    read_capacity: Num
    write_capacity: Num


@dataclass
class TableSpec:
    name: Any
    billing_mode: Text
    """``PROVISIONED`` or ``PAY_PER_REQUEST`` (upper case); None when not set."""
    read_capacity: Num
    write_capacity: Num
    table_class: Text
    """``STANDARD`` or ``STANDARD_INFREQUENT_ACCESS``; None when not set."""
    point_in_time_recovery: Flag
    stream: Flag
    replica_regions: list[Any] = field(default_factory=list)
    indexes: list[IndexSpec] = field(default_factory=list)


def _upper(value: Any, what: str) -> Text:
    out = text(value, what)
    return out.upper() if isinstance(out, str) else out


def table(resource: Resource) -> TableSpec:
    throughput = known_block(attr(resource, "ProvisionedThroughput"))
    pitr = known_block(attr(resource, "point_in_time_recovery", "PointInTimeRecoverySpecification"))
    stream_spec = attr(resource, "StreamSpecification")
    stream = boolean(attr(resource, "stream_enabled"), "stream_enabled")
    if stream is None and stream_spec is not None:
        stream = True if not isinstance(stream_spec, Unknown) else stream_spec
    indexes = []
    for index in known_blocks(attr(resource, "global_secondary_index", "GlobalSecondaryIndexes")):
        index_throughput = known_block(attr(index, "ProvisionedThroughput"))
        indexes.append(
            IndexSpec(
                name=text(attr(index, "name", "IndexName"), "index name"),
                read_capacity=number(
                    first_set(attr(index, "read_capacity"), attr(index_throughput, "ReadCapacityUnits")),
                    "read_capacity of an index",
                ),
                write_capacity=number(
                    first_set(attr(index, "write_capacity"), attr(index_throughput, "WriteCapacityUnits")),
                    "write_capacity of an index",
                ),
            )
        )
    return TableSpec(
        name=attr(resource, "name", "TableName"),
        billing_mode=_upper(attr(resource, "billing_mode", "BillingMode"), "billing_mode"),
        read_capacity=number(
            first_set(attr(resource, "read_capacity"), attr(throughput, "ReadCapacityUnits")), "read_capacity"
        ),
        write_capacity=number(
            first_set(attr(resource, "write_capacity"), attr(throughput, "WriteCapacityUnits")), "write_capacity"
        ),
        table_class=_upper(attr(resource, "table_class", "TableClass"), "table_class"),
        point_in_time_recovery=boolean(attr(pitr, "enabled", "PointInTimeRecoveryEnabled"), "point_in_time_recovery"),
        stream=stream,
        replica_regions=[attr(r, "region_name") for r in known_blocks(attr(resource, "replica"))],
        indexes=indexes,
    )
