"""CloudFormation reader: parameters, pseudo parameters, mappings, conditions, intrinsics, lines, tags."""

from __future__ import annotations

from pathlib import Path

import pytest

from costlint.discovery import Discovered
from costlint.model import Project, Resource, Unknown
from costlint.readers import ReadOptions
from costlint.readers.cloudformation import read_template

FIXTURES = Path(__file__).parent / "fixtures" / "cloudformation"
FEATURES = "features/template.yaml"


def read(relative: str, **options: object) -> Project:
    return read_template(
        Discovered("cloudformation", FIXTURES / relative, relative), ReadOptions(environ={}, **options)
    )  # type: ignore[arg-type]


def read_file(path: Path, **options: object) -> Project:
    return read_template(Discovered("cloudformation", path, path.name), ReadOptions(environ={}, **options))  # type: ignore[arg-type]


def by_address(project: Project) -> dict[str, Resource]:
    return {r.address: r for r in project.resources}


def messages(project: Project) -> list[str]:
    return [str(d) for d in project.diagnostics]


# -- defaults, lines, identity ---------------------------------------------------------------------


def test_defaults_addresses_lines_and_identity() -> None:
    project = read(FEATURES)
    assert [(r.address, r.line) for r in project.resources] == [
        ("Web", 41),
        ("LaunchTemplate", 60),
        ("Volume", 66),
        ("NotProd", 84),
        ("ProdOrEastOnly", 90),
        ("TwoOnly", 93),
        ("Named", 96),
        ("Database", 102),
        ("Widget", 108),
    ]
    web = project.resources[0]
    assert (web.type, web.kind, web.provider, web.region, web.file, web.language, web.module) == (
        "AWS::EC2::Instance",
        "ec2.instance",
        "aws",
        "us-east-1",
        "template.yaml",
        "cloudformation",
        "",
    )
    assert project.files_read == 1
    assert project.path == FEATURES


def test_defaults_web_attributes() -> None:
    web = by_address(read(FEATURES))["Web"]
    assert web.attributes == {
        "InstanceType": "t3.micro",  # FindInMap with Ref Env (default dev)
        "ImageId": "ami-0east",  # FindInMap keyed by AWS::Region
        "SubnetId": "subnet-b",  # Select from a CommaDelimitedList (stripped)
        "Monitoring": False,  # If on a false condition
        "UserData": "IyEvYmluL2Jhc2g=",  # Base64 of a known string
        "LaunchTemplate": {
            "LaunchTemplateId": Unknown("Ref LaunchTemplate", ref="LaunchTemplate"),
            "Version": Unknown("Fn::GetAtt LaunchTemplate.LatestVersionNumber", ref="LaunchTemplate"),
        },
        "Tags": [
            {"Key": "Name", "Value": "web-dev-us-east-1"},
            {"Key": "Endpoint", "Value": Unknown("Fn::Sub ${Database.Endpoint.Address}", ref="Database")},
            {"Key": "Stack", "Value": Unknown("AWS::StackName")},
        ],
    }
    assert "EbsOptimized" not in web.attributes  # Fn::If to AWS::NoValue removes the key
    assert web.tags == {
        "Name": "web-dev-us-east-1",
        "Endpoint": Unknown("Fn::Sub ${Database.Endpoint.Address}", ref="Database"),
        "Stack": Unknown("AWS::StackName"),
    }


def test_join_select_split_sub_list_form_getazs() -> None:
    volume = by_address(read(FEATURES))["Volume"]
    assert volume.attributes["Size"] == 20
    assert volume.attributes["AvailabilityZone"] == Unknown("Fn::Select 0 of Fn::GetAZs us-east-1")
    assert volume.tags == {
        "Parts": "dev/c/aws/amazonaws.com",  # Join of Ref, Select of Split, Partition, URLSuffix
        "SubList": "subnet-a-2-${Literal}",  # Sub list form: local variables and ${!Literal}
    }


