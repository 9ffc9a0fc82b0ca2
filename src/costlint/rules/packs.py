"""Rule packs: YAML files of rules, the built-in ones (``rules/`` in the repository, shipped as
``costlint.rule_packs``) and the users' own (``rule_packs`` in the config file), in one format::

    pack: my-company                # optional name
    rules:
      - id: ACME101                 # stable ID: capitals then digits (costlint's own are CL + 3 digits)
        slug: no-xlarge-in-dev      # kebab-case; accepted wherever an ID is
        title: ...
        severity: warning           # error | warning | info
        kinds: [ec2.instance]       # canonical kinds (costlint resources --format json shows them)
        rationale: ...              # why it matters
        fix: ...                    # what to do
        link: https://...           # optional
        when: {field: instance_type, matches: 'xlarge$'}   # a data condition (conditions.py) ...
        message: "{instance_type} in dev"                  # ... and the message it gives
        check: module:function      # ... or/and a Python check (costlint.rules.checks, or package.module:function)
        options: {...}              # data the check reads
        saving: remove              # data rules: the saving is the resource's whole cost
        scope: project              # checked once per project instead of per resource
        enabled: false              # off unless the config turns it on
        config: [required_tags]     # config settings it reads (shown by `rules explain`)
        peers: [checkov CKV_AWS_66] # the same check in other tools

Every mistake is reported as ``pack.yaml:LINE: error: ...``; the pack's other rules still load.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from costlint.model import Diagnostic
from costlint.paths import bundled_dir
from costlint.rules import conditions
from costlint.rules.model import SEVERITIES, Rule
from costlint.rules.yamlfile import Node, YamlError, line_of, plain
from costlint.rules.yamlfile import load as load_yaml

ID = re.compile(r"^[A-Z][A-Z_]*[0-9]+$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CHECK = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")

REQUIRED = ("id", "slug", "title", "severity", "rationale", "fix")
OPTIONAL = ("kinds", "link", "check", "when", "message", "saving", "scope", "options", "config", "peers", "enabled")
SCOPES = ("resource", "project")
SAVINGS = ("remove",)


@cache
def known_kinds() -> frozenset[str]:
    from costlint.providers import BUILT_IN, kinds

    return frozenset(kind for name in BUILT_IN for kind in kinds(name))


def builtin_pack_files() -> list[Path]:
    return sorted(bundled_dir("rule_packs").glob("*.yaml"))


_CACHE_FORMAT = 1


def load_builtin() -> tuple[list[Rule], list[Diagnostic]]:
    """The built-in rules, from a JSON copy in the user cache when the packs have not changed since it
    was written (a check then neither imports nor parses YAML), else from the packs."""
    import dataclasses
    import json

    from costlint.paths import cache_root

    files = builtin_pack_files()
    fields = [f.name for f in dataclasses.fields(Rule)]
    try:
        stamps = [[f.name, f.stat().st_size, f.stat().st_mtime_ns] for f in files]
    except OSError:
        stamps = None
    key = {"format": _CACHE_FORMAT, "fields": fields, "packs": stamps}
    cache = cache_root() / "rules" / "builtin.json"
    if stamps is not None:
        try:
            document = json.loads(cache.read_text(encoding="utf-8"))
            if document.get("key") == key:
                return [_rule_from_json(r) for r in document["rules"]], []
        except (OSError, ValueError, KeyError, TypeError):
            pass
    rules: list[Rule] = []
    problems: list[Diagnostic] = []
    for path in files:
        found, errors = load_pack(path, path.name, check_fields=False)
        rules += found
        problems += errors
    if stamps is not None and not problems:
        try:
            from costlint.writing import write_atomic

            cache.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(
                cache, json.dumps({"key": key, "rules": [dataclasses.asdict(r) for r in rules]}), durable=False
            )
        except OSError:
            pass  # a read-only or full cache only costs the next run the YAML parse
    return rules, problems


def _rule_from_json(data: dict[str, Any]) -> Rule:
    for name in ("kinds", "config", "peers"):
        data[name] = tuple(data[name])
    return Rule(**data)


def load_pack(path: Path, display: str, *, check_fields: bool = True) -> tuple[list[Rule], list[Diagnostic]]:
    """The rules of one pack file, and the problems found in it (their rules are left out)."""
    problems: list[Diagnostic] = []

    def error(line: int, message: str) -> None:
        problems.append(Diagnostic(display, line, message))

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error(1, f"cannot read rule pack: {getattr(exc, 'strerror', None) or exc}")
        return [], problems
    try:
        document = load_yaml(text)
    except YamlError as exc:
        error(exc.line, exc.message)
        return [], problems
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        error(line_of(document), "a rule pack is a mapping with a 'rules' list")
        return [], problems
    for key in document:
        if key not in ("pack", "rules"):
            error(line_of(document, str(key)), f"unknown key '{key}' (a pack has 'pack' and 'rules')")
    rules = []
    for entry in document["rules"]:
        rule = _rule(entry, display, line_of(document, "rules"), problems, check_fields)
        if rule is not None:
            rules.append(rule)
    return rules, problems


def _text(entry: Node, key: str, error: Any) -> str:
    value = entry.get(key)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        error(line_of(entry, key), f"'{key}' must be a non-empty string")
        return ""
    return " ".join(value.split()) if key in ("rationale", "fix", "title") else value.strip()


def _strings(entry: Node, key: str, error: Any) -> tuple[str, ...] | None:
    value = entry.get(key)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        error(line_of(entry, key), f"'{key}' must be a list of strings")
        return None
    return tuple(value)


def _rule(entry: Any, display: str, default_line: int, problems: list[Diagnostic], check_fields: bool) -> Rule | None:
    """The rule of one entry; None (its problems added to ``problems``) when anything is wrong with it."""

    def error(line: int, message: str) -> None:
        problems.append(Diagnostic(display, line, message))

    if not isinstance(entry, Node):
        error(default_line, "each rule is a mapping")
        return None
    count = len(problems)
    where = entry.line
    for key in entry:
        if key not in REQUIRED and key not in OPTIONAL:
            error(line_of(entry, str(key)), f"unknown key '{key}' in rule {entry.get('id', '')}".rstrip())
    for key in REQUIRED:
        if entry.get(key) is None:
            error(where, f"rule {entry.get('id', '(no id)')}: missing '{key}'")
    rule_id, slug = entry.get("id"), entry.get("slug")
    if rule_id is not None and (not isinstance(rule_id, str) or not ID.match(rule_id)):
        error(line_of(entry, "id"), f"invalid rule ID {rule_id!r}: capitals then digits, such as CL101")
    if slug is not None and (not isinstance(slug, str) or not SLUG.match(slug)):
        error(line_of(entry, "slug"), f"invalid slug {slug!r}: lower-case words joined by '-'")
    severity = entry.get("severity")
    if severity is not None and severity not in SEVERITIES:
        error(line_of(entry, "severity"), f"severity must be one of {', '.join(SEVERITIES)}, got {severity!r}")
    scope = entry.get("scope", "resource")
    if scope not in SCOPES:
        error(line_of(entry, "scope"), f"scope must be resource or project, got {scope!r}")
    kinds = _strings(entry, "kinds", error)
    if kinds is not None:
        for kind in kinds:
            if kind not in known_kinds():
                error(line_of(entry, "kinds"), f"unknown kind '{kind}'")
        if not kinds and scope == "resource":
            error(where, f"rule {rule_id}: 'kinds' is required for a resource rule")
    check, when = entry.get("check"), entry.get("when")
    if check is not None and (not isinstance(check, str) or not CHECK.match(check)):
        error(line_of(entry, "check"), f"'check' must be module:function, got {check!r}")
    if check is None and when is None:
        error(where, f"rule {rule_id}: needs 'when' (a data condition) or 'check' (a Python check)")
    if when is not None:
        fields = _spec_fields(kinds or ()) if check_fields else None
        for line, message in conditions.validate(when, fields, line_of(entry, "when")):
            error(line, message)
    if check is None and when is not None and not entry.get("message"):
        error(where, f"rule {rule_id}: a data rule needs a 'message'")
    saving = entry.get("saving")
    if saving is not None and saving not in SAVINGS:
        error(line_of(entry, "saving"), f"saving must be one of {', '.join(SAVINGS)}, got {saving!r}")
    options = entry.get("options", {})
    if not isinstance(options, dict):
        error(line_of(entry, "options"), "'options' must be a mapping")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        error(line_of(entry, "enabled"), "'enabled' must be true or false")
    config, peers = _strings(entry, "config", error), _strings(entry, "peers", error)
    texts = {key: _text(entry, key, error) for key in ("title", "rationale", "fix", "link", "message")}
    if len(problems) != count:
        return None
    return Rule(
        id=str(rule_id),
        slug=str(slug),
        title=texts["title"],
        severity=str(severity),
        kinds=kinds or (),
        rationale=texts["rationale"],
        fix=texts["fix"],
        link=texts["link"],
        check=check,
        when=plain(when),
        message=texts["message"],
        saving=saving or "",
        scope=scope,
        options=plain(options) if isinstance(options, dict) else {},
        config=config or (),
        peers=peers or (),
        enabled=enabled,
        pack=display,
        line=where,
    )


def _spec_fields(kinds: tuple[str, ...]) -> frozenset[str] | None:
    """The fields the specs of all ``kinds`` have (data conditions may read them); None when a kind has
    no spec."""
    import dataclasses
    import typing

    from costlint.providers import provider

    found: frozenset[str] | None = None
    for kind in kinds:
        aws = provider("aws")
        row = aws.of_kind(kind) if aws is not None else None
        if aws is None or row is None or row.spec is None:
            return frozenset()
        function = aws.resolve(aws.specs, row.spec)
        spec_type = typing.get_type_hints(function).get("return")
        if spec_type is None or not dataclasses.is_dataclass(spec_type):
            return None
        fields = frozenset(f.name for f in dataclasses.fields(spec_type))
        found = fields if found is None else found & fields
    return found
