"""Prices from ``sanity-checks.json`` that no other source file here carries.

Most of its 127 entries are derived from the other files (and serve as test expectations); a few are
list prices quoted from AWS's public pages. Only those are taken, through ``ENTRIES``: the entry's
service and item text (matched exactly, so a reworded entry is noticed) and the catalog price it is.
"""

from __future__ import annotations

from pathlib import Path

from costlint.pricing.records import PriceRecord
from costlint.pricing.schema import product as schema_product
from costlint.pricing.sources import Source, SourceError, load_json, positive

SOURCE_ID = "sanity-checks"
PATH = "sanity-checks.json"
DATE = "2026-11-26"
"""The folder's assembly date (pricing-sources/README.md): the entries quote prices current then."""

# (service, item, region) -> (catalog service, product, attributes, unit as written in the entry)
ENTRIES: dict[tuple[str, str, str], tuple[str, str, dict[str, str], str]] = {
    # AWS DynamoDB pricing page, US East (N. Virginia).
    ("AmazonDynamoDB", "provisioned write capacity unit (Standard table class)", "us-east-1"): (
        "dynamodb",
        "write_capacity",
        {"table_class": "standard"},
        "USD/WCU-hour",
    ),
    ("AmazonDynamoDB", "provisioned read capacity unit (Standard table class)", "us-east-1"): (
        "dynamodb",
        "read_capacity",
        {"table_class": "standard"},
        "USD/RCU-hour",
    ),
    ("AmazonDynamoDB", "on-demand write request units", "us-east-1"): (
        "dynamodb",
        "write_requests",
        {"table_class": "standard"},
        "USD/1M WRU",
    ),
    ("AmazonDynamoDB", "on-demand read request units", "us-east-1"): (
        "dynamodb",
        "read_requests",
        {"table_class": "standard"},
        "USD/1M RRU",
    ),
    ("AmazonDynamoDB", "table data storage (Standard table class)", "us-east-1"): (
        "dynamodb",
        "storage",
        {"table_class": "standard"},
        "USD/GB-month",
    ),
    # AWS re:Post and networking blog: since 2024-02-01 every public IPv4 address, in use or idle,
    # costs what an idle Elastic IP costs (the golden file only shows the idle one).
    ("VPC/EC2", "Elastic IP idle (and, since 2024-02-01, every public IPv4 address)", "us-east-1"): (
        "vpc",
        "public_ipv4",
        {"state": "in_use"},
        "USD/hour",
    ),
}


def read(root: Path) -> list[PriceRecord]:
    doc = load_json(root, PATH)
    try:
        entries = doc["entries"]
    except (KeyError, TypeError) as exc:
        raise SourceError(f"{PATH}: unexpected layout ({exc})") from None
    found: dict[tuple[str, str, str], PriceRecord] = {}
    for entry in entries:
        key = (entry.get("service"), entry.get("item"), entry.get("region"))
        mapping = ENTRIES.get(key)  # type: ignore[arg-type]
        if mapping is None:
            continue
        service, name, attrs, unit = mapping
        value = positive(entry.get("value"))
        if value is None or entry.get("unit") != unit:
            raise SourceError(f"{PATH}: entry {key} has value {entry.get('value')!r} {entry.get('unit')!r}")
        found[key] = PriceRecord(
            "aws",
            service,
            key[2],
            name,
            attrs,
            value,
            schema_product("aws", service, name).unit,
            SOURCE_ID,
            DATE,
            note=_public_reference(entry.get("sources", [])),
        )
    missing = set(ENTRIES) - set(found)
    if missing:
        raise SourceError(f"{PATH}: entries not found: {sorted(missing)}")
    return [found[key] for key in sorted(found)]


def _public_reference(sources: list[str]) -> str:
    """The entry's first source that is not a file of the folder, shortened."""
    local = ("karpenter/", "libcloud/", "coroot/", "infracost-golden/", "api-samples/")
    public = [str(s) for s in sources if not str(s).startswith(local)]
    text = public[0] if public else ""
    return text if len(text) <= 120 else text[:117].rstrip() + "..."


def source() -> Source:
    return Source(
        id=SOURCE_ID,
        name="costlint sanity-check prices",
        path=PATH,
        origin="pricing-sources/sanity-checks.json, assembled for costlint from the files of that folder and "
        "AWS's public pricing pages",
        license="compiled reference data (AWS public list prices)",
        date=DATE,
        notes="only entries quoting AWS pricing pages are used as prices; the rest serve as test expectations",
    )
