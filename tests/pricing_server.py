"""A real local HTTP server standing in for the AWS Price List Bulk API, and offer-file builders.

``PriceListServer`` is a ``ThreadingHTTPServer`` on 127.0.0.1 (a thread of the test process) that
serves bytes or files with ``ETag``/``Last-Modified``, answers ``If-None-Match`` /
``If-Modified-Since`` with 304, logs every request, and injects failures per path: an HTTP status
(503 …) for the next N requests, or a connection dropped after N bytes of the body.

``AwsPriceList`` lays out the API on it (offer index → region indexes → offer files) from the
fixtures in ``tests/fixtures/aws-price-list`` (copies of ``../shared/pricing-sources/api-samples``
and costlint-written files in the same format). ``write_ec2_offer`` streams an EC2-shaped offer
file of a requested size to disk, for the large-file tests and the benchmark.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "aws-price-list"
OFFER_INDEX = "/offers/v1.0/aws/index.json"
DEFAULT_VERSION = "20261120182150"
DEFAULT_PUBLICATION = "2026-11-20T18:21:50Z"
LAST_MODIFIED = "Fri, 20 Nov 2026 18:30:00 GMT"

# The sample offer files, by offer code (all us-east-1).
SAMPLES = {
    "AmazonEC2": "aws-offer-sample.json",
    "AmazonRDS": "aws-offer-sample-rds.json",
    "AWSELB": "aws-offer-sample-elb.json",
    "AmazonElastiCache": "aws-offer-sample-elasticache.json",
    "AWSLambda": "aws-offer-sample-lambda.json",
}
# costlint-written fixtures in the same format, for offers without a sample.
OWN_FIXTURES = {
    "AmazonVPC": "costlint-offer-vpc.json",
    "AmazonS3": "costlint-offer-s3.json",
    "AmazonDynamoDB": "costlint-offer-dynamodb.json",
    "AmazonCloudWatch": "costlint-offer-cloudwatch.json",
    "AmazonEKS": "costlint-offer-eks.json",
    "AmazonECS": "costlint-offer-ecs.json",
    "awskms": "costlint-offer-kms.json",
    "AWSSecretsManager": "costlint-offer-secretsmanager.json",
    "AmazonRoute53": "costlint-offer-route53.json",
    "AmazonEFS": "costlint-offer-efs.json",
    "AWSQueueService": "costlint-offer-sqs.json",
}
GLOBAL_OFFERS = {"AmazonRoute53"}
"""Priced once for all regions: published under region ``global``."""


def aws_json(doc: Any) -> bytes:
    """JSON laid out as the real files are: ``"key" : value``, two-space indent."""
    return json.dumps(doc, indent=2, separators=(",", " : ")).encode()


def load_fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


# --------------------------------------------------------------------------------------------------
# The server


@dataclass
class Served:
    body: bytes | Path
    etag: str
    last_modified: str
    content_type: str = "application/json"
    gzip: bool = False
    """Send the body gzip-compressed (Content-Encoding: gzip) to clients that accept it."""

    @property
    def size(self) -> int:
        return self.body.stat().st_size if isinstance(self.body, Path) else len(self.body)


@dataclass(frozen=True)
class Fault:
    status: int = 0
    """Answer this HTTP status instead of the file."""
    drop_after: int = -1
    """Send the headers (full Content-Length) and this many body bytes, then close the connection."""
    stall: float = 0.0
    """Wait this many seconds before answering (to trip the client's timeout)."""
    retry_after: str = ""
    """With ``status``: the ``Retry-After`` header to send."""


@dataclass(frozen=True)
class Logged:
    path: str
    status: int
    headers: dict[str, str]


@dataclass
class PriceListServer:
    files: dict[str, Served] = field(default_factory=dict)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    log: list[Logged] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"site": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="price-list-server", daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)

    def __enter__(self) -> PriceListServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(
        self,
        path: str,
        body: bytes | Path,
        etag: str | None = None,
        last_modified: str = LAST_MODIFIED,
        gzip: bool = False,
    ) -> Served:
        """Serve ``body`` at ``path``; ``etag=""`` serves it without an ETag (Last-Modified only)."""
        if etag is None:
            if isinstance(body, Path):
                stat = body.stat()
                etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
            else:
                etag = etag_of(body)
        served = Served(body, etag, last_modified, gzip=gzip)
        with self._lock:
            self.files[path] = served
        return served

    def fail(self, path: str, *faults: Fault) -> None:
        with self._lock:
            self.faults.setdefault(path, []).extend(faults)

    def requests_for(self, path: str) -> list[Logged]:
        with self._lock:
            return [entry for entry in self.log if entry.path == path]

    def _next_fault(self, path: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(path)
            return queue.pop(0) if queue else None

    def _record(self, entry: Logged) -> None:
        with self._lock:
            self.log.append(entry)


class _Handler(BaseHTTPRequestHandler):
    site: PriceListServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        headers = {k.lower(): v for k, v in self.headers.items()}
        fault = self.site._next_fault(path)
        served = self.site.files.get(path)
        if fault and fault.stall:
            time.sleep(fault.stall)
        if fault and fault.status:
            self._empty(fault.status, path, headers, fault.retry_after)
            return
        if served is None:
            self._empty(404, path, headers)
            return
        # Requests are logged before the answer is sent, so that a test reading the log after its
        # client returned always finds them.
        if self._not_modified(served, headers):
            self.site._record(Logged(path, 304, headers))
            self.send_response(304)
            self._validators(served)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.site._record(Logged(path, 200, headers))
        body: bytes | Path = served.body
        self.send_response(200)
        self.send_header("Content-Type", served.content_type)
        if served.gzip and "gzip" in headers.get("accept-encoding", ""):
            raw = body.read_bytes() if isinstance(body, Path) else body
            body = gzip.compress(raw, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body) if isinstance(body, bytes) else served.size))
        self._validators(served)
        self.end_headers()
        limit = fault.drop_after if fault and fault.drop_after >= 0 else None
        sent = 0
        try:
            for chunk in _chunks(body):
                if limit is not None and sent + len(chunk) >= limit:
                    self.wfile.write(chunk[: limit - sent])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    self.close_connection = True
                    return
                self.wfile.write(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _validators(self, served: Served) -> None:
        if served.etag:
            self.send_header("ETag", served.etag)
        if served.last_modified:
            self.send_header("Last-Modified", served.last_modified)

    def _not_modified(self, served: Served, headers: dict[str, str]) -> bool:
        if "if-none-match" in headers and served.etag:
            return served.etag in [tag.strip() for tag in headers["if-none-match"].split(",")]
        since = headers.get("if-modified-since")
        if since and served.last_modified:
            try:
                return email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(
                    served.last_modified
                )
            except (TypeError, ValueError):
                return False
        return False

    def _empty(self, status: int, path: str, headers: dict[str, str], retry_after: str = "") -> None:
        body = f"{status}\n".encode()
        self.site._record(Logged(path, status, headers))
        self.send_response(status)
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _chunks(body: bytes | Path) -> Iterator[bytes]:
    if isinstance(body, bytes):
        for start in range(0, len(body), 1 << 16):
            yield body[start : start + (1 << 16)]
        return
    with body.open("rb") as f:
        while chunk := f.read(1 << 20):
            yield chunk


# --------------------------------------------------------------------------------------------------
# The API laid out on the server


def offer_path(offer: str, region: str, version: str = DEFAULT_VERSION) -> str:
    return f"/offers/v1.0/aws/{offer}/{version}/{region}/index.json"


def region_index_path(offer: str) -> str:
    return f"/offers/v1.0/aws/{offer}/current/region_index.json"


class AwsPriceList:
    """Offer index, region indexes and offer files, rebuilt whenever an offer file is published."""

    def __init__(self, server: PriceListServer) -> None:
        self.server = server
        self.published: dict[str, dict[str, str]] = {}
        """offer -> region -> path of its file."""

    @property
    def url(self) -> str:
        return self.server.url

    def publish(
        self,
        offer: str,
        region: str,
        body: bytes | Path | dict[str, Any],
        version: str = DEFAULT_VERSION,
        etag: str | None = None,
        last_modified: str = LAST_MODIFIED,
    ) -> str:
        path = offer_path(offer, region, version)
        self.server.put(path, aws_json(body) if isinstance(body, dict) else body, etag, last_modified)
        self.published.setdefault(offer, {})[region] = path
        self._indexes()
        return path

    def publish_samples(self, offers: dict[str, str] | None = None) -> None:
        for offer, name in (offers or SAMPLES).items():
            region = "global" if offer in GLOBAL_OFFERS else "us-east-1"
            self.publish(offer, region, (FIXTURES / name).read_bytes())

    def publish_all(self) -> None:
        """Every offer costlint maps: the samples and costlint's own fixtures."""
        self.publish_samples({**SAMPLES, **OWN_FIXTURES})

    def _indexes(self) -> None:
        sample = load_fixture("aws-offer-index-sample.json")
        offers = {}
        for offer in sorted(self.published):
            offers[offer] = sample["offers"].get(offer) or {
                "offerCode": offer,
                "versionIndexUrl": f"/offers/v1.0/aws/{offer}/index.json",
                "currentVersionUrl": f"/offers/v1.0/aws/{offer}/current/index.json",
                "currentRegionIndexUrl": region_index_path(offer),
            }
        sample["offers"] = offers
        self.server.put(OFFER_INDEX, aws_json(sample))
        template = load_fixture("aws-region-index-sample.json")
        for offer, regions in self.published.items():
            doc = dict(template)
            listed = {}
            for code, entry in template["regions"].items():
                listed[code] = {
                    "regionCode": code,
                    "currentVersionUrl": entry["currentVersionUrl"].replace("AmazonEC2", offer),
                }
            for code, path in regions.items():
                listed[code] = {"regionCode": code, "currentVersionUrl": path}
            doc["regions"] = listed
            self.server.put(region_index_path(offer), aws_json(doc))


# --------------------------------------------------------------------------------------------------
# Offer documents


def offer_doc(
    offer: str,
    products: dict[str, Any],
    on_demand: dict[str, Any],
    reserved: dict[str, Any] | None = None,
    version: str = DEFAULT_VERSION,
    publication: str = DEFAULT_PUBLICATION,
) -> dict[str, Any]:
    terms: dict[str, Any] = {"OnDemand": on_demand}
    if reserved:
        terms["Reserved"] = reserved
    return {
        "formatVersion": "v1.0",
        "disclaimer": "This pricing list is for informational purposes only.",
        "offerCode": offer,
        "version": version,
        "publicationDate": publication,
        "products": products,
        "terms": terms,
        "attributesList": {},
    }


def on_demand_term(
    sku: str, unit: str, bands: list[tuple[str, str, str, str]], currency: str = "USD"
) -> dict[str, Any]:
    """``{sku.JRTCKXETXF: term}`` with one dimension per (begin, end, price, description) band."""
    dims = {}
    suffixes = ["6YS6EN2CT7", "3MKWSBX8WW", "Q7UJUT2CE6", "PGHJ3S3EYE", "VF6T3GAUKQ"]
    for (begin, end, price, description), suffix in zip(bands, suffixes, strict=False):
        rate = f"{sku}.JRTCKXETXF.{suffix}"
        dims[rate] = {
            "rateCode": rate,
            "description": description,
            "beginRange": begin,
            "endRange": end,
            "unit": unit,
            "pricePerUnit": {currency: price},
            "appliesTo": [],
        }
    return {
        f"{sku}.JRTCKXETXF": {
            "offerTermCode": "JRTCKXETXF",
            "sku": sku,
            "effectiveDate": "2026-11-01T00:00:00Z",
            "priceDimensions": dims,
            "termAttributes": {},
        }
    }


def price_of(doc: dict[str, Any], sku: str, term: str = "OnDemand") -> Decimal:
    """The first band's price of a SKU's first term, read from an offer document; free-tier bands
    (price 0) are not prices."""
    first_term = next(iter(doc["terms"][term][sku].values()))
    dims = sorted(first_term["priceDimensions"].values(), key=lambda d: Decimal(d.get("beginRange", "0")))
    prices = [Decimal(next(iter(d["pricePerUnit"].values()))) for d in dims]
    return next((p for p in prices if p != 0), prices[0])


# --------------------------------------------------------------------------------------------------
# A large EC2-shaped offer file, streamed to disk

EC2_FAMILIES = ["m5", "c5", "r5", "t3", "m6i", "c6i", "r6i", "m7g", "c7g", "r7g", "m7i", "x2idn", "i4i", "g5"]
EC2_SIZES = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]
# (operatingSystem, operation, licenseModel, preInstalledSw); the first four are priced by costlint.
EC2_VARIANTS = [
    ("Linux", "RunInstances", "No License required", "NA"),
    ("Windows", "RunInstances:0002", "No License required", "NA"),
    ("RHEL", "RunInstances:0010", "No License required", "NA"),
    ("SUSE", "RunInstances:000g", "No License required", "NA"),
    ("Windows", "RunInstances:0800", "Bring your own license", "NA"),  # decoy: BYOL
    ("Windows", "RunInstances:0006", "No License required", "SQL Std"),  # decoy: SQL Server
]
EC2_TENANCIES = [("Shared", "BoxUsage"), ("Dedicated", "DedicatedUsage"), ("Host", "HostBoxUsage")]
EC2_CAPACITY = ["Used", "UnusedCapacityReservation", "AllocatedCapacityReservation"]
# Extra decoys (pre-installed software), added per type to reach a requested size at a fixed number of
# instance types: real files carry ~110 products per instance type, most of them such variants.
EC2_EXTRA = [
    (os_name, software)
    for software in ("SQL Std", "SQL Web", "SQL Ent")
    for os_name in ("Windows", "Linux", "RHEL", "SUSE")
]
RI_TERMS = [  # (code, lease, class, purchase option)
    ("4NA7Y494T4", "1yr", "standard", "No Upfront"),
    ("HU7G6KETJZ", "1yr", "standard", "Partial Upfront"),
    ("6QCMYABX3D", "1yr", "standard", "All Upfront"),
    ("BPH4J8HBKS", "3yr", "standard", "No Upfront"),
    ("38NPMPTW36", "3yr", "standard", "Partial Upfront"),
    ("NQ3QZPMQV9", "3yr", "standard", "All Upfront"),
    ("7NE97W5U4E", "1yr", "convertible", "No Upfront"),
    ("CUZHX8X6JH", "1yr", "convertible", "Partial Upfront"),
    ("VJWZNREJX2", "1yr", "convertible", "All Upfront"),
    ("Z2E3P23VKM", "3yr", "convertible", "No Upfront"),
    ("R5XV2EPZQZ", "3yr", "convertible", "Partial Upfront"),
    ("MZU6U2429S", "3yr", "convertible", "All Upfront"),
]


