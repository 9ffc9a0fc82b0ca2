"""Apache Libcloud's bundled ``pricing.json`` (3.9.1, 2025-03-02); ``pricing_sources/`` keeps its EC2 Linux table.

Only ``compute.ec2_linux`` is used, as one of two candidate sources of EC2 on-demand prices outside
us-east-1 (see ``ec2.py``). 0.0 means "missing". The Windows table is unreliable (t3.micro Windows at
the Linux price) and the RHEL/SUSE tables cannot be checked against anything, so they are not used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from costlint.pricing.sources import Kept, Source, SourceError, load_json, positive

SOURCE_ID = "libcloud"
PATH = "libcloud/pricing-ec2-linux.json.gz"
KEPT = (
    Kept(
        "libcloud/pricing.json",
        PATH,
        lambda doc, _root: {"updated": doc["updated"], "compute": {"ec2_linux": doc["compute"]["ec2_linux"]}},
        "only `updated` and `compute.ec2_linux` (the other tables are not used), gzip",
    ),
)


@dataclass
class LibcloudTable:
    date: str
    ec2_linux: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    """region -> instance type -> USD per hour (zeros dropped)."""


def read(root: Path) -> LibcloudTable:
    doc = load_json(root, PATH)
    try:
        updated = int(doc["updated"])
        linux = doc["compute"]["ec2_linux"]
    except (KeyError, TypeError, ValueError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    table = LibcloudTable(date=datetime.fromtimestamp(updated, tz=timezone.utc).date().isoformat())
    for instance_type, by_region in linux.items():
        for region, raw in by_region.items():
            price = positive(raw)
            if price is not None:
                table.ec2_linux.setdefault(region, {})[instance_type] = price
    return table


def source(table: LibcloudTable) -> Source:
    return Source(
        id=SOURCE_ID,
        name="Apache Libcloud pricing.json",
        path=PATH,
        origin="PyPI apache-libcloud 3.9.1 wheel (sha256 "
        "362806efe3602a781afa0b0c8ad2e8963a708c8d5957fb999735c1cc1e0762d2), libcloud/data/pricing.json",
        license="Apache-2.0",
        date=table.date,
        notes="compute.ec2_linux only; some values carry other tenancies or licences (6-10 % high).",
    )
