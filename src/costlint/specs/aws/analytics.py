"""Glue jobs: how many DPUs a run uses (Terraform ``aws_glue_job``, CloudFormation ``AWS::Glue::Job``)."""

from __future__ import annotations

from dataclasses import dataclass

from costlint.model import Resource
from costlint.specs.values import Num, Text, attr, known_block, lower, number, text

# DPUs per worker, by worker type (AWS Glue documentation, "Defining job properties for Spark jobs").
WORKER_DPUS = {"G.025X": "0.25", "G.1X": "1", "G.2X": "2", "G.4X": "4", "G.8X": "8", "Z.2X": "2", "Standard": "1"}


@dataclass
class JobSpec:
    command: Text
    """``glueetl`` (Spark, the default), ``gluestreaming``, ``pythonshell``, ``glueray`` (lower case)."""
    worker_type: Text
    workers: Num
    max_capacity: Num
    """DPUs of a job without workers (Python shell: 0.0625 or 1; older Spark jobs)."""
    execution_class: Text
    """``standard`` (the default) or ``flex`` (lower case)."""


def job(resource: Resource) -> JobSpec:
    command = known_block(attr(resource, "command", "Command"))
    return JobSpec(
        command=lower(attr(command, "name", "Name"), "command name"),
        worker_type=text(attr(resource, "worker_type", "WorkerType"), "worker_type"),
        workers=number(attr(resource, "number_of_workers", "NumberOfWorkers"), "number_of_workers"),
        max_capacity=number(attr(resource, "max_capacity", "MaxCapacity"), "max_capacity"),
        execution_class=lower(attr(resource, "execution_class", "ExecutionClass"), "execution_class"),
    )
