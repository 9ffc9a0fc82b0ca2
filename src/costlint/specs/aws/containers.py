"""Containers: EKS clusters, managed node groups, Fargate profiles; ECS services and task definitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from costlint.model import Resource, Unknown
from costlint.specs import InvalidValue
from costlint.specs.aws.ec2 import TemplateRef
from costlint.specs.values import Maybe, attr, block, blocks, integer, known_block, lower, number, text


@dataclass
class ClusterSpec:
    version: Maybe = None
    support_type: Maybe = None
    """``standard`` or ``extended`` (``upgrade_policy`` / ``UpgradePolicy``); AWS default extended."""


@dataclass
class NodeGroupSpec:
    desired: Maybe = None
    min_size: Maybe = None
    max_size: Maybe = None
    instance_types: list[Maybe] | Unknown = field(default_factory=list)
    disk_size: Maybe = None
    capacity_type: Maybe = None
    """``on_demand`` (default) or ``spot``."""
    ami_type: Maybe = None
    launch_template: TemplateRef | None = None
    labels: Maybe = None
    """Kubernetes labels of the nodes (a mapping), as written."""


@dataclass
class Strategy:
    provider: Maybe
    weight: Decimal
    base: int


@dataclass
class ServiceSpec:
    desired_count: Maybe = None
    launch_type: Maybe = None
    """``fargate``, ``ec2``, ``external`` (lower case)."""
    strategy: list[Strategy] | Unknown = field(default_factory=list)
    task_definition: Maybe = None
    cluster: Maybe = None
    scheduling: Maybe = None
    """``replica`` (default) or ``daemon``."""
    default_desired_count: int = 0
    """What the service runs when ``desired_count`` is not set: 0 in Terraform, 1 in CloudFormation."""
    default_desired_count_source: str = "the Terraform default"


@dataclass
class TaskSpec:
    cpu: Maybe = None
    """vCPU (``"256"`` CPU units and ``"0.25 vCPU"`` both read as 0.25)."""
    memory_gb: Maybe = None
    """GB (``"512"`` MiB and ``"0.5 GB"`` both read as 0.5)."""
    compatibilities: list[str] = field(default_factory=list)
    os_family: Maybe = None
    architecture: Maybe = None
    ephemeral_gb: Maybe = None


def eks_cluster(resource: Resource) -> ClusterSpec:
    """``aws_eks_cluster`` / ``AWS::EKS::Cluster``."""
    if resource.language == "cloudformation":
        policy = block(attr(resource, "UpgradePolicy"))
        return ClusterSpec(
            text(attr(resource, "Version"), "Version"),
            lower(attr(policy, "SupportType") if isinstance(policy, dict) else policy, "SupportType"),
        )
    policy = block(attr(resource, "upgrade_policy"))
    return ClusterSpec(
        text(attr(resource, "version"), "version"),
        lower(attr(policy, "support_type") if isinstance(policy, dict) else policy, "support_type"),
    )


def _types(value: Maybe) -> list[Maybe] | Unknown:
    if value is None:
        return []
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (list, tuple)):
        return [text(v, "instance type") for v in value]
    return [text(value, "instance type")]


def node_group(resource: Resource) -> NodeGroupSpec:
    """``aws_eks_node_group`` / ``AWS::EKS::Nodegroup``."""
    a = resource.attributes
    if resource.language == "cloudformation":
        scaling = block(a.get("ScalingConfig"))
        template = block(a.get("LaunchTemplate"))
        return NodeGroupSpec(
            desired=integer(attr(scaling, "DesiredSize"), "ScalingConfig.DesiredSize"),
            min_size=integer(attr(scaling, "MinSize"), "ScalingConfig.MinSize"),
            max_size=integer(attr(scaling, "MaxSize"), "ScalingConfig.MaxSize"),
            instance_types=_types(a.get("InstanceTypes")),
            disk_size=number(a.get("DiskSize"), "DiskSize"),
            capacity_type=lower(a.get("CapacityType"), "CapacityType"),
            ami_type=lower(a.get("AmiType"), "AmiType"),
            labels=a.get("Labels"),
            launch_template=(
                TemplateRef(template.get("Id"), template.get("Name"), template.get("Version"))
                if isinstance(template, dict)
                else None
            ),
        )
    scaling = block(a.get("scaling_config"))
    template = block(a.get("launch_template"))
    return NodeGroupSpec(
        desired=integer(attr(scaling, "desired_size"), "scaling_config.desired_size"),
        min_size=integer(attr(scaling, "min_size"), "scaling_config.min_size"),
        max_size=integer(attr(scaling, "max_size"), "scaling_config.max_size"),
        instance_types=_types(a.get("instance_types")),
        disk_size=number(a.get("disk_size"), "disk_size"),
        capacity_type=lower(a.get("capacity_type"), "capacity_type"),
        ami_type=lower(a.get("ami_type"), "ami_type"),
        labels=a.get("labels"),
        launch_template=(
            TemplateRef(template.get("id"), template.get("name"), template.get("version"))
            if isinstance(template, dict)
            else None
        ),
    )


def _strategy(value: Maybe, cloudformation: bool) -> list[Strategy] | Unknown:
    found = blocks(value)
    if isinstance(found, Unknown):
        return found
    keys = ("CapacityProvider", "Weight", "Base") if cloudformation else ("capacity_provider", "weight", "base")
    out = []
    for item in found:
        weight = number(item.get(keys[1]), "capacity provider weight")
        base = integer(item.get(keys[2]), "capacity provider base")
        if isinstance(weight, Unknown):
            return weight
        if isinstance(base, Unknown):
            return base
        provider = item.get(keys[0])
        out.append(
            Strategy(
                provider.upper() if isinstance(provider, str) else provider,
                Decimal(0) if weight is None else weight,
                base or 0,
            )
        )
    return out


def ecs_service(resource: Resource) -> ServiceSpec:
    """``aws_ecs_service`` / ``AWS::ECS::Service``."""
    a = resource.attributes
    if resource.language == "cloudformation":
        return ServiceSpec(
            desired_count=integer(a.get("DesiredCount"), "DesiredCount"),
            launch_type=lower(a.get("LaunchType"), "LaunchType"),
            strategy=_strategy(a.get("CapacityProviderStrategy"), True),
            task_definition=a.get("TaskDefinition"),
            cluster=a.get("Cluster"),
            scheduling=lower(a.get("SchedulingStrategy"), "SchedulingStrategy"),
            default_desired_count=1,
            default_desired_count_source="the CloudFormation default",
        )
    return ServiceSpec(
        desired_count=integer(a.get("desired_count"), "desired_count"),
        launch_type=lower(a.get("launch_type"), "launch_type"),
        strategy=_strategy(a.get("capacity_provider_strategy"), False),
        task_definition=a.get("task_definition"),
        cluster=a.get("cluster"),
        scheduling=lower(a.get("scheduling_strategy"), "scheduling_strategy"),
    )


def cluster_default_strategy(cluster: Resource | None, associations: list[Resource]) -> list[Strategy] | Unknown:
    """An ECS cluster's default capacity provider strategy: on the cluster itself (CloudFormation
    ``DefaultCapacityProviderStrategy``, the AWS provider's older inline argument) or on a separate
    ``aws_ecs_cluster_capacity_providers`` / ``AWS::ECS::ClusterCapacityProviderAssociations``."""
    for resource in ([cluster] if cluster else []) + associations:
        cfn = resource.language == "cloudformation"
        value = (
            attr(resource, "DefaultCapacityProviderStrategy")
            if cfn
            else attr(resource, "default_capacity_provider_strategy")
        )
        found = _strategy(value, cfn)
        if isinstance(found, Unknown) or found:
            return found
    return []


def association_cluster(resource: Resource) -> Maybe:
    return attr(resource, "cluster_name", "Cluster")


def _size(value: Maybe, what: str, unit_per_vcpu: Decimal, suffixes: tuple[str, ...]) -> Maybe:
    """``"256"`` (CPU units / MiB) or ``"0.25 vCPU"`` / ``"1 GB"`` (already in vCPU / GB)."""
    if value is None or isinstance(value, Unknown):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)) / unit_per_vcpu
    if isinstance(value, str):
        raw = value.strip().lower().replace(" ", "")
        for suffix in suffixes:
            if raw.endswith(suffix):
                found = number(raw[: -len(suffix)], what)
                return found
        found = number(raw, what)
        return found if found is None or isinstance(found, Unknown) else found / unit_per_vcpu
    raise InvalidValue(f"{what} must be a number or a string such as '1 vCPU' / '2 GB', got {value!r}")


def task_definition(resource: Resource) -> TaskSpec:
    """``aws_ecs_task_definition`` / ``AWS::ECS::TaskDefinition`` (task-level size)."""
    a = resource.attributes
    cfn = resource.language == "cloudformation"
    platform = block(a.get("RuntimePlatform" if cfn else "runtime_platform"))
    ephemeral = block(a.get("EphemeralStorage" if cfn else "ephemeral_storage"))
    compat = a.get("RequiresCompatibilities" if cfn else "requires_compatibilities")
    return TaskSpec(
        cpu=_size(a.get("Cpu" if cfn else "cpu"), "task cpu", Decimal(1024), ("vcpu", "cpu")),
        memory_gb=_size(a.get("Memory" if cfn else "memory"), "task memory", Decimal(1024), ("gb", "gib")),
        compatibilities=[c.upper() for c in compat if isinstance(c, str)] if isinstance(compat, list) else [],
        os_family=lower(
            attr(platform, "OperatingSystemFamily" if cfn else "operating_system_family"), "operating system family"
        )
        if isinstance(platform, dict)
        else None,
        architecture=lower(attr(platform, "CpuArchitecture" if cfn else "cpu_architecture"), "cpu architecture")
        if isinstance(platform, dict)
        else None,
        ephemeral_gb=number(attr(ephemeral, "SizeInGiB" if cfn else "size_in_gib"), "ephemeral storage size")
        if isinstance(ephemeral, dict)
        else None,
    )


def fargate_profile(resource: Resource) -> Maybe:
    """``aws_eks_fargate_profile`` / ``AWS::EKS::FargateProfile``: the cluster it belongs to."""
    return attr(resource, "cluster_name", "ClusterName")


@dataclass
class RepositorySpec:
    lifecycle_policy: Maybe = None
    """The repository's own lifecycle policy (CloudFormation ``LifecyclePolicy``); Terraform sets it with
    a separate ``aws_ecr_lifecycle_policy``, kind ``ecr.lifecycle_policy``."""


def ecr_repository(resource: Resource) -> RepositorySpec:
    """``aws_ecr_repository`` / ``AWS::ECR::Repository``."""
    return RepositorySpec(lifecycle_policy=attr(resource, "LifecyclePolicy"))


@dataclass
class ExpressServiceSpec:
    """``aws_ecs_express_gateway_service`` / ``AWS::ECS::ExpressGatewayService``."""

    cpu: Maybe = None
    """vCPU (``cpu`` in CPU units)."""
    memory_gb: Maybe = None
    """GB (``memory`` in MiB)."""
    min_tasks: Maybe = None
    """``scaling_target.min_task_count``."""


def express_service(resource: Resource) -> ExpressServiceSpec:
    scaling = known_block(attr(resource, "scaling_target", "ScalingTarget"))
    return ExpressServiceSpec(
        cpu=_size(attr(resource, "cpu", "Cpu"), "cpu", Decimal(1024), ("vcpu", "cpu")),
        memory_gb=_size(attr(resource, "memory", "Memory"), "memory", Decimal(1024), ("gb", "gib")),
        min_tasks=integer(attr(scaling, "min_task_count", "MinTaskCount"), "min_task_count"),
    )
