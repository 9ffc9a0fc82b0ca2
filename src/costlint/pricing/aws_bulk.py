"""The AWS Price List Bulk API: its index files, and offer files turned into costlint price records.

The API (public, no credentials; base ``https://pricing.us-east-1.amazonaws.com``) is three levels
of JSON, every ``…Url`` inside being a *path* to append to the base URL:

- offer index ``/offers/v1.0/aws/index.json``: ``offers[code].currentRegionIndexUrl``;
- region index ``…/<code>/current/region_index.json``: ``regions[code].currentVersionUrl``;
- offer file ``…/<code>/<version>/<region>/index.json``: ``formatVersion, offerCode, version,
  publicationDate, products{sku: {productFamily, attributes}}, terms{OnDemand, Reserved, …}``.

An EC2 region file is about 450 MB, so offer files are never loaded whole: ``ijson`` streams them
one product (then one SKU's terms) at a time, in three passes over the downloaded file (products,
``terms.OnDemand``, ``terms.Reserved``). The passes make the parse independent of the order of the
sections; memory stays bounded by the products that match, a few thousand for EC2.

Every number in an offer file is a string (``"0.0960000000"``, ``"Inf"``) and is read as a
``Decimal``. Each offer has a mapper that selects the SKUs costlint prices and names them with the
products and attributes of ``schema.py``; everything else (other tenancies, operating systems with
pre-installed software, capacity-reservation rows, Local Zones, …) is skipped. The mapping table is
``OFFERS`` below; ``SERVICE_OFFERS`` says which offers feed each costlint service.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

import ijson

from costlint.pricing.records import InvalidRecord, PriceRecord, Tier, decimal_text, validate
from costlint.pricing.schema import product as schema_product

DEFAULT_ENDPOINT = "https://pricing.us-east-1.amazonaws.com"
OFFER_INDEX_PATH = "/offers/v1.0/aws/index.json"
SOURCE_PREFIX = "aws-price-list"
GLOBAL_REGION = "global"

# Bump when a mapper changes what it selects: the update then re-downloads files it would otherwise
# skip as unchanged (their records were made by the old mapping).
MAPPING_VERSION = 1

HOURS_PER_YEAR = Decimal(8760)
"""Reserved terms: the upfront fee is spread over 8,760 hours a year (AWS Pricing Calculator)."""
PRICE_QUANTUM = Decimal("1E-10")
"""Derived prices (effective reserved rates) are rounded to the offer files' own precision."""


class OfferFormatError(ValueError):
    """The file is not a complete offer file of the expected shape (truncated, not JSON, wrong offer)."""


class PriceError(ValueError):
    """A selected price is unusable: zero or negative, not a number, or not in USD."""


@dataclass(frozen=True)
class OfferHeader:
    offer_code: str
    version: str
    publication_date: str
    """As published, e.g. ``2026-11-20T18:21:50Z``."""

    @property
    def date(self) -> str:
        return self.publication_date[:10]


# --------------------------------------------------------------------------------------------------
# Regions

# Fallback when a product has no ``regionCode`` (older files): price-file display names, which differ
# from botocore's (``EU (Ireland)`` here, ``Europe (Ireland)`` there). ``Any``/``Global`` = global.
LOCATION_TO_REGION: dict[str, str] = {
    "US East (N. Virginia)": "us-east-1",
    "US East (Ohio)": "us-east-2",
    "US West (N. California)": "us-west-1",
    "US West (Oregon)": "us-west-2",
    "Canada (Central)": "ca-central-1",
    "Canada West (Calgary)": "ca-west-1",
    "Mexico (Central)": "mx-central-1",
    "South America (Sao Paulo)": "sa-east-1",
    "EU (Ireland)": "eu-west-1",
    "EU (London)": "eu-west-2",
    "EU (Paris)": "eu-west-3",
    "EU (Frankfurt)": "eu-central-1",
    "EU (Zurich)": "eu-central-2",
    "EU (Stockholm)": "eu-north-1",
    "EU (Milan)": "eu-south-1",
    "EU (Spain)": "eu-south-2",
    "Asia Pacific (Tokyo)": "ap-northeast-1",
    "Asia Pacific (Seoul)": "ap-northeast-2",
    "Asia Pacific (Osaka)": "ap-northeast-3",
    "Asia Pacific (Singapore)": "ap-southeast-1",
    "Asia Pacific (Sydney)": "ap-southeast-2",
    "Asia Pacific (Jakarta)": "ap-southeast-3",
    "Asia Pacific (Melbourne)": "ap-southeast-4",
    "Asia Pacific (Malaysia)": "ap-southeast-5",
    "Asia Pacific (Thailand)": "ap-southeast-7",
    "Asia Pacific (Mumbai)": "ap-south-1",
    "Asia Pacific (Hyderabad)": "ap-south-2",
    "Asia Pacific (Hong Kong)": "ap-east-1",
    "Middle East (Bahrain)": "me-south-1",
    "Middle East (UAE)": "me-central-1",
    "Israel (Tel Aviv)": "il-central-1",
    "Africa (Cape Town)": "af-south-1",
    "AWS GovCloud (US-West)": "us-gov-west-1",
    "AWS GovCloud (US-East)": "us-gov-east-1",
    "Global": GLOBAL_REGION,
    "Any": GLOBAL_REGION,
}


def product_region(attributes: Mapping[str, str]) -> str | None:
    code = attributes.get("regionCode")
    if code:
        return code
    return LOCATION_TO_REGION.get(attributes.get("location", ""))


