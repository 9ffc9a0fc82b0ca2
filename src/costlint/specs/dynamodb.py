"""DynamoDB tables: Terraform ``aws_dynamodb_table``, CloudFormation ``AWS::DynamoDB::Table`` (and SAM
``AWS::Serverless::SimpleTable``, which the reader gives Table properties)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs._fields import Flag, Num, Text, attr, block, blocks, first_set, flag, get, number, text


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
    throughput = block(attr(resource, "ProvisionedThroughput"))
    pitr = block(attr(resource, "point_in_time_recovery", "PointInTimeRecoverySpecification"))
    stream_spec = attr(resource, "StreamSpecification")
    stream = flag(attr(resource, "stream_enabled"), "stream_enabled")
    if stream is None and stream_spec is not None:
        stream = True if not isinstance(stream_spec, Unknown) else stream_spec
    indexes = []
    for index in blocks(attr(resource, "global_secondary_index", "GlobalSecondaryIndexes")):
        index_throughput = block(get(index, "ProvisionedThroughput"))
        indexes.append(IndexSpec(
            name=text(get(index, "name", "IndexName"), "index name"),
            read_capacity=number(first_set(get(index, "read_capacity"), get(index_throughput, "ReadCapacityUnits")),
                                 "read_capacity of an index"),
            write_capacity=number(first_set(get(index, "write_capacity"),
                                            get(index_throughput, "WriteCapacityUnits")),
                                  "write_capacity of an index"),
        ))
    return TableSpec(
        name=attr(resource, "name", "TableName"),
        billing_mode=_upper(attr(resource, "billing_mode", "BillingMode"), "billing_mode"),
        read_capacity=number(first_set(attr(resource, "read_capacity"), get(throughput, "ReadCapacityUnits")),
                             "read_capacity"),
        write_capacity=number(first_set(attr(resource, "write_capacity"), get(throughput, "WriteCapacityUnits")),
                              "write_capacity"),
        table_class=_upper(attr(resource, "table_class", "TableClass"), "table_class"),
        point_in_time_recovery=flag(get(pitr, "enabled", "PointInTimeRecoveryEnabled"), "point_in_time_recovery"),
        stream=stream,
        replica_regions=[get(r, "region_name") for r in blocks(attr(resource, "replica"))],
        indexes=indexes,
    )
