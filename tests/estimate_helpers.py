"""Helpers for the estimator tests: price a Terraform or CloudFormation snippet from the bundled snapshot.

Tests compare components as ``(name, monthly quantity, unit price, monthly cost)`` with figures worked
out by hand from ``pricing_cache/aws/<service>/us-east-1.json``.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

from costlint.estimate.engine import estimate_project
from costlint.estimate.model import ResourceCost
from costlint.estimate.usage import Usage, parse_usage
from costlint.pricing.catalog import BUNDLED, Catalog
from costlint.pricing.locations import bundled_cache_dir
from costlint.readers import ReadOptions, read_paths

_CATALOG: Catalog | None = None


def bundled_catalog() -> Catalog:
    """The bundled snapshot only (a developer's refreshed user cache must not change a test)."""
    global _CATALOG
    if _CATALOG is None:
        _CATALOG = Catalog([(BUNDLED, bundled_cache_dir())])
    return _CATALOG


def _usage(text: str | None) -> Usage | None:
    if text is None:
        return None
    import yaml

    usage, problems = parse_usage(yaml.safe_load(textwrap.dedent(text)), "usage.yml")
    assert not problems, problems
    return usage


def estimate_path(path: Path, usage: Usage | None, options: ReadOptions) -> dict[str, ResourceCost]:
    """Every resource's cost, by address, of the one project found at ``path`` (read without errors)."""
    projects, diagnostics = read_paths([str(path)], options)
    assert not diagnostics, diagnostics
    assert len(projects) == 1, [p.path for p in projects]
    assert not [d for d in projects[0].diagnostics if d.severity == "error"], projects[0].diagnostics
    cost = estimate_project(projects[0], bundled_catalog(), usage)
    return {r.resource.address: r for r in cost.resources}


def _estimate(path: Path, usage: str | None, region: str | None) -> dict[str, ResourceCost]:
    return estimate_path(path, _usage(usage), ReadOptions(region=region, environ={}))


def terraform(
    tmp_path: Path, body: str, usage: str | None = None, region: str = "us-east-1", name: str = "tf"
) -> dict[str, ResourceCost]:
    """Estimate a Terraform root module made of ``body`` (an aws provider in ``region`` is added)."""
    directory = tmp_path / name
    directory.mkdir()
    provider = f'provider "aws" {{\n  region = "{region}"\n}}\n\n' if region else ""
    (directory / "main.tf").write_text(provider + textwrap.dedent(body), encoding="utf-8")
    return _estimate(directory, usage, None)


def cloudformation(
    tmp_path: Path, resources: str, usage: str | None = None, region: str = "us-east-1", name: str = "template.yaml"
) -> dict[str, ResourceCost]:
    """Estimate a template whose ``Resources:`` section is ``resources`` (YAML, indented 2)."""
    path = tmp_path / name
    body = textwrap.indent(textwrap.dedent(resources).strip("\n"), "  ")
    path.write_text(f'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n{body}\n', encoding="utf-8")
    return _estimate(path, usage, region)


def parts(cost: ResourceCost) -> list[tuple[str, Decimal | None, Decimal | None, Decimal | None]]:
    """``(name, monthly quantity, unit price, monthly cost)`` of each component."""
    return [(c.name, c.monthly_quantity, c.unit_price, c.monthly_cost) for c in cost.components]


def figures(cost: ResourceCost) -> list[tuple[Decimal | None, Decimal | None, Decimal | None]]:
    """The numbers of ``parts`` without the names (to compare Terraform with CloudFormation)."""
    return [(q, p, c) for _, q, p, c in parts(cost)]


def D(value: str | int) -> Decimal:  # reads like a literal in expected tuples
    return Decimal(str(value))