def test_parameter_types_number_list_ssm() -> None:
    project = read(FEATURES)
    assert by_address(project)["LaunchTemplate"].attributes == {
        "LaunchTemplateData": {
            "InstanceType": "t3.small",
            "ImageId": Unknown(
                "parameter LatestAmi (SSM parameter "
                "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64)"
            ),
        }
    }
    # Number parameters are numbers; Fn::Equals compares them with strings as CloudFormation does.
    assert "TwoOnly" in by_address(project)


def test_parameter_without_value_warns_and_is_unknown() -> None:
    project = read(FEATURES)
    assert messages(project) == [
        "features/template.yaml:14: warning: parameter AppName has no value; its uses are unknown "
        "(give it with --parameter NAME=VALUE or --parameters-file)",
    ]
    named = by_address(project)["Named"]
    assert named.attributes == {"LogGroupName": Unknown("Fn::Sub ${AppName}"), "RetentionInDays": 14}
    assert named.notes == ["included although its condition is unknown (condition HasAppName: parameter AppName)"]
    assert not project.failed


def test_unknown_resource_types_are_listed() -> None:
    widget = by_address(read(FEATURES))["Widget"]
    assert (widget.type, widget.kind, widget.provider) == ("Custom::Widget", None, "aws")
    assert widget.attributes == {
        "ServiceToken": Unknown("Fn::ImportValue widget-service-token"),
        "Cidr": Unknown("Fn::Cidr"),
    }


def test_strings_stay_strings() -> None:
    database = by_address(read(FEATURES))["Database"]
    assert database.attributes == {"DBInstanceClass": "db.t3.micro", "AllocatedStorage": "20", "Engine": "postgres"}


# -- parameters from outside -----------------------------------------------------------------------


def test_parameters_file_cli_list_shape() -> None:
    project = read(FEATURES, parameters_file=str(FIXTURES / "features/params-list.json"))
    resources = by_address(project)
    assert messages(project) == []  # AppName given: no warning
    assert resources["Web"].attributes["InstanceType"] == "m5.large"
    assert resources["Web"].attributes["Monitoring"] is True
    assert resources["Web"].attributes["EbsOptimized"] is True
    assert resources["Named"].attributes == {"LogGroupName": "/app/shop", "RetentionInDays": 90}
    assert resources["Named"].notes == []
    assert resources["Database"].attributes["DBInstanceClass"] == "db.m5.large"
    assert "ProdOnly" in resources and "NotProd" not in resources
    # The UsePreviousValue entry carries no value: InstanceCount keeps its default.
    assert "TwoOnly" in resources


def test_parameters_file_plain_mapping_shape() -> None:
    project = read(FEATURES, parameters_file=str(FIXTURES / "features/params-map.json"))
    resources = by_address(project)
    assert resources["Web"].attributes["InstanceType"] == Unknown("Fn::FindInMap Sizes.staging.Instance")
    assert resources["Web"].attributes["SubnetId"] == "subnet-y"  # a JSON list became the list
    assert "TwoOnly" not in resources  # InstanceCount 3
    assert resources["Volume"].tags["SubList"] == "subnet-x-3-${Literal}"
    assert messages(project) == [
        "features/template.yaml:14: warning: parameter AppName has no value; its uses are unknown "
        "(give it with --parameter NAME=VALUE or --parameters-file)",
        "features/template.yaml:44: warning: Fn::FindInMap: Mappings.Sizes has no key 'staging'",
        "features/template.yaml:69: warning: Fn::FindInMap: Mappings.Sizes has no key 'staging'",
    ]
    assert resources["Volume"].attributes["Size"] == Unknown("Fn::FindInMap Sizes.staging.Volume")


def test_parameter_option_wins_over_file() -> None:
    project = read(
        FEATURES,
        parameters_file=str(FIXTURES / "features/params-map.json"),
        parameters=(("Env", "prod"), ("AppName", "shop")),
    )
    resources = by_address(project)
    assert resources["Web"].attributes["InstanceType"] == "m5.large"
    assert resources["Named"].attributes["LogGroupName"] == "/app/shop"
    assert "TwoOnly" not in resources  # InstanceCount still 3, from the file
    assert messages(project) == []


