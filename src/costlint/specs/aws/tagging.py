"""Tags as a cost-allocation rule sees them: ``Resource.tags`` (provider default tags merged by the
reader) unless the resource's own tag keys cannot be known (Terraform ``tags = var.tags`` without a
value, CloudFormation ``Tags: !If [...]`` on an unknown condition). An unknown tag *value* does not
hide its key."""

from __future__ import annotations

from typing import Any

from costlint.model import Resource, Unknown


def _hidden_keys(own: Any, cloudformation: bool) -> Unknown | None:
    if isinstance(own, Unknown):
        return own
    if cloudformation and isinstance(own, list):
        for item in own:
            if isinstance(item, Unknown):
                return item
            if isinstance(item, dict) and isinstance(item.get("Key"), Unknown):
                key: Unknown = item["Key"]
                return key
    return None


def tags(resource: Resource) -> dict[str, Any] | Unknown:
    """The resource's tags (provider default tags included), or the Unknown that hides some of their keys."""
    cloudformation = resource.language == "cloudformation"
    hidden = _hidden_keys(resource.attributes.get("Tags" if cloudformation else "tags"), cloudformation)
    return hidden if hidden is not None else resource.tags
