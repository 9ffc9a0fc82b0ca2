"""What the rules engine works with: rules (read from packs), findings, and the outcome of a check."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from costlint.model import Diagnostic, Resource

if TYPE_CHECKING:
    from costlint.rules.savings import Saving

SEVERITIES = ("info", "warning", "error")
"""From the mildest; ``--fail-on`` names the mildest severity that fails a check."""


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Rule:
    """One rule of a pack (``rules/*.yaml``; the format is described in ``costlint.rules.packs``)."""

    id: str
    """``CL101``: stable; its hundreds digit is its theme."""
    slug: str
    """``previous-generation``: the name shown in reports and accepted wherever an ID is."""
    title: str
    severity: str
    kinds: tuple[str, ...]
    """Canonical kinds it applies to (``ec2.instance``); empty for a project rule."""
    rationale: str
    fix: str
    link: str = ""
    check: str | None = None
    """``module:function`` in ``costlint.rules.checks`` (or ``package.module:function`` for a user
    pack's own check): the Python check, for conditions the data format cannot express."""
    when: Any = None
    """A data condition over the resource's spec (``costlint.rules.conditions``)."""
    message: str = ""
    """Message template of a data rule: ``{address}``, ``{type}`` and the spec's fields."""
    saving: str = ""
    """Data rules: ``remove`` when the fix is to delete the resource (the saving is its whole cost)."""
    scope: str = "resource"
    """``resource`` (checked per resource of ``kinds``) or ``project`` (checked once per project)."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Data for the check (replacement tables, thresholds), read as is."""
    config: tuple[str, ...] = ()
    """The config file settings the rule reads (``required_tags``), shown by ``rules explain``."""
    peers: tuple[str, ...] = ()
    """What other tools call the same check (``checkov CKV_AWS_66``), to de-duplicate."""
    enabled: bool = True
    """Off by default unless the config turns it on (or gives it what it needs)."""
    pack: str = ""
    """The pack file it comes from, as the user should see it."""
    line: int = 0

    @property
    def label(self) -> str:
        return f"{self.id} {self.slug}"


@dataclass
class Finding:
    rule: Rule
    severity: str
    """The effective severity (the config may override the rule's)."""
    project: str
    address: str
    file: str
    """As the user should see it: relative to the working directory when below it."""
    line: int
    message: str
    monthly_savings: Decimal | None = None
    """What the fix saves a month, from the catalog; None when it cannot be computed (``savings_note``
    says why) or when the rule has no saving of its own (governance)."""
    savings_note: str | None = None
    resource: Resource | None = field(default=None, repr=False, compare=False)
    fix: Saving | None = field(default=None, repr=False, compare=False)
    """The ``rules.savings.Saving`` behind ``monthly_savings`` (its ``fixed`` resource or ``removed``
    say what the fix does), None for a finding without one."""
    suppressed_by: str | None = None
    """``inline``, ``metadata``, ``config`` or ``baseline`` when the finding is suppressed."""
    justification: str = ""

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def slug(self) -> str:
        return self.rule.slug

    @property
    def key(self) -> tuple[str, str, int, str]:
        return (self.rule.id, self.file, self.line, self.message)


@dataclass
class CheckResult:
    """Everything a ``check`` report shows."""

    findings: list[Finding] = field(default_factory=list)
    """Active findings: not suppressed, not in the baseline."""
    suppressed: list[Finding] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    """Every rule that ran (for SARIF's rule list)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    projects: int = 0
    fail_on: str = "warning"
    messages: list[str] = field(default_factory=list)
    """Extra lines for the report (the cost delta of the touched projects)."""

    @property
    def failing(self) -> list[Finding]:
        if self.fail_on == "never":
            return []
        floor = severity_rank(self.fail_on)
        return [f for f in self.findings if severity_rank(f.severity) >= floor]