def test_parameters_file_yaml_and_codepipeline_shape(tmp_path: Path) -> None:
    params = tmp_path / "params.yaml"
    params.write_text("Parameters:\n  Env: prod\n  AppName: yaml\nTags:\n  team: x\n")
    resources = by_address(read(FEATURES, parameters_file=str(params)))
    assert resources["Named"].attributes["LogGroupName"] == "/app/yaml"
    assert resources["Web"].attributes["InstanceType"] == "m5.large"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (
            '[{"ParameterKey": "Env", "ParameterValue": "prod"},\n {"Env": "x"}]',
            1,
            "invalid parameters file: item 1 has no ParameterKey",
        ),
        ('{"Env": "prod",\n "AppName": }', 2, "invalid parameters file: Expecting value"),
        (
            '"just a string"',
            1,
            "invalid parameters file: expected a list of {ParameterKey, ParameterValue} "
            "or a mapping of names to values",
        ),
    ],
)
def test_bad_parameters_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, line: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "params.json").write_text(content)
    project = read(FEATURES, parameters_file="params.json")
    assert str(project.diagnostics[0]) == f"params.json:{line}: error: {message}"
    assert project.failed
    assert len(project.resources) == 9  # the template is still read, with its defaults


def test_missing_parameters_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    project = read(FEATURES, parameters_file="nope.json")
    assert str(project.diagnostics[0]) == "nope.json:1: error: cannot read parameters file: no such file or directory"


# -- pseudo parameters, mappings, conditions -------------------------------------------------------


def test_region_option_sets_aws_region_everywhere() -> None:
    project = read(FEATURES, region="eu-west-1")
    resources = by_address(project)
    assert {r.region for r in project.resources} == {"eu-west-1"}
    assert resources["Web"].attributes["ImageId"] == "ami-0west"
    assert resources["Web"].tags["Name"] == "web-dev-eu-west-1"
    assert resources["Volume"].attributes["AvailabilityZone"] == Unknown("Fn::Select 0 of Fn::GetAZs eu-west-1")


def test_partition_and_url_suffix_follow_the_region() -> None:
    volume = by_address(read(FEATURES, region="cn-north-1"))["Volume"]
    assert volume.tags["Parts"] == "dev/c/aws-cn/amazonaws.com.cn"


def test_find_in_map_missing_key() -> None:
    project = read(FEATURES, region="cn-north-1")
    assert by_address(project)["Web"].attributes["ImageId"] == Unknown("Fn::FindInMap RegionAmi.cn-north-1.Ami")
    assert "features/template.yaml:45: warning: Fn::FindInMap: Mappings.RegionAmi has no key 'cn-north-1'" in (
        messages(project)
    )


@pytest.mark.parametrize(
    ("env", "region", "present", "absent"),
    [
        ("prod", "us-east-1", {"ProdOnly", "ProdAndEastOnly", "ProdOrEastOnly"}, {"NotProd"}),
        ("prod", "eu-west-1", {"ProdOnly", "ProdOrEastOnly"}, {"NotProd", "ProdAndEastOnly"}),
        ("dev", "us-east-1", {"NotProd", "ProdOrEastOnly"}, {"ProdOnly", "ProdAndEastOnly"}),
        ("dev", "eu-west-1", {"NotProd"}, {"ProdOnly", "ProdAndEastOnly", "ProdOrEastOnly"}),
    ],
)
def test_conditions_equals_not_and_or(env: str, region: str, present: set[str], absent: set[str]) -> None:
    addresses = set(by_address(read(FEATURES, region=region, parameters=(("Env", env),))))
    assert present <= addresses
    assert not absent & addresses


def test_if_picks_the_branch_with_numbers() -> None:
    project = read(FEATURES, parameters=(("Env", "prod"), ("AppName", "a")))
    assert by_address(project)["Named"].attributes["RetentionInDays"] == 90


# -- JSON templates --------------------------------------------------------------------------------


