"""Networking: Elastic IPs, NAT gateways, load balancers, VPC endpoints, subnets."""

from __future__ import annotations

from dataclasses import dataclass, field

from costlint.model import Resource, Unknown
from costlint.specs.values import Maybe, attr, blocks, boolean, length, lower


@dataclass
class EipSpec:
    attached_to: Maybe = None
    """The instance or network interface named on the address itself, if any."""
    public_ipv4_pool: Maybe = None
    """``amazon`` (default) or a BYOIP pool, whose addresses AWS does not bill per hour."""


@dataclass
class NatGatewaySpec:
    connectivity: Maybe = None
    """``public`` (default) or ``private``."""
    allocation: Maybe = None
    """The Elastic IP allocation (public NAT gateways)."""


@dataclass
class SubnetMapping:
    subnet: Maybe = None
    allocation: Maybe = None
    """An Elastic IP allocation: the address is then billed through that Elastic IP."""


@dataclass
class LoadBalancerSpec:
    lb_type: Maybe = None
    """``application`` (default), ``network``, ``gateway`` (lower case)."""
    internal: Maybe = None
    """True for internal load balancers; internet-facing ones have public IPv4 addresses."""
    subnets: int | Unknown | None = None
    """How many subnets (one per AZ) from ``subnets`` / ``Subnets`` (the list's length)."""
    mappings: list[SubnetMapping] | Unknown = field(default_factory=list)
    ip_address_type: Maybe = None


@dataclass
class ClassicLoadBalancerSpec:
    internal: Maybe = None
    zones: int | Unknown | None = None
    """Subnets or availability zones it spans."""


@dataclass
class EndpointSpec:
    endpoint_type: Maybe = None
    """``gateway`` (the default in Terraform and CloudFormation), ``interface``, ``gatewayloadbalancer``."""
    subnets: int | Unknown | None = None


def eip(resource: Resource) -> EipSpec:
    """``aws_eip`` / ``AWS::EC2::EIP``."""
    if resource.language == "cloudformation":
        return EipSpec(attached_to=attr(resource, "InstanceId"), public_ipv4_pool=attr(resource, "PublicIpv4Pool"))
    return EipSpec(
        attached_to=attr(resource, "instance", "network_interface"), public_ipv4_pool=attr(resource, "public_ipv4_pool")
    )


def nat_gateway(resource: Resource) -> NatGatewaySpec:
    """``aws_nat_gateway`` / ``AWS::EC2::NatGateway``."""
    if resource.language == "cloudformation":
        return NatGatewaySpec(
            lower(attr(resource, "ConnectivityType"), "ConnectivityType"), attr(resource, "AllocationId")
        )
    return NatGatewaySpec(
        lower(attr(resource, "connectivity_type"), "connectivity_type"), attr(resource, "allocation_id")
    )


def _mappings(value: Maybe, subnet_key: str, allocation_key: str) -> list[SubnetMapping] | Unknown:
    found = blocks(value)
    if isinstance(found, Unknown):
        return found
    return [SubnetMapping(m.get(subnet_key), m.get(allocation_key)) for m in found]


def load_balancer(resource: Resource) -> LoadBalancerSpec:
    """``aws_lb`` / ``aws_alb`` / ``AWS::ElasticLoadBalancingV2::LoadBalancer``."""
    if resource.language == "cloudformation":
        scheme = lower(attr(resource, "Scheme"), "Scheme")
        mappings = _mappings(attr(resource, "SubnetMappings"), "SubnetId", "AllocationId")
        subnets = attr(resource, "Subnets")
        return LoadBalancerSpec(
            lb_type=lower(attr(resource, "Type"), "Type"),
            internal=scheme if isinstance(scheme, Unknown) else (None if scheme is None else scheme == "internal"),
            subnets=length(subnets) if subnets is not None else _mapping_count(mappings),
            mappings=mappings,
            ip_address_type=lower(attr(resource, "IpAddressType"), "IpAddressType"),
        )
    mappings = _mappings(attr(resource, "subnet_mapping"), "subnet_id", "allocation_id")
    subnets = attr(resource, "subnets")
    return LoadBalancerSpec(
        lb_type=lower(attr(resource, "load_balancer_type"), "load_balancer_type"),
        internal=boolean(attr(resource, "internal"), "internal"),
        subnets=length(subnets) if subnets is not None else _mapping_count(mappings),
        mappings=mappings,
        ip_address_type=lower(attr(resource, "ip_address_type"), "ip_address_type"),
    )


def _mapping_count(mappings: list[SubnetMapping] | Unknown) -> int | Unknown | None:
    if isinstance(mappings, Unknown):
        return mappings
    return len(mappings) or None


def classic_load_balancer(resource: Resource) -> ClassicLoadBalancerSpec:
    """``aws_elb`` / ``AWS::ElasticLoadBalancing::LoadBalancer``."""
    if resource.language == "cloudformation":
        scheme = lower(attr(resource, "Scheme"), "Scheme")
        return ClassicLoadBalancerSpec(
            internal=scheme if isinstance(scheme, Unknown) else (None if scheme is None else scheme == "internal"),
            zones=length(attr(resource, "Subnets", "AvailabilityZones")),
        )
    return ClassicLoadBalancerSpec(
        internal=boolean(attr(resource, "internal"), "internal"),
        zones=length(attr(resource, "subnets", "availability_zones")),
    )


def vpc_endpoint(resource: Resource) -> EndpointSpec:
    """``aws_vpc_endpoint`` / ``AWS::EC2::VPCEndpoint``."""
    if resource.language == "cloudformation":
        return EndpointSpec(
            lower(attr(resource, "VpcEndpointType"), "VpcEndpointType"), length(attr(resource, "SubnetIds"))
        )
    return EndpointSpec(
        lower(attr(resource, "vpc_endpoint_type"), "vpc_endpoint_type"), length(attr(resource, "subnet_ids"))
    )


def subnet_maps_public_ip(resource: Resource) -> Maybe:
    """Whether instances launched in the subnet get a public IPv4 address by default."""
    if resource.language == "cloudformation":
        return boolean(attr(resource, "MapPublicIpOnLaunch"), "MapPublicIpOnLaunch")
    return boolean(attr(resource, "map_public_ip_on_launch"), "map_public_ip_on_launch")


def ipam_tier(resource: Resource) -> Maybe:
    """``aws_vpc_ipam`` / ``AWS::EC2::IPAM`` ``tier``: ``free`` or ``advanced`` (lower case; None when not set,
    which is Advanced for both Terraform and CloudFormation)."""
    return lower(attr(resource, "tier", "Tier"), "tier")