# Usage types carry a region prefix (USE2-, EU-, APN1-, UGW1-, sometimes USE1-), which us-east-1
# often omits. Match the rest exactly; a bare two-letter prefix other than EU is not a region
# (DynamoDB's ``IA-TimedStorage-ByteHrs`` is the Standard-IA table class, not a region).
_PREFIX = r"^(?:(?:[A-Z]{3,4}\d|EU|Global)-)?"
_usage_cache: dict[str, re.Pattern[str]] = {}


def usage_is(usagetype: str, suffix: str) -> bool:
    """``usagetype`` is ``suffix`` with an optional region prefix."""
    pattern = _usage_cache.get(suffix)
    if pattern is None:
        pattern = _usage_cache[suffix] = re.compile(_PREFIX + re.escape(suffix) + "$")
    return pattern.match(usagetype) is not None


def usage_rest(usagetype: str) -> str:
    """``usagetype`` without its region prefix."""
    return re.sub(_PREFIX, "", usagetype, count=1)


# --------------------------------------------------------------------------------------------------
# Units: offer-file unit (lower-cased) -> factor turning a price per offer unit into a price per
# schema unit. Quantities (tier bounds) are divided by the same factor.

ONE = Decimal(1)
HOURS = {"hrs": ONE, "hours": ONE, "hour": ONE}
GB = {"gb": ONE}
GB_MONTH = {"gb-mo": ONE, "gb-month": ONE}
IOPS_MONTH = {"iops-mo": ONE}
# gp3 throughput is priced per GiBps-month (40.96 = $0.04 per MiB/s); schema unit is MiBps-month.
MIBPS_MONTH = {"gibps-mo": ONE / 1024, "mibps-mo": ONE}
LCU_HOURS = {"lcu-hrs": ONE, "nlcu-hrs": ONE, "glcu-hrs": ONE}
GB_SECONDS = {"lambda-gb-second": ONE, "gb-seconds": ONE, "gb-second": ONE, "lambda-gb-second-arm": ONE}
PER_MILLION = {"requests": Decimal(10) ** 6, "request": Decimal(10) ** 6}
PER_MILLION_IOS = {"ios": Decimal(10) ** 6}
PER_10K = {"requests": Decimal(10) ** 4, "request": Decimal(10) ** 4, "api requests": Decimal(10) ** 4}
PER_1K = {"requests": Decimal(1000), "request": Decimal(1000)}
MONTHS = {"months": ONE, "month": ONE, "mo": ONE}
VCPU_HOURS = {"vcpu-hours": ONE, "vcpu-hrs": ONE, "hours": ONE, "hrs": ONE}
GB_HOURS = {"gb-hours": ONE, "gb-hrs": ONE}


@dataclass(frozen=True)
class ReservedSpec:
    """How to name the Reserved terms of a matched SKU."""

    product: str
    attributes: tuple[tuple[str, str], ...]
    offering_class: bool = True
    """The product has an ``offering_class`` attribute (EC2 only)."""


@dataclass(frozen=True)
class Match:
    """A SKU selected for a schema product."""

    service: str
    product: str
    attributes: tuple[tuple[str, str], ...]
    units: Mapping[str, Decimal]
    reserved: ReservedSpec | None = None
    part: str = ""
    """Non-empty: this SKU is one addend of a price made of several SKUs (see ``SUMS``)."""


def _m(
    service: str,
    product: str,
    units: Mapping[str, Decimal],
    reserved: ReservedSpec | None = None,
    part: str = "",
    **attributes: str,
) -> list[Match]:
    return [Match(service, product, tuple(sorted(attributes.items())), units, reserved, part)]


Mapper = Callable[[str, Mapping[str, str]], list[Match]]

# --------------------------------------------------------------------------------------------------
# Mappers: (productFamily, attributes) -> the schema products a SKU prices. Filters follow
# reference/pricing-apis.md §2.4 (derived from Infracost's product filters).

EC2_OS = {"Linux": "linux", "Windows": "windows", "RHEL": "rhel", "SUSE": "suse"}
EC2_TENANCY = {"Shared": "shared", "Dedicated": "dedicated"}
# "No License required" is what real files carry for every OS, Windows included (its licence is in
# the price); "License Included" is accepted too. "Bring your own license" rows are excluded.
EC2_LICENSES = {"no license required", "license included"}
EBS_VOLUMES = {"gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"}
# EBS:VolumeP-IOPS.<suffix> -> volume type; io1 is ".piops".
EBS_IOPS = {"gp3": "gp3", "piops": "io1", "io2": "io2"}


