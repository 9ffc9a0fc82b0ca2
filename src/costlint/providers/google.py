"""Google Cloud (Terraform ``google``): regions from a resource's ``region`` or ``zone``, else its provider
block's. No types are priced yet: each resource says so (another cloud), rather than "unsupported type"."""

from __future__ import annotations

from costlint.providers import Provider, RegionRule

PROVIDER = Provider(
    name="google",
    region=RegionRule(attributes=("region", "zone"), settings=("region", "zone"), zones=frozenset({"zone"})),
    specs="costlint.specs.google",
    estimators="costlint.estimate.estimators.google",
    pricing="gcp",
    not_priced="Google Cloud: costlint does not price Google Cloud resources yet",
)
