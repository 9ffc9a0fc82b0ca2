"""The provider seam: the type tables, and a provider added from outside costlint.

A toy provider lives in a temporary package that declares a ``costlint.providers`` entry point; a
Terraform project using it is read, estimated and shown by ``costlint breakdown`` in a fresh process,
with no change to costlint's code. Its one price is made up for a made-up cloud: it prices nothing real.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from costlint import providers
from costlint.estimate.registry import UsageKey, usage_keys_named
from costlint.model import Unknown

SHIPPED = [providers.provider(name) for name in providers.BUILT_IN]


def test_every_reference_of_every_row_resolves() -> None:
    for provider in SHIPPED:
        assert provider is not None
        for row in provider.types:
            if row.spec:
                assert callable(provider.resolve(provider.specs, row.spec)), row.kind
            if row.estimator:
                fn = provider.resolve(provider.estimators, row.estimator)
                assert list(inspect.signature(fn).parameters) == ["resource", "ctx"], row.kind
            if row.usage:
                keys = provider.resolve(provider.estimators, row.usage)
                assert keys and all(isinstance(k, UsageKey) for k in keys), row.kind
            assert row.free is None or not row.estimator, row.kind
            assert row.free is None or row.free.strip(), row.kind


def test_every_estimator_function_is_named_by_a_row() -> None:
    """No orphan: a function that looks like an estimator but that no row names is a type left out."""
    aws = providers.provider("aws")
    assert aws is not None
    named = {row.estimator for row in aws.types if row.estimator}
    package = importlib.import_module(aws.estimators)
    for path in sorted(Path(package.__path__[0]).glob("*.py")):
        if path.name.startswith("_"):
            continue
        module = importlib.import_module(f"{aws.estimators}.{path.stem}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ != module.__name__ or name.startswith("_"):
                continue
            if list(inspect.signature(fn).parameters) == ["resource", "ctx"]:
                assert f"{path.stem}:{name}" in named, f"{path.stem}:{name} is priced by no row"


def test_kinds_and_types_are_unique_across_providers() -> None:
    seen: dict[str, str] = {}
    for provider in SHIPPED:
        assert provider is not None
        for row in provider.types:
            for native in row.types:
                assert native not in seen, f"{native} in {seen.get(native)} and {provider.name}"
                seen[native] = provider.name


def test_a_free_type_and_a_priced_type_are_one_row_each() -> None:
    nacl = providers.row_of("aws_network_acl")
    assert nacl is not None and nacl.kind == "vpc.network_config" and nacl.free and "network" in nacl.free
    instance = providers.row_of("AWS::EC2::Instance")
    assert instance is not None and instance is providers.row_of("aws_instance")
    assert (instance.kind, instance.estimator, instance.spec) == (
        "ec2.instance",
        "compute:ec2_instance",
        "ec2:instance",
    )
    aws = providers.provider("aws")
    assert aws is not None and aws.free_reason("Custom::Widget", None) is not None
    assert providers.provider("random") is not None and providers.provider("random").free_reason("random_id", None)


def test_usage_keys_by_type_or_kind() -> None:
    by_type = usage_keys_named("aws_nat_gateway")
    assert by_type is not None and usage_keys_named("vpc.nat_gateway") == by_type
    assert [k.name for k in by_type] == ["monthly_data_processed_gb"]
    capacity = usage_keys_named("appautoscaling.target")  # a free kind whose usage others read
    assert capacity is not None and [k.name for k in capacity] == ["capacity"]
    assert usage_keys_named("aws_vpc") is None


@pytest.mark.parametrize(
    ("provider", "attributes", "settings", "expected"),
    [
        ("aws", {"region": "eu-west-3"}, {"region": "us-east-2"}, "eu-west-3"),
        ("aws", {}, {"region": "us-east-2"}, "us-east-2"),
        ("aws", {}, {}, "ap-south-1"),  # AWS_REGION of the environment below
        ("azurerm", {"location": "westeurope"}, None, "westeurope"),
        ("azurerm", {}, None, None),
        ("google", {"zone": "europe-west1-b"}, {"region": "us-central1"}, "europe-west1"),
        ("google", {}, {"zone": "asia-east1-a"}, "asia-east1"),
    ],
)
def test_region_rules_per_provider(provider: str, attributes: dict, settings: dict | None, expected: str) -> None:
    found = providers.provider(provider)
    assert found is not None
    environ = {"AWS_REGION": "ap-south-1"}
    assert found.terraform_region(attributes, settings, provider, environ, None) == expected


def test_an_unconfigured_aws_alias_is_unknown_naming_it() -> None:
    aws = providers.provider("aws")
    assert aws is not None
    region = aws.terraform_region({}, None, "aws.west", {}, "us-east-1")
    assert isinstance(region, Unknown) and region.reason == "provider aws.west is not configured"


# -- a provider from outside ---------------------------------------------------------------------

TOY_PROVIDER = """
from costlint.providers import Provider, RegionRule, row

