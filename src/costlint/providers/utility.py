"""Terraform's utility providers: their resources live only in the state and are never billed."""

from __future__ import annotations

from costlint.providers import Provider

_STATE_ONLY = "lives only in the Terraform state: never billed"

RANDOM = Provider("random", free=_STATE_ONLY)
NULL = Provider("null", free=_STATE_ONLY)
TIME = Provider("time", free=_STATE_ONLY)
TLS = Provider("tls", free=_STATE_ONLY)
LOCAL = Provider("local", free=_STATE_ONLY)
TEMPLATE = Provider("template", free=_STATE_ONLY)
ARCHIVE = Provider("archive", free=_STATE_ONLY)
EXTERNAL = Provider("external", free=_STATE_ONLY)
HTTP = Provider("http", free=_STATE_ONLY)
TERRAFORM = Provider("terraform", free=_STATE_ONLY)
