"""Networking: Elastic IPs and public IPv4, NAT gateways, load balancers, VPC endpoints.

Public IPv4: since 2024-02-01 AWS bills every public IPv4 address by the hour, attached or idle (same
price; the component's name says which). costlint bills each address once:

- an Elastic IP through its own resource (``aws_eip`` / ``AWS::EC2::EIP``), "in use" when something in
  the project attaches it (a NAT gateway, an association, an instance, a load balancer's subnet
  mapping), else "idle"; a NAT gateway's address is therefore its Elastic IP's line, never the NAT's;
- an internet-facing load balancer's addresses through the load balancer: one per subnet (AZ) for
  Application and Classic load balancers (they may add more as they scale), one per subnet mapping
  without an Elastic IP for Network load balancers;
- an instance's auto-assigned address through the instance (see ``compute``).
"""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import network

# Kinds whose reference to an Elastic IP attaches it.
ATTACHING_KINDS = frozenset(
    {"vpc.nat_gateway", "ec2.eip_association", "elb.load_balancer", "ec2.instance", "ec2.network_interface"}
)

# Load balancer capacity units: what one LCU (ALB) / NLCU (NLB) buys per hour, by dimension (AWS
# Elastic Load Balancing pricing page). The billed LCUs of an hour are the largest dimension.
ALB_LCU = {
    "new_connections": Decimal(25),
    "active_connections": Decimal(3000),
    "processed_gb_per_hour": Decimal(1),
    "rule_evaluations": Decimal(1000),
}
NLB_LCU = {"new_connections": Decimal(800), "active_connections": Decimal(100000), "processed_gb_per_hour": Decimal(1)}
LB_MIN_SUBNETS = {"application": 2, "network": 1}

NAT_USAGE = (UsageKey("monthly_data_processed_gb", "GB processed by the NAT gateway per month", 100),)
LB_USAGE = (
    UsageKey(
        "capacity_units", "Average load balancer capacity units (LCU/NLCU) per hour; wins over the dimensions below", 1
    ),
    UsageKey("new_connections", "New connections per second, on average", 10),
    UsageKey("active_connections", "Active connections per minute, on average", 1000),
    UsageKey("processed_bytes_gb", "GB processed per month", 100),
    UsageKey(
        "rule_evaluations", "Application LB: rule evaluations per second beyond the 10 free rules, on average", 100
    ),
)
CLB_USAGE = (UsageKey("monthly_data_processed_gb", "GB processed by the load balancer per month", 100),)
ENDPOINT_USAGE = (UsageKey("monthly_data_processed_gb", "GB processed by the endpoint per month", 100),)


def _attached(ctx: Context, resource: Resource, spec: network.EipSpec) -> str | None:
    """What attaches the address, in words; None when nothing in the project does."""
    if spec.attached_to is not None:
        return "its instance or network interface"
    for other in ctx.referrers(resource.address):
        if other.kind in ATTACHING_KINDS:
            return other.address
    return None


def eip(resource: Resource, ctx: Context) -> list[Component]:
    spec = network.eip(resource)
    pool = spec.public_ipv4_pool
    if isinstance(pool, str) and pool.lower() != "amazon":
        ctx.assume(f"address from the BYOIP pool {pool}: no hourly public IPv4 charge")
        return []
    attached = _attached(ctx, resource, spec)
    if attached is None:
        ctx.assume("nothing in this project attaches it: billed as an idle address")
        return [
            ctx.component(resource, "Public IPv4 address (idle)", "vpc", "public_ipv4", HOURS_PER_MONTH, state="idle")
        ]
    ctx.assume(f"attached by {attached}")
    return [
        ctx.component(resource, "Public IPv4 address (in use)", "vpc", "public_ipv4", HOURS_PER_MONTH, state="in_use")
    ]


def nat_gateway(resource: Resource, ctx: Context) -> list[Component]:
    spec = network.nat_gateway(resource)
    hours = ctx.component(resource, "NAT gateway", "vpc", "nat_gateway", HOURS_PER_MONTH)
    if hours.missing:
        raise NotPriced(hours.missing)
    if spec.connectivity != "private":
        ctx.assume("its public IPv4 address is billed with its Elastic IP")
    return [
        hours,
        ctx.usage_component(resource, "Data processed", "vpc", "nat_gateway_data", "monthly_data_processed_gb"),
    ]


