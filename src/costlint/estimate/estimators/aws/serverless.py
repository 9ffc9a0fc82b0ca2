"""Lambda: requests, duration (GB-seconds by architecture, in the catalog's price bands) and ephemeral
storage above the included 512 MB; provisioned concurrency (executions x memory, every second of the
month, by architecture).

Everything but provisioned concurrency depends on usage. Invocations served by provisioned concurrency
are billed a lower duration rate; the function's duration is priced at the on-demand rate (said).
Duration bands are applied per function: AWS applies them to the account's total per region and
architecture, so a function alone reaches the cheaper bands later than it would with its neighbours
(said as an assumption when a band is crossed).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from costlint.estimate.context import Context
from costlint.estimate.estimators.aws._data_helpers import MILLION, THOUSAND
from costlint.estimate.model import HOURS_PER_MONTH, Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import serverless as specs
from costlint.specs.aws.names import names

DEFAULT_MEMORY_MB = Decimal(128)
INCLUDED_EPHEMERAL_MB = Decimal(512)
MB_PER_GB = Decimal(1024)
ARCHITECTURES = ("x86_64", "arm64")
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600

USAGE = (
    UsageKey("monthly_requests", "Invocations per month", 1_000_000),
    UsageKey("request_duration_ms", "Average duration of an invocation (ms, billed rounded up to 1 ms)", 250),
)


def _memory_and_architecture(ctx: Context, spec: specs.FunctionSpec) -> tuple[Decimal, str]:
    memory = ctx.known(spec.memory_mb, "memory_size")
    if memory is None:
        memory = DEFAULT_MEMORY_MB
        ctx.assume(f"memory_size not set: {DEFAULT_MEMORY_MB} MB")
    architecture = ctx.known(spec.architecture, "architectures") or "x86_64"
    if architecture not in ARCHITECTURES:
        raise NotPriced(f"architecture {architecture} is not a Lambda architecture ({', '.join(ARCHITECTURES)})")
    return memory, architecture


def function(resource: Resource, ctx: Context) -> list[Component]:
    spec = specs.function(resource)
    memory, architecture = _memory_and_architecture(ctx, spec)
    storage = ctx.known(spec.ephemeral_storage_mb, "ephemeral_storage size")
    requests = ctx.usage_number(resource, "monthly_requests")
    duration_ms = ctx.usage_number(resource, "request_duration_ms")
    seconds = None  # invocation-seconds per month
    if requests is not None and duration_ms is not None:
        seconds = requests * duration_ms.to_integral_value(rounding=ROUND_CEILING) / THOUSAND
    out = [
        ctx.component(
            resource,
            "Requests",
            "lambda",
            "requests",
            None if requests is None else requests / MILLION,
            usage_based=True,
        )
    ]
    gb_seconds = None if seconds is None else seconds * memory / MB_PER_GB
    duration = ctx.tiered_components(resource, "Duration", "lambda", "duration", gb_seconds, architecture=architecture)
    if len(duration) > 1:
        ctx.assume(
            "duration price bands applied to this function alone (AWS applies them to the account's "
            "total per region and architecture)"
        )
    out += duration
    if storage is not None and storage > INCLUDED_EPHEMERAL_MB:
        extra_gb = (storage - INCLUDED_EPHEMERAL_MB) / MB_PER_GB
        out.append(
            ctx.component(
                resource,
                f"Ephemeral storage (above {INCLUDED_EPHEMERAL_MB} MB)",
                "lambda",
                "ephemeral_storage",
                None if seconds is None else seconds * extra_gb,
                usage_based=True,
            )
        )
    concurrency = ctx.known(spec.provisioned_concurrency, "ProvisionedConcurrentExecutions")
    if concurrency:
        out.append(_provisioned(resource, ctx, concurrency, memory, architecture))
    return out


def _provisioned(
    resource: Resource, ctx: Context, executions: Decimal, memory: Decimal, architecture: str
) -> Component:
    """Executions x memory (GB) configured every second of the month."""
    ctx.assume(
        "invocations served by provisioned concurrency are billed a lower duration rate: the function's "
        "duration is priced at the on-demand rate"
    )
    return ctx.component(
        resource,
        f"Provisioned concurrency ({executions} x {memory} MB)",
        "lambda",
        "provisioned_concurrency",
        executions * memory / MB_PER_GB * SECONDS_PER_MONTH,
        architecture=architecture,
    )


def provisioned_concurrency(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_lambda_provisioned_concurrency_config``: priced with its function's memory and architecture."""
    spec = specs.provisioned_config(resource)
    executions = ctx.required(spec.executions, "provisioned_concurrent_executions")
    if not executions:
        return []
    target = ctx.linked(spec.function, ("lambda.function",), names)
    if target is None:
        ctx.known(spec.function, "function_name")
        raise NotPriced(f"function {spec.function!r} is not in this project: its memory is unknown")
    memory, architecture = _memory_and_architecture(ctx, specs.function(target))
    return [_provisioned(resource, ctx, executions, memory, architecture)]


def alias_or_version(resource: Resource, ctx: Context) -> list[Component]:
    """Free, unless it carries provisioned concurrency (CloudFormation ``ProvisionedConcurrencyConfig``)."""
    if not ctx.known(specs.provisioned_concurrency(resource), "ProvisionedConcurrentExecutions"):
        return []
    return provisioned_concurrency(resource, ctx)