PROVIDER = Provider(
    name="toy",
    types=(
        row("toy.server", "toy_server", spec="servers:server", estimator="servers:server"),
        row("toy.firewall", "toy_firewall", free="a toy firewall costs nothing"),
    ),
    region=RegionRule(attributes=("location",), settings=("region",), required=True),
    specs="toycloud.specs",
    estimators="toycloud.estimators",
    pricing="toy",
    products="toycloud.prices:PRODUCTS",
    prices="toycloud.prices:PRICE_DIR",
)
"""

TOY_SPECS = """
from dataclasses import dataclass

from costlint.specs.values import attr, lower


@dataclass
class ServerSpec:
    size: object


def server(resource):
    return ServerSpec(size=lower(attr(resource, "size"), "size"))
"""

TOY_ESTIMATORS = """
from costlint.estimate.model import HOURS_PER_MONTH
from toycloud.specs.servers import server as server_spec


def server(resource, ctx):
    spec = server_spec(resource)
    size = ctx.required(spec.size, "size")
    return [ctx.component(resource, f"Server ({size})", "compute", "server", HOURS_PER_MONTH, size=size)]
"""

TOY_PRICES = """
from pathlib import Path

from costlint.pricing.schema import Product

PRODUCTS = (Product("compute", "server", ("size",), "hour", "Toy server hours"),)
PRICE_DIR = Path(__file__).parent / "prices"
"""

TOY_PRICE_FILE = {
    "format": 1,
    "provider": "toy",
    "service": "compute",
    "region": "mars-1",
    "prices": {
        "server|size=large": {
            "price": "0.5",
            "unit": "hour",
            "source": "toy-price-list",
            "date": "2026-12-01",
            "confidence": "high",
        }
    },
}


def _toy_package(root: Path) -> None:
    package = root / "toycloud"
    for sub, text in (("specs", TOY_SPECS), ("estimators", TOY_ESTIMATORS)):
        (package / sub).mkdir(parents=True)
        (package / sub / "__init__.py").write_text("")
        (package / sub / "servers.py").write_text(text)
    (package / "__init__.py").write_text(TOY_PROVIDER)
    (package / "prices.py").write_text(TOY_PRICES)
    price_file = package / "prices" / "toy" / "compute" / "mars-1.json"
    price_file.parent.mkdir(parents=True)
    price_file.write_text(json.dumps(TOY_PRICE_FILE))
    dist = root / "toycloud-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: toycloud\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[costlint.providers]\ntoy = toycloud:PROVIDER\n")


def test_a_toy_provider_flows_from_reading_to_breakdown(tmp_path: Path) -> None:
    plugins = tmp_path / "plugins"
    _toy_package(plugins)
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(
        'provider "toy" {\n  region = "mars-1"\n}\n\n'
        'resource "toy_server" "web" {\n  count = 2\n  size  = "LARGE"\n}\n\n'
        'resource "toy_firewall" "edge" {}\n\n'
        'resource "toy_server" "far" {\n  location = "venus-2"\n  size     = "large"\n}\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugins), os.environ.get("PYTHONPATH", "")])}
    env["COSTLINT_CACHE_DIR"] = str(tmp_path / "cache")
    done = subprocess.run(
        [sys.executable, "-m", "costlint", "breakdown", str(project), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    (cost,) = doc["projects"]
    priced = {r["address"]: r for r in cost["resources"]}
    assert sorted(priced) == ["toy_server.web[0]", "toy_server.web[1]"]
    web = priced["toy_server.web[0]"]
    assert (web["kind"], web["region"]) == ("toy.server", "mars-1")
    # 730 hours x 0.5 per hour
    assert web["monthly_cost"] == 365 and doc["total_monthly_cost"] == 730
    assert web["components"][0]["price_source"] == "toy-price-list (2026-12-01)"
    assert [f["address"] for f in cost["free"]] == ["toy_firewall.edge"]
    (far,) = cost["unpriced"]
    assert far["address"] == "toy_server.far" and "no toy/compute prices for region venus-2" in far["reason"]
