"""The delta's Markdown (``diff --format markdown``, the comment, the job summary), rendered by a real
CommonMark + GFM-tables renderer (markdown-it-py) to check what a reader of the pull request would see.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from diff_repo import ROOT
from diff_repo import costlint as run

PLAN = ROOT / "tests" / "fixtures" / "diff" / "plan" / "plan.json"
KEYS = ["a|b", "x`y", "<script>alert(1)</script>", "@octocat **bold**"]

HOSTILE = """provider "aws" {
  region = "us-east-1"
}

resource "aws_instance" "web" {
  for_each      = toset(%s)
  ami           = "ami-0c7217cdde317cfec"
  instance_type = "t3.micro"
}
"""


def html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.fixture(scope="module")
def plan_doc() -> dict:
    result = run("diff", str(PLAN), "--format", "json", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_resource_names_from_for_each_keys_are_escaped(tmp_path: Path) -> None:
    head = tmp_path / "head"
    head.mkdir()
    (head / "main.tf").write_text(HOSTILE % json.dumps(KEYS))
    (tmp_path / "base").mkdir()
    result = run("diff", "--base-path", str(tmp_path / "base"), "--format", "markdown", cwd=head)
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    # Each address is a code span (backticks doubled around the one with a backtick), pipes escaped in cells.
    assert '| + | `aws_instance.web["a\\|b"]` (`main.tf:5`) | - | $8.39 | +$8.39 |' in markdown
    assert '``aws_instance.web["x`y"]``' in markdown
    page = html(markdown)
    assert "<script>" not in page
    assert "<code>aws_instance.web[&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;]</code>" in page
    assert "<code>aws_instance.web[&quot;a|b&quot;]</code>" in page
    assert "<code>aws_instance.web[&quot;x`y&quot;]</code>" in page
    assert "<strong>bold</strong>" not in page  # emphasis inside a name stays text
    # Every row of the resources table still has its five cells.
    rows = [row for row in page.split("<tr>")[1:] if "aws_instance.web" in row]
    assert len(rows) == 4 and all(row.count("<td") == 5 for row in rows)


def _comment_markdown(doc: dict, tmp_path: Path, *extra: str) -> str:
    path = tmp_path / "diff.json"
    path.write_text(json.dumps(doc))
    result = run("comment", "github", "--path", str(path), "--dry-run", *extra, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_newlines_and_html_in_a_name_and_a_reason(plan_doc: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(plan_doc)
    mac = next(r for r in doc["resources"] if r["address"] == "aws_instance.mac")
    mac["address"] = "aws_instance.mac\n# heading\n<img src=x onerror=alert(1)>"
    mac["after"]["reason"] = "no price\n\n<script>alert(2)</script> | [link](http://evil)"
    markdown = _comment_markdown(doc, tmp_path)
    assert "`aws_instance.mac\\n# heading\\n<img src=x onerror=alert(1)>`" in markdown
    assert "\n# heading" not in markdown
    page = html(markdown)
    assert "<img" not in page and "<script>" not in page and "<h1>" not in page and "<a href" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt; | [link](http://evil)" in page


def test_findings_and_what_was_not_priced(plan_doc: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(plan_doc)
    assert "Rule findings" not in _comment_markdown(doc, tmp_path)  # no findings key: no section
    doc["findings"] = [
        {
            "address": "aws_instance.web",
            "rule_id": "CL-EC2-002",
            "slug": "previous-generation-instance",
            "severity": "medium",
            "message": "m5.xlarge: m6i.xlarge costs the same <or less>",
            "monthly_savings": 0,
        },
        {
            "address": "aws_nat_gateway.gw",
            "rule_id": "CL-NET-001",
            "slug": "nat-gateway-per-az",
            "severity": "high",
            "message": "a NAT gateway per AZ; one shared would save 32.85 a month",
            "monthly_savings": 32.85,
        },
    ]
    markdown = _comment_markdown(doc, tmp_path)
    assert "<details><summary>Rule findings (2): up to $32.85 a month of savings</summary>" in markdown
    lines = markdown.splitlines()
    first = lines.index("| Severity | Rule | Resource | Savings | Finding |")
    assert lines[first + 2] == (
        "| high | `CL-NET-001` | `aws_nat_gateway.gw` | $32.85 | a NAT gateway per AZ; one shared would save 32.85 "
        "a month |"
    )
    assert lines[first + 3] == (
        "| medium | `CL-EC2-002` | `aws_instance.web` | $0.00 | m5.xlarge: m6i.xlarge costs the same &lt;or less&gt; |"
    )
    assert "<details><summary>Not priced (1)</summary>" in markdown
    assert "- `aws_instance.mac` (`plan.json:126`, changed): no price for aws/ec2 instance" in markdown
    doc["findings"] = []
    assert "No rule findings." in _comment_markdown(doc, tmp_path)


def test_a_huge_change_is_cut_under_the_comment_limit_with_a_note(plan_doc: dict, tmp_path: Path) -> None:
    doc = copy.deepcopy(plan_doc)
    web = next(r for r in doc["resources"] if r["address"] == "aws_instance.web")
    doc["resources"] = []
    for i in range(3000):
        copy_ = copy.deepcopy(web)
        copy_["address"] = f"module.fleet.aws_instance.web[{i}]"
        copy_["monthly_cost_delta"] = 70.08 + i / 100
        doc["resources"].append(copy_)
    markdown = _comment_markdown(doc, tmp_path)
    assert len(markdown.encode()) <= 65_536
    assert markdown.startswith("<!-- costlint:pr-comment -->\n")
    assert "> This report was shortened to fit GitHub's size limit; `costlint diff` shows them all." in markdown
    shown = markdown.count("module.fleet.aws_instance.web[")
    assert 100 < shown < 3000
    assert f"*{3000 - shown} more not shown (the smallest changes).*" in markdown
    # The largest changes are the ones kept.
    assert "web[2999]" in markdown and "web[0]`" not in markdown
