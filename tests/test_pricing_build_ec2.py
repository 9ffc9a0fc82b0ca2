"""EC2 outside us-east-1 (libcloud vs coroot, family levels) and coroot's Aurora filter."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.pricing.records import PriceRecord
from costlint.pricing.sources import coroot, ec2, karpenter, libcloud

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "pricing_sources"
D = Decimal


def _records(
    reference: dict[str, Decimal], lib: dict[str, dict[str, Decimal]], cor: dict[str, dict[str, Decimal]]
) -> dict[tuple[str, str], PriceRecord]:
    tables = {"libcloud": ("2025-03-02", lib), "coroot": ("2024-08-09", cor)}
    out = {}
    for record in ec2.reconcile(reference, tables, {"us-east-1"}):
        out[(record.region, record.attributes["instance_type"])] = record
    return out


def test_candidate_at_the_family_level_wins_and_contaminated_values_are_scaled() -> None:
    reference = {"m9.large": D("0.1"), "m9.xlarge": D("0.2"), "m9.2xlarge": D("0.4"), "m9.4xlarge": D("0.8")}
    # xx-test-1 is 1.12 x us-east-1 for the family: large, xlarge (libcloud) and 4xlarge (coroot) show it;
    # 2xlarge is 6 % high in both sources (another tenancy's row won in both generators).
    lib = {"xx-test-1": {"m9.large": D("0.112"), "m9.xlarge": D("0.224"), "m9.2xlarge": D("0.4749")}}
    cor = {"xx-test-1": {"m9.large": D("0.1187"), "m9.2xlarge": D("0.4749"), "m9.4xlarge": D("0.896")}}
    records = _records(reference, lib, cor)
    large = records[("xx-test-1", "m9.large")]
    assert (large.price, large.source, large.confidence) == (D("0.112"), "libcloud", "high")
    assert records[("xx-test-1", "m9.4xlarge")].source == "coroot"
    scaled = records[("xx-test-1", "m9.2xlarge")]
    # 0.4 x 1.12 = 0.448, rounded like the family's prices there (3 places).
    assert (scaled.price, scaled.source, scaled.confidence) == (D("0.448"), ec2.SCALED_SOURCE, "low")
    assert "libcloud 0.4749" in scaled.note and "coroot 0.4749" in scaled.note


def test_without_a_family_level_the_us_east_1_match_decides() -> None:
    reference = {"z9.large": D("0.5")}
    lib = {"us-east-1": {"z9.large": D("0.55")}, "xx-test-1": {"z9.large": D("0.66")}}
    cor = {"us-east-1": {"z9.large": D("0.5")}, "xx-test-1": {"z9.large": D("0.6")}}
    record = _records(reference, lib, cor)[("xx-test-1", "z9.large")]
    # coroot matched Karpenter in us-east-1 and libcloud did not; they disagree here: low.
    assert (record.price, record.source, record.confidence) == (D("0.6"), "coroot", "low")
    agreeing = _records(reference, lib | {"xx-test-1": {"z9.large": D("0.6")}}, cor)[("xx-test-1", "z9.large")]
    assert agreeing.confidence == "high"
    unknown = _records({}, {"xx-test-1": {"q1.large": D("0.3")}}, {"xx-test-1": {"q1.large": D("0.2")}})
    lone = unknown[("xx-test-1", "q1.large")]
    assert (lone.price, lone.confidence) == (D("0.2"), "low")


@pytest.fixture(scope="module")
def tables() -> tuple[karpenter.KarpenterTable, libcloud.LibcloudTable, coroot.CorootData]:
    return karpenter.read(SOURCES), libcloud.read(SOURCES), coroot.read(SOURCES)


def test_eu_west_1_hand_checked(
    tables: tuple[karpenter.KarpenterTable, libcloud.LibcloudTable, coroot.CorootData],
) -> None:
    karp, lib, cor = tables
    records = _records(karp.prices["us-east-1"], lib.ec2_linux, cor.ec2_on_demand())

    def get(instance_type: str) -> tuple[Decimal, str, str]:
        record = records[("eu-west-1", instance_type)]
        return record.price, record.source, record.confidence

    # r5: libcloud r5.large 0.141 / Karpenter 0.126 = 1.1190 = r5.2xlarge 0.564 / 0.504: the level;
    # coroot's r5.large 0.149 is 5.7 % above it.
    assert get("r5.large") == (D("0.141"), "libcloud", "high")
    # c5: c5.large 0.096 / 0.085 = c5.xlarge 0.192 / 0.17 = 1.1294.
    assert get("c5.xlarge") == (D("0.192"), "libcloud", "high")
    # m5: m5.2xlarge 0.428 / 0.384 = m5.4xlarge (coroot) 0.856 / 0.768 = 1.114583; both sources show
    # m5.large at 0.114 (6.5 % above): scaled 0.096 x 1.114583 = 0.107 (AWS's eu-west-1 price).
    assert get("m5.large") == (D("0.107"), ec2.SCALED_SOURCE, "low")
    # t3: t3.micro 0.0114 / 0.0104 = t3.small 0.0228 / 0.0208 = 1.0962; t3.medium 0.0487 in both is
    # above it: 0.0416 x 1.0962 = 0.0456.
    assert get("t3.micro") == (D("0.0114"), "libcloud", "high")
    assert get("t3.medium") == (D("0.0456"), ec2.SCALED_SOURCE, "low")


def test_rule_reproduces_karpenter_on_govcloud(
    tables: tuple[karpenter.KarpenterTable, libcloud.LibcloudTable, coroot.CorootData],
) -> None:
    """Hold-out check: Karpenter's GovCloud tables are the truth the rule never sees."""
    karp, lib, cor = tables
    gov = ("us-gov-east-1", "us-gov-west-1")
    lib_gov = {r: t for r, t in lib.ec2_linux.items() if r in gov or r == "us-east-1"}
    cor_gov = {r: t for r, t in cor.ec2_on_demand().items() if r in gov or r == "us-east-1"}
    outcome: Counter[tuple[str, str]] = Counter()
    for (region, instance_type), record in _records(karp.prices["us-east-1"], lib_gov, cor_gov).items():
        truth = karp.prices[region].get(instance_type)
        if truth is None:
            continue
        kind = "scaled" if record.source == ec2.SCALED_SOURCE else record.confidence
        close = abs(record.price - truth) <= truth * D("0.005")
        outcome[(kind, "exact" if record.price == truth else "near" if close else "off")] += 1
    high = outcome[("high", "exact")] + outcome[("high", "near")] + outcome[("high", "off")]
    assert outcome[("high", "exact")] >= high - 1 and high > 700, outcome
    scaled = sum(n for (kind, _), n in outcome.items() if kind == "scaled")
    assert outcome[("scaled", "exact")] >= 0.8 * scaled, outcome
    assert outcome[("scaled", "exact")] + outcome[("scaled", "near")] >= 0.95 * scaled, outcome


