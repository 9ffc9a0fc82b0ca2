"""Auto Scaling groups: how many instances, launched from which template or configuration, bought how.

``aws_autoscaling_group`` (``launch_template {}``, ``launch_configuration``, ``mixed_instances_policy
{ launch_template { launch_template_specification {} override {} } instances_distribution {} }``) and
``AWS::AutoScaling::AutoScalingGroup`` (``LaunchTemplate``, ``LaunchConfigurationName``,
``MixedInstancesPolicy``) read into one ``GroupSpec``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from costlint.model import Resource, Unknown
from costlint.specs.aws.ec2 import TemplateRef
from costlint.specs.values import Maybe, attr, block, blocks, integer, number, text


@dataclass
class Override:
    instance_type: Maybe = None
    weighted_capacity: Maybe = None
    launch_template: TemplateRef | None = None


@dataclass
class GroupSpec:
    desired: Maybe = None
    min_size: Maybe = None
    max_size: Maybe = None
    launch_template: TemplateRef | None = None
    launch_configuration: Maybe = None
    """The launch configuration's name (literal, or unknown carrying its address)."""
    mixed: bool = False
    overrides: list[Override] = field(default_factory=list)
    on_demand_base: Maybe = None
    """``on_demand_base_capacity``; AWS default 0."""
    on_demand_percentage: Maybe = None
    """``on_demand_percentage_above_base_capacity``; AWS default 100."""


def _ref(found: object, id_keys: tuple[str, ...], name_keys: tuple[str, ...], version_key: str) -> TemplateRef | None:
    if found is None:
        return None
    if isinstance(found, Unknown):
        return TemplateRef(id=found)
    if not isinstance(found, dict):
        return None
    return TemplateRef(attr(found, *id_keys), attr(found, *name_keys), found.get(version_key))


def group(resource: Resource) -> GroupSpec:
    a = resource.attributes
    if resource.language == "cloudformation":
        spec = GroupSpec(
            desired=integer(a.get("DesiredCapacity"), "DesiredCapacity"),
            min_size=integer(a.get("MinSize"), "MinSize"),
            max_size=integer(a.get("MaxSize"), "MaxSize"),
            launch_template=_ref(
                block(a.get("LaunchTemplate")), ("LaunchTemplateId",), ("LaunchTemplateName",), "Version"
            ),
            launch_configuration=a.get("LaunchConfigurationName"),
        )
        policy = block(a.get("MixedInstancesPolicy"))
        if isinstance(policy, dict):
            spec.mixed = True
            template = block(policy.get("LaunchTemplate"))
            if isinstance(template, dict):
                spec.launch_template = _ref(
                    block(template.get("LaunchTemplateSpecification")),
                    ("LaunchTemplateId",),
                    ("LaunchTemplateName",),
                    "Version",
                )
                overrides = blocks(template.get("Overrides"))
                if not isinstance(overrides, Unknown):
                    spec.overrides = [
                        Override(
                            text(o.get("InstanceType"), "InstanceType"),
                            number(o.get("WeightedCapacity"), "WeightedCapacity"),
                            _ref(
                                block(o.get("LaunchTemplateSpecification")),
                                ("LaunchTemplateId",),
                                ("LaunchTemplateName",),
                                "Version",
                            ),
                        )
                        for o in overrides
                    ]
            distribution = block(policy.get("InstancesDistribution"))
            if isinstance(distribution, dict):
                spec.on_demand_base = integer(distribution.get("OnDemandBaseCapacity"), "OnDemandBaseCapacity")
                spec.on_demand_percentage = number(
                    distribution.get("OnDemandPercentageAboveBaseCapacity"), "OnDemandPercentageAboveBaseCapacity"
                )
        return spec

    spec = GroupSpec(
        desired=integer(a.get("desired_capacity"), "desired_capacity"),
        min_size=integer(a.get("min_size"), "min_size"),
        max_size=integer(a.get("max_size"), "max_size"),
        launch_template=_ref(block(a.get("launch_template")), ("id",), ("name",), "version"),
        launch_configuration=a.get("launch_configuration"),
    )
    policy = block(a.get("mixed_instances_policy"))
    if isinstance(policy, dict):
        spec.mixed = True
        template = block(policy.get("launch_template"))
        if isinstance(template, dict):
            spec.launch_template = _ref(
                block(template.get("launch_template_specification")),
                ("launch_template_id",),
                ("launch_template_name",),
                "version",
            )
            overrides = blocks(template.get("override"))
            if not isinstance(overrides, Unknown):
                spec.overrides = [
                    Override(
                        text(o.get("instance_type"), "instance_type"),
                        number(o.get("weighted_capacity"), "weighted_capacity"),
                        _ref(
                            block(o.get("launch_template_specification")),
                            ("launch_template_id",),
                            ("launch_template_name",),
                            "version",
                        ),
                    )
                    for o in overrides
                ]
        distribution = block(policy.get("instances_distribution"))
        if isinstance(distribution, dict):
            spec.on_demand_base = integer(distribution.get("on_demand_base_capacity"), "on_demand_base_capacity")
            spec.on_demand_percentage = number(
                distribution.get("on_demand_percentage_above_base_capacity"), "on_demand_percentage_above_base_capacity"
            )
    return spec
