"""`costlint pricing build`: what the rebuilt snapshot holds, per service, and what was left out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from costlint.reports.text_table import table

if TYPE_CHECKING:
    from costlint.pricing.build import BuildReport


def render_table(report: BuildReport, target: Path, verbose: bool = False) -> str:
    lines: list[str] = []
    lines.append(f"Wrote {report.total:,} prices in {len(report.files)} files to {target}")
    rows = [
        (service, f"{report.prices[service]:,}", str(len(report.service_regions[service])), f"{report.low[service]:,}")
        for service in sorted(report.prices)
    ]
    lines += table(("service", "prices", "regions", "low confidence"), rows)
    if report.ec2_rules:
        lines.append(
            "EC2 on-demand outside us-east-1/GovCloud: "
            + ", ".join(f"{rule} {n:,}" for rule, n in sorted(report.ec2_rules.items()))
        )
    lines.append(
        f"Regions: {len(report.regions)} commercial AWS Regions with EC2 prices; {report.not_offered:,} "
        f"'not offered in that region' entries; {report.derived:,} approximate (derived) prices"
    )
    lines.append(
        f"{len(report.excluded)} exclusions and {len(report.disagreements)} source disagreements"
        + ("" if verbose else " (--verbose lists them; the manifest keeps the exclusions)")
    )
    if verbose:
        for line in report.excluded:
            lines.append(f"  excluded: {line}")
        for line in report.disagreements:
            lines.append(f"  newer wins: {line}")
    return "\n".join(lines) + "\n"
