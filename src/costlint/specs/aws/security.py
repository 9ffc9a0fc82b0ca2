"""KMS keys, Secrets Manager secrets and WAF web ACLs (Terraform ``aws_kms_key`` / ``aws_kms_replica_key`` /
``aws_kms_external_key`` / ``aws_secretsmanager_secret`` / ``aws_wafv2_web_acl``; CloudFormation
``AWS::KMS::Key`` / ``AWS::KMS::ReplicaKey`` / ``AWS::SecretsManager::Secret`` / ``AWS::WAFv2::WebACL``)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from costlint.model import Resource, Unknown
from costlint.specs import InvalidValue
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


@dataclass
class WebAclSpec:
    rules: int | Unknown
    """Rules of the web ACL (a rule group referenced by a rule counts as one rule)."""
    managed_groups: list[str] = field(default_factory=list)
    """Names of the managed rule groups its rules use (``AWSManagedRulesBotControlRuleSet``, ...)."""


def web_acl(resource: Resource) -> WebAclSpec:
    """``aws_wafv2_web_acl`` (``rule`` blocks, or ``rule_json``) / ``AWS::WAFv2::WebACL`` (``Rules``)."""
    raw = attr(resource, "rule", "Rules")
    if raw is None and isinstance(attr(resource, "rule_json"), str):
        try:
            raw = json.loads(attr(resource, "rule_json"))
        except ValueError:
            raise InvalidValue("rule_json is not valid JSON") from None
    if isinstance(raw, Unknown):
        return WebAclSpec(rules=raw)
    rules = known_blocks(raw)
    return WebAclSpec(rules=len(rules), managed_groups=[name for rule in rules for name in _managed_groups(rule)])


def _managed_groups(value: Any) -> list[str]:
    """Managed rule group names anywhere inside a rule's statement (nested in and/or/not statements)."""
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if key in ("managed_rule_group_statement", "ManagedRuleGroupStatement"):
                for statement in known_blocks(item):
                    name = attr(statement, "name", "Name")
                    if isinstance(name, str):
                        found.append(name)
            else:
                found += _managed_groups(item)
        return found
    if isinstance(value, list):
        return [name for item in value for name in _managed_groups(item)]
    return []


@dataclass
class DirectorySpec:
    """``aws_directory_service_directory``, ``AWS::DirectoryService::MicrosoftAD`` and ``::SimpleAD``."""

    directory_type: Text
    """``SimpleAD`` (Terraform's default), ``ADConnector`` or ``MicrosoftAD``."""
    size: Text
    """``Small`` or ``Large`` (Simple AD, AD Connector)."""
    edition: Text
    """``Standard`` or ``Enterprise`` (Microsoft AD; Enterprise when not set)."""
    domain_controllers: Any = None
    """``desired_number_of_domain_controllers`` (Microsoft AD; 2 when not set)."""


def directory(resource: Resource) -> DirectorySpec:
    if resource.type == "AWS::DirectoryService::MicrosoftAD":
        kind: Text = "MicrosoftAD"
    elif resource.type == "AWS::DirectoryService::SimpleAD":
        kind = "SimpleAD"
    else:
        kind = text(attr(resource, "type"), "type")
    return DirectorySpec(
        directory_type=kind,
        size=text(attr(resource, "size", "Size"), "size"),
        edition=text(attr(resource, "edition", "Edition"), "edition"),
        domain_controllers=attr(resource, "desired_number_of_domain_controllers"),
    )