def test_json_template_lines_and_intrinsics() -> None:
    project = read("json/template.json")
    assert [(r.address, r.line, r.file) for r in project.resources] == [
        ("Queue", 10, "template.json"),
        ("Cache", 18, "template.json"),
        ("Group", 27, "template.json"),
    ]
    queue, cache, _ = project.resources
    assert queue.attributes == {
        "QueueName": "orders-us-east-1",
        "MessageRetentionPeriod": 1209600,
        "Tags": [{"Key": "Size", "Value": "large"}],
    }
    assert queue.tags == {"Size": "large"}
    assert cache.attributes == {
        "CacheNodeType": "cache.r6g.large",
        "NumCacheNodes": 2,
        "Engine": "redis",
        "VpcSecurityGroupIds": [Unknown("Fn::GetAtt Group.GroupId", ref="Group")],
    }
    assert messages(project) == []


# -- SAM -------------------------------------------------------------------------------------------


def test_sam_function_with_globals_maps_to_lambda() -> None:
    project = read("sam/template.yaml")
    api = by_address(project)["Api"]
    assert (api.type, api.kind, api.line) == ("AWS::Serverless::Function", "lambda.function", 16)
    assert api.attributes == {
        "Architectures": ["arm64"],
        "Environment": {"Variables": {"STAGE": "prod", "TABLE": Unknown("Ref Orders", ref="Orders")}},
        "EphemeralStorage": {"Size": 2048},
        "Handler": "app.handler",
        "Layers": ["arn:aws:lambda:us-east-1:123456789012:layer:common:3", Unknown("Ref DepsLayer", ref="DepsLayer")],
        "MemorySize": 1024,
        "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 5},
        "Runtime": "python3.12",
        "Timeout": 30,
        "TracingConfig": {"Mode": "Active"},
        "Tags": [{"Key": "team", "Value": "payments"}, {"Key": "service", "Value": "api"}],
    }
    assert api.tags == {"team": "payments", "service": "api"}
    assert api.notes == []


def test_sam_defaults_applied_and_noted() -> None:
    worker = by_address(read("sam/template.yaml"))["Worker"]
    assert worker.attributes["MemorySize"] == 128
    assert worker.attributes["Timeout"] == 900
    assert worker.attributes["Code"] == {"ZipFile": "def handler(event, context): pass"}
    assert worker.notes == ["SAM defaults applied: MemorySize=128"]