def ec2_type(index: int) -> str:
    family, size = divmod(index, len(EC2_SIZES))
    name = EC2_FAMILIES[family] if family < len(EC2_FAMILIES) else f"z{family}n"
    return f"{name}.{EC2_SIZES[size]}"


def ec2_price(index: int, variant: int = 0, tenancy: int = 0, capacity: int = 0) -> Decimal:
    """Deterministic on-demand price of a generated row (distinct for every decoy)."""
    base = Decimal(index % 997 + 10) / Decimal(1000)
    return (base * (1 + variant) + Decimal(tenancy) / 100 + Decimal(capacity) / 1000).quantize(Decimal("1E-10"))


@dataclass(frozen=True)
class _Row:
    sku: str
    index: int
    os_name: str
    operation: str
    licence: str
    software: str
    tenancy: str
    usage: str
    capacity: str
    price: Decimal
    reserved: bool


def _ec2_rows(index: int, extra: int) -> Iterator[_Row]:
    """The products of one instance type: the 54 base rows, then ``extra`` decoys."""
    for v, (os_name, operation, licence, software) in enumerate(EC2_VARIANTS):
        for t, (tenancy, usage) in enumerate(EC2_TENANCIES):
            for c, capacity in enumerate(EC2_CAPACITY):
                # Reserved terms for the Used rows of shared and dedicated tenancy, decoys included.
                yield _Row(
                    f"G{index:07d}V{v}T{t}C{c}".ljust(16, "X"),
                    index,
                    os_name,
                    operation,
                    licence,
                    software,
                    tenancy,
                    usage,
                    capacity,
                    ec2_price(index, v, t, c),
                    c == 0 and t < 2,
                )
    for e in range(extra):
        os_name, software = EC2_EXTRA[e % len(EC2_EXTRA)]
        yield _Row(
            f"G{index:07d}E{e:05d}".ljust(16, "X"),
            index,
            os_name,
            "RunInstances:0006",
            "No License required",
            software,
            "Shared",
            "BoxUsage",
            "Used",
            ec2_price(index, len(EC2_VARIANTS) + e),
            True,
        )


