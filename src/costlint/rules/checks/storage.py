"""CL201 gp2-volume: EBS volumes, instance and template block devices, and RDS storage on gp2.

A volume fires when its type is gp2, or when it leaves the type to the EC2 default (gp2): a standalone
volume or an extra block device without a type. A root device without a type is left alone (its AMI
decides). RDS storage fires when it is gp2, or unset without provisioned IOPS (the RDS default, gp2);
Aurora cluster members and read replicas have no storage of their own. The saving is the resource
estimated with gp3 instead (``specs.aws.fixes.with_volume_type``): gp3 is cheaper per GB for EBS and
includes 3,000 IOPS and 125 MiB/s; for RDS the list price per GB is the same in most regions, which the
message then says.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from costlint.model import Resource, Unknown
from costlint.rules.engine import Hit, RuleContext, spec_of
from costlint.specs.aws import ebs, fixes


def _size(volume: ebs.VolumeSpec) -> str:
    size = volume.size_gb
    return f"{Decimal(size).normalize():f} GB" if isinstance(size, Decimal) else "size not set"


def _gp2_volumes(resource: Resource) -> list[str]:
    """The gp2 volumes of the resource, in words (``root, 50 GB``; ``/dev/sdf, 100 GB``)."""
    if resource.kind == "ebs.volume":
        volume = spec_of(resource)
        return [_size(volume)] if volume.volume_type in ("gp2", None) else []
    machine = spec_of(resource)  # the MachineSpec of an instance, launch template or configuration
    out = []
    root = machine.root_volume
    if isinstance(root, ebs.VolumeSpec) and root.volume_type == "gp2":
        out.append(f"root, {_size(root)}")
    if not isinstance(machine.volumes, Unknown):
        for volume in machine.volumes:
            if volume.volume_type in ("gp2", None) and not isinstance(volume.volume_type, Unknown):
                out.append(f"{volume.device or 'volume'}, {_size(volume)}")
    return out


def gp2_volume(resource: Resource, rc: RuleContext) -> Iterator[Hit]:
    if resource.kind == "rds.instance":
        spec = spec_of(resource)
        if (
            spec.cluster is not None
            or spec.source is not None
            or spec.engine in ("aurora", "aurora-mysql", "aurora-postgresql")
        ):
            return
        if spec.storage_type == "gp2" or (spec.storage_type is None and spec.iops is None):
            size = spec.allocated_storage
            shown = f"{Decimal(size).normalize():f} GB" if isinstance(size, Decimal) else "size not set"
            saving = rc.estimates.fix(resource, fixes.with_volume_type(resource))
            yield Hit(f"gp2 storage ({shown}); {saving.words('gp3')}", saving)
        return
    volumes = _gp2_volumes(resource)
    if not volumes:
        return
    saving = rc.estimates.fix(resource, fixes.with_volume_type(resource))
    what = "gp2 volume" if len(volumes) == 1 else f"{len(volumes)} gp2 volumes"
    yield Hit(f"{what} ({'; '.join(volumes)}); {saving.words('gp3')}", saving)
