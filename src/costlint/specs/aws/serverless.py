"""Lambda functions: Terraform ``aws_lambda_function``, CloudFormation ``AWS::Lambda::Function`` and SAM
``AWS::Serverless::Function`` (which the reader gives Lambda properties, SAM defaults applied)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs.values import Num, Text, attr, known_block, number, text


@dataclass
class FunctionSpec:
    memory_mb: Num
    """None when not set (Lambda's default is 128 MB)."""
    architecture: Text
    """``x86_64`` or ``arm64``; None when not set."""
    ephemeral_storage_mb: Num
    """None when not set (512 MB, included)."""
    provisioned_concurrency: Num
    """SAM ``ProvisionedConcurrencyConfig`` on the function; None otherwise."""


def function(resource: Resource) -> FunctionSpec:
    architectures = attr(resource, "architectures", "Architectures")
    if isinstance(architectures, list):
        architecture: Any = architectures[0] if architectures else None
    else:
        architecture = architectures
    if isinstance(architecture, Unknown) or architecture is None:
        arch: Text = architecture
    else:
        arch = text(architecture, "architectures")
    storage = known_block(attr(resource, "ephemeral_storage", "EphemeralStorage"))
    return FunctionSpec(
        memory_mb=number(attr(resource, "memory_size", "MemorySize"), "memory_size"),
        architecture=arch,
        ephemeral_storage_mb=number(attr(storage, "size", "Size"), "ephemeral_storage size"),
        provisioned_concurrency=provisioned_concurrency(resource),
    )


def provisioned_concurrency(resource: Resource) -> Num:
    """``ProvisionedConcurrencyConfig`` of a CloudFormation alias or version (None when absent)."""
    config = known_block(attr(resource, "ProvisionedConcurrencyConfig"))
    return number(attr(config, "ProvisionedConcurrentExecutions"), "ProvisionedConcurrentExecutions")


@dataclass
class ProvisionedSpec:
    """Provisioned concurrency configured on a function's alias or version."""

    function: Any
    """The function: a literal name, or an unknown value whose ``ref`` names it."""
    executions: Num


def provisioned_config(resource: Resource) -> ProvisionedSpec:
    """``aws_lambda_provisioned_concurrency_config``, or a CloudFormation ``AWS::Lambda::Alias`` /
    ``AWS::Lambda::Version`` with ``ProvisionedConcurrencyConfig``."""
    executions = attr(resource, "provisioned_concurrent_executions")
    return ProvisionedSpec(
        function=attr(resource, "function_name", "FunctionName"),
        executions=number(executions, "provisioned_concurrent_executions")
        if executions is not None
        else provisioned_concurrency(resource),
    )
