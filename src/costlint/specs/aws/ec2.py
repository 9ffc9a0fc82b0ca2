"""EC2 machines: instances, spot requests, launch templates and launch configurations.

All four read into one ``MachineSpec`` (what a running instance is made of), so that an instance, an
Auto Scaling group and an EKS node group price the same way. ``merge`` lays an instance's own settings
over those of the launch template it names, as EC2 does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.aws import ebs
from costlint.specs.values import Maybe, attr, block, blocks, boolean, integer, lower, text


@dataclass
class TemplateRef:
    """How a resource names a launch template (an unknown id usually carries the template's address)."""

    id: Maybe = None
    name: Maybe = None
    version: Maybe = None

    @property
    def value(self) -> Maybe:
        return self.id if self.id is not None else self.name


@dataclass
class MachineSpec:
    instance_type: Maybe = None
    tenancy: Maybe = None
    """``default``, ``dedicated`` or ``host`` (lower case)."""
    host_id: Maybe = None
    ebs_optimized: Maybe = None
    monitoring: Maybe = None
    """Detailed (1-minute) CloudWatch monitoring."""
    monitoring_by_default: bool = False
    """Launch configurations turn detailed monitoring on unless told otherwise."""
    cpu_credits: Maybe = None
    """``standard`` or ``unlimited`` (T family)."""
    root_volume: ebs.VolumeSpec | Unknown | None = None
    volumes: list[ebs.VolumeSpec] | Unknown = field(default_factory=list)
    """Extra EBS volumes (not the root)."""
    public_ip: Maybe = None
    """Whether the instance gets a public IPv4 address at launch."""
    subnet: Maybe = None
    spot: bool = False
    """Launched on the spot market (spot request, market options, a launch configuration's spot price)."""
    launch_template: TemplateRef | None = None
    """The launch template an instance names (instances only)."""


def _flag(value: Maybe, what: str) -> bool | Unknown | None:
    # Launch templates in Terraform type several flags as strings where "" means "not set".
    if isinstance(value, str) and value.strip() == "":
        return None
    return boolean(value, what)


def _is_spot(market: Maybe, key: str) -> bool:
    value = market.get(key) if isinstance(market, dict) else None
    return isinstance(value, str) and value.lower() == "spot"


def _template_ref(value: Maybe, cloudformation: bool) -> TemplateRef | None:
    found = block(value)
    if found is None:
        return None
    if isinstance(found, Unknown):
        return TemplateRef(id=found)
    if cloudformation:
        return TemplateRef(found.get("LaunchTemplateId"), found.get("LaunchTemplateName"), found.get("Version"))
    return TemplateRef(
        attr(found, "id", "launch_template_id"), attr(found, "name", "launch_template_name"), found.get("version")
    )


def _first_interface(value: Maybe) -> dict[str, Any] | Unknown | None:
    found = blocks(value)
    if isinstance(found, Unknown):
        return found
    return found[0] if found else None


def _split_mappings(mappings: list[ebs.VolumeSpec] | Unknown) -> tuple[Any, list[ebs.VolumeSpec] | Unknown]:
    if isinstance(mappings, Unknown):
        return None, mappings
    root = next((m for m in mappings if m.root), None)
    return root, [m for m in mappings if not m.root]


def instance(resource: Resource) -> MachineSpec:
    """``aws_instance``, ``aws_spot_instance_request`` and ``AWS::EC2::Instance``."""
    if resource.language == "cloudformation":
        a = resource.attributes
        root, extra = _split_mappings(ebs.cloudformation_mappings(a.get("BlockDeviceMappings")))
        interface = _first_interface(a.get("NetworkInterfaces"))
        credit = block(a.get("CreditSpecification"))
        return MachineSpec(
            instance_type=text(a.get("InstanceType"), "InstanceType"),
            tenancy=lower(a.get("Tenancy"), "Tenancy"),
            host_id=a.get("HostId"),
            ebs_optimized=boolean(a.get("EbsOptimized"), "EbsOptimized"),
            monitoring=boolean(a.get("Monitoring"), "Monitoring"),
            cpu_credits=lower(attr(credit, "CPUCredits", "CpuCredits"), "CPUCredits"),
            root_volume=root,
            volumes=extra,
            public_ip=(
                interface
                if isinstance(interface, Unknown)
                else boolean(attr(interface, "AssociatePublicIpAddress"), "AssociatePublicIpAddress")
            ),
            subnet=attr(a, "SubnetId")
            if a.get("SubnetId") is not None
            else (attr(interface, "SubnetId") if isinstance(interface, dict) else None),
            launch_template=_template_ref(a.get("LaunchTemplate"), True),
        )
    a = resource.attributes
    credit = block(a.get("credit_specification"))
    market = block(a.get("instance_market_options"))
    spot = resource.kind == "ec2.spot_instance_request" or _is_spot(market, "market_type")
    return MachineSpec(
        instance_type=text(a.get("instance_type"), "instance_type"),
        tenancy=lower(a.get("tenancy"), "tenancy"),
        host_id=a.get("host_id"),
        ebs_optimized=boolean(a.get("ebs_optimized"), "ebs_optimized"),
        monitoring=boolean(a.get("monitoring"), "monitoring"),
        cpu_credits=lower(attr(credit, "cpu_credits"), "cpu_credits"),
        root_volume=ebs.terraform_root(a.get("root_block_device")),
        volumes=ebs.terraform_ebs_blocks(a.get("ebs_block_device")),
        public_ip=boolean(a.get("associate_public_ip_address"), "associate_public_ip_address"),
        subnet=a.get("subnet_id"),
        spot=spot,
        launch_template=_template_ref(a.get("launch_template"), False),
    )


def launch_template(resource: Resource) -> MachineSpec:
    """``aws_launch_template`` / ``AWS::EC2::LaunchTemplate`` (its ``LaunchTemplateData``)."""
    if resource.language == "cloudformation":
        data = block(resource.attributes.get("LaunchTemplateData"))
        if isinstance(data, Unknown):
            return MachineSpec(instance_type=data)
        data = data or {}
        root, extra = _split_mappings(ebs.cloudformation_mappings(data.get("BlockDeviceMappings")))
        placement = block(data.get("Placement"))
        interface = _first_interface(data.get("NetworkInterfaces"))
        market = block(data.get("InstanceMarketOptions"))
        return MachineSpec(
            instance_type=text(data.get("InstanceType"), "InstanceType"),
            tenancy=lower(attr(placement, "Tenancy"), "Tenancy"),
            host_id=attr(placement, "HostId"),
            ebs_optimized=boolean(data.get("EbsOptimized"), "EbsOptimized"),
            monitoring=boolean(attr(block(data.get("Monitoring")), "Enabled"), "Monitoring.Enabled"),
            cpu_credits=lower(attr(block(data.get("CreditSpecification")), "CpuCredits"), "CpuCredits"),
            root_volume=root,
            volumes=extra,
            public_ip=(
                interface
                if isinstance(interface, Unknown)
                else boolean(attr(interface, "AssociatePublicIpAddress"), "AssociatePublicIpAddress")
            ),
            subnet=attr(interface, "SubnetId") if isinstance(interface, dict) else None,
            spot=_is_spot(market, "MarketType"),
        )
    a = resource.attributes
    root, extra = _split_mappings(ebs.terraform_mappings(a.get("block_device_mappings")))
    placement = block(a.get("placement"))
    interface = _first_interface(a.get("network_interfaces"))
    market = block(a.get("instance_market_options"))
    return MachineSpec(
        instance_type=text(a.get("instance_type"), "instance_type"),
        tenancy=lower(attr(placement, "tenancy"), "placement.tenancy"),
        host_id=attr(placement, "host_id"),
        ebs_optimized=_flag(a.get("ebs_optimized"), "ebs_optimized"),
        monitoring=boolean(attr(block(a.get("monitoring")), "enabled"), "monitoring.enabled"),
        cpu_credits=lower(attr(block(a.get("credit_specification")), "cpu_credits"), "cpu_credits"),
        root_volume=root,
        volumes=extra,
        public_ip=(
            interface
            if isinstance(interface, Unknown)
            else _flag(attr(interface, "associate_public_ip_address"), "associate_public_ip_address")
        ),
        subnet=attr(interface, "subnet_id") if isinstance(interface, dict) else None,
        spot=_is_spot(market, "market_type"),
    )


def launch_configuration(resource: Resource) -> MachineSpec:
    """``aws_launch_configuration`` / ``AWS::AutoScaling::LaunchConfiguration``."""
    a = resource.attributes
    if resource.language == "cloudformation":
        root, extra = _split_mappings(ebs.cloudformation_mappings(a.get("BlockDeviceMappings")))
        return MachineSpec(
            instance_type=text(a.get("InstanceType"), "InstanceType"),
            tenancy=lower(a.get("PlacementTenancy"), "PlacementTenancy"),
            ebs_optimized=boolean(a.get("EbsOptimized"), "EbsOptimized"),
            monitoring=boolean(a.get("InstanceMonitoring"), "InstanceMonitoring"),
            monitoring_by_default=True,
            root_volume=root,
            volumes=extra,
            public_ip=boolean(a.get("AssociatePublicIpAddress"), "AssociatePublicIpAddress"),
            spot=a.get("SpotPrice") is not None,
        )
    return MachineSpec(
        instance_type=text(a.get("instance_type"), "instance_type"),
        tenancy=lower(a.get("placement_tenancy"), "placement_tenancy"),
        ebs_optimized=boolean(a.get("ebs_optimized"), "ebs_optimized"),
        monitoring=boolean(a.get("enable_monitoring"), "enable_monitoring"),
        monitoring_by_default=True,
        cpu_credits=lower(attr(block(a.get("credit_specification")), "cpu_credits"), "cpu_credits"),
        root_volume=ebs.terraform_root(a.get("root_block_device")),
        volumes=ebs.terraform_ebs_blocks(a.get("ebs_block_device")),
        public_ip=boolean(a.get("associate_public_ip_address"), "associate_public_ip_address"),
        spot=a.get("spot_price") not in (None, ""),
    )


def _merge_volume(own: ebs.VolumeSpec, base: ebs.VolumeSpec) -> ebs.VolumeSpec:
    """An instance's block device over the template's mapping of the same device, field by field."""
    merged = dataclasses.replace(base)
    for name in ("volume_type", "size_gb", "iops", "throughput", "snapshot_id"):
        value = getattr(own, name)
        if value is not None:
            setattr(merged, name, value)
    return merged


def merge(own: MachineSpec, template: MachineSpec) -> MachineSpec:
    """The instance's settings, with the launch template's where the instance sets none."""
    merged = dataclasses.replace(template, launch_template=own.launch_template, spot=own.spot or template.spot)
    for name in (
        "instance_type",
        "tenancy",
        "host_id",
        "ebs_optimized",
        "monitoring",
        "cpu_credits",
        "public_ip",
        "subnet",
    ):
        value = getattr(own, name)
        if value is not None:
            setattr(merged, name, value)
    if isinstance(own.root_volume, ebs.VolumeSpec):
        base = template.root_volume if isinstance(template.root_volume, ebs.VolumeSpec) else None
        merged.root_volume = _merge_volume(own.root_volume, base) if base else own.root_volume
    elif own.root_volume is not None:
        merged.root_volume = own.root_volume
    if isinstance(own.volumes, Unknown) or isinstance(template.volumes, Unknown):
        merged.volumes = own.volumes if isinstance(own.volumes, Unknown) else template.volumes
    else:
        by_device = {v.device: v for v in own.volumes if v.device}
        volumes = [
            (_merge_volume(by_device.pop(v.device), v) if v.device in by_device else v) for v in template.volumes
        ]
        volumes += [v for v in own.volumes if not v.device or v.device in by_device]
        merged.volumes = volumes
    return merged


@dataclass
class CapacityReservationSpec:
    """``aws_ec2_capacity_reservation`` / ``AWS::EC2::CapacityReservation``."""

    instance_type: Maybe = None
    platform: Maybe = None
    """``instance_platform`` as AWS writes it (``Linux/UNIX``, ``Windows``, ``Red Hat Enterprise Linux``...)."""
    count: Maybe = None
    tenancy: Maybe = None
    """``default`` or ``dedicated`` (lower case)."""


def capacity_reservation(resource: Resource) -> CapacityReservationSpec:
    return CapacityReservationSpec(
        instance_type=text(attr(resource, "instance_type", "InstanceType"), "instance_type"),
        platform=text(attr(resource, "instance_platform", "InstancePlatform"), "instance_platform"),
        count=integer(attr(resource, "instance_count", "InstanceCount"), "instance_count"),
        tenancy=lower(attr(resource, "tenancy", "Tenancy"), "tenancy"),
    )
