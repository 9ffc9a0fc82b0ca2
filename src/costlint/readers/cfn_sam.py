"""AWS SAM resources as their CloudFormation equivalents, so that estimators see one shape.

``AWS::Serverless::Function`` keeps its native type but gets ``AWS::Lambda::Function`` properties
(with ``Globals.Function`` merged and SAM's documented defaults, MemorySize 128 and Timeout 3, applied);
``AWS::Serverless::SimpleTable`` gets ``AWS::DynamoDB::Table`` properties. Only what SAM's own
translation would produce for the resource itself is mapped: the event sources, roles and aliases SAM
would add as separate resources are not listed.
"""

from __future__ import annotations

from typing import Any

from costlint.model import Unknown

FUNCTION = "AWS::Serverless::Function"
SIMPLE_TABLE = "AWS::Serverless::SimpleTable"

# SAM resource type -> its section of the template's Globals.
GLOBALS_SECTION = {
    FUNCTION: "Function",
    SIMPLE_TABLE: "SimpleTable",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::HttpApi": "HttpApi",
    "AWS::Serverless::StateMachine": "StateMachine",
    "AWS::Serverless::LayerVersion": "LayerVersion",
}

SAM_DEFAULTS = {"MemorySize": 128, "Timeout": 3}

# Properties with the same name and meaning on AWS::Lambda::Function. ProvisionedConcurrencyConfig is
# not a Lambda::Function property (SAM puts it on an alias) but is kept: it is what costs money.
_SAME_AS_LAMBDA = (
    "Architectures",
    "CodeSigningConfigArn",
    "Description",
    "Environment",
    "EphemeralStorage",
    "FileSystemConfigs",
    "FunctionName",
    "Handler",
    "ImageConfig",
    "KmsKeyArn",
    "Layers",
    "LoggingConfig",
    "MemorySize",
    "PackageType",
    "ProvisionedConcurrencyConfig",
    "RecursiveLoop",
    "ReservedConcurrentExecutions",
    "Role",
    "Runtime",
    "RuntimeManagementConfig",
    "SnapStart",
    "Timeout",
    "VpcConfig",
)
_DYNAMODB_TYPES = {"String": "S", "Number": "N", "Binary": "B"}


def _is_intrinsic(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and len(node) == 1
        and (next(iter(node)) == "Ref" or str(next(iter(node))).startswith("Fn::"))
    )


def merge_globals(global_properties: Any, properties: Any) -> Any:
    """SAM's Globals rules: maps merge (resource wins), lists add up (globals first), scalars override."""
    if not isinstance(global_properties, dict) or _is_intrinsic(global_properties):
        return properties
    if properties is None:
        return global_properties
    if not isinstance(properties, dict) or _is_intrinsic(properties):
        return properties
    merged = dict(global_properties)
    for key, value in properties.items():
        current = merged.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            merged[key] = merge_globals(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            merged[key] = [*current, *value]
        else:
            merged[key] = value
    return merged


def _tag_list(tags: Any) -> Any:
    if isinstance(tags, dict):
        return [{"Key": k, "Value": v} for k, v in tags.items()]
    return tags


def lambda_properties(props: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Evaluated SAM function properties -> AWS::Lambda::Function properties, and notes."""
    out = {name: props[name] for name in _SAME_AS_LAMBDA if name in props}
    notes = []
    defaults = [f"{name}={value}" for name, value in SAM_DEFAULTS.items() if name not in out]
    for name, value in SAM_DEFAULTS.items():
        out.setdefault(name, value)
    if defaults:
        notes.append("SAM defaults applied: " + ", ".join(defaults))
    code = _code(props)
    if code is not None:
        out["Code"] = code
    if "ImageUri" in props and "PackageType" not in out:
        out["PackageType"] = "Image"
    if "Tracing" in props:
        out["TracingConfig"] = {"Mode": props["Tracing"]}
    dlq = props.get("DeadLetterQueue")
    if isinstance(dlq, dict) and "TargetArn" in dlq:
        out["DeadLetterConfig"] = {"TargetArn": dlq["TargetArn"]}
    if "Tags" in props:
        out["Tags"] = _tag_list(props["Tags"])
    return out, notes


def _code(props: dict[str, Any]) -> dict[str, Any] | None:
    if "InlineCode" in props:
        return {"ZipFile": props["InlineCode"]}
    if "ImageUri" in props:
        return {"ImageUri": props["ImageUri"]}
    uri = props.get("CodeUri")
    if isinstance(uri, dict):
        names = {"Bucket": "S3Bucket", "Key": "S3Key", "Version": "S3ObjectVersion"}
        return {names[k]: v for k, v in uri.items() if k in names}
    if isinstance(uri, str) and uri.startswith("s3://"):
        bucket, _, key = uri.removeprefix("s3://").partition("/")
        return {"S3Bucket": bucket, "S3Key": key}
    return None  # a local path, uploaded by `sam package`: no Lambda equivalent before packaging


def dynamodb_properties(props: dict[str, Any]) -> dict[str, Any]:
    """Evaluated SimpleTable properties -> AWS::DynamoDB::Table properties."""
    key = props.get("PrimaryKey")
    if not isinstance(key, dict):
        key = {"Name": "id", "Type": "String"}  # SAM's default primary key
    name = key.get("Name", "id")
    key_type = key.get("Type", "String")
    attribute_type = key_type if isinstance(key_type, Unknown) else _DYNAMODB_TYPES.get(key_type, key_type)
    out: dict[str, Any] = {
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": attribute_type}],
        "KeySchema": [{"AttributeName": name, "KeyType": "HASH"}],
    }
    if "ProvisionedThroughput" in props:
        out["BillingMode"] = "PROVISIONED"
        out["ProvisionedThroughput"] = props["ProvisionedThroughput"]
    else:
        out["BillingMode"] = "PAY_PER_REQUEST"
    for name in ("TableName", "SSESpecification", "PointInTimeRecoverySpecification"):
        if name in props:
            out[name] = props[name]
    if "Tags" in props:
        out["Tags"] = _tag_list(props["Tags"])
    return out
