"""Readers: Terraform HCL, Terraform plan JSON, CloudFormation and design sheets, each into ``model.Project``.

Each reader module is imported only when a project of its language is found, so that a Terraform-only
run never imports cfn-lint (about half a second) and ``costlint --help`` imports none of them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from costlint.discovery import Discovered, discover
from costlint.errors import CannotRun, debugging
from costlint.model import Diagnostic, Project


@dataclass(frozen=True)
class ReadOptions:
    var_files: tuple[str, ...] = ()
    """Terraform ``--var-file`` files, in the order given (later wins)."""
    variables: tuple[tuple[str, str], ...] = ()
    """Terraform ``--var K=V``, in the order given (later wins)."""
    parameters: tuple[tuple[str, str], ...] = ()
    """CloudFormation ``--parameter K=V`` (win over the parameters file)."""
    parameters_file: str | None = None
    region: str | None = None
    """CloudFormation ``AWS::Region`` (default us-east-1); for Terraform, the region of providers
    whose configuration and environment give none."""
    workspace: str | None = None
    """Terraform's ``terraform.workspace`` (``--workspace``); None: ``TF_WORKSPACE``, else the workspace
    selected in ``.terraform/environment``, else "default"."""
    cache: bool = True
    """The on-disk parse cache (``--no-cache``, ``COSTLINT_NO_CACHE=1``: False); see ``parse_cache``."""
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    """Environment for ``TF_VAR_*``, ``TF_WORKSPACE`` and ``AWS_REGION``/``AWS_DEFAULT_REGION`` (tests pass
    their own)."""


def read_project(found: Discovered, options: ReadOptions) -> Project:
    """Read one project. Never raises for bad input: problems become diagnostics."""
    try:
        if found.language == "terraform":
            from costlint.readers.terraform import read_terraform

            return read_terraform(found, options)
        if found.language == "terraform-plan":
            from costlint.readers.plan import read_plan

            return read_plan(found, options)
        if found.language == "design":
            from costlint.readers.design import read_design

            return read_design(found, options)
        from costlint.readers.cloudformation import read_template

        return read_template(found, options)
    except CannotRun:
        raise
    except RecursionError:
        project = Project(found.display, found.language)
        project.diagnostics.append(Diagnostic(found.display, 1, "input nested too deeply to evaluate"))
        return project
    except Exception as exc:  # a reader bug must not cost the user the rest of the run
        if debugging():
            raise
        project = Project(found.display, found.language)
        project.diagnostics.append(
            Diagnostic(
                found.display,
                1,
                f"internal error while reading ({type(exc).__name__}: {exc}); set COSTLINT_DEBUG=1 for a traceback",
            )
        )
        return project


def read_paths(
    paths: list[str], options: ReadOptions | None = None, cwd: Path | None = None
) -> tuple[list[Project], list[Diagnostic]]:
    """Discover and read every project under ``paths``.

    Returns the projects and the diagnostics that belong to no project (missing paths, ...); each
    project carries its own diagnostics.
    """
    options = options or ReadOptions()
    found, diagnostics = discover(paths, cwd)
    projects = [read_project(f, options) for f in found]
    if options.variables or options.var_files or options.parameters or options.parameters_file:
        from costlint.readers.inputs import undeclared_inputs

        diagnostics += undeclared_inputs(projects, options)
    return projects, diagnostics
