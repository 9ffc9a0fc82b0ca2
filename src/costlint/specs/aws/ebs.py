"""EBS volumes: standalone volumes, snapshots, and the block devices of instances and templates.

One ``VolumeSpec`` for ``aws_ebs_volume`` / ``AWS::EC2::Volume``, an instance's ``root_block_device``
and ``ebs_block_device`` blocks, a launch template's ``block_device_mappings { ebs {} }`` and
CloudFormation's ``BlockDeviceMappings: [{DeviceName, Ebs: {...}}]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Maybe, attr, block, blocks, lower, number, text

# Device names that AMIs use for their root volume. A launch template or CloudFormation mapping for one
# of them overrides the root volume; any other device name is an extra volume.
ROOT_DEVICE_NAMES = frozenset({"/dev/xvda", "/dev/sda1", "/dev/sda", "xvda", "sda1", "sda"})


@dataclass
class VolumeSpec:
    volume_type: Maybe = None
    """``gp2``, ``gp3``, ... (lower case), None when not set."""
    size_gb: Maybe = None
    iops: Maybe = None
    throughput: Maybe = None
    """MiB/s (gp3)."""
    device: str | None = None
    snapshot_id: Maybe = None
    root: bool = False


@dataclass
class SnapshotSpec:
    volume: Maybe = None
    """The source volume's id: usually an unknown value naming the ``aws_ebs_volume`` it comes from."""
    storage_tier: Maybe = None


def _volume_from(
    values: dict[str, Any], names: dict[str, tuple[str, ...]], device: str | None, root: bool
) -> VolumeSpec:
    return VolumeSpec(
        volume_type=lower(attr(values, *names["type"]), "volume type"),
        size_gb=number(attr(values, *names["size"]), "volume size"),
        iops=number(attr(values, *names["iops"]), "iops"),
        throughput=number(attr(values, *names["throughput"]), "throughput"),
        device=device,
        snapshot_id=attr(values, *names["snapshot"]),
        root=root,
    )


_TF_VOLUME: dict[str, tuple[str, ...]] = {
    "type": ("type",),
    "size": ("size",),
    "iops": ("iops",),
    "throughput": ("throughput",),
    "snapshot": ("snapshot_id",),
}
_TF_BLOCK: dict[str, tuple[str, ...]] = {
    "type": ("volume_type",),
    "size": ("volume_size",),
    "iops": ("iops",),
    "throughput": ("throughput",),
    "snapshot": ("snapshot_id",),
}
_CFN: dict[str, tuple[str, ...]] = {
    "type": ("VolumeType",),
    "size": ("VolumeSize", "Size"),
    "iops": ("Iops",),
    "throughput": ("Throughput",),
    "snapshot": ("SnapshotId",),
}


def volume(resource: Resource) -> VolumeSpec:
    """``aws_ebs_volume`` / ``AWS::EC2::Volume``."""
    names = _CFN if resource.language == "cloudformation" else _TF_VOLUME
    return _volume_from(resource.attributes, names, None, False)


def snapshot(resource: Resource) -> SnapshotSpec:
    """``aws_ebs_snapshot`` (CloudFormation has no snapshot type)."""
    return SnapshotSpec(volume=attr(resource, "volume_id"), storage_tier=attr(resource, "storage_tier"))


def _device(value: Maybe) -> str | None:
    out = text(value, "device name")
    return out if isinstance(out, str) else None


def _set(flag: Maybe) -> bool:
    """``no_device`` / ``NoDevice``: true, "true", "1" or {} (CloudFormation's empty object) suppress a mapping."""
    if flag is True or flag == {}:
        return True
    return isinstance(flag, str) and flag.strip().lower() in ("true", "1")


def terraform_root(value: Maybe) -> VolumeSpec | Unknown | None:
    """An instance's or launch configuration's ``root_block_device`` block."""
    found = block(value)
    if found is None or isinstance(found, Unknown):
        return found
    return _volume_from(found, _TF_BLOCK, None, True)


def terraform_ebs_blocks(value: Maybe) -> list[VolumeSpec] | Unknown:
    """``ebs_block_device`` blocks (all extra volumes)."""
    found = blocks(value)
    if isinstance(found, Unknown):
        return found
    return [_volume_from(b, _TF_BLOCK, _device(b.get("device_name")), False) for b in found]


def _mappings(
    value: Maybe, ebs_key: str, no_device_key: str, device_key: str, names: dict[str, tuple[str, ...]]
) -> list[VolumeSpec] | Unknown:
    """Block device mappings, EBS ones only; one for a root device name is the root volume."""
    found = blocks(value)
    if isinstance(found, Unknown):
        return found
    out = []
    for mapping in found:
        ebs = block(mapping.get(ebs_key))
        if not isinstance(ebs, dict) or _set(mapping.get(no_device_key)):
            continue
        device = _device(mapping.get(device_key))
        out.append(_volume_from(ebs, names, device, device in ROOT_DEVICE_NAMES))
    return out


def terraform_mappings(value: Maybe) -> list[VolumeSpec] | Unknown:
    """A launch template's ``block_device_mappings { ebs {} }``."""
    return _mappings(value, "ebs", "no_device", "device_name", _TF_BLOCK)


def cloudformation_mappings(value: Maybe) -> list[VolumeSpec] | Unknown:
    """CloudFormation ``BlockDeviceMappings`` (instances, launch templates, launch configurations)."""
    return _mappings(value, "Ebs", "NoDevice", "DeviceName", _CFN)