def _capacity_units(ctx: Context, resource: Resource, lb_type: str) -> Decimal | None:
    """LCU-hours per month from the usage file: ``capacity_units`` x 730, or the largest dimension."""
    direct = ctx.usage_number(resource, "capacity_units")
    if direct is not None:
        return direct * HOURS_PER_MONTH
    per_unit = ALB_LCU if lb_type == "application" else NLB_LCU
    dimensions = {
        "new_connections": ctx.usage_number(resource, "new_connections"),
        "active_connections": ctx.usage_number(resource, "active_connections"),
        "processed_gb_per_hour": (
            None if (gb := ctx.usage_number(resource, "processed_bytes_gb")) is None else gb / HOURS_PER_MONTH
        ),
        "rule_evaluations": ctx.usage_number(resource, "rule_evaluations") if lb_type == "application" else None,
    }
    units = [value / per_unit[name] for name, value in dimensions.items() if value is not None]
    if not units:
        return None
    return max(units) * HOURS_PER_MONTH


def _public_addresses(ctx: Context, spec: network.LoadBalancerSpec, lb_type: str) -> Decimal:
    """Public IPv4 addresses of an internet-facing load balancer that no Elastic IP already bills."""
    if lb_type == "network" and not isinstance(spec.mappings, Unknown) and spec.mappings:
        without_eip = [m for m in spec.mappings if m.allocation is None]
        if len(without_eip) < len(spec.mappings):
            ctx.assume("addresses of subnet mappings with an Elastic IP are billed with those Elastic IPs")
        return Decimal(len(without_eip))
    subnets = spec.subnets
    minimum = LB_MIN_SUBNETS.get(lb_type, 1)
    if subnets is None or isinstance(subnets, Unknown):
        why = f" ({subnets.reason})" if isinstance(subnets, Unknown) else ""
        ctx.assume(f"subnets unknown{why}: assumed {minimum} (one public IPv4 address per subnet)")
        return Decimal(minimum)
    if lb_type == "application":
        ctx.assume(f"one public IPv4 address per subnet ({subnets}); an ALB may add addresses as it scales")
    return Decimal(subnets)


def load_balancer(resource: Resource, ctx: Context) -> list[Component]:
    spec = network.load_balancer(resource)
    lb_type = ctx.or_default(spec.lb_type, "application", "load balancer type")
    label = {"application": "Application", "network": "Network", "gateway": "Gateway"}.get(lb_type)
    if label is None:
        raise NotPriced(f"load balancer type {lb_type!r} is not application, network or gateway")
    hours = ctx.component(resource, f"{label} load balancer", "elb", "load_balancer", HOURS_PER_MONTH, lb_type=lb_type)
    if hours.missing:
        raise NotPriced(hours.missing)
    unit_name = {"application": "LCU", "network": "NLCU", "gateway": "GLCU"}[lb_type]
    components = [
        hours,
        ctx.component(
            resource,
            f"Capacity units ({unit_name})",
            "elb",
            "capacity_units",
            _capacity_units(ctx, resource, lb_type),
            usage_based=True,
            lb_type=lb_type,
        ),
    ]
    internal = ctx.or_default(spec.internal, False, "internal")
    if spec.ip_address_type == "dualstack-without-public-ipv4":
        ctx.assume("dual-stack without public IPv4: no public IPv4 addresses")
    elif lb_type != "gateway" and internal is not True:
        addresses = _public_addresses(ctx, spec, lb_type)
        if addresses:
            components.append(
                ctx.component(
                    resource,
                    "Public IPv4 addresses (in use)",
                    "vpc",
                    "public_ipv4",
                    addresses * HOURS_PER_MONTH,
                    state="in_use",
                )
            )
    return components


