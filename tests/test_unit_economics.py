"""Unit economics (config ``unit_economics: {unit, monthly_volume}``) in the breakdown, the diff and the
pull-request comment.

The shop (tests/fixtures/review) costs 434.866 a month (worked out in tests/test_review.py): per order, at
2,000,000 orders a month, 434.866 / 2,000,000 = 0.000217433. Without its ci instance (m5.large 70.08 + root
gp3 1.60 = 71.68) it costs 363.186: 0.000181593 per order, 0.00003584 less.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from costlint.rules.config import load_settings
from costlint.unit_economics import UnitEconomics, per_unit_money

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "tests" / "fixtures" / "review"
CONFIG = "unit_economics: {unit: order, monthly_volume: 2000000}\n"


def costlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "costlint", *args], capture_output=True, text=True, cwd=cwd, check=False
    )


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the config lookup stops here
    (tmp_path / ".costlint.yml").write_text(CONFIG)
    shutil.copy(REVIEW / "shop-design.yaml", tmp_path / "shop.yaml")
    return tmp_path


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("0.000217433", "$0.0002174"),
        ("0.00003584", "$0.00003584"),
        ("-0.00003584", "-$0.00003584"),
        ("1.23456", "$1.235"),
        ("0.1", "$0.10"),
        ("434.866", "$434.87"),
        ("0", "$0.00"),
    ],
)
def test_costs_per_unit_keep_four_significant_digits(amount: str, shown: str) -> None:
    assert per_unit_money(Decimal(amount)) == shown


def test_breakdown_formats(shop: Path) -> None:
    doc = json.loads(costlint("breakdown", "shop.yaml", "--format", "json", cwd=shop).stdout)
    assert doc["total_monthly_cost"] == 434.866
    assert doc["unit_economics"] == {"unit": "order", "monthly_volume": 2000000, "cost_per_unit": 0.000217433}
    table = costlint("breakdown", "shop.yaml", cwd=shop).stdout.splitlines()
    assert "   cost per order: $0.0002174 (2,000,000 orders a month)" in table
    markdown = costlint("breakdown", "shop.yaml", "--format", "markdown", cwd=shop).stdout.splitlines()
    assert "Cost per order: $0.0002174 (2,000,000 orders a month)" in markdown
    (shop / ".costlint.yml").unlink()
    doc = json.loads(costlint("breakdown", "shop.yaml", "--format", "json", cwd=shop).stdout)
    assert doc["unit_economics"] is None
    assert "cost per" not in costlint("breakdown", "shop.yaml", cwd=shop).stdout


def test_diff_and_comment_show_how_the_cost_per_unit_moves(shop: Path) -> None:
    base = shop / "base"
    base.mkdir()
    shutil.copy(shop / "shop.yaml", base / "shop.yaml")
    text = (shop / "shop.yaml").read_text()
    start = text.index("  - name: ci\n")
    end = text.index("  - name: bastion\n")
    (shop / "shop.yaml").write_text(text[:start] + text[end:])
    run = costlint("diff", "shop.yaml", "--base-path", "base", "--format", "json", cwd=shop)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["total_monthly_cost_delta"] == -71.68
    assert doc["unit_economics"] == {
        "unit": "order",
        "monthly_volume": 2000000,
        "cost_per_unit_before": 0.000217433,
        "cost_per_unit_after": 0.000181593,
        "cost_per_unit_delta": -0.00003584,
    }
    line = "Cost per order: $0.0002174 → $0.0001816 (-$0.00003584)."
    markdown = costlint("diff", "shop.yaml", "--base-path", "base", "--format", "markdown", cwd=shop).stdout
    assert line in markdown.splitlines()
    table = costlint("diff", "shop.yaml", "--base-path", "base", cwd=shop).stdout
    assert " Cost per order: $0.0002174 -> $0.0001816 (-$0.00003584)" in table.splitlines()
    (shop / "diff.json").write_text(run.stdout)
    comment = costlint("comment", "github", "--path", "diff.json", "--dry-run", cwd=shop)
    assert comment.returncode == 0, comment.stderr
    assert line in comment.stdout.splitlines()


def test_config_mistakes(tmp_path: Path) -> None:
    config = tmp_path / ".costlint.yml"
    config.write_text("unit_economics:\n  unit: ''\n  volume: 5\n")
    _, problems = load_settings(config)
    assert [(p.line, p.message) for p in problems] == [
        (3, "unit_economics: unknown key 'volume' (unit, monthly_volume)"),
        (2, "unit_economics: 'unit' is required (what one unit is: order)"),
        (1, "unit_economics: 'monthly_volume' is required (units a month)"),
    ]
    config.write_text("unit_economics: {unit: request, monthly_volume: 1500000}\n")
    settings, problems = load_settings(config)
    assert problems == [] and settings.unit_economics == UnitEconomics("request", Decimal("1500000"))
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.costlint]\nfail_on = "error"\n\n[tool.costlint.unit_economics]\nunit = "user"\n')
    _, problems = load_settings(pyproject)
    assert [(p.line, p.message) for p in problems] == [
        (4, "unit_economics: 'monthly_volume' is required (units a month)")
    ]
