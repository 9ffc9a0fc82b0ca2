"""EBS: volumes (every type, IOPS and throughput above gp3's baseline, io1/io2 provisioned IOPS),
snapshots, and the block devices of instances, launch templates and node groups.

Prices (us-east-1 in the snapshot): ``ebs/storage`` per GB-month by volume type, ``ebs/iops`` per
IOPS-month, ``ebs/throughput`` per MiB/s-month, ``ebs/io_requests`` per 1M requests (magnetic),
``ebs/snapshot`` per GB-month, ``ebs/fast_snapshot_restore`` per DSU-hour.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from costlint.estimate.context import Context
from costlint.estimate.model import Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import ebs
from costlint.specs.values import provider_default

# gp3 includes 3,000 IOPS and 125 MiB/s in its storage price; only what is provisioned above is billed.
GP3_BASELINE_IOPS = Decimal(3000)
GP3_BASELINE_THROUGHPUT = Decimal(125)
# io2 IOPS are billed in bands (up to 32,000; 32,001-64,000; above); the catalog may know only the first.
IO2_FIRST_BAND_IOPS = Decimal(32000)

DEFAULT_VOLUME_TYPE = "gp2"
"""What EC2 creates when a volume or block device names no type (the API's default)."""

_LABELS = {
    "gp2": "general purpose SSD, gp2",
    "gp3": "general purpose SSD, gp3",
    "io1": "provisioned IOPS SSD, io1",
    "io2": "provisioned IOPS SSD, io2",
    "st1": "throughput optimized HDD, st1",
    "sc1": "cold HDD, sc1",
    "standard": "magnetic",
}

VOLUME_USAGE = (
    UsageKey("monthly_standard_io_requests", "I/O requests per month (magnetic 'standard' volumes only)", 10_000_000),
)
SNAPSHOT_USAGE = (
    UsageKey(
        "storage_gb",
        "GB stored by the snapshot (default: the size of its source volume, an upper "
        "bound for a first snapshot; later snapshots store only changed blocks)",
        50,
    ),
    UsageKey(
        "fast_snapshot_restore_hours",
        "Fast snapshot restore DSU-hours per month (one DSU per availability zone where it is enabled)",
        0,
    ),
)


def volume_components(
    ctx: Context,
    resource: Resource,
    volume: ebs.VolumeSpec,
    *,
    prefix: str = "",
    count: Decimal | int = 1,
    default_size: Decimal | None = None,
    what: str = "volume",
) -> list[Component]:
    """The monthly components of one EBS volume (times ``count`` identical instances).

    ``prefix`` names the volume inside an instance (``Root volume``); ``default_size`` is used, with an
    assumption, when the size is not set (an instance's root volume takes the AMI's size).
    """
    count = Decimal(count)
    volume_type = _setting(ctx, volume.volume_type, DEFAULT_VOLUME_TYPE, what, "volume type")
    if volume_type not in _LABELS:
        raise NotPriced(f"{what} type {volume_type!r} is not an EBS volume type ({', '.join(_LABELS)})")
    size = volume.size_gb
    if size is None or isinstance(size, Unknown):
        if default_size is None:
            if volume.snapshot_id is not None and size is None:
                return [
                    ctx.missing_component(
                        _name(prefix, f"Storage ({_LABELS[volume_type]})"),
                        "GB-month",
                        f"{what} size comes from snapshot {_describe(volume.snapshot_id)}",
                    )
                ]
            size = ctx.known(size, f"{what} size")
            if size is None:
                raise NotPriced(f"{what} size is not set")
        else:
            size = _setting(ctx, size, default_size, what, "size (GB)")
    out = [
        ctx.component(
            resource,
            _name(prefix, f"Storage ({_LABELS[volume_type]})"),
            "ebs",
            "storage",
            Decimal(size) * count,
            volume_type=volume_type,
        )
    ]
    if volume_type == "gp3":
        iops = _setting(ctx, volume.iops, GP3_BASELINE_IOPS, what, "IOPS", quiet=True)
        if Decimal(iops) > GP3_BASELINE_IOPS:
            out.append(
                ctx.component(
                    resource,
                    _name(prefix, "Provisioned IOPS (above 3,000)"),
                    "ebs",
                    "iops",
                    (Decimal(iops) - GP3_BASELINE_IOPS) * count,
                    volume_type="gp3",
                )
            )
        throughput = _setting(ctx, volume.throughput, GP3_BASELINE_THROUGHPUT, what, "throughput (MiB/s)", quiet=True)
        if Decimal(throughput) > GP3_BASELINE_THROUGHPUT:
            out.append(
                ctx.component(
                    resource,
                    _name(prefix, "Provisioned throughput (above 125 MiB/s)"),
                    "ebs",
                    "throughput",
                    (Decimal(throughput) - GP3_BASELINE_THROUGHPUT) * count,
                    volume_type="gp3",
                )
            )
    elif volume_type in ("io1", "io2"):
        iops = ctx.known(volume.iops, f"{what} IOPS")
        if iops is None:
            raise NotPriced(f"{what} IOPS not set ({volume_type} volumes are billed per provisioned IOPS)")
        quantity = Decimal(iops) * count
        components = ctx.tiered_components(
            resource,
            _name(prefix, "Provisioned IOPS"),
            "ebs",
            "iops",
            quantity,
            usage_based=False,
            volume_type=volume_type,
        )
        if volume_type == "io2" and Decimal(iops) > IO2_FIRST_BAND_IOPS and len(components) == 1:
            components[0].approximate = True
            ctx.assume(
                "io2 IOPS above 32,000 are billed at lower rates the catalog does not have: "
                "priced at the first band's rate (an overestimate)"
            )
        out += components
    elif volume_type == "standard":
        out.append(
            ctx.usage_component(
                resource,
                _name(prefix, "I/O requests"),
                "ebs",
                "io_requests",
                "monthly_standard_io_requests",
                scale=Decimal(1) / Decimal(1_000_000),
                volume_type="standard",
            )
        )
    return out


def _setting(ctx: Context, value: object, default: object, what: str, setting: str, *, quiet: bool = False) -> Any:
    """A volume setting or its default, saying so (``root volume: volume type not set, assumed gp2``);
    ``quiet`` for defaults that cost nothing extra (gp3's included IOPS and throughput)."""
    if provider_default(value):
        value = None
    if isinstance(value, Unknown):
        ctx.assume(f"{what}: {setting} unknown ({value.reason}), assumed {default}")
        return default
    if value is None:
        if not quiet:
            ctx.assume(f"{what}: {setting} not set, assumed {default}")
        return default
    return value


def _name(prefix: str, name: str) -> str:
    if not prefix:
        return name
    # "Root volume storage (...)", but "Root volume I/O requests".
    return f"{prefix} {name[0].lower() if name[1:2].islower() else name[0]}{name[1:]}"


def _describe(value: object) -> str:
    return value.reason if isinstance(value, Unknown) else str(value)


def ebs_volume(resource: Resource, ctx: Context) -> list[Component]:
    return volume_components(ctx, resource, ebs.volume(resource))


def ebs_snapshot(resource: Resource, ctx: Context) -> list[Component]:
    spec = ebs.snapshot(resource)
    size = ctx.usage_number(resource, "storage_gb")
    if size is None:
        source = ctx.linked(spec.volume, kinds=("ebs.volume",))
        if source is not None and source.kind == "ebs.volume":
            volume_size = ebs.volume(source).size_gb
            if volume_size is not None and not isinstance(volume_size, Unknown):
                size = Decimal(volume_size)
                ctx.assume(
                    f"snapshot stores the full size of {source.address} ({size.normalize():f} GB); "
                    "set storage_gb for incremental snapshots"
                )
    components = [ctx.component(resource, "Snapshot storage", "ebs", "snapshot", size, usage_based=True)]
    if ctx.usage_value(resource, "fast_snapshot_restore_hours") is not None:
        components.append(
            ctx.usage_component(
                resource, "Fast snapshot restore", "ebs", "fast_snapshot_restore", "fast_snapshot_restore_hours"
            )
        )
    return components
