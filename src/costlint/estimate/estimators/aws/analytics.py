"""Glue crawlers and jobs: DPU-hours at the catalog's rate.

A crawler's DPUs are AWS's to choose (billed per second, ten minutes at least per run): its DPU-hours
come from usage. A job's DPUs are its workers' (or its ``max_capacity``), times the hours it runs a
month (usage). Flex jobs run at a lower rate the catalog does not have: shown missing.
"""

from __future__ import annotations

from decimal import Decimal

from costlint.estimate.context import Context
from costlint.estimate.model import Component, NotPriced
from costlint.estimate.registry import UsageKey
from costlint.model import Resource
from costlint.specs.aws import analytics as specs

CRAWLER_USAGE = (
    UsageKey(
        "monthly_dpu_hours", "DPU-hours the crawler uses a month (billed per second, 10 minutes a run at least)", 5
    ),
)
JOB_USAGE = (UsageKey("monthly_hours", "Hours the job runs a month, all runs together", 10),)
# A Python shell job without max_capacity gets 0.0625 DPU (AWS's default); a Spark job 10 DPUs.
DEFAULT_DPUS = {"pythonshell": Decimal("0.0625"), "glueetl": Decimal(10), "gluestreaming": Decimal(10)}


def crawler(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_glue_crawler`` / ``AWS::Glue::Crawler``."""
    return [ctx.usage_component(resource, "Crawler run time", "glue", "crawler", "monthly_dpu_hours")]


def job(resource: Resource, ctx: Context) -> list[Component]:
    """``aws_glue_job`` / ``AWS::Glue::Job``."""
    spec = specs.job(resource)
    command = ctx.or_default(spec.command, "glueetl", "command name")
    dpus = _dpus(ctx, spec, command)
    hours = ctx.usage_number(resource, "monthly_hours")
    quantity = None if hours is None else dpus * hours
    name = f"Job run time ({dpus} DPU)"
    if ctx.known(spec.execution_class, "execution_class") == "flex":
        return [
            ctx.missing_component(
                name + ", Flex", "DPU-hour", "the price catalog has no Glue Flex price", quantity, usage_based=True
            )
        ]
    return [ctx.component(resource, name, "glue", "job", quantity, usage_based=True)]


def _dpus(ctx: Context, spec: specs.JobSpec, command: str) -> Decimal:
    worker_type = ctx.known(spec.worker_type, "worker_type")
    if worker_type is not None:
        if worker_type not in specs.WORKER_DPUS:
            raise NotPriced(f"worker_type {worker_type} is not a Glue worker type ({', '.join(specs.WORKER_DPUS)})")
        workers = ctx.required(spec.workers, "number_of_workers")
        return Decimal(specs.WORKER_DPUS[worker_type]) * workers
    capacity = ctx.known(spec.max_capacity, "max_capacity")
    if capacity is not None:
        return Decimal(capacity)
    if command not in DEFAULT_DPUS:
        raise NotPriced(f"a {command} job without worker_type or max_capacity: its DPUs are unknown")
    ctx.assume(f"neither worker_type nor max_capacity set: {DEFAULT_DPUS[command]} DPU (AWS's default)")
    return DEFAULT_DPUS[command]
