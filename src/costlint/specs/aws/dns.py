"""Route 53 hosted zones and records (Terraform ``aws_route53_zone`` / ``aws_route53_record``,
CloudFormation ``AWS::Route53::HostedZone`` / ``AWS::Route53::RecordSet``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from costlint.model import Resource
from costlint.specs.values import attr, known_block


@dataclass
class RecordSpec:
    routing: str
    """``standard``, ``latency`` or ``geo`` (geolocation and geoproximity): what its queries cost."""
    alias: bool
    alias_target: Any
    """The alias's target name (Terraform ``alias.name``, CloudFormation ``AliasTarget.DNSName``)."""
    alias_zone: Any
    """The alias target's hosted zone (``alias.zone_id`` / ``AliasTarget.HostedZoneId``)."""


def record(resource: Resource) -> RecordSpec:
    if attr(resource, "latency_routing_policy", "Region") is not None:
        routing = "latency"
    elif (
        attr(
            resource, "geolocation_routing_policy", "geoproximity_routing_policy", "GeoLocation", "GeoProximityLocation"
        )
        is not None
    ):
        routing = "geo"
    else:
        routing = "standard"
    alias_value = attr(resource, "alias", "AliasTarget")
    alias = known_block(alias_value)
    return RecordSpec(
        routing=routing,
        alias=alias_value is not None and alias_value != [],
        alias_target=attr(alias, "name", "DNSName"),
        alias_zone=attr(alias, "zone_id", "HostedZoneId"),
    )
