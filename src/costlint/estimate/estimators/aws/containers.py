"""Containers: EKS control planes, managed node groups and Fargate profiles; ECS services on Fargate.

- EKS cluster: control-plane hours, at the extended-support rate once the cluster's Kubernetes version
  has left standard support (unless ``upgrade_policy`` / ``UpgradePolicy`` says STANDARD, which upgrades
  the cluster instead).
- EKS node group: desired size (else min size) x the instance type (``instance_types[0]``, else its
  launch template's, else EKS's default t3.medium) with its disk; capacity type SPOT priced as spot.
- EKS Fargate profile: the profile is free; its pods cost vCPU and GB hours (usage-based).
- ECS service: on Fargate, task vCPU and memory x desired count, split between FARGATE and
  FARGATE_SPOT by the capacity provider strategy (the service's, else the cluster's default); on EC2
  the tasks run on container instances that are priced as such, so the service itself is free.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws.compute import (
    MACHINE_USAGE,
    Fleet,
    ceil_int,
    describe,
    launch_template_of,
    machine_components,
)
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import containers, ebs, ec2
from costlint.specs.aws.names import names

# End of standard support by Kubernetes minor version on EKS (AWS "Understand the Kubernetes version
# lifecycle on EKS"): 14 months after the EKS release. A cluster still on a version past that date
# pays the extended-support rate.
EKS_STANDARD_SUPPORT_ENDS = {
    "1.23": datetime.date(2023, 10, 11),
    "1.24": datetime.date(2024, 1, 31),
    "1.25": datetime.date(2024, 5, 1),
    "1.26": datetime.date(2024, 6, 11),
    "1.27": datetime.date(2024, 7, 24),
    "1.28": datetime.date(2024, 11, 26),
    "1.29": datetime.date(2025, 3, 23),
    "1.30": datetime.date(2025, 7, 23),
    "1.31": datetime.date(2025, 11, 26),
    "1.32": datetime.date(2026, 3, 23),
    "1.33": datetime.date(2026, 7, 29),
    "1.34": datetime.date(2026, 12, 2),
}

NODE_DEFAULT_TYPE = "t3.medium"
NODE_DEFAULT_DISK_GB = Decimal(20)
NODE_DISK_TYPE = "gp2"

NODE_GROUP_USAGE = (
    UsageKey("instances", "Average number of running nodes (default: desired size, else min size)", 2),
    *MACHINE_USAGE,
)
FARGATE_PROFILE_USAGE = (
    UsageKey("pods", "Average number of pods running on the profile", 4),
    UsageKey("vcpu_per_pod", "vCPU Fargate provisions per pod (its CapacityProvisioned annotation)", 0.25),
    UsageKey("memory_gb_per_pod", "GB Fargate provisions per pod (its CapacityProvisioned annotation)", 0.5),
)
ECS_SERVICE_USAGE = (
    UsageKey("desired_count", "Average number of running tasks (default: the service's desired count)", 2),
)


def today() -> datetime.date:
    """The date extended support is judged at (a function so that tests can fix it)."""
    return datetime.date.today()


def eks_cluster(resource: Resource, ctx: Context) -> list[Component]:
    spec = containers.eks_cluster(resource)
    support = "standard"
    version = spec.version
    if isinstance(version, Unknown):
        ctx.assume(f"Kubernetes version is unknown ({version.reason}): priced at the standard-support rate")
    elif version is not None:
        minor = ".".join(str(version).split(".")[:2])
        ends = EKS_STANDARD_SUPPORT_ENDS.get(minor)
        on = today()
        if ends is not None and on >= ends:
            if spec.support_type == "standard":
                ctx.assume(
                    f"version {minor} left standard support on {ends}; upgrade policy STANDARD upgrades it "
                    "instead of paying for extended support"
                )
            else:
                support = "extended"
                ctx.assume(f"version {minor} left standard support on {ends} (judged on {on}): extended support")
        elif ends is None:
            ctx.assume(f"no support dates known for version {minor}: priced at the standard-support rate")
    name = "EKS cluster (extended support)" if support == "extended" else "EKS cluster"
    hours = ctx.component(resource, name, "eks", "cluster", HOURS_PER_MONTH, support=support)
    if hours.missing:
        raise NotPriced(hours.missing)
    return [hours]


def eks_node_group(resource: Resource, ctx: Context) -> list[Component]:
    spec = containers.node_group(resource)
    usage = ctx.usage_number(resource, "instances")
    if usage is not None:
        count, why = ceil_int(usage), "instances from the usage file"
    elif spec.desired is not None and not isinstance(spec.desired, Unknown):
        count, why = int(spec.desired), "desired size"
    else:
        if isinstance(spec.desired, Unknown):
            ctx.assume(f"desired size is unknown ({spec.desired.reason}): priced at min size")
        min_size = ctx.known(spec.min_size, "min size")
        if min_size is None:
            raise NotPriced("scaling config sets neither desired size nor min size")
        count, why = int(min_size), "min size"

    machine = ec2.MachineSpec()
    template = None
    if spec.launch_template is not None:
        template = launch_template_of(ctx, spec.launch_template)
        if template is None:
            ctx.assume(
                f"launch template {describe(spec.launch_template.value)} is not in this project: "
                "its settings are not counted"
            )
        else:
            machine = ec2.launch_template(template)
    source = template.address if template is not None else ""
    types = ctx.known(spec.instance_types, "instance types")
    if types:
        machine.instance_type = types[0]
        if len(types) > 1:
            ctx.assume(f"priced as {describe(types[0])}, the first of {len(types)} instance types")
    elif machine.instance_type is None:
        machine.instance_type = NODE_DEFAULT_TYPE
        ctx.assume(f"instance type not set: {NODE_DEFAULT_TYPE} (the EKS default)")
    if (
        isinstance(spec.ami_type, str)
        and spec.ami_type.startswith("windows")
        and ctx.usage_value(resource, "operating_system") is None
    ):
        raise NotPriced(f"AMI type {spec.ami_type}: Windows nodes need operating_system: windows in the usage file")
    if template is None:
        # Without a launch template the node group's own disk_size (EKS default 20 GB) is the root volume.
        disk = spec.disk_size
        if disk is None or isinstance(disk, Unknown):
            state = f" is unknown ({disk.reason})" if isinstance(disk, Unknown) else " not set"
            ctx.assume(f"disk size{state}: assumed {NODE_DEFAULT_DISK_GB} GB {NODE_DISK_TYPE} (the EKS default)")
            disk = NODE_DEFAULT_DISK_GB
        else:
            ctx.assume(f"node disk type: {NODE_DISK_TYPE} (the EKS default)")
        machine.root_volume = ebs.VolumeSpec(volume_type=NODE_DISK_TYPE, size_gb=Decimal(disk), root=True)
    capacity = ctx.or_default(spec.capacity_type, "on_demand", "capacity type")
    fleet = Fleet(on_demand=0, spot=count) if capacity == "spot" or machine.spot else Fleet(on_demand=count)
    components = machine_components(
        ctx,
        resource,
        machine,
        fleet=fleet,
        source=source,
        root_default_gb=NODE_DEFAULT_DISK_GB,
        root_assumption=f"root volume not specified: assumed {NODE_DEFAULT_DISK_GB} GB {NODE_DISK_TYPE} (the EKS "
        "default disk)",
    )
    ctx.assumptions.insert(
        0, f"{count} node{'s' if count != 1 else ''} ({why})" + (f", from {source}" if source else "")
    )
    return components


def eks_fargate_profile(resource: Resource, ctx: Context) -> list[Component]:
    pods = ctx.usage_number(resource, "pods")
    vcpu = ctx.usage_number(resource, "vcpu_per_pod")
    memory = ctx.usage_number(resource, "memory_gb_per_pod")
    vcpu_hours = None if pods is None or vcpu is None else pods * vcpu * HOURS_PER_MONTH
    gb_hours = None if pods is None or memory is None else pods * memory * HOURS_PER_MONTH
    return [
        ctx.component(resource, "Fargate vCPU", "fargate", "vcpu", vcpu_hours, usage_based=True),
        ctx.component(resource, "Fargate memory", "fargate", "memory", gb_hours, usage_based=True),
    ]


def _cluster(ctx: Context, spec: containers.ServiceSpec) -> tuple[Resource | None, list[Resource]]:
    cluster = ctx.linked(spec.cluster, kinds=("ecs.cluster",), names=names)
    if cluster is not None and cluster.kind != "ecs.cluster":
        cluster = None
    associations = []
    for other in ctx.project.resources:
        if other.kind == "ecs.cluster_capacity_providers":
            target = containers.association_cluster(other)
            if cluster is not None and (
                (isinstance(target, Unknown) and target.ref == cluster.address)
                or (isinstance(target, str) and target in names(cluster))
            ):
                associations.append(other)
    return cluster, associations


def _launch_split(
    ctx: Context, spec: containers.ServiceSpec, task: containers.TaskSpec, tasks: int
) -> tuple[int, int] | None:
    """(Fargate tasks, Fargate Spot tasks); None when the service runs on EC2 or external capacity."""
    if spec.launch_type is not None:
        if isinstance(spec.launch_type, Unknown):
            ctx.known(spec.launch_type, "launch type")
        return (tasks, 0) if spec.launch_type == "fargate" else None
    strategy: list[containers.Strategy] = ctx.known(spec.strategy, "capacity provider strategy")
    where = "the service's capacity provider strategy"
    if not strategy:
        cluster, associations = _cluster(ctx, spec)
        strategy = ctx.known(
            containers.cluster_default_strategy(cluster, associations),
            "the cluster's default capacity provider strategy",
        )
        where = "the cluster's default capacity provider strategy"
        if not strategy:
            if task.compatibilities == ["FARGATE"]:
                ctx.assume(
                    "no launch type or capacity provider strategy (ECS would use EC2), but the task "
                    "definition only allows Fargate: priced on Fargate"
                )
                return tasks, 0
            return None
    if any(isinstance(s.provider, Unknown) for s in strategy):
        unknown = next(s.provider for s in strategy if isinstance(s.provider, Unknown))
        ctx.known(unknown, "capacity provider")
    if any(s.provider not in ("FARGATE", "FARGATE_SPOT") for s in strategy):
        if all(s.provider not in ("FARGATE", "FARGATE_SPOT") for s in strategy):
            return None
        raise NotPriced("capacity provider strategy mixes Fargate with EC2 capacity providers")
    counts = {"FARGATE": 0, "FARGATE_SPOT": 0}
    remaining = tasks
    for item in strategy:  # the base is placed first
        placed = min(item.base, remaining)
        counts[item.provider] += placed
        remaining -= placed
    total_weight = sum((s.weight for s in strategy), Decimal(0))
    if remaining and total_weight > 0:
        spot_weight = sum((s.weight for s in strategy if s.provider == "FARGATE_SPOT"), Decimal(0))
        spot = int((remaining * spot_weight / total_weight).to_integral_value())
        counts["FARGATE_SPOT"] += spot
        counts["FARGATE"] += remaining - spot
    elif remaining:
        # Every weight is 0 (a base-only strategy): the tasks beyond the base go to the first provider.
        counts[strategy[0].provider] += remaining
    if counts["FARGATE_SPOT"]:
        ctx.assume(f"{counts['FARGATE']} task(s) on FARGATE, {counts['FARGATE_SPOT']} on FARGATE_SPOT ({where})")
    return counts["FARGATE"], counts["FARGATE_SPOT"]


def _fargate(
    ctx: Context,
    resource: Resource,
    cpu: Decimal,
    memory: Decimal,
    count: int,
    label: str,
    operating_system: str,
    architecture: str,
    purchase: str,
) -> list[Component]:
    hours = Decimal(count) * HOURS_PER_MONTH
    return [
        ctx.component(
            resource,
            f"Fargate vCPU ({cpu.normalize():f} vCPU x {count} tasks{label})",
            "fargate",
            "vcpu",
            cpu * hours,
            os=operating_system,
            architecture=architecture,
            purchase=purchase,
        ),
        ctx.component(
            resource,
            f"Fargate memory ({memory.normalize():f} GB x {count} tasks{label})",
            "fargate",
            "memory",
            memory * hours,
            os=operating_system,
            architecture=architecture,
            purchase=purchase,
        ),
    ]


def ecs_service(resource: Resource, ctx: Context) -> list[Component]:
    spec = containers.ecs_service(resource)
    if spec.scheduling == "daemon":
        ctx.assume("daemon service: one task per container instance, priced with the instances")
        return []
    task_resource = ctx.linked(spec.task_definition, kinds=("ecs.task_definition",), names=names)
    if task_resource is None and isinstance(spec.task_definition, str):
        # "family" or "family:revision"
        family = spec.task_definition.rsplit("/", 1)[-1].split(":")[0]
        task_resource = ctx.linked(family, kinds=("ecs.task_definition",), names=names)
    task = (
        containers.task_definition(task_resource)
        if task_resource is not None and task_resource.kind == "ecs.task_definition"
        else None
    )
    usage = ctx.usage_number(resource, "desired_count")
    if usage is not None:
        tasks = ceil_int(usage)
    else:
        count = ctx.known(spec.desired_count, "desired count")
        tasks = spec.default_desired_count if count is None else int(count)
        if count is None:
            ctx.assume(f"desired count not set: {tasks} ({spec.default_desired_count_source})")
    split = _launch_split(ctx, spec, task or containers.TaskSpec(), tasks)
    if split is None:
        ctx.assume("runs on EC2 container instances: priced with those instances, not here")
        return []
    if task is None:
        if spec.task_definition is None:
            raise NotPriced("the service names no task definition (task sets are not supported)")
        raise NotPriced(f"task definition {describe(spec.task_definition)} is not in this project")
    cpu = ctx.known(task.cpu, "task cpu")
    memory = ctx.known(task.memory_gb, "task memory")
    if cpu is None or memory is None:
        raise NotPriced("Fargate tasks need task-level cpu and memory in the task definition")
    operating_system = (
        "windows" if isinstance(task.os_family, str) and task.os_family.startswith("windows") else "linux"
    )
    architecture = "arm64" if task.architecture == "arm64" else "x86_64"
    fargate, spot = split
    components = (
        _fargate(ctx, resource, cpu, memory, fargate, "", operating_system, architecture, "on_demand")
        if fargate or not spot
        else []
    )
    if any(c.missing for c in components):
        # Without its on-demand vCPU and memory prices the service's estimate would be mostly wrong.
        raise NotPriced(next(c.missing for c in components if c.missing))
    if spot:
        components += _fargate(
            ctx, resource, cpu, memory, spot, ", Fargate Spot", operating_system, architecture, "spot"
        )
    if task.ephemeral_gb is not None and not isinstance(task.ephemeral_gb, Unknown) and task.ephemeral_gb > 20:
        components.append(
            ctx.component(
                resource,
                f"Fargate ephemeral storage above 20 GB ({task.ephemeral_gb - 20} GB x {tasks} tasks)",
                "fargate",
                "ephemeral_storage",
                (task.ephemeral_gb - 20) * tasks * HOURS_PER_MONTH,
            )
        )
    return components


# -- ECS Express Mode services -------------------------------------------------------------------------

EXPRESS_USAGE = (
    UsageKey("desired_count", "Average number of running tasks (default: the scaling target's minimum)", 2),
)


def ecs_express_service(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_ecs_express_gateway_service`` / ``AWS::ECS::ExpressGatewayService``: its tasks on Fargate (Linux,
    x86) at the scaling target's minimum unless usage says otherwise. The Application Load Balancer ECS
    creates for Express Mode services (one shared by up to 25 of them) is billed too and not counted here."""
    spec = containers.express_service(resource)
    cpu = ctx.required(spec.cpu, "cpu")
    memory = ctx.required(spec.memory_gb, "memory")
    usage = ctx.usage_number(resource, "desired_count")
    if usage is not None:
        tasks = ceil_int(usage)
    else:
        minimum = ctx.known(spec.min_tasks, "min_task_count")
        tasks = 1 if minimum is None else int(minimum)
        ctx.assume(
            f"{tasks} task(s): the scaling target's minimum" if minimum is not None else "1 task (no scaling target)"
        )
    ctx.assume(
        "the Application Load Balancer ECS creates for Express Mode services (shared by up to 25) is billed "
        "on top and not counted"
    )
    components = _fargate(ctx, resource, cpu, memory, tasks, "", "linux", "x86_64", "on_demand")
    if any(c.missing for c in components):
        raise NotPriced(next(c.missing for c in components if c.missing))
    return components


# -- ECR repositories --------------------------------------------------------------------------------------

ECR_USAGE = (UsageKey("storage_gb", "Images stored in the repository (GB)", 10),)


def ecr_repository(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_ecr_repository`` / ``AWS::ECR::Repository``: image storage from usage (transfer out of the
    region is billed as data transfer, not here)."""
    return [ctx.usage_component(resource, "Storage", "ecr", "storage", "storage_gb")]
