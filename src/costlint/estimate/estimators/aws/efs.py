"""EFS file systems: storage by class (usage), Infrequent Access reads and writes, provisioned throughput
above what the stored data includes."""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.model import Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import efs as specs

# Provisioned throughput is billed above the 50 KB/s per GB that data in the Standard classes includes
# (the EFS pricing page's baseline: 1 MB/s per 20 GB stored).
INCLUDED_MBPS_PER_GB = Decimal(50) / Decimal(1000)

USAGE = (
    UsageKey("storage_gb", "Data in the Standard (or One Zone) class (GB)", 100),
    UsageKey("infrequent_access_storage_gb", "Data in the Infrequent Access class (GB)", 100),
    UsageKey("monthly_infrequent_access_read_gb", "Data read from Infrequent Access per month (GB)", 10),
    UsageKey("monthly_infrequent_access_write_gb", "Data written to Infrequent Access per month (GB)", 10),
    UsageKey("archive_storage_gb", "Data in the Archive class (GB)", 0),
    UsageKey("monthly_elastic_throughput_gb", "Elastic throughput: data read and written per month (GB)", 100),
)


def file_system(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.file_system(resource)
    one_zone = ctx.known(spec.one_zone, "availability_zone_name") is True
    standard, ia, label = (
        ("one_zone", "one_zone_ia", "One Zone") if one_zone else ("standard", "standard_ia", "Standard")
    )
    storage = ctx.usage_number(resource, "storage_gb")
    out = [
        ctx.component(
            resource, f"Storage ({label})", "efs", "storage", storage, usage_based=True, storage_class=standard
        )
    ]
    if spec.infrequent_access or ctx.usage_number(resource, "infrequent_access_storage_gb") is not None:
        out.append(
            ctx.usage_component(
                resource,
                f"Storage ({label}, Infrequent Access)",
                "efs",
                "storage",
                "infrequent_access_storage_gb",
                storage_class=ia,
            )
        )
        out.append(
            ctx.usage_component(
                resource, "Infrequent Access reads", "efs", "ia_access", "monthly_infrequent_access_read_gb"
            )
        )
        out.append(
            ctx.usage_component(
                resource, "Infrequent Access writes", "efs", "ia_access", "monthly_infrequent_access_write_gb"
            )
        )
    if spec.archive or ctx.usage_number(resource, "archive_storage_gb") is not None:
        out.append(
            ctx.missing_component(
                "Storage (Archive)",
                "GB-month",
                "the price catalog has no EFS Archive price",
                ctx.usage_number(resource, "archive_storage_gb"),
                usage_based=True,
            )
        )
    mode = ctx.known(spec.throughput_mode, "throughput_mode") or "bursting"
    if mode == "provisioned":
        mibps = ctx.known(spec.provisioned_mibps, "provisioned_throughput_in_mibps")
        if mibps is None:
            raise NotPriced("provisioned_throughput_in_mibps is not set (throughput_mode provisioned)")
        included = Decimal(0)
        if storage is None:
            ctx.assume("provisioned throughput: no usage storage_gb, so none of it is included with storage")
        else:
            included = storage * INCLUDED_MBPS_PER_GB
        out.append(
            ctx.component(
                resource, "Provisioned throughput", "efs", "provisioned_throughput", max(mibps - included, Decimal(0))
            )
        )
    elif mode == "elastic":
        transferred = ctx.usage_number(resource, "monthly_elastic_throughput_gb")
        out.append(
            ctx.missing_component(
                "Elastic throughput",
                "GB",
                "the price catalog has no EFS elastic throughput price",
                transferred,
                usage_based=True,
            )
        )
    return out