def _ec2_product(row: _Row, region: str, location: str) -> dict[str, Any]:
    itype = ec2_type(row.index)
    prefix = "" if region == "us-east-1" else "EUC1-"
    return {
        "sku": row.sku,
        "productFamily": "Compute Instance",
        "attributes": {
            "servicecode": "AmazonEC2",
            "location": location,
            "locationType": "AWS Region",
            "regionCode": region,
            "instanceType": itype,
            "currentGeneration": "Yes",
            "instanceFamily": "General purpose",
            "vcpu": str(2 << (row.index % 8)),
            "memory": f"{8 << (row.index % 8)} GiB",
            "storage": "EBS only",
            "networkPerformance": "Up to 10 Gigabit",
            "processorArchitecture": "64-bit",
            "tenancy": row.tenancy,
            "operatingSystem": row.os_name,
            "licenseModel": row.licence,
            "usagetype": f"{prefix}{row.usage}:{itype}",
            "operation": row.operation,
            "availabilityzone": "NA",
            "capacitystatus": row.capacity,
            "classicnetworkingsupport": "false",
            "ecu": "NA",
            "enhancedNetworkingSupported": "Yes",
            "marketoption": "OnDemand",
            "normalizationSizeFactor": "4",
            "preInstalledSw": row.software,
            "servicename": "Amazon Elastic Compute Cloud",
            "vpcnetworkingsupport": "true",
        },
    }