def classic_load_balancer(resource: Resource, ctx: Context) -> list[Component]:
    spec = network.classic_load_balancer(resource)
    hours = ctx.component(resource, "Classic load balancer", "elb", "load_balancer", HOURS_PER_MONTH, lb_type="classic")
    if hours.missing:
        raise NotPriced(hours.missing)
    components = [
        hours,
        ctx.usage_component(
            resource, "Data processed", "elb", "data_processed", "monthly_data_processed_gb", lb_type="classic"
        ),
    ]
    if ctx.or_default(spec.internal, False, "internal") is not True:
        zones = spec.zones
        if zones is None or isinstance(zones, Unknown):
            why = f" ({zones.reason})" if isinstance(zones, Unknown) else ""
            ctx.assume(f"subnets or zones unknown{why}: assumed 1 (one public IPv4 address per zone)")
            zones = 1
        else:
            ctx.assume(f"one public IPv4 address per subnet or zone ({zones})")
        components.append(
            ctx.component(
                resource,
                "Public IPv4 addresses (in use)",
                "vpc",
                "public_ipv4",
                Decimal(zones) * HOURS_PER_MONTH,
                state="in_use",
            )
        )
    return components


def vpc_endpoint(resource: Resource, ctx: Context) -> list[Component]:
    spec = network.vpc_endpoint(resource)
    endpoint_type = ctx.or_default(spec.endpoint_type, "gateway", "endpoint type")
    if endpoint_type == "gateway":
        ctx.assume("gateway endpoints (S3, DynamoDB) have no hourly or data charge")
        return []
    catalog_type = {"interface": "interface", "gatewayloadbalancer": "gateway_load_balancer"}.get(endpoint_type)
    if catalog_type is None:
        raise NotPriced(f"endpoint type {endpoint_type!r} is not Interface, Gateway or GatewayLoadBalancer")
    if catalog_type == "interface":
        zones = spec.subnets
        if zones is None or isinstance(zones, Unknown) or zones == 0:
            why = f" ({zones.reason})" if isinstance(zones, Unknown) else ""
            ctx.assume(f"subnets unknown{why}: assumed 1 availability zone")
            zones = 1
        label = "Endpoint (Interface)" if zones == 1 else f"Endpoint (Interface, {zones} AZs)"
    else:
        zones, label = 1, "Endpoint (Gateway Load Balancer)"
    hours = ctx.component(
        resource, label, "vpc", "endpoint", Decimal(zones) * HOURS_PER_MONTH, endpoint_type=catalog_type
    )
    if hours.missing:
        raise NotPriced(hours.missing)
    data = ctx.usage_number(resource, "monthly_data_processed_gb")
    return [
        hours,
        *ctx.tiered_components(resource, "Data processed", "vpc", "endpoint_data", data, endpoint_type=catalog_type),
    ]


# -- VPC IP Address Manager -------------------------------------------------------------------------------

IPAM_USAGE = (UsageKey("active_ips", "Active IP addresses the IPAM monitors, on average (Advanced tier)", 1000),)


def ipam(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_vpc_ipam`` / ``AWS::EC2::IPAM``: the Advanced tier (the default) bills each active IP address
    by the hour; the Free tier costs nothing."""
    tier = ctx.or_default(network.ipam_tier(resource), "advanced", "tier")
    if tier == "free":
        return []
    if tier != "advanced":
        raise NotPriced(f"IPAM tier {tier!r} is neither free nor advanced")
    ips = ctx.usage_number(resource, "active_ips")
    return [
        ctx.component(
            resource,
            "Active IP addresses (Advanced tier)",
            "vpc",
            "ipam_active_ip",
            None if ips is None else ips * HOURS_PER_MONTH,
            usage_based=True,
        )
    ]


def trust_store(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_lb_trust_store`` / ``AWS::ElasticLoadBalancingV2::TrustStore``: by the hour (the ALB feed's
    "TS Application Load Balancer Hours"), billed while a load balancer's listener verifies clients with it."""
    ctx.assume("billed while a listener uses it for mutual TLS (verify mode): assumed all month")
    return [ctx.component(resource, "Trust store", "elb", "trust_store", HOURS_PER_MONTH)]
