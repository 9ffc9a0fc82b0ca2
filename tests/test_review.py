"""``costlint review``: exact figures in the Markdown for the fixture shop, escaping, the HTML rendered by
headless Chromium, the scenarios' settings, and writing the file.

The fixture ``tests/fixtures/review/shop`` (us-east-1) priced by hand from the bundled snapshot
(``costlint pricing lookup aws ...``):

- ``aws_instance.web[0..1]``: t3.medium 0.0416/h x 730 = 30.368, root gp3 20 GB x 0.08 = 1.60; 31.968 each,
  63.936 both;
- ``aws_ebs_volume.logs``: gp2 100 GB x 0.10 = 10.00 (attached to web[0]);
- ``aws_instance.ci`` (Environment=dev): m5.large 0.096 x 730 = 70.08 + 1.60 = 71.68;
- ``aws_eip.spare`` (untagged, idle): 0.005 x 730 = 3.65;
- ``aws_db_instance.main``: db.m5.large postgres single-AZ 0.178 x 730 = 129.94, gp3 100 GB x 0.115 = 11.50;
  141.44;
- ``aws_eks_node_group.workers`` (label workload=batch): 2 x m5.large 2 x 730 x 0.096 = 140.16, disks 2 x 20
  GB gp2 x 0.10 = 4.00; 144.16;
- ``aws_instance.bastion``: not priced (its type is a variable without a value).

Total 63.936 + 10.00 + 71.68 + 3.65 + 141.44 + 144.16 = 434.866 a month, x 12 = 5,218.392 a year; per order
(2,000,000 a month) 434.866 / 2e6 = 0.000217433.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from costlint.readers import ReadOptions, read_paths
from costlint.review.build import build_review
from costlint.rules import packs
from costlint.rules.config import load_settings
from estimate_helpers import bundled_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "review"
SHOP = FIXTURES / "shop"
CONFIG = FIXTURES / "review.costlint.yml"


def review(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "costlint", "review", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def shop_markdown() -> str:
    run = review(str(SHOP.relative_to(ROOT)), "--format", "markdown", "--config", str(CONFIG))
    assert run.returncode == 0, run.stderr
    # The variable without a value is a warning: the review still exits 0.
    assert 'main.tf:7: warning: variable "bastion_type" has no value' in run.stderr
    return run.stdout


def _has(markdown: str, *lines: str) -> None:
    for line in lines:
        assert line in markdown.splitlines(), f"missing line: {line}"


def test_totals_and_unit_economics(shop_markdown: str) -> None:
    _has(
        shop_markdown,
        "**$434.87 a month, $5,218.39 a year**.",  # 434.866; 434.866 x 12 = 5,218.392
        "9 resources: 7 priced, 1 free, 1 not priced.",  # the volume attachment is free
        "**Unit economics:** $0.0002174 per order (2,000,000 orders a month).",  # 434.866 / 2,000,000
        # 76.80 + 27.74 + 13.87 + 13.87 + 5.84 + 3.65 + 2.00 (the findings below; CL301 has no saving)
        "**Findings:** 8, whose fixes save up to $143.77 a month.",
    )


def test_cost_allocation(shop_markdown: str) -> None:
    _has(
        shop_markdown,
        # by service: EKS 144.16 / 434.866 = 33.15 %; RDS 141.44 = 32.52 %;
        # EC2 = web 63.936 + ci 71.68 + the address 3.65 = 139.266 (32.02 %); EBS 10.00 (2.30 %)
        "| EKS | $144.16 | 33.2% | 1 |",
        "| RDS | $141.44 | 32.5% | 1 |",
        "| EC2 | $139.27 | 32.0% | 4 |",
        "| EBS | $10.00 | 2.3% | 1 |",
        "| `tests/fixtures/review/shop` | $434.87 | 100.0% | 7 |",
        # Team: platform = ci 71.68 + workers 144.16 = 215.84; web = 63.936 + logs 10.00 = 73.936
        "| platform | $215.84 | 49.6% | 2 |",
        "| data | $141.44 | 32.5% | 1 |",
        "| web | $73.94 | 17.0% | 3 |",
        "| *(untagged)* | $3.65 | 0.8% | 1 |",
        # Environment: production = 63.936 + 10.00 + 141.44 + 144.16 = 359.536
        "| production | $359.54 | 82.7% | 5 |",
        "| dev | $71.68 | 16.5% | 1 |",
        # CostCenter: untagged = logs 10.00 + ci 71.68 + spare 3.65 + workers 144.16 = 229.49
        "| *(untagged)* | $229.49 | 52.8% | 4 |",
        "| cc-200 | $141.44 | 32.5% | 1 |",
        "| cc-100 | $63.94 | 14.7% | 2 |",
    )
    top = shop_markdown.split("## Top resources")[1].split("##")[0]
    assert top.index("aws_eks_node_group.workers") < top.index("aws_db_instance.main") < top.index("aws_instance.ci")


def test_scenario_totals(shop_markdown: str) -> None:
    _has(
        shop_markdown,
        "| Today | $434.87 | | | $0.0002174 |",
        # us-east-2 and us-west-2 price the same: today's region first on a tie
        "| Cheapest region: us-east-1 | $434.87 | $0.00 | 0% | $0.0002174 |",
        # Graviton: workers 2 x 730 x (0.096 - 0.077 m6g.large) = 27.74; db (0.178 - 0.159) x 730 = 13.87;
        # ci (0.096 - 0.077) x 730 = 13.87; web 2 x (0.0416 - 0.0336 t4g.medium) x 730 = 11.68: 67.16
        # -> 434.866 - 67.16 = 367.706; per order 0.000183853
        "| Graviton | $367.71 | $67.16 | -15.4% | $0.0001839 |",
        # Spot: workers 2 x 730 x (0.096 - 0.0434 m5.large spot) = 76.796 -> 358.07
        "| Spot | $358.07 | $76.80 | -17.7% | $0.000179 |",
        # Schedules: ci (Environment=dev) 12 h x 5 d x 730/168 = 260.714 h: 0.096 x (730 - 260.714) = 45.051
        "| Schedules | $389.81 | $45.05 | -10.4% | $0.0001949 |",
        # Rule fixes: the idle address removed 3.65, logs gp2 -> gp3 100 x (0.10 - 0.08) = 2.00
        "| Rule fixes | $429.22 | $5.65 | -1.3% | $0.0002146 |",
        # 1-year: web 2 x 730 x (0.0416 - 0.0261 reserved) = 22.63; the others have no reserved price
        "| 1-year reservations | $412.24 | $22.63 | -5.2% | $0.0002061 |",
        # 3-year: web 2 x 730 x (0.0416 - 0.018) = 34.456
        "| 3-year reservations | $400.41 | $34.46 | -7.9% | $0.0002002 |",
        # Combined: fixes 5.65 + Graviton 67.16 + spot on m6g.large 2 x 730 x (0.077 - 0.0331) = 64.094
        # + ci scheduled as m6g.large 0.077 x (730 - 260.714) = 36.135; no reserved price for t4g.medium:
        # 434.866 - 173.039 = 261.827
        "| All combined | $261.83 | $173.04 | -39.8% | $0.0001309 |",
    )


def test_scenario_changes(shop_markdown: str) -> None:
    _has(
        shop_markdown,
        "| `aws_eks_node_group.workers` | node group marked workload=batch runs on demand; SPOT capacity saves "
        "$76.80/mo | $144.16 | $67.36 | $76.80 |",  # 2 x 730 x 0.0434 + 4.00 = 67.364
        "| `aws_instance.ci` | non-production (tag Environment=dev): runs office hours (12 h x 5 days a week: "
        "260.71 hours a month instead of 730) | $71.68 | $26.63 | $45.05 |",  # 0.096 x 260.714 + 1.60 = 26.629
        "| `aws_eip.spare` | nothing in this project attaches this Elastic IP; removing it saves $3.65/mo | $3.65 "
        "| removed | $3.65 |",
        "| `aws_instance.web[0]` | 1-year standard reserved, no upfront | $31.97 | $20.65 | $11.32 |",  # 19.053 + 1.6
        "| `aws_instance.web[1]` | 3-year standard reserved, no upfront | $31.97 | $14.74 | $17.23 |",  # 13.14 + 1.6
        # combined: Graviton then spot on the node group: 2 x 730 x 0.0331 + 4.00 = 52.326
        "| `aws_eks_node_group.workers` | m5.large has a Graviton equivalent; m6g.large saves $27.74/mo (needs "
        "arm64); node group marked workload=batch runs on demand; SPOT capacity saves $64.09/mo | $144.16 | $52.33 "
        "| $91.83 |",
    )
    assert "no 1-year reserved price in the catalog for: aws\\_instance.ci, aws\\_db\\_instance.main" in shop_markdown
    assert "\\`costlint pricing update\\` brings the reserved prices" in shop_markdown
    assert "Savings Plans: the catalog has no Savings Plans rates" in shop_markdown
    # A scheduled resource is not reserved in the combined scenario: a reservation bills every hour.
    assert "aws\\_instance.ci: runs 260.71 hours a month: not reserved" in shop_markdown


def test_regions_cheapest_first_and_missing_prices_named(shop_markdown: str) -> None:
    section = shop_markdown.split("### Cheapest region")[1].split("###")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "Region" not in line]
    complete = [r for r in rows if r.endswith("| everything priced |")]
    partial = [r for r in rows if not r.endswith("| everything priced |")]
    assert rows == complete + partial  # complete regions first
    totals = [Decimal(r.split("|")[2].strip().lstrip("$").replace(",", "")) for r in complete]
    assert totals == sorted(totals) and len(complete) > 20
    # eu-west-1: t3.medium 0.0456, m5.large 0.107, db.m5.large postgres 0.197, gp2 0.11, gp3 0.088, RDS gp3
    # 0.127, IPv4 0.005: web 2 x (33.288 + 1.76) = 70.096, logs 11.00, ci 78.11 + 1.76 = 79.87, spare 3.65,
    # db 143.81 + 12.70 = 156.51, workers 156.22 + 4.40 = 160.62: 481.746, +46.88 on today
    assert "| eu-west-1 | $481.75 | +$46.88 | everything priced |" in rows
    # A region without the RDS price names the resource (never priced with another region's price).
    assert any("aws\\_db\\_instance.main (no price for Database instance" in r for r in partial)


def test_findings_by_saving_and_not_priced(shop_markdown: str) -> None:
    findings = shop_markdown.split("## Findings")[1].split("## Not priced")[0]
    savings = [
        line.split("|")[1].strip() for line in findings.splitlines() if line.startswith("| $") or line.startswith("| -")
    ]
    assert savings == ["$76.80", "$27.74", "$13.87", "$13.87", "$5.84", "$3.65", "$2.00", "-"]
    _has(shop_markdown, "- `aws_instance.bastion` (`main.tf:64`): instance type is unknown (var.bastion\\_type)")
    prices = shop_markdown.split("## Prices")[1]
    assert "Prices from the bundled snapshot of " in prices
    assert "- Karpenter generated EC2 on-demand prices (2026-07-20)" in prices


ESCAPE = """
provider "aws" {
  region = "us-east-1"
}

