"""Azure (Terraform ``azurerm``): regions from each resource's ``location``. No types are priced yet:
each resource says so (another cloud), rather than "unsupported type"."""

from __future__ import annotations

from costlint.providers import Provider, RegionRule

PROVIDER = Provider(
    name="azurerm",
    region=RegionRule(attributes=("location",)),
    specs="costlint.specs.azure",
    estimators="costlint.estimate.estimators.azure",
    pricing="azure",
    not_priced="Azure: costlint does not price Azure resources yet",
)
