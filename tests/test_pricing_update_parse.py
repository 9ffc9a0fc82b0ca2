"""The offer-file parser and the per-offer mappings (``costlint.pricing.aws_bulk``), on the fixture files.

Each mapped SKU is listed with the price key it must give and the factor from the offer's unit to the
schema's; every other SKU of a fixture is a decoy that must give nothing. Expected prices are read
from the fixtures.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from costlint.pricing import aws_bulk
from costlint.pricing.aws_bulk import OfferFormatError, PriceError, parse_offer_file
from costlint.pricing.records import validate
from pricing_server import FIXTURES, aws_json, load_fixture, offer_doc, on_demand_term, price_of

M = Decimal(10) ** 6
K10 = Decimal(10) ** 4
K1 = Decimal(1000)
ONE = Decimal(1)

# file -> [(sku, service, price key, factor)]
EXPECTED: dict[str, list[tuple[str, str, str, Decimal]]] = {
    "aws-offer-sample.json": [
        ("6C86BEPQVG73ZGGR", "ec2", "instance|instance_type=m5.large|os=linux|purchase=on_demand|tenancy=shared", ONE),
        (
            "AAAAM5LWIN000001",
            "ec2",
            "instance|instance_type=m5.large|os=windows|purchase=on_demand|tenancy=shared",
            ONE,
        ),
        ("AAAAT3MICRO00001", "ec2", "instance|instance_type=t3.micro|os=linux|purchase=on_demand|tenancy=shared", ONE),
        ("AAAAM5METAL00001", "ec2", "instance|instance_type=m5.metal|os=linux|purchase=on_demand|tenancy=shared", ONE),
        ("AAAAEBSGP3000001", "ebs", "storage|volume_type=gp3", ONE),
        ("AAAAEBSGP2000001", "ebs", "storage|volume_type=gp2", ONE),
        ("AAAAEBSIO1000001", "ebs", "storage|volume_type=io1", ONE),
        ("AAAAEBSST1000001", "ebs", "storage|volume_type=st1", ONE),
        ("AAAAEBSSC1000001", "ebs", "storage|volume_type=sc1", ONE),
        ("AAAAEBSSTD000001", "ebs", "storage|volume_type=standard", ONE),
        ("AAAAEBSGP3IOPS01", "ebs", "iops|volume_type=gp3", ONE),
        ("AAAAEBSIO1IOPS01", "ebs", "iops|volume_type=io1", ONE),
        ("AAAAEBSGP3THRU01", "ebs", "throughput|volume_type=gp3", ONE / 1024),
        ("AAAAEBSSNAP00001", "ebs", "snapshot", ONE),
        ("AAAANATGWHOURS01", "vpc", "nat_gateway", ONE),
        ("AAAANATGWBYTES01", "vpc", "nat_gateway_data", ONE),
        ("AAAAEIPIDLE00001", "vpc", "public_ipv4|state=idle", ONE),
    ],
    "aws-offer-sample-rds.json": [
        ("AAAARDST3MYSQL01", "rds", "instance|deployment=single_az|engine=mysql|instance_class=db.t3.micro", ONE),
        ("AAAARDST3MYSQL02", "rds", "instance|deployment=multi_az|engine=mysql|instance_class=db.t3.micro", ONE),
        ("AAAARDSM5MYSQL01", "rds", "instance|deployment=single_az|engine=mysql|instance_class=db.m5.large", ONE),
        ("AAAARDSM5PGSQL01", "rds", "instance|deployment=single_az|engine=postgres|instance_class=db.m5.large", ONE),
        ("AAAARDSGP2STOR01", "rds", "storage|deployment=single_az|storage_type=gp2", ONE),
        ("AAAARDSGP3STOR01", "rds", "storage|deployment=single_az|storage_type=gp3", ONE),
    ],
    "aws-offer-sample-elb.json": [
        ("AAAAALBHOURS0001", "elb", "load_balancer|lb_type=application", ONE),
        ("AAAAALBLCU000001", "elb", "capacity_units|lb_type=application", ONE),
        ("AAAANLBHOURS0001", "elb", "load_balancer|lb_type=network", ONE),
        ("AAAANLBLCU000001", "elb", "capacity_units|lb_type=network", ONE),
        ("AAAACLBHOURS0001", "elb", "load_balancer|lb_type=classic", ONE),
    ],
    "aws-offer-sample-elasticache.json": [
        ("AAAACACHET3MRED1", "elasticache", "node|engine=redis|node_type=cache.t3.micro", ONE),
        ("AAAACACHET3MMEM1", "elasticache", "node|engine=memcached|node_type=cache.t3.micro", ONE),
    ],
    "aws-offer-sample-lambda.json": [
        ("AAAALAMBDAREQ001", "lambda", "requests", M),
        ("AAAALAMBDAGBS001", "lambda", "duration|architecture=x86_64", ONE),
    ],
    "costlint-offer-vpc.json": [
        ("AAAAVPCIPV4USE01", "vpc", "public_ipv4|state=in_use", ONE),
        ("AAAAVPCIPV4IDL01", "vpc", "public_ipv4|state=idle", ONE),
        ("AAAAVPCEHOURS001", "vpc", "endpoint|endpoint_type=interface", ONE),
        ("AAAAVPCEBYTES001", "vpc", "endpoint_data|endpoint_type=interface", ONE),
        ("AAAAVPCGWLBEH001", "vpc", "endpoint|endpoint_type=gateway_load_balancer", ONE),
        ("AAAAVPCGWLBEB001", "vpc", "endpoint_data|endpoint_type=gateway_load_balancer", ONE),
    ],
    "costlint-offer-s3.json": [
        ("AAAAS3STANDARD01", "s3", "storage|storage_class=standard", ONE),
        ("AAAAS3INTFA00001", "s3", "storage|storage_class=intelligent_tiering", ONE),
        ("AAAAS3INTIA00001", "s3", "storage|storage_class=intelligent_tiering_ia", ONE),
        ("AAAAS3SIA0000001", "s3", "storage|storage_class=standard_ia", ONE),
        ("AAAAS3ZIA0000001", "s3", "storage|storage_class=one_zone_ia", ONE),
        ("AAAAS3GIR0000001", "s3", "storage|storage_class=glacier_instant", ONE),
        ("AAAAS3GLACIER001", "s3", "storage|storage_class=glacier_flexible", ONE),
        ("AAAAS3GDA0000001", "s3", "storage|storage_class=deep_archive", ONE),
        ("AAAAS3REQTIER101", "s3", "requests|request_tier=tier1|storage_class=standard", K1),
        ("AAAAS3REQTIER201", "s3", "requests|request_tier=tier2|storage_class=standard", K1),
        ("AAAAS3REQSIAT101", "s3", "requests|request_tier=tier1|storage_class=standard_ia", K1),
        ("AAAAS3REQSIAT201", "s3", "requests|request_tier=tier2|storage_class=standard_ia", K1),
        ("AAAAS3RETSIA0001", "s3", "retrieval|storage_class=standard_ia", ONE),
        ("AAAAS3RETGIR0001", "s3", "retrieval|storage_class=glacier_instant", ONE),
    ],
    "costlint-offer-dynamodb.json": [
        ("AAAADDBWCU00001", "dynamodb", "write_capacity|table_class=standard", ONE),
        ("AAAADDBRCU00001", "dynamodb", "read_capacity|table_class=standard", ONE),
        ("AAAADDBWCUIA001", "dynamodb", "write_capacity|table_class=standard_ia", ONE),
        ("AAAADDBRWCU0001", "dynamodb", "replicated_write_capacity|table_class=standard", ONE),
        ("AAAADDBWRU00001", "dynamodb", "write_requests|table_class=standard", M),
        ("AAAADDBRRU00001", "dynamodb", "read_requests|table_class=standard", M),
        ("AAAADDBSTORE0001", "dynamodb", "storage|table_class=standard", ONE),
        ("AAAADDBSTOREIA01", "dynamodb", "storage|table_class=standard_ia", ONE),
        ("AAAADDBPITR00001", "dynamodb", "pitr_storage", ONE),
        ("AAAADDBBACKUP001", "dynamodb", "backup_storage", ONE),
        ("AAAADDBRESTORE01", "dynamodb", "restore", ONE),
        ("AAAADDBSTREAMS01", "dynamodb", "stream_reads", M),
    ],
    "costlint-offer-cloudwatch.json": [
        ("AAAACWLOGSING001", "cloudwatch", "logs_ingestion", ONE),
        ("AAAACWLOGSSTO001", "cloudwatch", "logs_storage", ONE),
        ("AAAACWINSIGHTS01", "cloudwatch", "logs_insights", ONE),
        ("AAAACWALARMSTD01", "cloudwatch", "alarm|resolution=standard", ONE),
        ("AAAACWALARMHI001", "cloudwatch", "alarm|resolution=high", ONE),
        ("AAAACWMETRICS001", "cloudwatch", "metrics", ONE),
    ],
    "costlint-offer-eks.json": [
        ("AAAAEKSCLUSTER01", "eks", "cluster|support=standard", ONE),
    ],
    "costlint-offer-ecs.json": [
        ("AAAAFARGATEVCPU1", "fargate", "vcpu|architecture=x86_64|os=linux|purchase=on_demand", ONE),
        ("AAAAFARGATEMEM01", "fargate", "memory|architecture=x86_64|os=linux|purchase=on_demand", ONE),
        ("AAAAFARGATEARMC1", "fargate", "vcpu|architecture=arm64|os=linux|purchase=on_demand", ONE),
        ("AAAAFARGATEARMM1", "fargate", "memory|architecture=arm64|os=linux|purchase=on_demand", ONE),
        ("AAAAFARGATESPTC1", "fargate", "vcpu|architecture=x86_64|os=linux|purchase=spot", ONE),
        ("AAAAFARGATESPTM1", "fargate", "memory|architecture=x86_64|os=linux|purchase=spot", ONE),
    ],
    "costlint-offer-kms.json": [
        ("AAAAKMSKEY000001", "kms", "key", ONE),
        ("AAAAKMSREQSYM001", "kms", "requests|request_type=symmetric", K10),
        ("AAAAKMSREQASY001", "kms", "requests|request_type=asymmetric", K10),
        ("AAAAKMSREQECC001", "kms", "requests|request_type=ecc_generate_data_key_pair", K10),
        ("AAAAKMSREQRSA001", "kms", "requests|request_type=rsa_generate_data_key_pair", K10),
    ],
    "costlint-offer-secretsmanager.json": [
        ("AAAASECRET000001", "secretsmanager", "secret", ONE),
        ("AAAASECRETAPI001", "secretsmanager", "api_calls", K10),
    ],
    "costlint-offer-route53.json": [
        ("AAAAR53ZONE00001", "route53", "hosted_zone", ONE),
        ("AAAAR53QUERYSTD1", "route53", "queries|query_type=standard", M),
        ("AAAAR53QUERYLBR1", "route53", "queries|query_type=latency", M),
        ("AAAAR53QUERYGEO1", "route53", "queries|query_type=geo", M),
    ],
    "costlint-offer-efs.json": [
        ("AAAAEFSSTD000001", "efs", "storage|storage_class=standard", ONE),
        ("AAAAEFSIA0000001", "efs", "storage|storage_class=standard_ia", ONE),
        ("AAAAEFSONEZONE01", "efs", "storage|storage_class=one_zone", ONE),
        ("AAAAEFSONEZIA001", "efs", "storage|storage_class=one_zone_ia", ONE),
        ("AAAAEFSIAREAD001", "efs", "ia_access", ONE),
        ("AAAAEFSPROVTP001", "efs", "provisioned_throughput", ONE),
    ],
    "costlint-offer-sqs.json": [
        ("AAAASQSSTANDARD1", "sqs", "requests|queue_type=standard", M),
        ("AAAASQSFIFO00001", "sqs", "requests|queue_type=fifo", M),
    ],
}
# Prices made of several SKUs, and reserved terms, are checked by their own tests.
DERIVED = {"costlint-offer-eks.json": {("eks", "cluster|support=extended")}}


def _parse(name: str) -> tuple[dict[str, Any], aws_bulk.OfferParse]:
    doc = load_fixture(name)
    offer = doc["offerCode"]
    region = aws_bulk.GLOBAL_REGION if aws_bulk.OFFERS[offer].scope == "global" else "us-east-1"
    return doc, parse_offer_file(FIXTURES / name, offer, region)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_maps_exactly_its_priced_skus(name: str) -> None:
    doc, parsed = _parse(name)
    records = {(r.service, r.key): r for r in parsed.records if not r.key.startswith("reserved_")}
    expected = {(service, key): (sku, factor) for sku, service, key, factor in EXPECTED[name]}
    assert set(records) == set(expected) | DERIVED.get(name, set())
    for ident, (sku, factor) in expected.items():
        record = records[ident]
        assert record.price == price_of(doc, sku) * factor, ident
        validate(record)
        assert record.source == aws_bulk.source_id(doc["offerCode"], record.region)
        assert record.date == doc["publicationDate"][:10]
    assert parsed.warnings == []
    assert parsed.stats["conflicts"] == 0


def test_the_mapping_table_covers_every_offer_and_service() -> None:
    served = {load_fixture(name)["offerCode"] for name in EXPECTED}
    assert served == set(aws_bulk.OFFERS)
    assert {o for o, spec in aws_bulk.OFFERS.items() if spec.verified} == {
        "AmazonEC2",
        "AmazonRDS",
        "AmazonElastiCache",
        "AWSELB",
        "AWSLambda",
    }
    assert aws_bulk.SERVICE_OFFERS["vpc"] == ("AmazonVPC", "AmazonEC2")


def test_tiers_are_kept_in_schema_units() -> None:
    doc, parsed = _parse("costlint-offer-route53.json")
    queries = next(r for r in parsed.records if r.key == "queries|query_type=standard")
    dims = sorted(
        next(iter(doc["terms"]["OnDemand"]["AAAAR53QUERYSTD1"].values()))["priceDimensions"].values(),
        key=lambda d: Decimal(d["beginRange"]),
    )
    assert [(t.start, t.end, t.price) for t in queries.tiers] == [
        (
            Decimal(d["beginRange"]) / M,
            None if d["endRange"] == "Inf" else Decimal(d["endRange"]) / M,
            Decimal(d["pricePerUnit"]["USD"]) * M,
        )
        for d in dims
    ]
    assert queries.region == "global"
    # One band only: no tiers, the price.
    doc, parsed = _parse("costlint-offer-s3.json")
    assert next(r for r in parsed.records if r.key == "storage|storage_class=standard_ia").tiers == ()


def test_free_tier_bands_are_not_prices() -> None:
    doc, parsed = _parse("costlint-offer-dynamodb.json")
    storage = next(r for r in parsed.records if r.key == "storage|table_class=standard")
    paid = [
        d
        for d in next(iter(doc["terms"]["OnDemand"]["AAAADDBSTORE0001"].values()))["priceDimensions"].values()
        if Decimal(d["pricePerUnit"]["USD"]) > 0
    ]
    assert storage.price == Decimal(paid[0]["pricePerUnit"]["USD"])
    assert storage.tiers == ()


def test_eks_extended_support_is_the_cluster_hour_plus_the_surcharge() -> None:
    doc, parsed = _parse("costlint-offer-eks.json")
    extended = next(r for r in parsed.records if r.key == "cluster|support=extended")
    assert extended.price == price_of(doc, "AAAAEKSCLUSTER01") + price_of(doc, "AAAAEKSEXTSUPP01")
    assert "surcharge" in extended.note


def test_reserved_terms_of_the_sample() -> None:
    doc, parsed = _parse("aws-offer-sample.json")
    reserved = {r.key: r for r in parsed.records if r.key.startswith("reserved_instance|")}
    assert len(reserved) == len(doc["terms"]["Reserved"]["6C86BEPQVG73ZGGR"])
    all_upfront = reserved[
        "reserved_instance|instance_type=m5.large|offering_class=standard|os=linux"
        "|payment=all_upfront|tenancy=shared|term=1yr"
    ]
    term = doc["terms"]["Reserved"]["6C86BEPQVG73ZGGR"]["6C86BEPQVG73ZGGR.6QCMYABX3D"]
    upfront = Decimal(term["priceDimensions"]["6C86BEPQVG73ZGGR.6QCMYABX3D.2TG2D8R56U"]["pricePerUnit"]["USD"])
    assert all_upfront.price == (upfront / 8760).quantize(Decimal("1E-10"))  # the hourly fee is zero
    for record in reserved.values():
        validate(record)


# --------------------------------------------------------------------------------------------------
# Regions and usage types


def test_usage_types_match_with_or_without_a_region_prefix() -> None:
    assert aws_bulk.usage_is("NatGateway-Hours", "NatGateway-Hours")
    assert aws_bulk.usage_is("USE2-NatGateway-Hours", "NatGateway-Hours")
    assert aws_bulk.usage_is("EU-NatGateway-Hours", "NatGateway-Hours")
    assert aws_bulk.usage_is("UGW1-NatGateway-Hours", "NatGateway-Hours")
    assert not aws_bulk.usage_is("USE2-RegionalNatGateway-Hours", "NatGateway-Hours")
    assert not aws_bulk.usage_is("IA-TimedStorage-ByteHrs", "TimedStorage-ByteHrs")  # a table class, not a region
    assert aws_bulk.usage_is("USE1-IA-TimedStorage-ByteHrs", "IA-TimedStorage-ByteHrs")
    assert aws_bulk.usage_rest("APS3-KMS-Keys") == "KMS-Keys"
    assert aws_bulk.usage_rest("KMS-Keys") == "KMS-Keys"


def test_region_from_region_code_else_location() -> None:
    assert aws_bulk.product_region({"regionCode": "eu-west-1", "location": "US East (Ohio)"}) == "eu-west-1"
    assert aws_bulk.product_region({"location": "EU (Ireland)"}) == "eu-west-1"
    assert aws_bulk.product_region({"location": "Global"}) == "global"
    assert aws_bulk.product_region({"location": "Somewhere New"}) is None


def test_products_of_other_regions_are_skipped(tmp_path: Path) -> None:
    doc = load_fixture("aws-offer-sample-elb.json")
    path = tmp_path / "elb.json"
    path.write_bytes(aws_json(doc))
    parsed = parse_offer_file(path, "AWSELB", "eu-west-1")
    assert parsed.records == [] and parsed.stats["other_region"] == len(doc["products"])


def test_region_index_shapes() -> None:
    offers = aws_bulk.offer_region_index_paths(load_fixture("aws-offer-index-sample.json"))
    assert offers["AmazonEC2"]["region_index"] == "/offers/v1.0/aws/AmazonEC2/current/region_index.json"
    regions = aws_bulk.region_urls(load_fixture("aws-region-index-sample.json"))
    assert regions["us-east-1"] == "/offers/v1.0/aws/AmazonEC2/20261120182150/us-east-1/index.json"
    savings = aws_bulk.region_urls(load_fixture("aws-savingsplan-region-index-sample.json"))  # a list
    assert savings["eu-west-1"].startswith("/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/")
    with pytest.raises(OfferFormatError):
        aws_bulk.region_urls({"regions": "none"})


# --------------------------------------------------------------------------------------------------
# Streaming: order, truncation, bad prices


def test_terms_before_products_parse_the_same(tmp_path: Path) -> None:
    """The passes do not depend on the order of the sections."""
    doc = load_fixture("aws-offer-sample.json")
    reordered = {
        k: doc[k]
        for k in (
            "formatVersion",
            "disclaimer",
            "offerCode",
            "version",
            "publicationDate",
            "terms",
            "products",
            "attributesList",
        )
    }
    path = tmp_path / "reordered.json"
    path.write_bytes(aws_json(reordered))
    assert (
        parse_offer_file(path, "AmazonEC2", "us-east-1").records
        == parse_offer_file(FIXTURES / "aws-offer-sample.json", "AmazonEC2", "us-east-1").records
    )


def test_compact_json_parses_the_same(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    path.write_text(json.dumps(load_fixture("aws-offer-sample-rds.json"), separators=(",", ":")))
    assert (
        parse_offer_file(path, "AmazonRDS", "us-east-1").records
        == parse_offer_file(FIXTURES / "aws-offer-sample-rds.json", "AmazonRDS", "us-east-1").records
    )


@pytest.mark.parametrize("cut", [10, 200, 5000, -3])
def test_a_truncated_file_is_an_error_wherever_it_is_cut(tmp_path: Path, cut: int) -> None:
    data = (FIXTURES / "aws-offer-sample.json").read_bytes()
    path = tmp_path / "cut.json"
    path.write_bytes(data[:cut])
    with pytest.raises(OfferFormatError) as caught:
        parse_offer_file(path, "AmazonEC2", "us-east-1")
    assert "\n" not in str(caught.value)


def _one_sku(tmp_path: Path, unit: str, price: str, currency: str = "USD", **attributes: str) -> Path:
    sku = "TESTSKU000000001"
    attrs = {
        "servicecode": "AWSELB",
        "location": "US East (N. Virginia)",
        "locationType": "AWS Region",
        "regionCode": "us-east-1",
        "usagetype": "LoadBalancerUsage",
        "operation": "LoadBalancing:Application",
        **attributes,
    }
    doc = offer_doc(
        "AWSELB",
        {sku: {"sku": sku, "productFamily": "Load Balancer-Application", "attributes": attrs}},
        {sku: on_demand_term(sku, unit, [("0", "Inf", price, "test")], currency)},
    )
    path = tmp_path / "one.json"
    path.write_bytes(aws_json(doc))
    return path


@pytest.mark.parametrize(
    ("price", "currency", "message"),
    [
        ("0.0000000000", "USD", "zero or negative price"),
        ("-0.0225000000", "USD", "zero or negative price"),
        ("NaN", "USD", "is not a number"),
        ("cheap", "USD", "is not a number"),
        ("0.0225000000", "CNY", "prices in CNY"),
    ],
)
def test_unusable_prices_are_errors(tmp_path: Path, price: str, currency: str, message: str) -> None:
    with pytest.raises(PriceError, match=message):
        parse_offer_file(_one_sku(tmp_path, "Hrs", price, currency), "AWSELB", "us-east-1")


def test_an_unknown_unit_skips_the_sku_with_a_warning(tmp_path: Path) -> None:
    parsed = parse_offer_file(_one_sku(tmp_path, "Fortnights", "0.0225000000"), "AWSELB", "us-east-1")
    assert parsed.records == [] and parsed.stats["unknown_unit"] == 1
    assert "Fortnights" in parsed.warnings[0]


def test_two_skus_for_one_price_keep_the_first_and_warn(tmp_path: Path) -> None:
    doc = load_fixture("aws-offer-sample-elb.json")
    twin = copy.deepcopy(doc["products"]["AAAACLBHOURS0001"])
    twin["sku"] = "AAAACLBHOURS0002"
    doc["products"]["AAAACLBHOURS0002"] = twin
    term = json.loads(json.dumps(doc["terms"]["OnDemand"]["AAAACLBHOURS0001"]).replace("0001", "0002"))
    for t in term.values():
        for dim in t["priceDimensions"].values():
            dim["pricePerUnit"]["USD"] = str(price_of(doc, "AAAACLBHOURS0001") * 2)
    doc["terms"]["OnDemand"]["AAAACLBHOURS0002"] = term
    path = tmp_path / "twins.json"
    path.write_bytes(aws_json(doc))
    parsed = parse_offer_file(path, "AWSELB", "us-east-1")
    classic = next(r for r in parsed.records if r.key == "load_balancer|lb_type=classic")
    assert classic.price == price_of(doc, "AAAACLBHOURS0001")
    assert parsed.stats["conflicts"] == 1 and "conflicts" in parsed.warnings[0]


def test_header_problems(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"formatVersion" : "v1.0", "products" : {}, "terms" : {}}')
    with pytest.raises(OfferFormatError, match="no publicationDate"):
        parse_offer_file(path, "AWSELB", "us-east-1")
    with pytest.raises(OfferFormatError, match="file is the AmazonRDS offer"):
        parse_offer_file(FIXTURES / "aws-offer-sample-rds.json", "AWSELB", "us-east-1")
    path.write_text("<html>502 Bad Gateway</html>")
    with pytest.raises(OfferFormatError, match="not a JSON offer file"):
        parse_offer_file(path, "AWSELB", "us-east-1")


def test_unknown_term_types_are_ignored(tmp_path: Path) -> None:
    doc = load_fixture("aws-offer-sample-lambda.json")
    doc["terms"]["FlatRate"] = {
        "plans": [{"planCode": "P1", "sku": "AAAALAMBDAREQ001", "features": [], "subscriptionPrice": {"USD": "15"}}]
    }
    path = tmp_path / "flat.json"
    path.write_bytes(aws_json(doc))
    assert (
        parse_offer_file(path, "AWSLambda", "us-east-1").records
        == parse_offer_file(FIXTURES / "aws-offer-sample-lambda.json", "AWSLambda", "us-east-1").records
    )
