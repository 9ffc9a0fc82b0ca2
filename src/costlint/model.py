"""The one resource model every reader produces and every estimator, rule and report consumes.

Readers turn Terraform HCL, Terraform plan JSON and CloudFormation into ``Resource`` objects; nothing
after the readers knows which language a resource came from, except through ``kind`` (shared by
``aws_instance`` and ``AWS::EC2::Instance``) and ``language`` (for display only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Language = Literal["terraform", "terraform-plan", "cloudformation", "design"]
"""``design``: a design sheet (``kind: costlint/design``), whose attributes have the Terraform argument shape."""
Severity = Literal["error", "warning"]


class Unknown:
    """A value costlint cannot know from the inputs it was given.

    ``reason`` names where the value would come from (``var.instance_type``,
    ``data.aws_ami.ubuntu.id``, ``aws_launch_template.web.id``, ``Fn::GetAtt Bucket.Arn``), so that a
    report can say which variable or reference to provide. ``ref`` is the address of the resource of
    the same project that the value is an attribute of, when there is one: estimators follow it to link
    an Auto Scaling group to its launch template even though the template's id is unknown before apply.
    """

    __slots__ = ("reason", "ref")

    def __init__(self, reason: str, ref: str | None = None) -> None:
        self.reason = reason
        self.ref = ref

    def __repr__(self) -> str:
        if self.ref:
            return f"Unknown({self.reason!r}, ref={self.ref!r})"
        return f"Unknown({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unknown) and (self.reason, self.ref) == (other.reason, other.ref)

    def __hash__(self) -> int:
        return hash(("Unknown", self.reason, self.ref))

    def __bool__(self) -> bool:
        # An unknown value must never pass for a real one in a plain `if value:`.
        raise TypeError(f"truth value of an unknown value ({self.reason}) is undefined")


def is_unknown(value: object) -> bool:
    return isinstance(value, Unknown)


def first_unknown(value: object) -> Unknown | None:
    """The first unknown in a value, depth first (through dicts and lists), or None."""
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        for item in value:
            found = first_unknown(item)
            if found is not None:
                return found
    return None


def contains_unknown(value: object) -> bool:
    """True when the value is unknown or holds an unknown anywhere inside."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(v) for v in value)
    return False


def to_jsonable(value: Any) -> Any:
    """Convert model values for JSON output: unknowns become ``{"$unknown": reason}``."""
    if isinstance(value, Unknown):
        out: dict[str, Any] = {"$unknown": value.reason}
        if value.ref:
            out["$ref"] = value.ref
        return out
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [to_jsonable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Diagnostic:
    """A problem with an input, reported as one line: ``path:line: severity: message``.

    ``file`` is as the user should see it (relative to the working directory when possible).
    """

    file: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.severity}: {self.message}"


@dataclass
class Resource:
    """One resource instance, after expansion of count/for_each and module calls."""

    address: str
    """Terraform style with module path and index (``module.svc["api"].aws_instance.this[1]``);
    CloudFormation: the logical ID (``Stack.LogicalId`` inside a followed nested stack)."""
    type: str
    """Native type: ``aws_instance``, ``AWS::EC2::Instance``."""
    kind: str | None
    """Canonical kind shared by both languages (see ``costlint.providers``); None when costlint does
    not know the type."""
    provider: str
    """``aws``, ``azurerm``, ``google``, ... (Terraform provider name; ``aws`` for CloudFormation)."""
    region: str | Unknown | None
    attributes: dict[str, Any]
    """Evaluated attributes in the native shape (Terraform argument names, or CloudFormation
    ``Properties``); values that cannot be known are ``Unknown``."""
    tags: dict[str, Any]
    """Tags, with the provider's ``default_tags`` merged (resource tags win)."""
    file: str
    """Source file, relative to the project root."""
    line: int
    """1-based line of the resource block (Terraform) or of the logical ID (CloudFormation)."""
    language: Language
    module: str = ""
    """Module path of the instance (``module.svc["api"]``), empty at the root."""
    action: str | None = None
    """Plan only: ``create``, ``update``, ``delete``, ``replace``, ``read`` or ``no-op``."""
    before: dict[str, Any] | None = None
    """Plan only: attributes before the change (``prior_state`` / ``change.before``)."""
    notes: list[str] = field(default_factory=list)
    """Anything the reader could not do for this resource, in words for the user."""
    metadata: dict[str, Any] = field(default_factory=dict)
    """CloudFormation only: the resource's ``Metadata`` section as written (the rules engine reads its
    ``costlint`` key for suppressions)."""

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class SourceUsage:
    """Usage quantities a project's own source gives (a design sheet's ``usage:``), in the usage file's
    terms; a usage file given on the command line wins over them, key by key."""

    path: str
    """The file they come from, as shown in messages."""
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Address -> usage key -> value (numbers as ``Decimal``, nested mappings as dicts)."""
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    """Line of each address ``(address,)`` and key ``(address, key)`` (and nested key) in ``path``."""


@dataclass
class Project:
    """One thing that is deployed as a unit: a Terraform root module, a plan, a template."""

    path: str
    """The project's root (a directory for Terraform, the file for plans and templates), as the
    user should see it: relative to the working directory when it is below it."""
    language: Language
    resources: list[Resource] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_read: int = 0
    inputs: frozenset[str] | None = None
    """Names of the inputs the project declares (a Terraform root module's variables, a template's
    parameters), against which ``--var`` and ``--parameter`` values are checked; None when they are not
    all known (a file that could not be read may declare more)."""
    usage: SourceUsage | None = None
    """Usage the project's source gives itself (design sheets); None for Terraform and CloudFormation."""

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)
