"""Every built-in rule against its cases: ``tests/rule_cases/<ID>-<slug>.yaml``, one file per rule.

A case is a Terraform snippet (``terraform:``, written as ``main.tf`` next to a ``providers.tf`` that
sets the region, or the case's own ``providers``) or a CloudFormation template (``cloudformation:``),
optional extra ``files``, a ``config`` (written as ``.costlint.yml``) and command-line ``args``; and
the findings of the rule it expects (``[]``: must not fire), each with its address, line, message and
monthly saving (a string, exact; ``null`` when none), plus the ``suppressed`` ones. The snippet goes
through ``costlint check --format json`` in-process, the whole pipeline: readers, rules, savings from
the bundled snapshot, suppressions and config. Expected savings are worked out by hand from the
snapshot's prices, in the comments of the case files.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from costlint.cli import cli

CASES_DIR = Path(__file__).resolve().parent / "rule_cases"
PROVIDERS = 'provider "aws" {{\n  region = "{region}"\n}}\n'


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document["cases"]:
            params.append(pytest.param(document["rule"], case, id=f"{path.stem}: {case['name']}"))
    return params


def run_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: dict[str, Any]) -> dict[str, Any]:
    (tmp_path / ".git").mkdir()  # the config is looked up no higher than the repository root
    targets = []
    if "terraform" in case:
        (tmp_path / "main.tf").write_text(case["terraform"])
        providers = case.get("providers", PROVIDERS.format(region=case.get("region", "us-east-1")))
        (tmp_path / "providers.tf").write_text(providers)
        targets.append("main.tf")
    if "cloudformation" in case:
        (tmp_path / "template.yaml").write_text(case["cloudformation"])
        targets.append("template.yaml")
    for name, text in case.get("files", {}).items():
        (tmp_path / name).write_text(text)
    if "config" in case:
        (tmp_path / ".costlint.yml").write_text(yaml.safe_dump(case["config"]))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "json", *case.get("args", []), *targets])
    if "exit_code" in case:
        assert result.exit_code == case["exit_code"], result.output
    else:
        assert result.exit_code in (0, 1), result.output
    document: dict[str, Any] = json.loads(result.stdout)
    assert document["diagnostics"] == [] or case.get("diagnostics_allowed"), document["diagnostics"]
    return document


def _shape(finding: dict[str, Any]) -> dict[str, Any]:
    savings = finding["monthly_savings"]
    return {
        "address": finding["address"],
        "line": finding["line"],
        "message": finding["message"],
        "monthly_savings": None if savings is None else Decimal(str(savings)),
    }


def _expected(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        savings = item.get("monthly_savings")
        out.append(
            {
                "address": item["address"],
                "line": item["line"],
                "message": item["message"],
                "monthly_savings": None if savings is None else Decimal(str(savings)),
            }
        )
    return out


@pytest.mark.parametrize(("rule_id", "case"), _load())
def test_rule_case(rule_id: str, case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = run_case(tmp_path, monkeypatch, case)
    found = [_shape(f) for f in document["findings"] if f["rule_id"] == rule_id]
    assert found == _expected(case["findings"])
    suppressed = [_shape(f) for f in document["suppressed"] if f["rule_id"] == rule_id]
    assert suppressed == _expected(case.get("suppressed", []))


def test_every_builtin_rule_has_cases_in_both_languages_that_fire_and_that_do_not() -> None:
    from costlint.rules import packs

    rules = [r for f in packs.builtin_pack_files() for r in packs.load_pack(f, f.name)[0]]
    assert len(rules) >= 14
    for rule in rules:
        files = list(CASES_DIR.glob(f"{rule.id}-{rule.slug}.yaml"))
        assert len(files) == 1, f"no case file {rule.id}-{rule.slug}.yaml"
        cases = yaml.safe_load(files[0].read_text(encoding="utf-8"))["cases"]
        for language in ("terraform", "cloudformation"):
            mine = [c for c in cases if language in c]
            assert any(c["findings"] for c in mine), f"{rule.id}: no {language} case that fires"
            assert any(not c["findings"] for c in mine), f"{rule.id}: no {language} case that must not fire"
