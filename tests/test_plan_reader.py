"""Terraform plan JSON reader: modules, actions, deletes, prior state, unknowns, regions, tags, lines."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from costlint.discovery import Discovered
from costlint.model import Project, Resource, Unknown
from costlint.readers import ReadOptions
from costlint.readers.plan import read_plan

FULL = Path(__file__).parent / "fixtures" / "plan" / "full"
AWS = "registry.terraform.io/hashicorp/aws"


def read(path: Path, display: str = "plan.json", **options: Any) -> Project:
    options.setdefault("environ", {})
    return read_plan(Discovered("terraform-plan", path, display), ReadOptions(**options))


def by_address(project: Project) -> dict[str, Resource]:
    return {r.address: r for r in project.resources}


@pytest.fixture(scope="module")
def full() -> Project:
    return read(FULL / "plan.json", "tests/fixtures/plan/full/plan.json")


def test_addresses_actions_and_modules(full: Project) -> None:
    assert [(r.address, r.action, r.module) for r in full.resources] == [
        ("aws_autoscaling_group.workers", "create", ""),
        ("aws_cloudwatch_log_group.legacy", "delete", ""),  # forget: leaves the project
        ("aws_db_instance.main", "update", ""),
        ("aws_ebs_volume.old", "delete", ""),  # only in resource_changes
        ("aws_instance.replaced", "replace", ""),  # ["delete", "create"]
        ("aws_instance.web", "create", ""),
        ("aws_launch_template.workers", "create", ""),
        ("aws_nat_gateway.west", "create", ""),
        ("aws_s3_bucket.logs", "no-op", ""),
        ("aws_security_group.temp", "replace", ""),  # ["create", "delete"]
        ("aws_sqs_queue.regional", "create", ""),
        ("module.app.aws_instance.this[0]", "create", "module.app"),
        ("module.app.aws_instance.this[1]", "create", "module.app"),
        ("module.legacy.aws_sqs_queue.q", "create", "module.legacy"),
    ]  # data.aws_ami.ubuntu (mode data) is not listed
    assert full.diagnostics == []
    assert full.files_read == 1


def test_identity_fields(full: Project) -> None:
    web = by_address(full)["aws_instance.web"]
    assert (web.type, web.kind, web.provider, web.language) == ("aws_instance", "ec2.instance", "aws", "terraform-plan")


def test_deleted_resource_keeps_its_values(full: Project) -> None:
    old = by_address(full)["aws_ebs_volume.old"]
    assert old.attributes["size"] == 500
    assert old.attributes["type"] == "gp2"
    assert old.before == old.attributes
    assert old.tags == {"Name": "old", "Team": "platform"}
    assert old.kind == "ebs.volume"


def test_forget_is_a_delete_with_a_note(full: Project) -> None:
    legacy = by_address(full)["aws_cloudwatch_log_group.legacy"]
    assert legacy.notes == ["removed from Terraform state without being destroyed (removed block)"]
    assert legacy.attributes == {
        "arn": "arn:aws:logs:eu-west-1:123456789012:log-group:/legacy",
        "name": "/legacy",
        "retention_in_days": 0,
    }


def test_prior_state_is_before(full: Project) -> None:
    resources = by_address(full)
    db = resources["aws_db_instance.main"]
    assert (db.before or {})["instance_class"] == "db.t3.medium"
    assert db.attributes["instance_class"] == "db.m5.large"
    assert (resources["aws_instance.replaced"].before or {})["instance_type"] == "m4.large"
    assert resources["aws_instance.web"].before is None  # created: nothing before


def test_after_unknown_becomes_unknown_with_references(full: Project) -> None:
    resources = by_address(full)
    asg = resources["aws_autoscaling_group.workers"]
    assert asg.attributes["launch_template"] == [
        {
            "version": "$Latest",
            "id": Unknown("known after apply: aws_launch_template.workers.id", ref="aws_launch_template.workers"),
            "name": Unknown("known after apply: launch_template[0].name"),
        }
    ]
    assert asg.attributes["arn"] == Unknown("known after apply: arn")
    assert asg.attributes["desired_capacity"] == 3
    assert asg.attributes["tag"] == []
    template = resources["aws_launch_template.workers"]
    assert template.attributes["tags"] == {
        "Name": Unknown("known after apply: aws_instance.web.id", ref="aws_instance.web")
    }
    assert template.attributes["tags_all"] == Unknown("known after apply: tags_all")


def test_regions(full: Project) -> None:
    regions = {r.address: r.region for r in full.resources}
    assert regions["aws_instance.web"] == "eu-west-1"  # provider region = var.region
    assert regions["aws_nat_gateway.west"] == "us-west-2"  # aws.west alias, constant
    assert regions["aws_sqs_queue.regional"] == "sa-east-1"  # the resource's own region (AWS 6)
    assert regions["module.app.aws_instance.this[1]"] == "eu-west-1"  # inherited root provider
    assert regions["module.legacy.aws_sqs_queue.q"] == "ap-southeast-2"  # module provider, var via call
    assert regions["aws_ebs_volume.old"] == "eu-west-1"  # deleted: no config, root default


def test_tags_prefer_tags_all_else_default_tags(full: Project) -> None:
    resources = by_address(full)
    assert resources["aws_instance.web"].tags == {"Name": "web", "Team": "platform"}
    # tags_all unknown: the provider's default_tags under the resource's own tags.
    assert resources["aws_launch_template.workers"].tags == {
        "Team": "platform",
        "Name": Unknown("known after apply: aws_instance.web.id", ref="aws_instance.web"),
    }
    assert resources["module.legacy.aws_sqs_queue.q"].tags == {}  # its provider has no default_tags
    assert resources["aws_nat_gateway.west"].tags == {}


def test_lines_point_at_tf_blocks_next_to_the_plan(full: Project) -> None:
    locations = {r.address: (r.file, r.line) for r in full.resources}
    assert locations["aws_instance.web"] == ("main.tf", 29)
    assert locations["aws_autoscaling_group.workers"] == ("main.tf", 45)
    assert locations["aws_s3_bucket.logs"] == ("storage.tf", 3)
    assert locations["module.app.aws_instance.this[1]"] == ("modules/app/main.tf", 5)
    assert locations["module.legacy.aws_sqs_queue.q"] == ("modules/legacy/main.tf", 10)
    # No block any more (deleted from the configuration): the plan's own line.
    assert locations["aws_ebs_volume.old"] == ("plan.json", 377)
    assert locations["aws_cloudwatch_log_group.legacy"] == ("plan.json", 311)


def test_lines_in_the_plan_without_tf_files(tmp_path: Path) -> None:
    shutil.copy(FULL / "plan.json", tmp_path / "plan.json")
    locations = {r.address: (r.file, r.line) for r in read(tmp_path / "plan.json").resources}
    assert locations["aws_instance.web"] == ("plan.json", 459)  # in resource_changes
    assert locations["module.app.aws_instance.this[1]"] == ("plan.json", 729)
    # Terraform writes the JSON on one line: every line is 1 then.
    (tmp_path / "plan.json").write_text(json.dumps(json.loads((FULL / "plan.json").read_text())))
    assert {r.line for r in read(tmp_path / "plan.json").resources} == {1}


# -- smaller plans, for what the full one does not show ---------------------------------------------


def resource_entry(address: str, values: dict[str, Any], module: str = "") -> dict[str, Any]:
    type_, name = address.rsplit(".", 2)[-2:] if not module else address[len(module) + 1 :].split(".")
    return {
        "address": address,
        "mode": "managed",
        "type": type_,
        "name": name.split("[")[0],
        "provider_name": AWS,
        "schema_version": 0,
        "values": values,
        "sensitive_values": {},
    }


def change_entry(
    address: str, actions: list[str], before: Any, after: Any, after_unknown: Any = None, **extra: Any
) -> dict[str, Any]:
    type_, name = address.split(".")[-2:]
    return {
        "address": address,
        "mode": "managed",
        "type": type_,
        "name": name.split("[")[0],
        "provider_name": AWS,
        **extra,
        "change": {
            "actions": actions,
            "before": before,
            "after": after,
            "after_unknown": after_unknown or {},
            "before_sensitive": False if before is None else {},
            "after_sensitive": False if after is None else {},
        },
    }


def small_plan(provider_expressions: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    values = {"instance_type": "t3.micro"}
    plan: dict[str, Any] = {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {"root_module": {"resources": [resource_entry("aws_instance.a", values)]}},
        "resource_changes": [change_entry("aws_instance.a", ["create"], None, values, {"id": True})],
        "configuration": {
            "provider_config": {"aws": {"name": "aws", "full_name": AWS, "expressions": provider_expressions or {}}},
            "root_module": {
                "resources": [
                    {
                        "address": "aws_instance.a",
                        "mode": "managed",
                        "type": "aws_instance",
                        "name": "a",
                        "provider_config_key": "aws",
                        "expressions": {"instance_type": {"constant_value": "t3.micro"}},
                        "schema_version": 1,
                    }
                ]
            },
        },
    }
    plan.update(extra)
    return plan


def read_dict(tmp_path: Path, plan: dict[str, Any], **options: Any) -> Project:
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    return read(tmp_path / "plan.json", **options)


@pytest.mark.parametrize(
    ("environ", "region", "expected"),
    [
        ({"AWS_REGION": "eu-north-1", "AWS_DEFAULT_REGION": "eu-south-1"}, "ca-central-1", "eu-north-1"),
        ({"AWS_DEFAULT_REGION": "eu-south-1"}, "ca-central-1", "eu-south-1"),
        ({}, "ca-central-1", "ca-central-1"),
        ({}, None, Unknown("region of provider aws (not in the plan)")),
    ],
)
def test_region_fallbacks(tmp_path: Path, environ: dict[str, str], region: str | None, expected: Any) -> None:
    project = read_dict(tmp_path, small_plan(), environ=environ, region=region)
    assert project.resources[0].region == expected


def test_region_from_indexed_variable_and_arn(tmp_path: Path) -> None:
    plan = small_plan(
        {"region": {"references": ['var.regions["primary"]', "var.regions"]}},
        variables={"regions": {"value": {"primary": "me-south-1"}}},
    )
    assert read_dict(tmp_path, plan, region="us-east-1").resources[0].region == "me-south-1"
    plan = small_plan({"region": {"references": ["local.region"]}})
    plan["planned_values"]["root_module"]["resources"][0]["values"]["arn"] = (
        "arn:aws:ec2:af-south-1:123456789012:instance/i-1"
    )
    assert read_dict(tmp_path, plan, region="us-east-1").resources[0].region == "af-south-1"


def test_module_provider_region_from_the_module_variable_default(tmp_path: Path) -> None:
    values = {"name": "q"}
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.9.5",
        "planned_values": {
            "root_module": {
                "child_modules": [
                    {
                        "address": 'module.queues["a"]',
                        "resources": [
                            resource_entry('module.queues["a"].aws_sqs_queue.q', values, 'module.queues["a"]')
                        ],
                    }
                ]
            }
        },
        "resource_changes": [
            change_entry(
                'module.queues["a"].aws_sqs_queue.q', ["create"], None, values, module_address='module.queues["a"]'
            )
        ],
        "configuration": {
            "provider_config": {
                "module.queues:aws": {
                    "name": "aws",
                    "full_name": AWS,
                    "module_address": "module.queues",
                    "expressions": {
                        "region": {"references": ["var.region"]},
                        "default_tags": [{"tags": {"constant_value": {"Owner": "queues"}}}],
                    },
                }
            },
            "root_module": {
                "module_calls": {
                    "queues": {
                        "source": "./queues",
                        "for_each_expression": {"constant_value": {"a": 1}},
                        "module": {
                            "resources": [
                                {
                                    "address": "aws_sqs_queue.q",
                                    "mode": "managed",
                                    "type": "aws_sqs_queue",
                                    "name": "q",
                                    "provider_config_key": "module.queues:aws",
                                    "schema_version": 0,
                                }
                            ],
                            "variables": {"region": {"default": "il-central-1"}},
                        },
                    }
                }
            },
        },
    }
    resource = read_dict(tmp_path, plan).resources[0]
    assert (resource.address, resource.module, resource.region) == (
        'module.queues["a"].aws_sqs_queue.q',
        'module.queues["a"]',
        "il-central-1",
    )
    assert resource.tags == {"Owner": "queues"}
    assert (resource.file, resource.line) == ("plan.json", 29)  # its "address" in resource_changes


def test_change_before_without_prior_state(tmp_path: Path) -> None:
    plan = small_plan()
    plan["resource_changes"][0]["change"].update(actions=["update"], before={"instance_type": "t2.micro"})
    resource = read_dict(tmp_path, plan).resources[0]
    assert (resource.action, resource.before) == ("update", {"instance_type": "t2.micro"})


def test_deposed_object_is_listed_as_a_delete(tmp_path: Path) -> None:
    plan = small_plan()
    plan["resource_changes"].append(
        change_entry("aws_instance.a", ["delete"], {"instance_type": "m4.large"}, None, deposed="00000001")
    )
    resources = read_dict(tmp_path, plan).resources
    assert [(r.address, r.action, r.attributes.get("instance_type")) for r in resources] == [
        ("aws_instance.a", "create", "t3.micro"),
        ("aws_instance.a (deposed object 00000001)", "delete", "m4.large"),
    ]


def test_read_action_and_counted_reference(tmp_path: Path) -> None:
    plan = small_plan()
    lt_values = {"name": "lt"}
    plan["planned_values"]["root_module"]["resources"].append(resource_entry("aws_launch_template.lt[0]", lt_values))
    plan["resource_changes"].append(change_entry("aws_launch_template.lt[0]", ["read"], None, lt_values, index=0))
    config = plan["configuration"]["root_module"]["resources"][0]
    config["expressions"]["launch_template"] = [{"id": {"references": ["aws_launch_template.lt"]}}]
    plan["resource_changes"][0]["change"]["after_unknown"] = {"launch_template": [{"id": True}]}
    resources = by_address(read_dict(tmp_path, plan))
    assert resources["aws_launch_template.lt[0]"].action == "read"
    assert resources["aws_instance.a"].attributes["launch_template"] == [
        {"id": Unknown("known after apply: aws_launch_template.lt", ref="aws_launch_template.lt[0]")}
    ]


def test_plan_warnings(tmp_path: Path) -> None:
    plan = small_plan(format_version="2.0", errored=True)
    project = read_dict(tmp_path, plan)
    assert [str(d) for d in project.diagnostics] == [
        "plan.json:1: warning: plan format_version 2.0 is not 1.x; read as 1.x",
        "plan.json:1: warning: the plan is marked errored (terraform plan failed); it may be incomplete",
    ]
    assert len(project.resources) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"terraform_version": "1.9.5",\n "planned_values": {,}}',
            "plan.json:2: error: invalid JSON: Expecting property name enclosed in double quotes (column 21)",
        ),
        (
            b'[{"terraform_version": "1.9.5", "planned_values": {}}]',
            "plan.json:1: error: plan must be a JSON object, got an array",
        ),
        (
            b'{"terraform_version": "1.9.5"}',
            "plan.json:1: error: not a Terraform plan: no planned_values, resource_changes or prior_state",
        ),
        (b"", "plan.json:1: error: empty file"),
        (b"\x00\x01binary", "plan.json:1: error: binary file, not a Terraform plan JSON"),
        (b'{"a": "\xff"}', "plan.json:1: error: not UTF-8 text (byte 0xff)"),
    ],
)
def test_malformed_plans(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "plan.json").write_bytes(content)
    project = read(tmp_path / "plan.json")
    assert [str(d) for d in project.diagnostics] == [message]
    assert project.resources == []


def test_does_not_mutate_and_is_deterministic(tmp_path: Path) -> None:
    plan = small_plan()
    snapshot = copy.deepcopy(plan)
    first = read_dict(tmp_path, plan)
    second = read_dict(tmp_path, plan)
    assert plan == snapshot
    assert [r.attributes for r in first.resources] == [r.attributes for r in second.resources]
