"""Prices derived from Infracost's golden tables, and the decimal recovery they rely on.

Expected figures are worked out by hand from the source lines quoted in each test, and checked
against ``sanity-checks.json`` (derived independently from the same files).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.pricing.catalog import normalise
from costlint.pricing.records import PriceRecord, Tier
from costlint.pricing.sources import golden, sanity
from costlint.pricing.sources.decimals import (
    Ambiguous,
    Interval,
    shortest_decimal,
    shortest_float32,
    unit_price_interval,
)
from costlint.pricing.sources.golden_table import parse

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "pricing_sources"


# -- decimals ----------------------------------------------------------------------------------------


def test_shortest_decimal_recovers_list_prices_from_rounded_costs() -> None:
    # NAT gateway: 730 hours cost $32.85 -> [32.845/730, 32.855/730] = [0.044993, 0.045007] -> 0.045.
    assert shortest_decimal(unit_price_interval(Decimal(730), Decimal(0), Decimal("32.85"))) == Decimal("0.045")
    # ALB: 730 h $16.43 -> [0.0225, 0.022514] -> 0.0225 (0.02 and 0.03 are outside).
    assert shortest_decimal(unit_price_interval(Decimal(730), Decimal(0), Decimal("16.43"))) == Decimal("0.0225")
    # Lambda: 6,000,000,000 GB-s cost $100,000.20 -> 0.0000166667 (unique at 10 decimal places).
    assert shortest_decimal(unit_price_interval(Decimal(6_000_000_000), Decimal(0), Decimal("100000.20"))) == Decimal(
        "0.0000166667"
    )


def test_shortest_decimal_refuses_ambiguous_intervals() -> None:
    # DynamoDB: 3,000,000 WRU cost $1.88 -> per million [0.625, 0.62833]: 0.625, 0.626, 0.627, 0.628.
    interval = unit_price_interval(Decimal(3), Decimal(0), Decimal("1.88"))
    with pytest.raises(Ambiguous):
        shortest_decimal(interval)
    assert (
        shortest_decimal(
            Interval(
                Decimal(0),
                Decimal("0.00001"),
            ),
            max_places=3,
        )
        is None
    )


def test_printed_quantities_with_decimals_widen_the_interval() -> None:
    # Aurora: 52.56 (1M requests) cost $10.51; 52.56 may be 52.555..52.565.
    interval = unit_price_interval(Decimal("52.56"), Decimal("0.005"), Decimal("10.51"))
    assert interval.lo < Decimal("10.505") / Decimal("52.56") and shortest_decimal(interval) == Decimal("0.2")


def test_float32_values_read_back_as_published_decimals() -> None:
    assert shortest_float32(Decimal("0.09000000357627869")) == Decimal("0.09")
    assert shortest_float32(Decimal("0.08500000089406967")) == Decimal("0.085")
    assert shortest_float32(Decimal("0.1093")) == Decimal("0.1093")


# -- the table parser --------------------------------------------------------------------------------

TABLE = """
 Name                                             Monthly Qty  Unit                  Monthly Cost

 aws_instance.web
 ├─ Instance usage (Linux/UNIX, on-demand, t3.medium)     730  hours                       $30.37
 └─ ebs_block_device[0]
    ├─ Storage (provisioned IOPS SSD, io1)                 20  GB                           $2.50
    └─ Provisioned IOPS                                   200  IOPS                        $13.00
 aws_nat_gateway.nat
 └─ Data processed              Monthly cost depends on usage: $0.045 per GB

 OVERALL TOTAL                                                                             $45.87