def test_aurora_io_optimized_rows_are_dropped(
    tables: tuple[karpenter.KarpenterTable, libcloud.LibcloudTable, coroot.CorootData],
) -> None:
    _, _, cor = tables
    records = {
        (r.region, r.attributes["engine"], r.attributes["instance_class"], r.attributes["deployment"]): r
        for r in cor.rds_records()
    }
    key = ("us-east-1", "aurora-mysql")
    # t3 family: db.t3.medium 0.082 is 0.164 per size unit; db.t3.large 0.213 and db.t3.small 0.053
    # (0.212 per unit) are I/O-Optimized prices (x1.3): dropped.
    assert records[(*key, "db.t3.medium", "single_az")].price == D("0.082")
    assert (*key, "db.t3.large", "single_az") not in records
    assert (*key, "db.t3.small", "single_az") not in records
    # r6g: db.r6g.16xlarge 8.306 is 0.2596 per unit, db.r6g.large 0.338 is 0.338: dropped.
    assert records[(*key, "db.r6g.16xlarge", "single_az")].confidence == "high"
    assert (*key, "db.r6g.large", "single_az") not in records
    assert records[(*key, "db.r4.large", "single_az")].price == D("0.29")
    # MySQL/PostgreSQL rows are kept as they are (coroot's us-east-1 values check out).
    assert records[("us-east-1", "mysql", "db.t3.micro", "multi_az")].price == D("0.034")
    assert records[("us-east-1", "postgres", "db.m5.large", "single_az")].price == D("0.178")
    assert cor.stats["aurora I/O-Optimized rows dropped"] > 0
    # A family whose every row is I/O-Optimized passes the family check: db.t4g.medium 0.095 and
    # db.t4g.large 0.19 are both 0.19 per size unit. Against RDS MySQL's db.t4g.medium 0.065 the
    # ratio is 0.095 / 0.065 = 1.46 (Standard Aurora rows are 1.11-1.27 x RDS): dropped.
    assert records[("us-east-1", "mysql", "db.t4g.medium", "single_az")].price == D("0.065")
    assert (*key, "db.t4g.medium", "single_az") not in records
    assert (*key, "db.t4g.large", "single_az") not in records
    # db.r4.large 0.29 is 1.21 x RDS MySQL's 0.24: a Standard row, kept (asserted above).
    assert records[("us-east-1", "mysql", "db.r4.large", "single_az")].price == D("0.24")
    assert cor.stats["aurora I/O-Optimized rows dropped (ratio to RDS)"] > 0


def test_size_units() -> None:
    assert coroot.size_units("large") == 1 and coroot.size_units("xlarge") == 2
    assert coroot.size_units("16xlarge") == 32 and coroot.size_units("medium") == D("0.5")
    assert coroot.size_units("metal") is None
