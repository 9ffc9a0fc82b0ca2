"""EFS file systems (Terraform ``aws_efs_file_system``, CloudFormation ``AWS::EFS::FileSystem``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Num, Text, attr, known_blocks, number, text


@dataclass
class FileSystemSpec:
    one_zone: bool | Unknown
    """One Zone storage classes (``availability_zone_name`` set)."""
    infrequent_access: bool
    """A lifecycle policy moves files to Infrequent Access."""
    archive: bool
    """A lifecycle policy moves files to Archive."""
    throughput_mode: Text
    """``bursting`` (the default), ``provisioned`` or ``elastic``; None when not set."""
    provisioned_mibps: Num


def file_system(resource: Resource) -> FileSystemSpec:
    zone: Any = attr(resource, "availability_zone_name", "AvailabilityZoneName")
    policies = known_blocks(attr(resource, "lifecycle_policy", "LifecyclePolicies"))
    mode = text(attr(resource, "throughput_mode", "ThroughputMode"), "throughput_mode")
    return FileSystemSpec(
        one_zone=zone if isinstance(zone, Unknown) else zone is not None,
        infrequent_access=any(attr(p, "transition_to_ia", "TransitionToIA") is not None for p in policies),
        archive=any(attr(p, "transition_to_archive", "TransitionToArchive") is not None for p in policies),
        throughput_mode=mode.lower() if isinstance(mode, str) else mode,
        provisioned_mibps=number(
            attr(resource, "provisioned_throughput_in_mibps", "ProvisionedThroughputInMibps"),
            "provisioned_throughput_in_mibps",
        ),
    )