resource "aws_instance" "app" {
  ami           = "ami-1"
  instance_type = "t3.micro"
  tags = {
    Team        = "<script>alert(\\"team\\")</script>"
    Environment = "it's \\"prod\\" & <b>more</b>"
  }
}
"""


def test_values_with_script_and_quotes_are_escaped(tmp_path: Path) -> None:
    project = tmp_path / "x<script>"
    project.mkdir()
    (project / "main.tf").write_text(ESCAPE)
    html = review("x<script>", "--format", "html", cwd=tmp_path)
    markdown = review("x<script>", "--format", "markdown", cwd=tmp_path)
    assert html.returncode == 0 and markdown.returncode == 0, html.stderr + markdown.stderr
    assert "<script" not in html.stdout.lower() and "<b>" not in html.stdout
    assert "&lt;script&gt;alert(&#34;team&#34;)&lt;/script&gt;" in html.stdout  # the tag value, as text
    assert "it&#39;s &#34;prod&#34; &amp; &lt;b&gt;more&lt;/b&gt;" in html.stdout
    assert "Cost review: x&lt;script&gt;" in html.stdout  # the path in the title
    # The Markdown as GitHub or a wiki would render it (CommonMark with raw HTML allowed, GFM tables): the
    # values are text, never elements; in code spans (the path) they are literal by definition.
    rendered = MarkdownIt("commonmark").enable("table").render(markdown.stdout)
    assert "<script" not in rendered.lower() and "<b>" not in rendered
    assert markdown.stdout.startswith("# Cost review: x&lt;script&gt;\n")
    assert '| &lt;script&gt;alert("team")&lt;/script&gt; | $' in markdown.stdout
    assert 'it\'s "prod" &amp; &lt;b&gt;more&lt;/b&gt;' in markdown.stdout
    assert "<td>&lt;script&gt;alert(&quot;team&quot;)&lt;/script&gt;</td>" in rendered


def test_html_is_self_contained(tmp_path: Path) -> None:
    html = review(str(SHOP.relative_to(ROOT)), "--config", str(CONFIG)).stdout
    assert html.startswith("<!DOCTYPE html>")
    lowered = html.lower()
    assert "<script" not in lowered and "<link" not in lowered and "<img" not in lowered and "@import" not in lowered
    assert "src=" not in lowered and "url(" not in lowered
    assert "default-src 'none'" in html  # the Content-Security-Policy forbids anything from outside
    assert '<svg class="chart"' in html and html.count("<rect ") == 4  # one bar per service
    assert "@media print" in html


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(
    _chromium() is None,
    reason="no Chromium (chromium, chromium-browser or google-chrome) on PATH: .ci/run installs Debian's chromium",
)
def test_html_renders_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    run = review(str(SHOP.relative_to(ROOT)), "--config", str(CONFIG), "-o", str(page))
    assert run.returncode == 0, run.stderr
    profile = tmp_path / "profile"
    profile.mkdir()
    shot = tmp_path / "review.png"
    width, height = 1280, 2400
    browser = subprocess.run(
        [
            str(_chromium()),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert browser.returncode == 0, browser.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (width, height)
    assert len(data) > 50_000  # a page with text and a chart, not a blank screenshot
    # The page's console: a script error, a refused load (the CSP) or a failed request would be logged here.
    console = [
        line
        for line in browser.stderr.splitlines()
        if "CONSOLE" in line or "Uncaught" in line or "Refused to" in line or "net::ERR" in line
    ]
    assert console == []


def _shop_review(config_text: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    config = tmp_path / ".costlint.yml"
    config.write_text(config_text)
    settings, problems = load_settings(config)
    assert problems == []
    projects, _ = read_paths([str(SHOP)], ReadOptions(environ={}))
    rules, _ = packs.load_builtin()
    return build_review([str(SHOP)], projects, bundled_catalog(), None, settings, rules)


def test_schedules_follow_the_config(tmp_path: Path) -> None:
    made = _shop_review(
        "review:\n"
        "  non_production: {keys: [team], values: [web], names: ['aws_eip.*']}\n"
        "  office_hours: {hours_per_day: 10, days_per_week: 4}\n",
        tmp_path,
    )
    schedules = next(s for s in made.scenarios if s.key == "schedules")
    rows = {r.address: r for r in schedules.rows}
    # Team=web marks web[0], web[1] (and the volume, which has no hours setting); ci (Environment=dev) is
    # production under these keys. 10 h x 4 d x 730/168 = 173.81 h: 0.0416 x 173.8095 + 1.60 = 8.8305
    assert set(rows) == {"aws_instance.web[0]", "aws_instance.web[1]"}
    assert round(rows["aws_instance.web[0]"].after, 4) == Decimal("8.8305")
    assert "173.81 hours a month" in rows["aws_instance.web[0]"].changes[0]
    assert any("aws_ebs_volume.logs (tag Team=web): not scheduled" in n for n in schedules.notes)
    assert any("aws_eip.spare (name matches aws_eip.*): not scheduled" in n for n in schedules.notes)


def test_allocation_tags_from_the_config(tmp_path: Path) -> None:
    made = _shop_review("required_tags: [Owner]\nreview: {allocation_tags: [cost-center, Team]}\n", tmp_path)
    assert [split.key for split in made.by_tag] == ["cost-center", "Team"]  # review's own list wins
    shares = {s.name: s.monthly_cost for s in made.by_tag[0].shares}  # CostCenter matched without case or '-'
    assert shares["cc-100"] == Decimal("63.936") and shares["(untagged)"] == Decimal("229.490")
    made = _shop_review("required_tags: [Owner]\n", tmp_path)
    assert [split.key for split in made.by_tag] == ["Owner"]


def test_writes_the_file_atomically_and_says_when_it_cannot(tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    target.write_text("the previous review")
    run = review(str(SHOP.relative_to(ROOT)), "-o", str(target))
    assert run.returncode == 0 and run.stdout == ""
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]  # no temporary file left
    missing = tmp_path / "no" / "such" / "review.md"
    run = review(str(SHOP.relative_to(ROOT)), "--format", "markdown", "-o", str(missing))
    assert run.returncode == 3
    assert run.stderr.strip().splitlines()[-1] == (
        f"costlint: error: cannot write {missing}: no such file or directory"
    )


def test_bad_config_is_exit_2_with_its_line(tmp_path: Path) -> None:
    config = tmp_path / "bad.yml"
    config.write_text("unit_economics:\n  unit: order\n  monthly_volume: 0\nreview:\n  top_resource: 3\n")
    run = review(str(SHOP.relative_to(ROOT)), "--config", str(config))
    assert run.returncode == 2 and run.stdout == ""
    assert f"{config}:3: error: unit_economics: monthly_volume must be a number above 0, got 0" in run.stderr
    assert f"{config}:5: error: review: unknown setting 'top_resource' (did you mean 'top_resources'?)" in run.stderr


def test_nothing_to_review_is_no_page(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    run = review(".", "-o", "review.html", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == "" and not (tmp_path / "review.html").exists()
    assert run.stderr.strip() == (
        ".:1: error: nothing to analyse: no Terraform module, Terraform plan JSON, CloudFormation template or "
        "design sheet"
    )


def test_combined_moves_projects_of_several_regions_to_the_cheapest(tmp_path: Path) -> None:
    design = ROOT / "examples" / "design.yaml"  # eu-west-1, beside the shop in us-east-1
    projects, _ = read_paths([str(SHOP), str(design)], ReadOptions(environ={}))
    rules, _ = packs.load_builtin()
    made = build_review([str(SHOP), str(design)], projects, bundled_catalog(), None, load_settings(None)[0], rules)
    regions, combined = made.scenarios[0], made.scenarios[-1]
    assert regions.title == "Cheapest region: us-east-1" and regions.saving > 0
    assert "moved to us-east-1" in combined.description
    moved = {r.address for r in combined.rows if "moved to us-east-1" in r.changes}
    assert "aws_db_instance.db" in moved and "aws_instance.web[0]" not in moved  # the shop is there already
    assert combined.saving > regions.saving