"""


def test_parser_builds_the_component_tree() -> None:
    instance, nat = parse(TABLE)
    assert instance.label == "aws_instance.web" and instance.resource_type == "aws_instance"
    usage, device = instance.children
    assert (usage.quantity, usage.unit, usage.cost) == ("730", "hours", Decimal("30.37"))
    storage, iops = device.children
    assert iops.parent is device and iops.siblings == [storage, iops] and iops.depth == 2
    assert (nat.children[0].usage_price, nat.children[0].unit) == ("0.045", "GB")


def test_rules_take_attributes_from_sibling_lines() -> None:
    observations, unmapped = golden.observe(golden.GOLDEN_FILES["instance"], TABLE)
    keys = {(k.service, k.product, k.attributes) for k in observations}
    assert ("ebs", "iops", (("volume_type", "io1"),)) in keys  # from "Storage (provisioned IOPS SSD, io1)"
    assert ("vpc", "nat_gateway_data", ()) in keys
    assert unmapped == 1  # Linux instance hours: Karpenter's table is the EC2 source


# -- derived prices ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def derived() -> golden.GoldenResult:
    return golden.read(SOURCES)


def _find(
    result: golden.GoldenResult, service: str, product: str, region: str = "us-east-1", **attrs: str
) -> PriceRecord | None:
    for record in result.records:
        if (record.service, record.product, record.region, record.attributes) == (service, product, region, attrs):
            return record
    return None


def _price(result: golden.GoldenResult, service: str, product: str, region: str = "us-east-1", **attrs: str) -> str:
    record = _find(result, service, product, region, **attrs)
    assert record is not None, (service, product, region, attrs)
    return format(record.price.normalize(), "f")


def test_hand_worked_unit_prices(derived: golden.GoldenResult) -> None:
    # ebs_volume: "Storage (general purpose SSD, gp3) 40 GB $3.20" -> 0.08; "Provisioned throughput 5 Mbps $0.20"
    # -> 0.04; gp3 "Provisioned IOPS 1,000 IOPS $5.00" -> 0.005; io1 "300 IOPS $19.50" -> 0.065.
    assert _price(derived, "ebs", "storage", volume_type="gp3") == "0.08"
    assert _price(derived, "ebs", "throughput", volume_type="gp3") == "0.04"
    assert _price(derived, "ebs", "iops", volume_type="gp3") == "0.005"
    assert _price(derived, "ebs", "iops", volume_type="io1") == "0.065"
    # eip: "IP address (if unused) 730 hours $3.65" -> 0.005.
    assert _price(derived, "vpc", "public_ipv4", state="idle") == "0.005"
    # lb: "Load balancer capacity units 1.3698 LCU $8.00": 1.3698 LCU-months = 999.95 LCU-hours -> 0.008.
    assert _price(derived, "elb", "capacity_units", lb_type="application") == "0.008"
    assert _price(derived, "elb", "capacity_units", lb_type="network") == "0.006"
    # ecs_service: "Per vCPU per hour 1 CPU $29.55" = 730 vCPU-hours -> 0.04048.
    assert _price(derived, "fargate", "vcpu", os="linux", architecture="x86_64", purchase="on_demand") == "0.04048"
    # db_instance: "Storage (general purpose SSD, gp2) 20 GB $2.30" -> 0.115; Multi-AZ "30 GB $6.90" -> 0.23;
    # "Provisioned IOPS 1,200 IOPS $120.00" -> 0.1; "Provisioned GP3 IOPS (above 3,000) 1,000 IOPS $20.00" -> 0.02.
    assert _price(derived, "rds", "storage", storage_type="gp2", deployment="single_az") == "0.115"
    assert _price(derived, "rds", "storage", storage_type="gp2", deployment="multi_az") == "0.23"
    assert _price(derived, "rds", "iops", storage_type="io1", deployment="single_az") == "0.1"
    assert _price(derived, "rds", "iops", storage_type="gp3", deployment="single_az") == "0.02"
    # db_instance: "Database instance (on-demand, Single-AZ, db.t3.large) 730 hours $99.28" -> 0.136.
    assert (
        _price(derived, "rds", "instance", instance_class="db.t3.large", engine="mysql", deployment="single_az")
        == "0.136"
    )
    # elasticache_cluster: aws_elasticache_cluster.memcached "cache.m4.large 1,460 hours $227.76" -> 0.156
    # (coroot lacks this row: its generator drops the first row of each region and engine).
    assert _price(derived, "elasticache", "node", node_type="cache.m4.large", engine="memcached") == "0.156"
    # eks_node_group: "Instance usage (Windows, on-demand, t3.medium) 730 hours $43.80" -> 0.06.
    assert (
        _price(
            derived, "ec2", "instance", instance_type="t3.medium", os="windows", tenancy="shared", purchase="on_demand"
        )
        == "0.06"
    )
    # instance: aws_instance.std_1yr_no_upfront "reserved, t3.medium 730 hours $19.05" -> 0.0261.
    assert (
        _price(
            derived,
            "ec2",
            "reserved_instance",
            instance_type="t3.medium",
            os="linux",
            tenancy="shared",
            term="1yr",
            offering_class="standard",
            payment="no_upfront",
        )
        == "0.0261"
    )


def test_prices_seen_in_several_files_are_pinned_by_all_of_them(derived: golden.GoldenResult) -> None:
    # eks_fargate_profile alone: "Per GB per hour 1 GB $3.24" fits 0.00444 (fewest places) and 0.004445;
    # ecs_service's "10 GB $32.45" narrows it to [0.0044445, 0.0044459]: 0.004445.
    record = _find(derived, "fargate", "memory", os="linux", architecture="x86_64", purchase="on_demand")
    assert record is not None and record.price == Decimal("0.004445")
    assert record.source == "infracost-golden:ecs_service" and "eks_fargate_profile" in record.note


def test_tiers_come_from_the_fixtures_quantities(derived: golden.GoldenResult) -> None:
    # lambda_function: first 6B GB-s $100,000.20, next 9B $135,000.00, over 15B (46.44B) $619,203.10.
    duration = _find(derived, "lambda", "duration", architecture="x86_64")
    assert duration is not None and duration.tiers == (
        Tier(Decimal(0), Decimal(6_000_000_000), Decimal("0.0000166667")),
        Tier(Decimal(6_000_000_000), Decimal(15_000_000_000), Decimal("0.000015")),
        Tier(Decimal(15_000_000_000), None, Decimal("0.0000133334")),
    )
    # route53_record: standard, latency and geo tiers side by side in one resource.
    latency = _find(derived, "route53", "queries", "global", query_type="latency")
    assert latency is not None and [(t.end, t.price) for t in latency.tiers] == [
        (Decimal(1000), Decimal("0.6")),
        (None, Decimal("0.3")),
    ]
    # cloudfront: "first 10TB" is 10,240 GB, then 40,960, 102,400, 358,400, 536,576, 4,194,304 GB.
    data_out = _find(derived, "cloudfront", "data_out", "global", geography="europe_israel")
    assert data_out is not None
    assert [t.end for t in data_out.tiers] == [Decimal(n) for n in (10240, 51200, 153600, 512000, 1048576, 5242880)] + [
        None
    ]
    assert data_out.tiers[0].price == Decimal("0.085") and data_out.tiers[-1].price == Decimal("0.02")
    # api_gateway_rest_api: 333M $1,165.50 (3.5), 667M $1,867.60 (2.8), 19B $45,220 (2.38), over 20B (1.51).
    rest = _find(derived, "apigateway", "rest_requests")
    assert rest is not None and [t.price for t in rest.tiers] == [Decimal(p) for p in ("3.5", "2.8", "2.38", "1.51")]


def test_other_regions_only_where_the_fixture_runs_there(derived: golden.GoldenResult) -> None:
    # rds_cluster: aws_rds_cluster.my_sql_brazil (sa-east-1): backup "$0.037 per GB", export "$0.015 per GB"
    # (exact, under $0.10); its storage ($0.19) and I/O ($0.28) are rounded and unconfirmed: not taken.
    assert _price(derived, "rds", "aurora_backup_storage", "sa-east-1") == "0.037"
    assert _price(derived, "rds", "aurora_snapshot_export", "sa-east-1") == "0.015"
    assert _find(derived, "rds", "aurora_storage", "sa-east-1", storage_config="standard") is None
    # dynamodb_table runs in us-east-2; its us-west-1 replica: "20 rWCU $10.59" = 14,600 rWCU-hours -> 0.000725.
    assert _price(derived, "dynamodb", "write_capacity", "us-east-2", table_class="standard") == "0.00065"
    assert _price(derived, "dynamodb", "replicated_write_capacity", "us-west-1", table_class="standard") == "0.000725"
    assert _find(derived, "dynamodb", "write_capacity", "us-east-1", table_class="standard") is None
    # sns_topic: FIFO payload in eu-west-1 "$0.0187 per GB".
    assert _price(derived, "sns", "fifo_payload", "eu-west-1") == "0.0187"


def test_rounded_or_ambiguous_figures_give_no_price(derived: golden.GoldenResult) -> None:
    # kms_key: asymmetric "$0.15 per 10k requests" and ECC "$0.10" are rounded usage prices only.
    assert _find(derived, "kms", "requests", request_type="asymmetric") is None
    assert _find(derived, "kms", "requests", request_type="ecc_generate_data_key_pair") is None
    assert _find(derived, "rds", "aurora_storage", storage_config="io_optimized") is None  # "$0.23", AWS 0.225
    assert _find(derived, "dynamodb", "write_requests", "us-east-2", table_class="standard") is None
    reasons = [str(p) for p in derived.problems]
    assert any("write_requests" in r and "ambiguous" in r for r in reasons)


def test_golden_derivations_agree_with_the_sanity_checks(derived: golden.GoldenResult) -> None:
    entries = json.loads((SOURCES / "sanity-checks.json").read_text(), parse_float=Decimal)["entries"]
    checked = 0
    for entry in entries:
        if not any(s.startswith("infracost-golden/") for s in entry["sources"]):
            continue
        region = "global" if entry["region"].startswith("global") else entry["region"]
        mapped = sanity.CATALOG_KEYS.get((entry["service"], entry["item"], region))
        if mapped is None:
            continue  # a monthly total or the spot ratio: not a catalog price
        service, product, attrs = mapped
        record = _find(derived, service, product, region, **normalise("aws", service, product, attrs))
        if record is None:
            # Another file's value (coroot's cache.m5.large), or a line too rounded to give one price
            # (3,000,000 WRU for $1.88): the build reports those.
            continue
        assert record.price == entry["value"], (entry["item"], record.price, entry["value"])
        checked += 1
    assert checked >= 55


def test_golden_file_table_matches_the_sources_readme() -> None:
    readme = (SOURCES / "UPSTREAM-README.md").read_text()
    rows = re.findall(
        r"^\| `(\w+)_test\.golden` \|[^|]*\| ([^|]*) \| `([0-9a-f]{7})` (\d{4}-\d\d-\d\d) \|$", readme, flags=re.M
    )
    assert len(rows) == len(golden.GOLDEN_FILES) == 32
    for stem, region_text, short_commit, date in rows:
        meta = golden.GOLDEN_FILES[stem]
        assert meta.commit.startswith(short_commit) and meta.date == date, stem
        assert re.search(r"[a-z]{2}-[a-z]+-\d", region_text).group(0) == meta.region, stem  # type: ignore[union-attr]