def _ec2(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = a.get("usagetype", "")
    if family in ("Compute Instance", "Compute Instance (bare metal)"):
        tenancy = EC2_TENANCY.get(a.get("tenancy", ""))
        os_name = EC2_OS.get(a.get("operatingSystem", ""))
        itype = a.get("instanceType", "")
        if (
            not tenancy
            or not os_name
            or not itype
            or a.get("locationType") != "AWS Region"
            or a.get("preInstalledSw", "NA") != "NA"
            or a.get("capacitystatus", "Used") != "Used"
            or a.get("licenseModel", "").lower() not in EC2_LICENSES
            or a.get("marketoption", "OnDemand") != "OnDemand"
        ):
            return []
        reserved = ReservedSpec("reserved_instance", (("instance_type", itype), ("os", os_name), ("tenancy", tenancy)))
        return _m(
            "ec2", "instance", HOURS, reserved, instance_type=itype, os=os_name, tenancy=tenancy, purchase="on_demand"
        )
    if a.get("locationType", "AWS Region") != "AWS Region":
        return []
    if family == "Storage":
        volume = a.get("volumeApiName", "")
        if volume in EBS_VOLUMES and usage_rest(usage).startswith("EBS:VolumeUsage"):
            return _m("ebs", "storage", GB_MONTH, volume_type=volume)
        return []
    if family == "System Operation":
        rest = usage_rest(usage)
        if rest.startswith("EBS:VolumeP-IOPS."):
            iops_volume = EBS_IOPS.get(rest.removeprefix("EBS:VolumeP-IOPS."))
            return _m("ebs", "iops", IOPS_MONTH, volume_type=iops_volume) if iops_volume else []
        if rest == "EBS:VolumeIOUsage":
            return _m("ebs", "io_requests", PER_MILLION_IOS, volume_type="standard")
        return []
    if family == "Provisioned Throughput":
        if usage_is(usage, "EBS:VolumeP-Throughput.gp3"):
            return _m("ebs", "throughput", MIBPS_MONTH, volume_type="gp3")
        return []
    if family == "Storage Snapshot":
        return _m("ebs", "snapshot", GB_MONTH) if usage_is(usage, "EBS:SnapshotUsage") else []
    if family == "NAT Gateway":
        # Regional NAT gateways (…RegionalNatGateway-Hours) are a different product.
        if usage_is(usage, "NatGateway-Hours"):
            return _m("vpc", "nat_gateway", HOURS)
        if usage_is(usage, "NatGateway-Bytes"):
            return _m("vpc", "nat_gateway_data", GB)
        return []
    if family == "IP Address" and usage_is(usage, "ElasticIP:IdleAddress"):
        # An idle Elastic IP costs what any idle public IPv4 costs; AmazonVPC's own row wins.
        return _m("vpc", "public_ipv4", HOURS, state="idle")
    return []


def _vpc(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = a.get("usagetype", "")
    if usage_is(usage, "PublicIPv4:InUseAddress"):
        return _m("vpc", "public_ipv4", HOURS, state="in_use")
    if usage_is(usage, "PublicIPv4:IdleAddress"):
        return _m("vpc", "public_ipv4", HOURS, state="idle")
    if family == "VpcEndpoint":
        for suffix, kind in (("VpcEndpoint-Hours", "interface"), ("VpcEndpoint-GWLBE-Hours", "gateway_load_balancer")):
            if usage_is(usage, suffix):
                return _m("vpc", "endpoint", HOURS, endpoint_type=kind)
        for suffix, kind in (("VpcEndpoint-Bytes", "interface"), ("VpcEndpoint-GWLBE-Bytes", "gateway_load_balancer")):
            if usage_is(usage, suffix):
                return _m("vpc", "endpoint_data", GB, endpoint_type=kind)
    return []


ELB_TYPES = {
    "Load Balancer-Application": "application",
    "Load Balancer-Network": "network",
    "Load Balancer-Gateway": "gateway",
    "Load Balancer": "classic",
}


def _elb(family: str, a: Mapping[str, str]) -> list[Match]:
    lb_type = ELB_TYPES.get(family)
    if not lb_type or a.get("locationType", "AWS Region") != "AWS Region":
        return []
    usage = a.get("usagetype", "")
    if usage_is(usage, "LoadBalancerUsage"):
        return _m("elb", "load_balancer", HOURS, lb_type=lb_type)
    if lb_type != "classic" and (
        usage_is(usage, "LCUUsage") or usage_is(usage, "NLCUUsage") or usage_is(usage, "GLCUUsage")
    ):
        return _m("elb", "capacity_units", LCU_HOURS, lb_type=lb_type)
    if lb_type == "classic" and usage_is(usage, "DataProcessing-Bytes"):
        return _m("elb", "data_processed", GB, lb_type=lb_type)
    return []


RDS_ENGINES = {
    "MySQL": "mysql",
    "PostgreSQL": "postgres",
    "MariaDB": "mariadb",
    "Aurora MySQL": "aurora-mysql",
    "Aurora PostgreSQL": "aurora-postgresql",
}
RDS_DEPLOYMENTS = {"Single-AZ": "single_az", "Multi-AZ": "multi_az"}
RDS_LICENSES = {"no license required", "license included"}
RDS_VOLUMES = {
    "General Purpose": "gp2",
    "General Purpose-GP3": "gp3",
    "Provisioned IOPS": "io1",
    "Provisioned IOPS-IO2": "io2",
    "Magnetic": "standard",
}
# Usage type (without region prefix and Multi-AZ marker) of provisioned IOPS -> storage type.
RDS_IOPS = {"RDS:PIOPS": "io1", "RDS:GP3-PIOPS": "gp3", "RDS:IO2-PIOPS": "io2"}


def _rds(family: str, a: Mapping[str, str]) -> list[Match]:
    if a.get("locationType", "AWS Region") != "AWS Region":
        return []
    deployment = RDS_DEPLOYMENTS.get(a.get("deploymentOption", ""))
    if not deployment:
        return []
    usage = usage_rest(a.get("usagetype", ""))
    if family == "Database Instance":
        engine = RDS_ENGINES.get(a.get("databaseEngine", ""))
        klass = a.get("instanceType", "")
        # InstanceUsage / Multi-AZUsage only: excludes Aurora I/O-Optimized (InstanceUsageIOOptimized),
        # RDS Custom (deploymentModel) and BYOL rows.
        expected = ("InstanceUsage:" if deployment == "single_az" else "Multi-AZUsage:") + klass
        if (
            not engine
            or not klass.startswith("db.")
            or usage != expected
            or a.get("licenseModel", "").lower() not in RDS_LICENSES
            or a.get("deploymentModel")
        ):
            return []
        reserved = ReservedSpec(
            "reserved_instance",
            (("deployment", deployment), ("engine", engine), ("instance_class", klass)),
            offering_class=False,
        )
        return _m("rds", "instance", HOURS, reserved, instance_class=klass, engine=engine, deployment=deployment)
    if a.get("databaseEngine", "Any") != "Any":
        return []
    if family == "Database Storage":
        storage = RDS_VOLUMES.get(a.get("volumeType", ""))
        # RDS:GP2-Storage, RDS:Multi-AZ-GP3-Storage, RDS:StorageUsage (magnetic), …
        if storage and usage.startswith("RDS:") and (usage.endswith("-Storage") or usage.endswith("StorageUsage")):
            return _m("rds", "storage", GB_MONTH, storage_type=storage, deployment=deployment)
        return []
    if family == "Provisioned IOPS":
        storage = RDS_IOPS.get(usage.replace("Multi-AZ-", "", 1))
        return _m("rds", "iops", IOPS_MONTH, storage_type=storage, deployment=deployment) if storage else []
    return []


CACHE_ENGINES = {"Redis": "redis", "Memcached": "memcached", "Valkey": "valkey"}


def _elasticache(family: str, a: Mapping[str, str]) -> list[Match]:
    if family != "Cache Instance" or a.get("locationType", "AWS Region") != "AWS Region":
        return []
    engine = CACHE_ENGINES.get(a.get("cacheEngine", ""))
    node = a.get("instanceType", "")
    if not engine or not node.startswith("cache.") or not usage_is(a.get("usagetype", ""), "NodeUsage:" + node):
        return []
    reserved = ReservedSpec("reserved_node", (("engine", engine), ("node_type", node)), offering_class=False)
    return _m("elasticache", "node", HOURS, reserved, node_type=node, engine=engine)


def _lambda(family: str, a: Mapping[str, str]) -> list[Match]:
    if family != "Serverless" or "china free tier" in a.get("groupDescription", "").lower():
        return []
    group = a.get("group", "")
    if group == "AWS-Lambda-Requests":
        return _m("lambda", "requests", PER_MILLION)
    if group == "AWS-Lambda-Duration":
        return _m("lambda", "duration", GB_SECONDS, architecture="x86_64")
    if group == "AWS-Lambda-Duration-ARM":
        return _m("lambda", "duration", GB_SECONDS, architecture="arm64")
    if group == "AWS-Lambda-Storage-Duration":
        return _m("lambda", "ephemeral_storage", GB_SECONDS)
    return []


# AmazonS3 usage types (without region prefix) -> storage class.
S3_STORAGE = {
    "TimedStorage-ByteHrs": "standard",
    "TimedStorage-INT-FA-ByteHrs": "intelligent_tiering",
    "TimedStorage-INT-IA-ByteHrs": "intelligent_tiering_ia",
    "TimedStorage-INT-AA-ByteHrs": "intelligent_tiering_archive",
    "TimedStorage-INT-DAA-ByteHrs": "intelligent_tiering_deep_archive",
    "TimedStorage-SIA-ByteHrs": "standard_ia",
    "TimedStorage-ZIA-ByteHrs": "one_zone_ia",
    "TimedStorage-GIR-ByteHrs": "glacier_instant",
    "TimedStorage-GlacierByteHrs": "glacier_flexible",
    "TimedStorage-GDA-ByteHrs": "deep_archive",
}
S3_REQUEST_CLASSES = {
    "": "standard",
    "INT-": "intelligent_tiering",
    "SIA-": "standard_ia",
    "ZIA-": "one_zone_ia",
    "GIR-": "glacier_instant",
    "GLACIER-": "glacier_flexible",
    "GDA-": "deep_archive",
}
S3_RETRIEVAL = {"Retrieval-SIA": "standard_ia", "Retrieval-ZIA": "one_zone_ia", "Retrieval-GIR": "glacier_instant"}
_S3_REQUESTS = re.compile(r"^Requests-((?:INT|SIA|ZIA|GIR|GLACIER|GDA)-)?Tier([12])$")


def _s3(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = usage_rest(a.get("usagetype", ""))
    if usage in S3_STORAGE:
        # Standard storage is also listed by volumeType; reject other classes sharing the usage type.
        if usage == "TimedStorage-ByteHrs" and a.get("volumeType", "Standard") != "Standard":
            return []
        return _m("s3", "storage", GB_MONTH, storage_class=S3_STORAGE[usage])
    match = _S3_REQUESTS.match(usage)
    if match:
        return _m(
            "s3",
            "requests",
            PER_1K,
            storage_class=S3_REQUEST_CLASSES[match.group(1) or ""],
            request_tier="tier" + match.group(2),
        )
    if usage in S3_RETRIEVAL:
        return _m("s3", "retrieval", GB, storage_class=S3_RETRIEVAL[usage])
    return []


def _dynamodb(family: str, a: Mapping[str, str]) -> list[Match]:
    group = a.get("group", "")
    usage = a.get("usagetype", "")
    if family == "Provisioned IOPS":
        if group in ("DDB-WriteUnits", "DDB-WriteUnitsIA"):
            return _m(
                "dynamodb",
                "write_capacity",
                {"writecapacityunit-hrs": ONE},
                table_class="standard_ia" if group.endswith("IA") else "standard",
            )
        if group in ("DDB-ReadUnits", "DDB-ReadUnitsIA"):
            return _m(
                "dynamodb",
                "read_capacity",
                {"readcapacityunit-hrs": ONE},
                table_class="standard_ia" if group.endswith("IA") else "standard",
            )
        return []
    if family == "Amazon DynamoDB PayPerRequest Throughput":
        million = Decimal(10) ** 6
        if group in ("DDB-WriteUnits", "DDB-WriteUnitsIA"):
            return _m(
                "dynamodb",
                "write_requests",
                {"writerequestunits": million, "requests": million},
                table_class="standard_ia" if group.endswith("IA") else "standard",
            )
        if group in ("DDB-ReadUnits", "DDB-ReadUnitsIA"):
            return _m(
                "dynamodb",
                "read_requests",
                {"readrequestunits": million, "requests": million},
                table_class="standard_ia" if group.endswith("IA") else "standard",
            )
        return []
    if family == "Database Storage":
        if usage_is(usage, "TimedStorage-ByteHrs"):
            return _m("dynamodb", "storage", GB_MONTH, table_class="standard")
        if usage_is(usage, "IA-TimedStorage-ByteHrs"):
            return _m("dynamodb", "storage", GB_MONTH, table_class="standard_ia")
        if usage_is(usage, "TimedPITRStorage-ByteHrs"):
            return _m("dynamodb", "pitr_storage", GB_MONTH)
        return []
    if family == "Amazon DynamoDB On-Demand Backup Storage" and usage_is(usage, "TimedBackupStorage-ByteHrs"):
        return _m("dynamodb", "backup_storage", GB_MONTH)
    if family == "DDB-Operation-ReplicatedWrite" and group.startswith("DDB-ReplicatedWriteUnits"):
        return _m(
            "dynamodb",
            "replicated_write_capacity",
            {"replicatedwritecapacityunit-hrs": ONE, "writecapacityunit-hrs": ONE},
            table_class="standard_ia" if group.endswith("IA") else "standard",
        )
    if family == "Amazon DynamoDB Restore Data Size":
        return _m("dynamodb", "restore", GB)
    if family == "API Request" and group == "DDB-StreamsReadRequests":
        return _m("dynamodb", "stream_reads", PER_MILLION)
    return []


ALARM_RESOLUTION = {"Standard": "standard", "High Resolution": "high"}


def _cloudwatch(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = a.get("usagetype", "")
    if family == "Data Payload":
        if usage_is(usage, "DataProcessing-Bytes"):
            return _m("cloudwatch", "logs_ingestion", GB)
        if usage_is(usage, "DataScanned-Bytes"):
            return _m("cloudwatch", "logs_insights", GB)
        return []
    if family == "Storage Snapshot" and usage_is(usage, "TimedStorage-ByteHrs"):
        return _m("cloudwatch", "logs_storage", GB_MONTH)
    # USE1-CW:AlarmMonitorUsage, CW:MetricMonitorUsage (the CW: part is not always there).
    if family == "Alarm" and usage.endswith("AlarmMonitorUsage"):
        resolution = ALARM_RESOLUTION.get(a.get("alarmType", ""))
        return _m("cloudwatch", "alarm", {"alarms": ONE}, resolution=resolution) if resolution else []
    if family == "Metric" and usage.endswith("MetricMonitorUsage"):
        return _m("cloudwatch", "metrics", {"metrics": ONE})
    return []


def _eks(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = a.get("usagetype", "")
    if family != "Compute":
        return []
    if usage_is(usage, "AmazonEKS-Hours:perCluster"):
        # The standard price, and the base of the extended-support price (see SUMS).
        return _m("eks", "cluster", HOURS, support="standard") + _m(
            "eks", "cluster", HOURS, part="base", support="extended"
        )
    if usage_is(usage, "AmazonEKS-Hours:extendedSupport"):
        return _m("eks", "cluster", HOURS, part="surcharge", support="extended")
    return []


_FARGATE = re.compile(r"^(SpotUsage-)?Fargate-(ARM-)?(vCPU-Hours:perCPU|GB-Hours)$")


def _ecs(family: str, a: Mapping[str, str]) -> list[Match]:
    if family != "Compute":
        return []
    match = _FARGATE.match(usage_rest(a.get("usagetype", "")))
    if not match:
        return []  # Windows Fargate (a vCPU fee plus an OS licence fee) is not mapped
    architecture = "arm64" if match.group(2) else "x86_64"
    purchase = "spot" if match.group(1) else "on_demand"
    if match.group(3) == "GB-Hours":
        return _m("fargate", "memory", GB_HOURS, os="linux", architecture=architecture, purchase=purchase)
    return _m("fargate", "vcpu", VCPU_HOURS, os="linux", architecture=architecture, purchase=purchase)


KMS_REQUESTS = {
    "KMS-Requests": "symmetric",
    "KMS-Requests-Asymmetric": "asymmetric",
    "KMS-Requests-GenerateDatakeyPair-ECC": "ecc_generate_data_key_pair",
    "KMS-Requests-GenerateDatakeyPair-RSA": "rsa_generate_data_key_pair",
}


def _kms(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = usage_rest(a.get("usagetype", ""))
    if usage == "KMS-Keys":
        return _m("kms", "key", {"keys": ONE, **MONTHS})
    if usage in KMS_REQUESTS:
        return _m("kms", "requests", PER_10K, request_type=KMS_REQUESTS[usage])
    return []


def _secretsmanager(family: str, a: Mapping[str, str]) -> list[Match]:
    if family == "Secret":
        return _m("secretsmanager", "secret", {"secrets": ONE, **MONTHS})
    if family == "API Request":
        return _m("secretsmanager", "api_calls", PER_10K)
    return []


ROUTE53_QUERIES = {"DNS-Queries": "standard", "LBR-Queries": "latency", "Geo-Queries": "geo"}


def _route53(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = a.get("usagetype", "")
    if family == "DNS Zone" and usage == "HostedZone":
        return _m("route53", "hosted_zone", {"hostedzone": ONE, "zones": ONE, **MONTHS})
    if family == "DNS Query" and usage in ROUTE53_QUERIES:
        return _m("route53", "queries", {"queries": Decimal(10) ** 6}, query_type=ROUTE53_QUERIES[usage])
    return []


EFS_STORAGE = {
    "TimedStorage-ByteHrs": "standard",
    "IATimedStorage-ByteHrs": "standard_ia",
    "TimedStorage-Z-ByteHrs": "one_zone",
    "IATimedStorage-Z-ByteHrs": "one_zone_ia",
}


def _efs(family: str, a: Mapping[str, str]) -> list[Match]:
    usage = usage_rest(a.get("usagetype", ""))
    if family == "Storage" and usage in EFS_STORAGE:
        return _m("efs", "storage", GB_MONTH, storage_class=EFS_STORAGE[usage])
    if family == "Provisioned Throughput" and usage == "ProvisionedTP-MiBpsHrs":
        return _m("efs", "provisioned_throughput", {"mibps-mo": ONE, "mbps-mo": ONE})
    # IA reads and writes are one schema price; the price list has a row for each: reads are taken.
    if family == "Storage" and a.get("storageClass") == "Infrequent Access" and a.get("accessType") == "Read":
        return _m("efs", "ia_access", GB)
    return []


SQS_QUEUES = {"Standard": "standard", "FIFO (first-in, first-out)": "fifo", "FIFO": "fifo"}


def _sqs(family: str, a: Mapping[str, str]) -> list[Match]:
    # By queue type alone, as Infracost does; the schema price is the first band (first 100B requests).
    queue = SQS_QUEUES.get(a.get("queueType", ""))
    if family == "API Request" and queue:
        return _m("sqs", "requests", PER_MILLION, queue_type=queue)
    return []


@dataclass(frozen=True)
class OfferSpec:
    code: str
    services: tuple[str, ...]
    mapper: Mapper
    scope: str = "regional"
    """``global``: priced once for all regions (region ``global``)."""
    verified: bool = False
    """Checked against the schema-faithful api-samples (else against costlint's own fixtures)."""


OFFERS: dict[str, OfferSpec] = {
    spec.code: spec
    for spec in (
        OfferSpec("AmazonEC2", ("ec2", "ebs", "vpc"), _ec2, verified=True),
        OfferSpec("AmazonRDS", ("rds",), _rds, verified=True),
        OfferSpec("AmazonElastiCache", ("elasticache",), _elasticache, verified=True),
        OfferSpec("AWSELB", ("elb",), _elb, verified=True),
        OfferSpec("AWSLambda", ("lambda",), _lambda, verified=True),
        OfferSpec("AmazonVPC", ("vpc",), _vpc),
        OfferSpec("AmazonS3", ("s3",), _s3),
        OfferSpec("AmazonDynamoDB", ("dynamodb",), _dynamodb),
        OfferSpec("AmazonCloudWatch", ("cloudwatch",), _cloudwatch),
        OfferSpec("AmazonEKS", ("eks",), _eks),
        OfferSpec("AmazonECS", ("fargate",), _ecs),
        OfferSpec("awskms", ("kms",), _kms),
        OfferSpec("AWSSecretsManager", ("secretsmanager",), _secretsmanager),
        OfferSpec("AmazonRoute53", ("route53",), _route53, scope="global"),
        OfferSpec("AmazonEFS", ("efs",), _efs),
        OfferSpec("AWSQueueService", ("sqs",), _sqs),
    )
}

# costlint service -> the offers that price it, the first one winning when two price the same key
# (AmazonVPC's public IPv4 rows over AmazonEC2's idle Elastic IP row).
SERVICE_OFFERS: dict[str, tuple[str, ...]] = {}
for _spec in OFFERS.values():
    for _service in _spec.services:
        SERVICE_OFFERS.setdefault(_service, ())
        SERVICE_OFFERS[_service] += (_spec.code,)
SERVICE_OFFERS["vpc"] = ("AmazonVPC", "AmazonEC2")

# Prices made of several SKUs: (service, product) -> the parts that must all be present.
# EKS extended support is billed as a surcharge on top of the standard cluster hour; the schema's
# ``support=extended`` price is the total a cluster pays.
SUMS: dict[tuple[str, str], frozenset[str]] = {("eks", "cluster"): frozenset({"base", "surcharge"})}


def source_id(offer: str, region: str) -> str:
    return f"{SOURCE_PREFIX}:{offer}:{region}"


# --------------------------------------------------------------------------------------------------
# Index files (small: read whole)


def offer_region_index_paths(doc: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Offer index -> ``{offer code: {"region_index": path, "current": path}}``."""
    offers = doc.get("offers")
    if not isinstance(offers, dict):
        raise OfferFormatError("offer index has no 'offers' object")
    out = {}
    for code, entry in offers.items():
        if isinstance(entry, dict) and entry.get("currentRegionIndexUrl"):
            out[code] = {"region_index": entry["currentRegionIndexUrl"], "current": entry.get("currentVersionUrl", "")}
    return out


def region_urls(doc: Mapping[str, Any]) -> dict[str, str]:
    """Region index -> ``{region code: offer file path}``.

    ``regions`` is an object keyed by region code for offers and a list for Savings Plans; both
    shapes are read.
    """
    regions = doc.get("regions")
    items: Iterable[Any]
    if isinstance(regions, dict):
        items = regions.values()
    elif isinstance(regions, list):
        items = regions
    else:
        raise OfferFormatError("region index has no 'regions'")
    out = {}
    for entry in items:
        if not isinstance(entry, dict):
            continue
        code = entry.get("regionCode")
        url = entry.get("currentVersionUrl") or entry.get("versionUrl")
        if code and url:
            out[code] = url
    if not out:
        raise OfferFormatError("region index lists no region")
    return out


# --------------------------------------------------------------------------------------------------
# Offer files (large: streamed)

_HEADER_KEYS = ("formatVersion", "offerCode", "version", "publicationDate")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def read_header(path: Path) -> OfferHeader:
    """The top-level scalars that precede ``products`` in real files."""
    fields: dict[str, str] = {}
    try:
        with path.open("rb") as f:
            for prefix, event, value in ijson.parse(f):
                if prefix in _HEADER_KEYS and event == "string":
                    fields[prefix] = value
                elif prefix == "" and event == "map_key" and value in ("products", "terms"):
                    break
    except ijson.JSONError as exc:
        raise OfferFormatError(f"not a JSON offer file ({_first_line(exc)})") from None
    if not _DATE.match(fields.get("publicationDate", "")):
        raise OfferFormatError("no publicationDate before the products")
    return OfferHeader(fields.get("offerCode", ""), fields.get("version", ""), fields["publicationDate"])


@dataclass
class OfferParse:
    header: OfferHeader
    records: list[PriceRecord] = field(default_factory=list)
    stats: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Dim:
    begin: Decimal
    end: Decimal | None
    unit: str
    price: Decimal
    description: str


def _decimal(text: Any, what: str) -> Decimal:
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():  # "Inf" is read by the callers that allow it (endRange)
        raise PriceError(f"{what}: {text!r} is not a number")
    return value


def _dimensions(term: Mapping[str, Any], sku: str) -> list[_Dim]:
    dims = []
    for dim in (term.get("priceDimensions") or {}).values():
        per_unit = dim.get("pricePerUnit") or {}
        if len(per_unit) != 1:
            raise PriceError(f"SKU {sku}: expected one currency, found {sorted(per_unit) or 'none'}")
        currency, text = next(iter(per_unit.items()))
        if currency != "USD":
            raise PriceError(f"SKU {sku}: prices in {currency}; costlint's price cache holds USD")
        end_text = dim.get("endRange", "Inf")
        dims.append(
            _Dim(
                begin=_decimal(dim.get("beginRange", "0"), f"SKU {sku} beginRange"),
                end=None if end_text in ("Inf", "", None) else _decimal(end_text, f"SKU {sku} endRange"),
                unit=str(dim.get("unit", "")),
                price=_decimal(text, f"SKU {sku} price"),
                description=str(dim.get("description", "")),
            )
        )
    return dims


def _is_free_allowance(dim: _Dim) -> bool:
    # Free-tier bands ("(free tier)", "first 25 free GB", Lambda's China free tier) are account-level
    # allowances, not prices; costlint does not apply free tiers.
    text = dim.description.lower()
    return "china free tier" in text or (dim.price == 0 and "free" in text)


class _Collector:
    """Turns matched SKUs' terms into records, checking every price it keeps."""

    def __init__(self, offer: str, region: str, source: str, date: str, result: OfferParse) -> None:
        self.offer, self.region, self.source, self.date = offer, region, source, date
        self.result = result
        self.by_key: dict[tuple[str, str], PriceRecord] = {}
        self.parts: dict[tuple[str, str, tuple[tuple[str, str], ...]], dict[str, tuple[Decimal, str]]] = {}

    def warn(self, message: str) -> None:
        self.result.stats["warnings"] += 1
        if len(self.result.warnings) < 20:
            self.result.warnings.append(message)

    def add(self, record: PriceRecord, sku: str) -> None:
        if record.price <= 0 or any(t.price < 0 for t in record.tiers):
            raise PriceError(f"zero or negative price {record.price} for {record.service} {record.key} (SKU {sku})")
        try:
            validate(record)
        except InvalidRecord as exc:
            raise PriceError(f"SKU {sku}: {exc}") from None
        key = (record.service, record.key)
        previous = self.by_key.get(key)
        if previous is None:
            self.by_key[key] = record
        elif previous.price != record.price or previous.tiers != record.tiers:
            # Two SKUs pass the filters for one price: keep the first (file order), report it.
            self.result.stats["conflicts"] += 1
            self.warn(
                f"{record.service} {record.key}: SKU {sku} ({record.price}) conflicts with "
                f"{previous.price}; kept the first"
            )

    def on_demand(self, sku: str, match: Match, term: Mapping[str, Any]) -> None:
        spec = schema_product("aws", match.service, match.product)
        dims = []
        for dim in _dimensions(term, sku):
            if _is_free_allowance(dim):
                continue
            factor = match.units.get(dim.unit.lower())
            if factor is None:
                self.result.stats["unknown_unit"] += 1
                self.warn(f"SKU {sku}: unit {dim.unit!r} not understood for {match.service}/{match.product}")
                return
            dims.append((dim, factor))
        if not dims:
            return
        dims.sort(key=lambda d: d[0].begin)
        if spec.tiered and len(dims) > 1:
            tiers = tuple(Tier(d.begin / f, None if d.end is None else d.end / f, d.price * f) for d, f in dims)
        else:
            tiers = ()
        first, factor = dims[0]
        price = first.price * factor
        if match.part:
            parts = self.parts.setdefault((match.service, match.product, match.attributes), {})
            parts[match.part] = (price, sku)
            return
        self.add(self._record(match.service, match.product, dict(match.attributes), price, spec.unit, tiers), sku)

    def reserved(self, sku: str, spec: ReservedSpec, service: str, term: Mapping[str, Any]) -> None:
        attrs = term.get("termAttributes") or {}
        years = {"1yr": 1, "3yr": 3}.get(attrs.get("LeaseContractLength", ""))
        payment = {"No Upfront": "no_upfront", "Partial Upfront": "partial_upfront", "All Upfront": "all_upfront"}.get(
            attrs.get("PurchaseOption", "")
        )
        offering = attrs.get("OfferingClass", "standard")
        if not years or not payment or offering not in ("standard", "convertible"):
            self.result.stats["reserved_skipped"] += 1  # e.g. legacy "Heavy Utilization" terms
            return
        hourly = upfront = Decimal(0)
        for dim in _dimensions(term, sku):
            unit = dim.unit.lower()
            if unit in HOURS:
                hourly += dim.price
            elif unit == "quantity":
                upfront += dim.price
            else:
                self.warn(f"SKU {sku}: reserved unit {dim.unit!r} not understood")
                return
        if hourly < 0 or upfront < 0:
            raise PriceError(f"negative reserved price for SKU {sku}")
        effective = (hourly + upfront / (HOURS_PER_YEAR * years)).quantize(PRICE_QUANTUM)
        attributes = dict(spec.attributes)
        attributes.update(term=f"{years}yr", payment=payment)
        if spec.offering_class:
            attributes["offering_class"] = offering
        note = f"upfront {decimal_text(upfront)} USD + {decimal_text(hourly)} USD/hour over {years}yr"
        unit = schema_product("aws", service, spec.product).unit
        self.add(self._record(service, spec.product, attributes, effective, unit, (), note), sku)

    def finish_sums(self) -> None:
        for (service, name, attributes), parts in sorted(self.parts.items()):
            needed = SUMS.get((service, name), frozenset())
            if set(parts) != needed:
                self.warn(f"{service}/{name} {dict(attributes)}: parts {sorted(parts)} of {sorted(needed)}")
                continue
            total = sum((price for price, _ in parts.values()), Decimal(0))
            note = " + ".join(f"{part} {decimal_text(price)}" for part, (price, _) in sorted(parts.items()))
            unit = schema_product("aws", service, name).unit
            skus = ",".join(sku for _, sku in parts.values())
            self.add(self._record(service, name, dict(attributes), total, unit, (), note), skus)

    def _record(
        self,
        service: str,
        name: str,
        attributes: dict[str, str],
        price: Decimal,
        unit: str,
        tiers: tuple[Tier, ...],
        note: str = "",
    ) -> PriceRecord:
        return PriceRecord(
            "aws", service, self.region, name, attributes, price, unit, self.source, self.date, "high", tiers, note
        )


def _first_line(exc: BaseException) -> str:
    # yajl's messages run over several lines, with a caret drawing; one line is enough for the user.
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0].strip()


def _kvitems(path: Path, prefix: str) -> Iterable[tuple[str, Any]]:
    f: IO[bytes]
    with path.open("rb") as f:
        yield from ijson.kvitems(f, prefix)


def parse_offer_file(path: Path, offer: str, region: str) -> OfferParse:
    """Records of the SKUs that ``offer``'s mapper selects for ``region``.

    Raises ``OfferFormatError`` for a file that is truncated, not JSON or of another offer, and
    ``PriceError`` for a selected price that is zero, negative, unreadable or not in USD.
    """
    spec = OFFERS[offer]
    header = read_header(path)
    if header.offer_code and header.offer_code != offer:
        raise OfferFormatError(f"file is the {header.offer_code} offer, expected {offer}")
    result = OfferParse(header)
    collector = _Collector(offer, region, source_id(offer, region), header.date, result)
    matched: dict[str, list[Match]] = {}
    stats = result.stats
    try:
        for sku, item in _kvitems(path, "products"):
            stats["products"] += 1
            attributes = item.get("attributes") or {}
            matches = spec.mapper(item.get("productFamily", ""), attributes)
            if not matches:
                continue
            if product_region(attributes) != region:
                stats["other_region"] += 1
                continue
            matched[sku] = matches
        stats["matched"] = len(matched)
        reserved_wanted = any(m.reserved for ms in matched.values() for m in ms)
        for sku, terms in _kvitems(path, "terms.OnDemand"):
            for match in matched.get(sku, ()):
                for term in terms.values():
                    collector.on_demand(sku, match, term)
        # Each pass reads the file to its end (ijson cannot know the prefix will not recur), so a
        # truncated tail is detected by the passes above; the Reserved pass runs only when needed.
        for sku, terms in _kvitems(path, "terms.Reserved") if reserved_wanted else ():
            for match in matched.get(sku, ()):
                if match.reserved:
                    for term in terms.values():
                        collector.reserved(sku, match.reserved, match.service, term)
    except ijson.JSONError as exc:
        raise OfferFormatError(f"truncated or invalid JSON ({_first_line(exc)})") from None
    collector.finish_sums()
    result.records = sorted(collector.by_key.values(), key=lambda r: (r.service, r.key))
    stats["records"] = len(result.records)
    return result