def test_sam_simple_table_maps_to_dynamodb() -> None:
    resources = by_address(read("sam/template.yaml"))
    assert resources["Orders"].kind == "dynamodb.table"
    assert resources["Orders"].attributes == {
        "AttributeDefinitions": [{"AttributeName": "orderId", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "orderId", "KeyType": "HASH"}],
        "BillingMode": "PROVISIONED",
        "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 2},
    }
    assert resources["Sessions"].attributes["BillingMode"] == "PAY_PER_REQUEST"
    assert resources["Sessions"].attributes["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert resources["DepsLayer"].kind is None


# -- nested stacks ---------------------------------------------------------------------------------


def test_local_nested_stacks_followed_with_parameters() -> None:
    project = read("nested/parent.yaml")
    assert [(r.address, r.file, r.line, r.module) for r in project.resources] == [
        ("Network", "parent.yaml", 7, ""),
        ("Network.Vpc", "stacks/network.yaml", 15, "Network"),
        ("Network.Nat", "stacks/network.yaml", 22, "Network"),
        ("Network.Subnet", "stacks/network.yaml", 28, "Network"),
        ("Network.Endpoints", "stacks/network.yaml", 32, "Network"),
        ("Network.Endpoints.S3Endpoint", "stacks/endpoints.yaml", 5, "Network.Endpoints"),
        ("Monitoring", "parent.yaml", 15, ""),
        ("Packaged", "parent.yaml", 19, ""),
        ("Missing", "parent.yaml", 23, ""),
        ("ArtifactBucket", "parent.yaml", 27, ""),
    ]
    resources = by_address(project)
    # Passed parameters: Env=prod makes the child's NAT gateway exist; Number and list types apply.
    assert resources["Network.Vpc"].attributes == {"CidrBlock": "10.0.1.0/24", "Tags": [{"Key": "Azs", "Value": 3}]}
    assert resources["Network.Nat"].attributes == {
        "SubnetId": Unknown("Ref Subnet", ref="Network.Subnet"),
        "ConnectivityType": Unknown("parameter Unpassed"),
    }
    # A reference passed down two levels keeps the address of the resource it names.
    assert resources["Network.Endpoints.S3Endpoint"].attributes == {
        "VpcId": Unknown("Ref Vpc", ref="Network.Vpc"),
        "ServiceName": "com.amazonaws.us-east-1.s3",
        "VpcEndpointType": "Interface",
    }
    assert resources["Network"].kind == "cloudformation.stack"
    assert resources["Network"].notes == ["nested template followed: stacks/network.yaml"]
    assert resources["Monitoring"].notes == ["nested template not followed (remote)"]
    assert resources["Packaged"].notes == [
        "nested template not followed (its location is unknown: Fn::Sub ${ArtifactBucket})"
    ]
    assert resources["Missing"].notes == ["nested template not found: stacks/missing.yaml"]
    assert project.files_read == 3
    assert messages(project) == [
        "nested/stacks/network.yaml:10: warning: parameter Unpassed has no value; its uses are unknown "
        "(not passed by stack Network)",
        "nested/parent.yaml:26: error: nested stack Missing: template stacks/missing.yaml not found",
    ]


def test_nested_stack_condition_false_in_child() -> None:
    project = read("nested/parent.yaml", parameters=(("Env", "dev"),))
    assert "Network.Nat" not in by_address(project)
    assert "Network.Vpc" in by_address(project)


def test_nested_stack_cycle_is_reported_not_followed_forever() -> None:
    project = read("loop/a.yaml")
    assert [r.address for r in project.resources] == ["ToB", "ToB.ToA"]
    assert messages(project) == [
        "loop/b.yaml:5: error: nested stack ToA: template ./a.yaml is already being "
        "read (a cycle of nested stacks); not followed"
    ]


# -- other template features and problems ----------------------------------------------------------


def test_unsupported_constructs_warn(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\n'
        "Transform: [AWS::LanguageExtensions, AcmeMacro]\n"
        "Resources:\n"
        "  Fn::ForEach::Topics:\n"
        "    - Name\n"
        "    - [a, b]\n"
        "    - Topic${Name}:\n"
        "        Type: AWS::SNS::Topic\n"
        "  Included:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Properties:\n"
        "      Fn::Transform:\n"
        "        Name: AWS::Include\n"
        "  Undefined:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Condition: Nowhere\n"
        "  Listed:\n"
        "    Type: AWS::S3::Bucket\n"
        "    Properties: [1, 2]\n"
        "  Typed:\n"
        "    Type: !Ref Something\n"
        "  Json:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      RedrivePolicy: !ToJsonString {maxReceiveCount: 5, deadLetterTargetArn: x}\n"
        "      Count: !Length [a, b, c]\n"
        "      Bad: !Select [9, [a]]\n"
    )
    project = read_file(template)
    assert messages(project) == [
        "t.yaml:2: warning: transform AcmeMacro is not applied; resources are read as written",
        "t.yaml:4: warning: Fn::ForEach::Topics: Fn::ForEach (AWS::LanguageExtensions) is not expanded; "
        "the resources it would create are not listed",
        "t.yaml:16: warning: condition Nowhere is not defined in Conditions",
        "t.yaml:19: error: resource Listed: Properties must be a mapping",
        "t.yaml:20: error: resource Typed: Type must be a string",
        "t.yaml:27: warning: Fn::Select index 9 is out of range",
    ]
    resources = by_address(project)
    assert list(resources) == ["Included", "Undefined", "Json"]
    assert resources["Included"].attributes == {}
    assert resources["Included"].notes == ["Properties unknown (Fn::Transform AWS::Include)"]
    assert resources["Undefined"].notes == [
        "included although its condition is unknown (condition Nowhere (not defined))"
    ]
    assert resources["Json"].attributes == {
        "RedrivePolicy": '{"maxReceiveCount":5,"deadLetterTargetArn":"x"}',
        "Count": 3,
        "Bad": Unknown("Fn::Select"),
    }


def test_ref_and_getatt_to_undefined_names_warn(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Resources:\n"
        "  Queue:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      A: !Ref Ghost\n"
        "      B: !GetAtt Phantom.Arn\n"
        "      C: !Sub '${AWS::AccountId}-${AWS::StackId}'\n"
        "      D: !Base64\n"
        "        Fn::Sub: 'echo ${Queue}'\n"
    )
    project = read_file(template)
    assert messages(project) == [
        "t.yaml:5: warning: Ref to Ghost, which is neither a parameter nor a resource of this template",
        "t.yaml:6: warning: Fn::GetAtt of Phantom, which is not a resource of this template",
    ]
    assert project.resources[0].attributes == {
        "A": Unknown("Ref Ghost"),
        "B": Unknown("Fn::GetAtt Phantom.Arn"),
        "C": Unknown("Fn::Sub ${AWS::AccountId} ${AWS::StackId}"),
        "D": Unknown("Fn::Base64 of Fn::Sub ${Queue}", ref="Queue"),
    }


def test_if_with_unknown_condition_but_equal_branches(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Parameters:\n"
        "  Env: {Type: String}\n"
        "Conditions:\n"
        "  Prod: !Equals [!Ref Env, prod]\n"
        "  ProdOrTrue: !Or [!Condition Prod, !Equals [a, a]]\n"
        "  ProdAndFalse: !And [!Condition Prod, !Equals [a, b]]\n"
        "Resources:\n"
        "  Queue:\n"
        "    Type: AWS::SQS::Queue\n"
        "    Properties:\n"
        "      Same: !If [Prod, 30, 30]\n"
        "      Differs: !If [Prod, 60, 30]\n"
        "  KeptByOr:\n"
        "    Type: AWS::SNS::Topic\n"
        "    Condition: ProdOrTrue\n"
        "  DroppedByAnd:\n"
        "    Type: AWS::SNS::Topic\n"
        "    Condition: ProdAndFalse\n"
    )
    project = read_file(template)
    resources = by_address(project)
    assert resources["Queue"].attributes == {
        "Same": 30,
        "Differs": Unknown("Fn::If Prod (condition Prod: parameter Env)"),
    }
    # Three-valued logic: a true operand decides Or, a false one decides And, despite the unknown.
    assert resources["KeptByOr"].notes == []
    assert "DroppedByAnd" not in resources


def test_byte_order_mark_and_unquoted_dates(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_bytes(
        "\ufeffAWSTemplateFormatVersion: 2010-09-09\nResources:\n  Bucket:\n"
        "    Type: AWS::S3::Bucket\n    Properties:\n      Created: 2024-01-31\n".encode()
    )
    project = read_file(template)
    assert messages(project) == []
    assert project.resources[0].attributes == {"Created": "2024-01-31"}


def test_binary_content_after_a_template_header(tmp_path: Path) -> None:
    template = tmp_path / "t.template"
    template.write_bytes(b"AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n" + b"\0\1\2" * 4000)
    assert messages(read_file(template)) == ["t.template:1: error: binary file, not a CloudFormation template"]


def test_rules_section_functions_are_not_unknown_tags(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(
        "Parameters:\n"
        "  Env: {Type: String, Default: dev}\n"
        "Rules:\n"
        "  ProdOnlyLarge:\n"
        "    RuleCondition: !Equals [!Ref Env, prod]\n"
        "    Assertions:\n"
        "      - Assert: !Contains [[prod], !Ref Env]\n"
        "      - Assert: !EachMemberIn [!ValueOfAll [AWS::EC2::Subnet::Id, Tags], !RefAll AWS::EC2::VPC::Id]\n"
        "Resources:\n"
        "  Bucket:\n"
        "    Type: AWS::S3::Bucket\n"
    )
    project = read_file(template)
    assert (messages(project), [r.address for r in project.resources]) == ([], ["Bucket"])
