"""KMS keys ($ per key-month, requests from usage), Secrets Manager secrets ($ per secret-month,
replicas included; API calls from usage), WAF web ACLs ($ per web ACL and rule a month, requests from
usage) and Directory Service directories (by the hour; Microsoft AD per domain controller).

AWS-managed keys are not declared in infrastructure code; every key here is customer managed.
"""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION, TEN_THOUSAND
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource, Unknown
from costlint.specs.aws import security as specs

KEY_USAGE = (
    UsageKey("monthly_requests", "Cryptographic requests using the key per month", 100_000),
    UsageKey(
        "monthly_ecc_generate_data_key_pair_requests",
        "GenerateDataKeyPair requests for ECC key pairs per month (symmetric keys)",
        0,
    ),
    UsageKey(
        "monthly_rsa_generate_data_key_pair_requests",
        "GenerateDataKeyPair requests for RSA key pairs per month (symmetric keys)",
        0,
    ),
)
SECRET_USAGE = (UsageKey("monthly_requests", "Secrets Manager API calls per month", 100_000),)


def key(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.key(resource)
    key_spec = ctx.known(spec.key_spec, "key spec") or "SYMMETRIC_DEFAULT"
    out = [ctx.component(resource, "Customer managed key", "kms", "key", 1)]
    requests = ctx.usage_number(resource, "monthly_requests")
    quantity = None if requests is None else requests / TEN_THOUSAND
    if key_spec == "SYMMETRIC_DEFAULT":
        out.append(
            ctx.component(resource, "Requests", "kms", "requests", quantity, usage_based=True, request_type="symmetric")
        )
        for kind in ("ecc", "rsa"):
            pairs = ctx.usage_number(resource, f"monthly_{kind}_generate_data_key_pair_requests")
            if pairs:
                out.append(
                    ctx.component(
                        resource,
                        f"{kind.upper()} GenerateDataKeyPair requests",
                        "kms",
                        "requests",
                        pairs / TEN_THOUSAND,
                        usage_based=True,
                        request_type=f"{kind}_generate_data_key_pair",
                    )
                )
    elif key_spec == "RSA_2048":
        # AWS prices requests to RSA 2048 keys apart from the other asymmetric keys.
        out.append(
            ctx.missing_component(
                "Requests (RSA 2048)",
                "10k requests",
                "the price catalog has no price for requests to RSA 2048 keys",
                quantity,
                usage_based=True,
            )
        )
    elif key_spec.startswith(("RSA_", "ECC_", "SM2")):
        out.append(
            ctx.component(
                resource,
                f"Requests (asymmetric, {key_spec})",
                "kms",
                "requests",
                quantity,
                usage_based=True,
                request_type="asymmetric",
            )
        )
    else:
        out.append(
            ctx.missing_component(
                f"Requests ({key_spec})",
                "10k requests",
                f"the price catalog has no price for requests to {key_spec} keys",
                quantity,
                usage_based=True,
            )
        )
    return out


def secret(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.secret(resource)
    out = [ctx.component(resource, "Secret", "secretsmanager", "secret", 1)]
    for value in spec.replica_regions:
        region = ctx.known(value, "replica region")
        if region is not None:
            # A replica is billed as a secret in its own region.
            out.append(ctx.component_in(resource, region, f"Secret replica ({region})", "secretsmanager", "secret", 1))
    out.append(
        ctx.usage_component(
            resource, "API requests", "secretsmanager", "api_calls", "monthly_requests", scale=1 / TEN_THOUSAND
        )
    )
    return out


# -- WAF web ACLs ------------------------------------------------------------------------------------------

WEB_ACL_USAGE = (UsageKey("monthly_requests", "Web requests the web ACL inspects per month", 10_000_000),)
# Managed rule groups that add a subscription and per-request fees of their own, absent from the catalog.
PAID_MANAGED_GROUPS = {
    "AWSManagedRulesBotControlRuleSet": "Bot Control",
    "AWSManagedRulesATPRuleSet": "Fraud Control account takeover prevention",
    "AWSManagedRulesACFPRuleSet": "Fraud Control account creation fraud prevention",
}


def web_acl(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_wafv2_web_acl`` / ``AWS::WAFv2::WebACL``: the web ACL and its rules by the month, requests from
    usage (rule groups referenced by a rule count as one rule each)."""
    spec = specs.web_acl(resource)
    out = [ctx.component(resource, "Web ACL", "waf", "web_acl", 1)]
    if isinstance(spec.rules, Unknown):
        # A dynamic rule list over an unknown collection: the web ACL is priced, its rules are not.
        out.append(ctx.missing_component("Rules", "month", f"the rules are unknown ({spec.rules.reason})"))
    else:
        out.append(ctx.component(resource, f"Rules ({spec.rules})", "waf", "rule", spec.rules))
    out.append(ctx.usage_component(resource, "Requests", "waf", "requests", "monthly_requests", scale=1 / MILLION))
    for name in dict.fromkeys(spec.managed_groups):
        if name in PAID_MANAGED_GROUPS:
            out.append(
                ctx.missing_component(
                    f"{PAID_MANAGED_GROUPS[name]} ({name})",
                    "month",
                    f"the price catalog has no price for the {PAID_MANAGED_GROUPS[name]} subscription and requests",
                    1,
                )
            )
    return out


# -- Directory Service -------------------------------------------------------------------------------------

DEFAULT_DOMAIN_CONTROLLERS = 2


def directory(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_directory_service_directory`` (Simple AD, AD Connector, Managed Microsoft AD),
    ``AWS::DirectoryService::MicrosoftAD`` / ``::SimpleAD``: directory hours, or for Microsoft AD its
    domain controllers' hours (two at least, both in the price)."""
    spec = specs.directory(resource)
    kind = ctx.or_default(spec.directory_type, "SimpleAD", "type")
    if kind == "MicrosoftAD":
        edition = str(ctx.or_default(spec.edition, "Enterprise", "edition", say=True)).lower()
        controllers = ctx.or_default(spec.domain_controllers, DEFAULT_DOMAIN_CONTROLLERS, "domain controllers")
        count = Decimal(str(controllers))
        return [
            ctx.component(
                resource,
                f"Microsoft AD domain controllers ({edition}, {count})",
                "directoryservice",
                "domain_controller",
                count * HOURS_PER_MONTH,
                edition=edition,
            )
        ]
    names = {"SimpleAD": "simple_ad", "ADConnector": "ad_connector"}
    if kind not in names:
        raise NotPriced(f"directory type {kind!r} is not SimpleAD, ADConnector or MicrosoftAD")
    size = str(ctx.required(spec.size, "size")).lower()
    if size not in ("small", "large"):
        raise NotPriced(f"directory size {size!r} is neither Small nor Large")
    return [
        ctx.component(
            resource,
            f"{kind} ({size})",
            "directoryservice",
            "directory",
            HOURS_PER_MONTH,
            directory_type=f"{names[kind]}_{size}",
        )
    ]
