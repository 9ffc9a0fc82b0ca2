"""EC2 instances and spot requests, and the pricing of one machine that Auto Scaling groups and EKS
node groups reuse.

An instance costs its hours by type, region, tenancy, operating system (Linux unless the usage file
says otherwise) and purchase option; its root and extra EBS volumes; detailed monitoring (7 metrics);
T-family unlimited CPU credits (usage-based); a public IPv4 address when it gets one at launch; and the
EBS-optimized hourly fee of the few previous-generation types that have one. Settings missing on an
instance come from the launch template it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import PAYMENTS, TERMS
from costlint.estimate.estimators.aws.storage import volume_components
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import asg, ebs, ec2, network
from costlint.specs.aws.names import names
from costlint.specs.values import provider_default

DETAILED_MONITORING_METRICS = 7
"""EC2 detailed monitoring publishes 7 metrics per instance at 1-minute resolution (Infracost's count)."""

ROOT_DEFAULT_GB = Decimal(8)
ROOT_DEFAULT_TYPE = "gp2"
ROOT_ASSUMPTION = (
    f"root volume not specified: assumed {ROOT_DEFAULT_GB} GB {ROOT_DEFAULT_TYPE} "
    "(the AMI decides; 8 GB is the common Amazon Linux and Ubuntu size)"
)

# T-family instances bill surplus CPU credits when they run in unlimited mode. T2 launches in standard
# mode by default, T3/T3a/T4g in unlimited mode.
BURSTABLE_FAMILIES = ("t2", "t3", "t3a", "t4g")
UNLIMITED_BY_DEFAULT = ("t3", "t3a", "t4g")

# Previous-generation types for which EBS optimization is an extra hourly fee (AWS "EBS-optimized
# instances" documentation); every current type is EBS-optimized at no charge.
PAID_EBS_OPTIMIZED = frozenset(
    {
        "c1.xlarge",
        "c3.xlarge",
        "c3.2xlarge",
        "c3.4xlarge",
        "g2.2xlarge",
        "i2.xlarge",
        "i2.2xlarge",
        "i2.4xlarge",
        "m1.large",
        "m1.xlarge",
        "m2.2xlarge",
        "m2.4xlarge",
        "m3.xlarge",
        "m3.2xlarge",
        "r3.xlarge",
        "r3.2xlarge",
        "r3.4xlarge",
    }
)

OS_LABELS = {"linux": "Linux/UNIX", "windows": "Windows", "rhel": "RHEL", "suse": "SUSE"}
RESERVED_TYPES = ("standard", "convertible")

MACHINE_USAGE = (
    UsageKey(
        "operating_system",
        "Operating system of the AMI: linux (default), windows, rhel, suse",
        "linux",
        kind="string",
        choices=tuple(OS_LABELS),
    ),
    UsageKey(
        "reserved_instance_type",
        "Reserved instance offering class: standard or convertible (with the term and payment option)",
        "standard",
        kind="string",
        choices=RESERVED_TYPES,
    ),
    UsageKey(
        "reserved_instance_term",
        "Reserved instance term: 1_year or 3_year",
        "1_year",
        kind="string",
        choices=tuple(TERMS),
    ),
    UsageKey(
        "reserved_instance_payment_option",
        "Reserved instance payment: no_upfront, partial_upfront, all_upfront",
        "no_upfront",
        kind="string",
        choices=PAYMENTS,
    ),
    UsageKey(
        "monthly_cpu_credit_hrs",
        "T family in unlimited mode: hours per month each vCPU runs above its baseline (surplus credits)",
        100,
    ),
    UsageKey("vcpu_count", "T family in unlimited mode: vCPUs of the instance type (for CPU credits)", 2),
)
INSTANCE_USAGE = (
    *MACHINE_USAGE,
    UsageKey("monthly_hrs", "Hours per month the instance runs (default 730)", 730),
)


@dataclass
class Fleet:
    """How many identical machines, and how they are bought."""

    on_demand: int = 1
    spot: int = 0

    @property
    def count(self) -> int:
        return self.on_demand + self.spot


def instance_family(instance_type: str) -> str:
    return instance_type.split(".", 1)[0].lower()


def machine_components(
    ctx: Context,
    resource: Resource,
    machine: ec2.MachineSpec,
    *,
    fleet: Fleet | None = None,
    hours: Decimal = HOURS_PER_MONTH,
    root_default_gb: Decimal = ROOT_DEFAULT_GB,
    root_assumption: str = ROOT_ASSUMPTION,
    source: str = "",
) -> list[Component]:
    """The components of ``fleet`` identical machines running ``hours`` a month.

    ``source`` names where the settings come from (a launch template) in the messages.
    """
    fleet = fleet or Fleet()
    count = Decimal(fleet.count)
    where = f" ({source})" if source else ""
    instance_type = ctx.known(machine.instance_type, f"instance type{where}")
    if not instance_type:
        raise NotPriced(f"instance type not set{where}")
    tenancy = ctx.or_default(machine.tenancy, "default", f"tenancy{where}")
    operating_system = ctx.usage_choice(resource, "operating_system", tuple(OS_LABELS)) or "linux"
    components: list[Component] = []
    on_host = tenancy == "host" or machine.host_id is not None
    if on_host:
        ctx.assume("runs on a Dedicated Host: its hours are billed through the host, not the instance")
    else:
        if tenancy not in ("default", "dedicated"):
            raise NotPriced(f"tenancy {tenancy!r} is not default, dedicated or host")
        components += _instance_hours(
            ctx,
            resource,
            instance_type,
            operating_system,
            "dedicated" if tenancy == "dedicated" else "shared",
            fleet,
            hours,
        )
    if machine.ebs_optimized is True and instance_type.lower() in PAID_EBS_OPTIMIZED:
        components.append(
            ctx.missing_component(
                "EBS-optimized usage",
                "hour",
                f"the catalog has no price for the EBS-optimized hourly fee of {instance_type} (a previous-"
                "generation type)",
                count * hours,
            )
        )
    monitoring = machine.monitoring
    if monitoring is None and machine.monitoring_by_default:
        monitoring = True
        ctx.assume("detailed monitoring: on (a launch configuration's default)")
    if monitoring is True:
        components.append(
            ctx.component(
                resource, "EC2 detailed monitoring", "cloudwatch", "metrics", DETAILED_MONITORING_METRICS * count
            )
        )
    components += _cpu_credits(ctx, resource, machine, instance_type, operating_system, count)
    components += _volumes(ctx, resource, machine, count, root_default_gb, root_assumption, where)
    components += _public_ip(ctx, resource, machine, count, hours)
    return components


def _instance_hours(
    ctx: Context,
    resource: Resource,
    instance_type: str,
    operating_system: str,
    tenancy: str,
    fleet: Fleet,
    hours: Decimal,
) -> list[Component]:
    os_label = OS_LABELS[operating_system]
    out = []
    if fleet.on_demand or not fleet.spot:
        reserved = _reservation(ctx, resource)
        if reserved is None:
            name = f"Instance usage ({os_label}, on-demand, {instance_type})"
            component = ctx.component(
                resource,
                name,
                "ec2",
                "instance",
                fleet.on_demand * hours,
                instance_type=instance_type,
                os=operating_system,
                tenancy=tenancy,
            )
        else:
            offering, term, payment = reserved
            name = (
                f"Instance usage ({os_label}, reserved {term} {offering} {payment.replace('_', ' ')}, {instance_type})"
            )
            component = ctx.component(
                resource,
                name,
                "ec2",
                "reserved_instance",
                fleet.on_demand * hours,
                instance_type=instance_type,
                os=operating_system,
                tenancy=tenancy,
                term=term,
                offering_class=offering,
                payment=payment,
            )
        if component.missing is not None:
            # Without its hours an instance's estimate would be mostly wrong: not priced, with the reason.
            raise NotPriced(component.missing)
        out.append(component)
    if fleet.spot:
        out.append(
            ctx.component(
                resource,
                f"Instance usage ({os_label}, spot, {instance_type})",
                "ec2",
                "instance",
                fleet.spot * hours,
                instance_type=instance_type,
                os=operating_system,
                tenancy=tenancy,
                purchase="spot",
            )
        )
    return out


def _reservation(ctx: Context, resource: Resource) -> tuple[str, str, str] | None:
    offering = ctx.usage_choice(resource, "reserved_instance_type", RESERVED_TYPES)
    term = ctx.usage_choice(resource, "reserved_instance_term", tuple(TERMS))
    payment = ctx.usage_choice(resource, "reserved_instance_payment_option", PAYMENTS)
    given = [v for v in (offering, term, payment) if v is not None]
    if not given:
        return None
    if len(given) != 3:
        raise NotPriced(
            "a reserved instance needs reserved_instance_type, reserved_instance_term and "
            "reserved_instance_payment_option in the usage file"
        )
    assert offering and term and payment
    return offering, TERMS[term], payment


def _cpu_credits(
    ctx: Context,
    resource: Resource,
    machine: ec2.MachineSpec,
    instance_type: str,
    operating_system: str,
    count: Decimal,
) -> list[Component]:
    family = instance_family(instance_type)
    if family not in BURSTABLE_FAMILIES:
        return []
    mode = ctx.or_default(
        machine.cpu_credits, "unlimited" if family in UNLIMITED_BY_DEFAULT else "standard", "CPU credit mode"
    )
    if mode != "unlimited":
        return []
    hours = ctx.usage_number(resource, "monthly_cpu_credit_hrs")
    vcpus = ctx.usage_number(resource, "vcpu_count")
    quantity = None if hours is None or vcpus is None else hours * vcpus * count
    if family == "t4g":
        # The catalog's surplus-credit price is the T2/T3 one; T4g's is lower.
        return [
            ctx.missing_component(
                "CPU credits (unlimited mode)",
                "vCPU-hour",
                "the catalog has no T4g surplus CPU credit price",
                quantity,
                usage_based=True,
            )
        ]
    return [
        ctx.component(
            resource,
            "CPU credits (unlimited mode)",
            "ec2",
            "cpu_credits",
            quantity,
            usage_based=True,
            os=operating_system,
        )
    ]


def _volumes(
    ctx: Context,
    resource: Resource,
    machine: ec2.MachineSpec,
    count: Decimal,
    root_default_gb: Decimal,
    root_assumption: str,
    where: str,
) -> list[Component]:
    out = []
    root = machine.root_volume
    if root is None or isinstance(root, Unknown):
        if isinstance(root, Unknown) and not provider_default(root):
            ctx.assume(f"root volume is unknown ({root.reason})")
        ctx.assume(root_assumption)
        root = ebs.VolumeSpec(volume_type=ROOT_DEFAULT_TYPE, size_gb=root_default_gb, root=True)
    out += volume_components(
        ctx, resource, root, prefix="Root volume", count=count, default_size=root_default_gb, what=f"root volume{where}"
    )
    volumes = machine.volumes
    if provider_default(volumes):
        volumes = []
    if isinstance(volumes, Unknown):
        ctx.assume(f"extra block devices are unknown ({volumes.reason}): not counted")
        return out
    for volume in volumes:
        label = f"Volume {volume.device}" if volume.device else "Volume"
        out += volume_components(ctx, resource, volume, prefix=label, count=count, what=f"{label.lower()}{where}")
    return out


def _public_ip(
    ctx: Context, resource: Resource, machine: ec2.MachineSpec, count: Decimal, hours: Decimal
) -> list[Component]:
    public = None if provider_default(machine.public_ip) else machine.public_ip
    if isinstance(public, Unknown):
        ctx.assume(f"whether it gets a public IPv4 address is unknown ({public.reason}): none counted")
        return []
    if public is None and machine.subnet is not None and not provider_default(machine.subnet):
        subnet = ctx.linked(machine.subnet, kinds=("vpc.subnet",))
        if subnet is not None and subnet.kind == "vpc.subnet" and network.subnet_maps_public_ip(subnet) is True:
            public = True
            ctx.assume(f"public IPv4 address: {subnet.address} maps one on launch")
    if public is not True:
        return []
    return [
        ctx.component(resource, "Public IPv4 address (in use)", "vpc", "public_ipv4", count * hours, state="in_use")
    ]


def launch_template_of(ctx: Context, ref: ec2.TemplateRef | None) -> Resource | None:
    if ref is None:
        return None
    for value in (ref.id, ref.name):
        found = ctx.linked(value, kinds=("ec2.launch_template",), names=names)
        if found is not None and found.kind == "ec2.launch_template":
            return found
    return None


def describe(value: object) -> str:
    if isinstance(value, Unknown):
        return value.reason
    return repr(value) if isinstance(value, str) else str(value)


def _hours(ctx: Context, resource: Resource) -> Decimal:
    hours = ctx.usage_number(resource, "monthly_hrs")
    if hours is None:
        return HOURS_PER_MONTH
    if hours > HOURS_PER_MONTH:
        raise NotPriced(f"usage monthly_hrs is {hours}, more than the {HOURS_PER_MONTH} hours of a month")
    return hours


def ec2_instance(resource: Resource, ctx: Context) -> list[Component]:
    machine = ec2.instance(resource)
    source = ""
    named = machine.launch_template
    if named is not None:
        template = launch_template_of(ctx, named)
        if template is not None:
            machine = ec2.merge(machine, ec2.launch_template(template))
            source = template.address
            ctx.assume(f"settings the instance does not set come from {template.address}")
        elif machine.instance_type is None:
            raise NotPriced(
                f"instance type comes from launch template {describe(named.value)}, which is not in this project"
            )
        else:
            ctx.assume(
                f"launch template {describe(named.value)} is not in this project: "
                "its other settings (volumes, monitoring) are not counted"
            )
    hours = _hours(ctx, resource)
    fleet = Fleet(on_demand=0, spot=1) if machine.spot else Fleet()
    if machine.spot and _reservation(ctx, resource) is not None:
        raise NotPriced("a spot instance cannot also be a reserved instance (usage reserved_instance_*)")
    return machine_components(ctx, resource, machine, fleet=fleet, hours=hours, source=source)


def ceil_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


# -- capacity reservations -------------------------------------------------------------------------------

# ``instance_platform`` values whose instance hours the catalog prices; the others (Windows with SQL
# Server, RHEL with HA, Ubuntu Pro, ...) carry licence fees it does not have.
PLATFORMS = {
    "linux/unix": "linux",
    "windows": "windows",
    "red hat enterprise linux": "rhel",
    "suse linux": "suse",
}
CAPACITY_RESERVATION_USAGE = (
    UsageKey(
        "instances_running",
        "Instances running in the reservation on average, billed as themselves "
        "(default: the instances of this project that target it)",
        1,
    ),
)


def capacity_reservation(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_ec2_capacity_reservation`` / ``AWS::EC2::CapacityReservation``: the reserved capacity no
    instance uses, at the on-demand rate. An instance running in it is billed as itself instead, so the
    instances of this project that target it (directly, or through a launch template of an Auto Scaling
    group) are taken off."""
    spec = ec2.capacity_reservation(resource)
    instance_type = ctx.required(spec.instance_type, "instance_type")
    platform = ctx.required(spec.platform, "instance_platform")
    operating_system = PLATFORMS.get(str(platform).strip().lower())
    if operating_system is None:
        raise NotPriced(
            f"instance platform {platform!r}: the catalog prices Linux/UNIX, Windows, Red Hat Enterprise Linux "
            "and SUSE Linux instance hours only"
        )
    count = Decimal(ctx.required(spec.count, "instance_count"))
    tenancy = ctx.or_default(spec.tenancy, "default", "tenancy")
    if tenancy not in ("default", "dedicated"):
        raise NotPriced(f"tenancy {tenancy!r} is neither default nor dedicated")
    used = ctx.usage_number(resource, "instances_running")
    if used is None:
        used, users = _instances_in(ctx, resource)
        if users:
            ctx.assume(f"{used} instance(s) of this project run in it, billed as themselves: {', '.join(users)}")
        else:
            ctx.assume("no instance of this project targets it: priced as unused capacity")
    unused = max(count - used, Decimal(0))
    component = ctx.component(
        resource,
        f"Unused reserved capacity ({OS_LABELS[operating_system]}, {instance_type}, {unused} of {count})",
        "ec2",
        "instance",
        unused * HOURS_PER_MONTH,
        instance_type=instance_type,
        os=operating_system,
        tenancy="dedicated" if tenancy == "dedicated" else "shared",
    )
    if component.missing is not None:
        raise NotPriced(component.missing)
    return [component]


def _instances_in(ctx: Context, resource: Resource) -> tuple[Decimal, list[str]]:
    """How many instances of this project target the reservation, and which resources launch them."""
    used = Decimal(0)
    users = []
    for other in ctx.referrers(resource.address):
        if other.kind in ("ec2.instance", "ec2.spot_instance_request"):
            used += 1
            users.append(other.address)
        elif other.kind == "ec2.launch_template":
            for group in ctx.referrers(other.address):
                if group.kind != "autoscaling.group":
                    continue
                spec = asg.group(group)
                size = spec.desired if spec.desired is not None else spec.min_size
                if isinstance(size, int):
                    used += size
                    users.append(group.address)
    return used, users