def _dimension(rate: str, description: str, unit: str, price: Decimal, ranged: bool = True) -> dict[str, Any]:
    dim: dict[str, Any] = {"rateCode": rate, "description": description}
    if ranged:
        dim.update(beginRange="0", endRange="Inf")
    dim.update(unit=unit, pricePerUnit={"USD": f"{price:.10f}"}, appliesTo=[])
    return dim


def _write_entry(out: Any, key: str, value: Any, first: bool) -> None:
    body = json.dumps(value, indent=2, separators=(",", " : ")).replace("\n", "\n    ")
    out.write(("" if first else ",\n") + f"    {json.dumps(key)} : {body}")


def ri_parts(on_demand: Decimal, lease: str, option: str) -> tuple[Decimal, Decimal]:
    """(hourly, upfront) of a generated reserved term: a fixed discount on the on-demand rate."""
    years = 1 if lease == "1yr" else 3
    effective = on_demand * (Decimal("0.6") if years == 1 else Decimal("0.4"))
    hours = Decimal(8760 * years)
    if option == "No Upfront":
        return effective.quantize(Decimal("1E-10")), Decimal(0)
    if option == "All Upfront":
        return Decimal(0), (effective * hours).quantize(Decimal(1))
    upfront = (effective * hours / 2).quantize(Decimal(1))
    return (effective / 2).quantize(Decimal("1E-10")), upfront


