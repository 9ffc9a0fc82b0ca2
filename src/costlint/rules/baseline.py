"""The baseline: findings accepted as they are, so that a check reports only new ones.

``costlint check --write-baseline`` writes the run's findings to ``.costlint-baseline.json`` (or the
config's ``baseline``); later checks leave out every finding it lists. An entry is keyed by file
(relative to the baseline's directory), address and rule ID — never by line, so that editing a file
above a finding keeps it accepted. Entries of files the run did not analyse are kept. The file is
written to a temporary file and renamed, so a kill or a full disk never leaves half a baseline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from costlint.errors import CannotRun
from costlint.model import Diagnostic
from costlint.rules.model import Finding

VERSION = 1
Key = tuple[str, str, str]


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def key_of(finding: Finding, source: Path, base: Path) -> Key:
    return (_relative(source, base), finding.address, finding.rule.id)


def load(path: Path, shown: str) -> tuple[set[Key], list[Diagnostic]]:
    """The keys a baseline lists; a missing file is an empty baseline."""
    if not path.is_file():
        return set(), []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return set(), [Diagnostic(shown, 1, f"cannot read baseline: {exc}")]
    except json.JSONDecodeError as exc:
        return set(), [Diagnostic(shown, exc.lineno, f"baseline is not valid JSON: {exc.msg}")]
    entries = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(entries, list) or document.get("version") != VERSION:
        return set(), [Diagnostic(shown, 1, f"not a costlint baseline (version {VERSION} with a 'findings' list)")]
    keys = set()
    for entry in entries:
        if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in ("file", "address", "rule_id")):
            keys.add((entry["file"], entry["address"], entry["rule_id"]))
        else:
            return set(), [Diagnostic(shown, 1, "baseline entries need file, address and rule_id")]
    return keys, []


def write(
    path: Path,
    findings: Iterable[tuple[Finding, Path]],
    analysed: Callable[[str], bool],
) -> int:
    """Write the baseline: the findings of this run, plus the previous entries of files it did not
    analyse (``analysed(file)`` is False). Returns how many entries it holds."""
    base = path.resolve().parent
    kept: set[Key] = set()
    previous, problems = load(path, str(path))
    if not problems:
        kept = {k for k in previous if not analysed(k[0])}
    slugs: dict[str, str] = {}
    for finding, source in findings:
        kept.add(key_of(finding, source, base))
        slugs[finding.rule.id] = finding.rule.slug
    entries = [
        {"file": file, "address": address, "rule_id": rule_id, **({"rule": slugs[rule_id]} if rule_id in slugs else {})}
        for file, address, rule_id in sorted(kept)
    ]
    text = json.dumps({"version": VERSION, "tool": "costlint", "findings": entries}, indent=2) + "\n"
    from costlint.writing import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        raise CannotRun(f"cannot write the baseline {path}: {exc.strerror or exc}") from None
    return len(entries)
