"""KMS keys and Secrets Manager secrets (Terraform ``aws_kms_key`` / ``aws_kms_replica_key`` /
``aws_kms_external_key`` / ``aws_secretsmanager_secret``; CloudFormation ``AWS::KMS::Key`` /
``AWS::KMS::ReplicaKey`` / ``AWS::SecretsManager::Secret``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource
from costlint.specs.values import Text, attr, known_blocks, text


@dataclass
class KeySpec:
    key_spec: Text
    """``SYMMETRIC_DEFAULT`` (the default), ``RSA_2048``, ``ECC_NIST_P256``, ``HMAC_256``, ...; None when not set."""


@dataclass
class SecretSpec:
    replica_regions: list[Any] = field(default_factory=list)


def key(resource: Resource) -> KeySpec:
    value = text(attr(resource, "customer_master_key_spec", "key_spec", "KeySpec"), "key spec")
    return KeySpec(key_spec=value.upper() if isinstance(value, str) else value)


def secret(resource: Resource) -> SecretSpec:
    return SecretSpec(
        replica_regions=[attr(r, "region", "Region") for r in known_blocks(attr(resource, "replica", "ReplicaRegions"))]
    )