def _reserved_terms(row: _Row) -> dict[str, Any]:
    terms = {}
    for code, lease, klass, option in RI_TERMS:
        hourly, upfront = ri_parts(row.price, lease, option)
        dims = {}
        if option != "No Upfront":
            rate = f"{row.sku}.{code}.2TG2D8R56U"
            dims[rate] = _dimension(rate, "Upfront Fee", "Quantity", upfront, ranged=False)
        rate = f"{row.sku}.{code}.6YS6EN2CT7"
        dims[rate] = _dimension(rate, "reserved instance applied", "Hrs", hourly)
        terms[f"{row.sku}.{code}"] = {
            "offerTermCode": code,
            "sku": row.sku,
            "effectiveDate": "2026-11-01T00:00:00Z",
            "priceDimensions": dims,
            "termAttributes": {"LeaseContractLength": lease, "OfferingClass": klass, "PurchaseOption": option},
        }
    return terms


def write_ec2_offer(
    path: Path,
    target_bytes: int = 0,
    region: str = "us-east-1",
    location: str = "US East (N. Virginia)",
    types: int = 0,
    extra: int | None = None,
) -> int:
    """Write an EC2-shaped offer file; returns the number of instance types.

    Per instance type: 6 OS/licence/software variants × 3 tenancies × 3 capacity statuses (54 products,
    of which 8 are priced by costlint: Linux/Windows/RHEL/SUSE × Shared/Dedicated with status Used),
    plus ``extra`` decoys with pre-installed software; each product has an On-Demand term, and the Used
    Shared/Dedicated rows and the extra decoys have the 12 Reserved terms. Prices are ``ec2_price``.

    Give ``target_bytes`` and ``types``: ``extra`` is chosen to reach the size with that many types
    (the output of an update then does not grow with the file); ``target_bytes`` alone: ``extra=0``
    and as many types as fit; ``types`` alone: ``extra`` (default 0) as given.
    """
    if target_bytes and types:
        base, per_extra = _type_bytes(region, location, 0), _type_bytes(region, location, 1)
        per_extra -= base
        extra = max(0, (target_bytes // types - base) // per_extra) if extra is None else extra
    elif target_bytes:
        extra = extra or 0
        types = max(1, target_bytes // _type_bytes(region, location, extra))
    extra = extra or 0
    header = {
        k: v for k, v in offer_doc("AmazonEC2", {}, {}).items() if k not in ("products", "terms", "attributesList")
    }
    with path.open("w", encoding="utf-8") as out:
        out.write("{\n" + ",\n".join(f"  {json.dumps(k)} : {json.dumps(v)}" for k, v in header.items()))
        out.write(',\n  "products" : {\n')
        first = True
        for index in range(types):
            for row in _ec2_rows(index, extra):
                _write_entry(out, row.sku, _ec2_product(row, region, location), first)
                first = False
        out.write('\n  },\n  "terms" : {\n    "OnDemand" : {\n')
        first = True
        for index in range(types):
            for row in _ec2_rows(index, extra):
                rate = f"{row.sku}.JRTCKXETXF.6YS6EN2CT7"
                term = {
                    f"{row.sku}.JRTCKXETXF": {
                        "offerTermCode": "JRTCKXETXF",
                        "sku": row.sku,
                        "effectiveDate": "2026-11-01T00:00:00Z",
                        "priceDimensions": {
                            rate: _dimension(rate, f"On Demand {ec2_type(index)} Instance Hour", "Hrs", row.price)
                        },
                        "termAttributes": {},
                    }
                }
                _write_entry(out, row.sku, term, first)
                first = False
        out.write('\n    },\n    "Reserved" : {\n')
        first = True
        for index in range(types):
            for row in _ec2_rows(index, extra):
                if row.reserved:
                    _write_entry(out, row.sku, _reserved_terms(row), first)
                    first = False
        out.write('\n    }\n  },\n  "attributesList" : { }\n}\n')
    return types


def _type_bytes(region: str, location: str, extra: int) -> int:
    """Bytes one instance type adds to a generated file (measured on one- and two-type files)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        one, two = Path(tmp) / "one.json", Path(tmp) / "two.json"
        write_ec2_offer(one, region=region, location=location, types=1, extra=extra)
        write_ec2_offer(two, region=region, location=location, types=2, extra=extra)
        return two.stat().st_size - one.stat().st_size
