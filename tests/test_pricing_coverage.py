"""``costlint pricing info --coverage``: the service x region matrix, and the rule that no estimated
service lacks a region of the snapshot without a recorded reason."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from costlint.cli import cli
from costlint.pricing import coverage
from costlint.pricing.manifest import Manifest, write_manifest
from costlint.pricing.records import PriceRecord, write_records
from costlint.pricing.schema import AWS_PRODUCTS

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "pricing_cache"


def _estimated_services() -> set[str]:
    """Schema services an estimator prices: named as a string literal in code outside the pricing
    layer (estimators call ``ctx.component(resource, name, "<service>", "<product>", ...)``)."""
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "src" / "costlint").rglob("*.py")
        if not {"pricing", "cli", "reports"} & set(p.relative_to(ROOT / "src" / "costlint").parts[:-1])
    )
    return {p.service for p in AWS_PRODUCTS if f'"{p.service}"' in code}


def _unexplained(found: coverage.Coverage, services: set[str]) -> list[str]:
    """(service, region, product) without a price and without a recorded reason."""
    out = []
    for service in sorted(services):
        for region, cell in found.cells[service].items():
            if not cell.products:
                out.append(f"{service} {region}: no price and no reason")
            for name, reason in cell.unpriced().items():
                if not reason:
                    out.append(f"{service} {region} {name}")
    return out


def test_every_estimated_service_covers_every_snapshot_region_or_says_why() -> None:
    found = coverage.compute([BUNDLED])
    services = _estimated_services()
    # ec2, ebs, vpc, elb, rds, elasticache, lambda, s3, ... cloudfront; and since issue 10's survey of real
    # projects waf, ecr, eventbridge, glue, kinesis, directoryservice
    assert len(services) == 26
    assert len(found.regions) == 32 and "eu-west-1" in found.regions and "us-gov-west-1" not in found.regions
    assert _unexplained(found, services) == []
    # Every estimated service has prices in every region (exact, approximate or partial), bar what AWS
    # does not sell there.
    for service in services:
        for region, cell in found.cells[service].items():
            assert cell.status != coverage.NONE, (service, region)


def _cache(directory: Path, records: list[PriceRecord], not_offered: dict | None = None, **extra: object) -> Path:
    write_records(directory, records, not_offered)
    write_manifest(directory, Manifest(origin="snapshot", extra={"regions": ["r-one-1", "r-two-1"], **extra}))
    return directory


def _price(region: str, product: str, source: str = "f", **attrs: str) -> PriceRecord:
    spec = {"storage": "GB-month", "iops": "IOPS-month", "snapshot": "GB-month"}[product]
    return PriceRecord("aws", "ebs", region, product, attrs, Decimal("0.1"), spec, source, "2026-01-01")


def test_a_region_without_prices_or_reason_is_caught(tmp_path: Path) -> None:
    records = [_price("r-one-1", "storage", volume_type="gp3"), _price("r-one-1", "snapshot")]
    found = coverage.compute([_cache(tmp_path / "a", records)])
    assert found.cells["ebs"]["r-two-1"].status == coverage.NONE
    assert _unexplained(found, {"ebs"}) == ["ebs r-two-1 snapshot", "ebs r-two-1 storage"]
    # AWS does not sell it there: recorded, so explained.
    found = coverage.compute([_cache(tmp_path / "b", records, {("aws", "ebs", "r-two-1"): {"*": "not sold"}})])
    assert found.cells["ebs"]["r-two-1"].status == coverage.NOT_OFFERED
    assert _unexplained(found, {"ebs"}) == []
    # One product priced, one with a recorded gap: partial, explained; derived only: approximate.
    records += [_price("r-two-1", "storage", "guess", volume_type="gp3")]
    found = coverage.compute([_cache(tmp_path / "c", records, gaps={"ebs": {"snapshot": "no source"}})])
    cell = found.cells["ebs"]["r-two-1"]
    assert (cell.status, cell.unpriced()) == (coverage.PARTIAL, {"snapshot": "no source"})
    assert found.cells["ebs"]["r-one-1"].status == coverage.EXACT


def test_coverage_table_json_and_service_view() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["pricing", "info", "--coverage"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Coverage of aws prices in the snapshot's 32 regions" in out and "x not offered in that region" in out
    # One row per region, one symbol per service: eu-west-1 has EBS, NAT, Lambda, S3, ... prices of its own.
    row = next(line for line in out.splitlines() if line.startswith("eu-west-1 "))
    services = {p.service for p in AWS_PRODUCTS}
    assert len(row.split()) == 1 + len(services) and set(row.split()[1:]) <= set("E~P")
    assert re.search(r"ec2 P in 31 regions: cpu_credits ~; reserved_instance: reserved terms", out)
    result = runner.invoke(cli, ["pricing", "info", "--coverage", "--format", "json"])
    doc = json.loads(result.output)
    assert doc["services"]["ebs"]["eu-west-1"]["status"] == "exact"
    assert doc["services"]["efs"]["ap-south-2"]["products"]["storage"]["status"] == "exact"
    assert doc["summary"]["lambda"] == {"exact": 32, "approximate": 0, "partial": 0, "none": 0, "not_offered": 0}
    result = runner.invoke(cli, ["pricing", "info", "--coverage", "--service", "ec2"])
    assert "reserved_instance in 31 regions: reserved terms" in result.output
