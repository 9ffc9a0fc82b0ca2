"""The config file: ``.costlint.yml`` (or ``.costlint.yaml``), else ``[tool.costlint]`` in ``pyproject.toml``.

Looked up from the working directory upwards, stopping at the repository root (the directory holding
``.git``); ``--config FILE`` names one. Every setting is optional::

    fail_on: warning              # the mildest severity that fails `costlint check`: error | warning | info | never
    rules:                        # by ID or slug: off, on, a severity, or {enabled: .., severity: ..}
      CL103: off
      gp2-volume: error
    ignore:                       # findings to suppress (each needs a reason)
      - rule: CL201               # an ID, a slug or "*"
        paths: ["legacy/**"]      # globs on the file, relative to the config file (optional)
        addresses: ["aws_instance.old*"]   # globs on the address (optional)
        reason: replaced in Q3
    required_tags: [CostCenter, Owner]
    preferred_regions: [us-east-1, us-east-2]
    budgets: {"infra/prod": 1500, "*": 5000}   # USD a month, by project path glob
    batch_markers:                # tags/labels that mark batch or worker capacity (spot-eligible)
      keys: [workload, role]
      values: [batch, worker]
    usage_file: usage.yml
    rule_packs: [policies/cost.yaml]
    baseline: .costlint-baseline.json
    unit_economics: {unit: order, monthly_volume: 2000000}   # cost per unit in breakdown, diff, review
    review:                       # costlint review
      allocation_tags: [Team, Environment, CostCenter]     # default: required_tags, else these three
      non_production:             # what the schedules scenario runs office hours only
        keys: [environment, env]  # tag keys, and the values that mean non-production
        values: [dev, test, staging]
        names: ["*-dev-*"]        # globs on addresses
        paths: ["envs/dev/**"]    # globs on files
      office_hours: {hours_per_day: 12, days_per_week: 5}
      top_resources: 10

Paths are relative to the config file. Each mistake is one ``file:line: error: ...`` message (exit 2).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from costlint.model import Diagnostic
from costlint.rules.model import SEVERITIES, Rule
from costlint.rules.yamlfile import YamlError, line_of
from costlint.rules.yamlfile import load as load_yaml
from costlint.unit_economics import UnitEconomics

CONFIG_NAMES = (".costlint.yml", ".costlint.yaml")
DEFAULT_BASELINE = ".costlint-baseline.json"
FAIL_ON = (*SEVERITIES, "never")
DEFAULT_MARKER_KEYS = ("workload", "workload-type", "role", "purpose", "node-role", "capacity")
DEFAULT_MARKER_VALUES = ("batch", "worker", "workers", "etl", "job", "jobs", "ci", "runner", "spot-ok")
DEFAULT_ALLOCATION_TAGS = ("Team", "Environment", "CostCenter")
DEFAULT_NON_PRODUCTION_KEYS = ("environment", "env", "stage", "tier")
DEFAULT_NON_PRODUCTION_VALUES = (
    "dev",
    "development",
    "test",
    "testing",
    "qa",
    "staging",
    "stage",
    "sandbox",
    "nonprod",
    "non-prod",
    "uat",
    "preview",
)
REVIEW_KEYS = ("allocation_tags", "non_production", "office_hours", "top_resources")

KEYS = (
    "fail_on",
    "rules",
    "ignore",
    "required_tags",
    "preferred_regions",
    "budgets",
    "batch_markers",
    "usage_file",
    "rule_packs",
    "baseline",
    "unit_economics",
    "review",
)


@dataclass
class ReviewSettings:
    """``review:`` of the config: how ``costlint review`` allocates cost and which resources it schedules."""

    allocation_tags: tuple[str, ...] = ()
    """Tag keys to split the cost by (empty: the config's ``required_tags``, else ``DEFAULT_ALLOCATION_TAGS``)."""
    non_production_keys: tuple[str, ...] = DEFAULT_NON_PRODUCTION_KEYS
    non_production_values: tuple[str, ...] = DEFAULT_NON_PRODUCTION_VALUES
    non_production_names: tuple[str, ...] = ()
    """Globs on addresses."""
    non_production_paths: tuple[str, ...] = ()
    """Globs on files, relative to the config file (or as shown, relative to the working directory)."""
    hours_per_day: Decimal = Decimal(12)
    days_per_week: Decimal = Decimal(5)
    top_resources: int = 10


@dataclass
class Ignore:
    rule: str
    """An ID, a slug, or ``*``; resolved to an ID once the packs are loaded."""
    paths: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    reason: str = ""
    line: int = 0


@dataclass
class RuleSetting:
    name: str
    enabled: bool | None = None
    severity: str | None = None
    line: int = 0


@dataclass
class Settings:
    file: str | None = None
    """The config file, as shown in messages (None: no config file)."""
    root: Path = field(default_factory=Path.cwd)
    """Relative paths of the config are relative to this directory."""
    fail_on: str = "warning"
    rules: list[RuleSetting] = field(default_factory=list)
    ignores: list[Ignore] = field(default_factory=list)
    required_tags: tuple[str, ...] = ()
    preferred_regions: tuple[str, ...] = ()
    budgets: dict[str, Decimal] = field(default_factory=dict)
    marker_keys: tuple[str, ...] = DEFAULT_MARKER_KEYS
    marker_values: tuple[str, ...] = DEFAULT_MARKER_VALUES
    usage_file: Path | None = None
    rule_packs: list[tuple[Path, int]] = field(default_factory=list)
    baseline: Path | None = None
    unit_economics: UnitEconomics | None = None
    review: ReviewSettings = field(default_factory=ReviewSettings)
    enabled: dict[str, bool] = field(default_factory=dict)
    """Rule ID -> on/off, resolved by ``resolve_rules``."""
    severities: dict[str, str] = field(default_factory=dict)
    """Rule ID -> severity, resolved by ``resolve_rules``."""

    def is_enabled(self, rule: Rule) -> bool:
        return self.enabled.get(rule.id, rule.enabled)

    def severity_of(self, rule: Rule) -> str:
        return self.severities.get(rule.id, rule.severity)

    def path(self, value: str) -> Path:
        return (self.root / value).resolve() if not Path(value).is_absolute() else Path(value)

    @property
    def allocation_tags(self) -> tuple[str, ...]:
        return self.review.allocation_tags or self.required_tags or DEFAULT_ALLOCATION_TAGS


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` upwards, not above the repository root."""
    directory = start.resolve()
    while True:
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (directory / ".git").exists() or directory.parent == directory:
            return None
        directory = directory.parent


def _has_tool_table(path: Path) -> bool:
    try:
        return re.search(r"^\s*\[tool\.costlint[\].]", path.read_text(encoding="utf-8"), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def load_settings(path: Path | None, display: str | None = None) -> tuple[Settings, list[Diagnostic]]:
    """Settings from a config file (None: the defaults), and one diagnostic per mistake."""
    if path is None:
        return Settings(), []
    display = display or str(path)
    settings = Settings(file=display, root=path.resolve().parent)
    problems: list[Diagnostic] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return settings, [Diagnostic(display, 1, f"cannot read config: {getattr(exc, 'strerror', None) or exc}")]
    if path.name == "pyproject.toml":
        data, lines, error = _toml_table(text)
        if error is not None:
            return settings, [Diagnostic(display, error[0], error[1])]
    else:
        try:
            data = load_yaml(text)
        except YamlError as exc:
            return settings, [Diagnostic(display, exc.line, exc.message)]
        if data is None:
            return settings, []
        lines = None
    if not isinstance(data, dict):
        return settings, [Diagnostic(display, 1, "the config must be a mapping of settings")]
    _Reader(settings, data, lines, problems).read()
    return settings, problems


def _toml_table(text: str) -> tuple[Any, dict[str, int] | None, tuple[int, str] | None]:
    """``[tool.costlint]`` of a pyproject.toml, and the line of each of its keys (found by scanning: the
    TOML parser gives none)."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        return None, None, (int(match.group(1)) if match else 1, f"invalid TOML: {exc}")
    table = document.get("tool", {}).get("costlint", {})
    lines: dict[str, int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[+\s*([^\]]+?)\s*\]+", line)
        if header:
            section = header.group(1).replace('"', "")
            if section.startswith("tool.costlint."):
                lines.setdefault(section.removeprefix("tool.costlint.").split(".")[0], number)
            continue
        key = re.match(r"^\s*([A-Za-z0-9_\-\"']+)\s*=", line)
        if key and section == "tool.costlint":
            lines.setdefault(key.group(1).strip("\"'"), number)
    return table, lines, None


class _Reader:
    def __init__(self, settings: Settings, data: dict[str, Any], lines: dict[str, int] | None, out: list[Diagnostic]):
        self.settings = settings
        self.data = data
        self.lines = lines
        self.out = out

    def line(self, key: str) -> int:
        if self.lines is not None:
            return self.lines.get(key, 1)
        return line_of(self.data, key)

    def error(self, line: int, message: str) -> None:
        assert self.settings.file is not None
        self.out.append(Diagnostic(self.settings.file, line, message))

    def read(self) -> None:
        for key in self.data:
            if key not in KEYS:
                import difflib

                hint = difflib.get_close_matches(str(key).replace("-", "_"), KEYS, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (settings: {', '.join(KEYS)})"
                self.error(self.line(str(key)), f"unknown setting '{key}'{suggestion}")
        for key in KEYS:
            if key in self.data:
                getattr(self, f"_{key}")(self.data[key], self.line(key))

    def _fail_on(self, value: Any, line: int) -> None:
        if value not in FAIL_ON:
            self.error(line, f"fail_on must be one of {', '.join(FAIL_ON)}, got {value!r}")
        else:
            self.settings.fail_on = value

    def _rules(self, value: Any, line: int) -> None:
        if not isinstance(value, dict):
            self.error(line, "rules must be a mapping of rule ID or slug to off, on, a severity or {enabled, severity}")
            return
        for name, setting in value.items():
            where = line_of(value, str(name), line)
            rule = RuleSetting(str(name), line=where)
            if setting is False or setting in ("off", "false"):
                rule.enabled = False
            elif setting is True or setting == "on":
                rule.enabled = True
            elif setting in SEVERITIES:
                rule.severity = setting
            elif isinstance(setting, dict):
                for key, item in setting.items():
                    if key == "enabled" and isinstance(item, bool):
                        rule.enabled = item
                    elif key == "severity" and item in SEVERITIES:
                        rule.severity = item
                    else:
                        self.error(
                            line_of(setting, str(key), where),
                            f"rule {name}: '{key}: {item}' is not 'enabled: true|false' or "
                            f"'severity: {'|'.join(SEVERITIES)}'",
                        )
            else:
                self.error(
                    where, f"rule {name}: expected off, on, {', '.join(SEVERITIES)} or a mapping, got {setting!r}"
                )
                continue
            self.settings.rules.append(rule)

    def _ignore(self, value: Any, line: int) -> None:
        if not isinstance(value, list):
            self.error(line, "ignore must be a list of {rule, paths, addresses, reason}")
            return
        for item in value:
            where = line_of(item, default=line)
            if not isinstance(item, dict):
                self.error(where, "each ignore is a mapping with rule, reason and optionally paths, addresses")
                continue
            unknown = [k for k in item if k not in ("rule", "paths", "addresses", "reason")]
            for key in unknown:
                self.error(
                    line_of(item, str(key), where), f"ignore: unknown key '{key}' (rule, paths, addresses, reason)"
                )
            rule, reason = item.get("rule"), item.get("reason")
            if not isinstance(rule, str) or not rule:
                self.error(where, "ignore: 'rule' is required (an ID, a slug or '*')")
                continue
            if not isinstance(reason, str) or not reason.strip():
                self.error(where, f"ignore of {rule}: 'reason' is required (say why it is acceptable)")
                continue
            paths = self._globs(item, "paths", where)
            addresses = self._globs(item, "addresses", where)
            if paths is None or addresses is None or unknown:
                continue
            self.settings.ignores.append(Ignore(rule, paths, addresses, reason.strip(), where))

    def _globs(self, item: dict[str, Any], key: str, where: int) -> tuple[str, ...] | None:
        value = item.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.error(line_of(item, key, where), f"ignore: '{key}' must be a list of glob patterns")
            return None
        return tuple(value)

    def _string_list(self, value: Any, line: int, what: str) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.error(line, f"{what} must be a list of strings")
            return None
        return tuple(v.strip() for v in value)

    def _required_tags(self, value: Any, line: int) -> None:
        found = self._string_list(value, line, "required_tags")
        if found is not None:
            self.settings.required_tags = found

    def _preferred_regions(self, value: Any, line: int) -> None:
        found = self._string_list(value, line, "preferred_regions")
        if found is None:
            return
        for region in found:
            if not re.match(r"^[a-z]{2}(-[a-z]+)+-\d$", region):
                self.error(line, f"preferred_regions: {region!r} is not a region code such as us-east-1")
                return
        self.settings.preferred_regions = found

    def _budgets(self, value: Any, line: int) -> None:
        if not isinstance(value, dict) or not value:
            self.error(line, "budgets must be a mapping of project path (glob) to USD a month")
            return
        for name, amount in value.items():
            where = line_of(value, str(name), line)
            try:
                parsed = Decimal(str(amount)) if not isinstance(amount, bool) else None
            except InvalidOperation:
                parsed = None
            if parsed is None or not parsed.is_finite() or parsed < 0:
                self.error(where, f"budget for {name}: expected an amount in USD a month, got {amount!r}")
                continue
            self.settings.budgets[str(name)] = parsed

    def _batch_markers(self, value: Any, line: int) -> None:
        if not isinstance(value, dict):
            self.error(line, "batch_markers must be a mapping with keys and values (lists of tag/label names)")
            return
        for key in value:
            if key not in ("keys", "values"):
                self.error(line_of(value, str(key), line), f"batch_markers: unknown key '{key}' (keys, values)")
        keys = self._string_list(
            value.get("keys", list(DEFAULT_MARKER_KEYS)), line_of(value, "keys", line), "batch_markers.keys"
        )
        values = self._string_list(
            value.get("values", list(DEFAULT_MARKER_VALUES)), line_of(value, "values", line), "batch_markers.values"
        )
        if keys is not None and values is not None:
            self.settings.marker_keys = tuple(k.lower() for k in keys)
            self.settings.marker_values = tuple(v.lower() for v in values)

    def _path(self, value: Any, line: int, what: str, must_exist: bool = True) -> Path | None:
        if not isinstance(value, str) or not value.strip():
            self.error(line, f"{what} must be a file path")
            return None
        path = self.settings.path(value)
        if must_exist and not path.is_file():
            self.error(line, f"{what}: no such file: {value}")
            return None
        return path

    def _usage_file(self, value: Any, line: int) -> None:
        self.settings.usage_file = self._path(value, line, "usage_file")

    def _rule_packs(self, value: Any, line: int) -> None:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.error(line, "rule_packs must be a list of YAML files")
            return
        for item in value:
            path = self._path(item, line, "rule_packs")
            if path is not None:
                self.settings.rule_packs.append((path, line))

    def _baseline(self, value: Any, line: int) -> None:
        self.settings.baseline = self._path(value, line, "baseline", must_exist=False)

    def _number(self, value: Any, line: int, what: str, *, low: Decimal, high: Decimal | None = None) -> Decimal | None:
        """A number above ``low`` (and at most ``high``), else a mistake naming ``what``."""
        try:
            parsed = Decimal(str(value)) if not isinstance(value, bool) and isinstance(value, (int, float)) else None
        except InvalidOperation:
            parsed = None
        bound = f"above {low.normalize():f}" + (f" and at most {high.normalize():f}" if high is not None else "")
        if parsed is None or not parsed.is_finite() or parsed <= low or (high is not None and parsed > high):
            self.error(line, f"{what} must be a number {bound}, got {value!r}")
            return None
        return parsed

    def _unit_economics(self, value: Any, line: int) -> None:
        if not isinstance(value, dict):
            self.error(line, "unit_economics must be a mapping: {unit: order, monthly_volume: 2000000}")
            return
        for key in value:
            if key not in ("unit", "monthly_volume"):
                self.error(
                    line_of(value, str(key), line), f"unit_economics: unknown key '{key}' (unit, monthly_volume)"
                )
        unit = value.get("unit")
        if not isinstance(unit, str) or not unit.strip():
            self.error(line_of(value, "unit", line), "unit_economics: 'unit' is required (what one unit is: order)")
            unit = None
        if "monthly_volume" not in value:
            self.error(line, "unit_economics: 'monthly_volume' is required (units a month)")
            return
        volume = self._number(
            value["monthly_volume"],
            line_of(value, "monthly_volume", line),
            "unit_economics: monthly_volume",
            low=Decimal(0),
        )
        if unit is not None and volume is not None:
            self.settings.unit_economics = UnitEconomics(unit.strip(), volume)

    def _review(self, value: Any, line: int) -> None:
        if not isinstance(value, dict):
            self.error(line, f"review must be a mapping with {', '.join(REVIEW_KEYS)}")
            return
        review = self.settings.review
        for key, item in value.items():
            where = line_of(value, str(key), line)
            if key == "allocation_tags":
                found = self._string_list(item, where, "review: allocation_tags")
                if found is not None:
                    review.allocation_tags = found
            elif key == "non_production":
                self._non_production(item, where)
            elif key == "office_hours":
                self._office_hours(item, where)
            elif key == "top_resources":
                if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                    self.error(where, f"review: top_resources must be a whole number of 1 or more, got {item!r}")
                else:
                    review.top_resources = item
            else:
                import difflib

                hint = difflib.get_close_matches(str(key), REVIEW_KEYS, n=1)
                suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" ({', '.join(REVIEW_KEYS)})"
                self.error(where, f"review: unknown setting '{key}'{suggestion}")

    def _non_production(self, value: Any, line: int) -> None:
        fields = ("keys", "values", "names", "paths")
        if not isinstance(value, dict):
            self.error(line, f"review: non_production must be a mapping with {', '.join(fields)}")
            return
        review = self.settings.review
        for key, item in value.items():
            where = line_of(value, str(key), line)
            if key not in fields:
                self.error(where, f"review: non_production: unknown key '{key}' ({', '.join(fields)})")
                continue
            found = self._string_list(item, where, f"review: non_production.{key}")
            if found is None:
                continue
            if key in ("keys", "values"):
                found = tuple(v.lower() for v in found)
            setattr(review, f"non_production_{key}", found)

    def _office_hours(self, value: Any, line: int) -> None:
        if not isinstance(value, dict):
            self.error(line, "review: office_hours must be a mapping: {hours_per_day: 12, days_per_week: 5}")
            return
        review = self.settings.review
        for key, item in value.items():
            where = line_of(value, str(key), line)
            if key == "hours_per_day":
                hours = self._number(
                    item, where, "review: office_hours.hours_per_day", low=Decimal(0), high=Decimal(24)
                )
                if hours is not None:
                    review.hours_per_day = hours
            elif key == "days_per_week":
                days = self._number(item, where, "review: office_hours.days_per_week", low=Decimal(0), high=Decimal(7))
                if days is not None:
                    review.days_per_week = days
            else:
                self.error(where, f"review: office_hours: unknown key '{key}' (hours_per_day, days_per_week)")


def resolve_rules(settings: Settings, rules: list[Rule]) -> list[Diagnostic]:
    """Apply the ``rules`` settings and check the rule names of ``rules`` and ``ignore`` against the
    loaded packs; returns one diagnostic per unknown name."""
    by_name = {r.id: r for r in rules} | {r.slug: r for r in rules}
    out = []
    assert settings.file is not None or not (settings.rules or settings.ignores)
    for setting in settings.rules:
        rule = by_name.get(setting.name)
        if rule is None:
            out.append(
                Diagnostic(
                    settings.file or "",
                    setting.line,
                    f"rules: unknown rule '{setting.name}'{_hint(setting.name, by_name)}",
                )
            )
            continue
        if setting.enabled is not None:
            settings.enabled[rule.id] = setting.enabled
        if setting.severity is not None:
            settings.severities[rule.id] = setting.severity
            settings.enabled.setdefault(rule.id, True)
    for ignore in settings.ignores:
        if ignore.rule == "*":
            continue
        rule = by_name.get(ignore.rule)
        if rule is None:
            out.append(
                Diagnostic(
                    settings.file or "",
                    ignore.line,
                    f"ignore: unknown rule '{ignore.rule}'{_hint(ignore.rule, by_name)}",
                )
            )
        else:
            ignore.rule = rule.id
    return out


def _hint(name: str, known: dict[str, Rule]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
