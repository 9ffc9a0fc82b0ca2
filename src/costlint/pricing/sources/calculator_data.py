"""aws-calculator-data: the AWS Pricing Calculator feeds of 2025-08 to 2025-11, with their SKUs.

GitHub lamngockhuong/aws-price (lib/data/pricing/<file>.json, commit 508fb452, MIT): each file is the
feed as AWS publishes it, ``{"manifest": {"hawkFilePublicationDate", ...}, "regions": {location:
{label: {"price", "rateCode", ...}}}}`` (``feeds.py``). Its labels are the price-watcher's, so the same
table maps them (``feed_tables.py``). Each file's date is its publication date; the price-watcher copy
(2025-12-06) is newer wherever both price a key, so this source mostly confirms it, and is the only
source of NAT gateway data processing. Its ``locations.json`` maps location names to region codes for
both feeds.

``pricing_sources/aws-calculator-data/`` keeps, per file, the manifest's publication date and the
labelled prices the table reads (price and rate code), in AWS Regions only.
"""

from __future__ import annotations

from pathlib import Path

from costlint.pricing.sources import Kept, Source, SourceError, load_json
from costlint.pricing.sources.feed_tables import ALL, labels_of
from costlint.pricing.sources.feeds import (
    LOCATIONS,
    FeedResult,
    apply,
    keep_labelled,
    keep_locations,
    positive_table,
    read_locations,
)

SOURCE_PREFIX = "aws-calculator:"
DIRECTORY = "aws-calculator-data"
COMMIT = "508fb45296c89efe38772babd7ec766644629267"
FILES = (
    "apigateway",
    "cloudwatch",
    "dynamodb",
    "ecs",
    "efs",
    "eks",
    "kms",
    "lambda",
    "natgateway",
    "s3",
    "sns",
    "vpc",
)


def kept_path(file: str) -> str:
    return f"{DIRECTORY}/{file}.json.gz"


KEPT = (
    *(
        Kept(
            f"{DIRECTORY}/{file}.json",
            kept_path(file),
            keep_labelled(labels_of(file)),
            "the publication date and the labelled prices costlint maps (price and rate code), in AWS "
            "Regions only; gzip",
        )
        for file in FILES
    ),
    Kept(LOCATIONS, LOCATIONS, keep_locations, "only AWS Regions, name -> code and type"),
    Kept(f"{DIRECTORY}/PROVENANCE.txt", f"{DIRECTORY}/PROVENANCE.txt"),
)


def read(root: Path) -> tuple[FeedResult, dict[str, str], dict[str, set[str]]]:
    """The records of every file, each file's date, and the regions each file prices anything in."""
    locations = read_locations(root)
    tables = {}
    covered = {}
    dates = {}
    for file in FILES:
        doc = load_json(root, kept_path(file))
        try:
            dates[file] = str(doc["manifest"]["hawkFilePublicationDate"])[:10]
            regions = doc["regions"]
        except (KeyError, TypeError) as exc:
            raise SourceError(f"{kept_path(file)}: unexpected layout ({exc})") from None
        raw: dict[str, dict[str, object]] = {}
        for location, by_label in regions.items():
            for label, entry in by_label.items():
                raw.setdefault(label, {})[location] = entry.get("price")
        tables[file] = positive_table(raw, locations)
        covered[file] = {locations[loc] for loc in regions if loc in locations}
    result = FeedResult()
    source_of = {file: (SOURCE_PREFIX + file, dates[file]) for file in FILES}
    apply(tuple(m for m in ALL if m.file in FILES), tables, covered, source_of, result)
    return result, dates, covered


def sources(dates: dict[str, str]) -> list[Source]:
    return [
        Source(
            id=SOURCE_PREFIX + file,
            name=f"AWS Pricing Calculator feed {file} (aws-calculator-data)",
            path=kept_path(file),
            origin=f"GitHub lamngockhuong/aws-price lib/data/pricing/{file}.json, commit {COMMIT}; from "
            "b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps",
            license="MIT (the figures are AWS public list prices)",
            date=dates[file],
        )
        for file in FILES
    ]
