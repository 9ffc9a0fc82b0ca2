"""The review's content as display strings, shared by its HTML and Markdown templates.

Amounts are formatted here (``costlint.money``: to the cent; costs per unit to four significant digits);
text from the inputs (addresses, tags, paths, messages) is passed as it is and escaped by each format's
template (HTML: jinja2's autoescaping; Markdown: the ``text``/``code``/``cell`` filters).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from costlint.money import money
from costlint.pricing.catalog import BUNDLED, USER
from costlint.reports.breakdown_format import plural
from costlint.reports.diff_format import pct
from costlint.review.model import Review, Scenario, Share

# How the review names a service (a kind's prefix) in its split; the prefix itself otherwise.
SERVICES = {
    "ec2": "EC2",
    "autoscaling": "EC2 Auto Scaling",
    "ebs": "EBS",
    "vpc": "VPC",
    "elb": "Elastic Load Balancing",
    "rds": "RDS",
    "elasticache": "ElastiCache",
    "dynamodb": "DynamoDB",
    "lambda": "Lambda",
    "s3": "S3",
    "efs": "EFS",
    "eks": "EKS",
    "ecs": "ECS",
    "ecr": "ECR",
    "cloudfront": "CloudFront",
    "cloudwatch": "CloudWatch",
    "logs": "CloudWatch Logs",
    "route53": "Route 53",
    "kms": "KMS",
    "secretsmanager": "Secrets Manager",
    "sqs": "SQS",
    "sns": "SNS",
    "apigateway": "API Gateway",
    "events": "EventBridge",
    "batch": "Batch",
    "emr": "EMR",
    "waf": "WAF",
    "glue": "Glue",
}


# The service bar chart (inline SVG): geometry in CSS pixels.
CHART_WIDTH = 720
CHART_LABEL = 200
CHART_AMOUNT = 110
CHART_ROW = 24
CHART_BAR = 16


def share_percent(amount: Decimal, total: Decimal) -> str:
    if total <= 0:
        return "-"
    value = (amount * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{value:,.1f}%"


def _shares(shares: list[Share], total: Decimal, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    return [
        {
            "name": (names or {}).get(s.name, s.name),
            "monthly": money(s.monthly_cost),
            "share": share_percent(s.monthly_cost, total),
            "resources": s.resources,
            "untagged": s.untagged,
        }
        for s in shares
    ]


def _chart(shares: list[Share]) -> dict[str, Any]:
    """Bars for the service split, the largest spanning the bar area."""
    largest = max((s.monthly_cost for s in shares), default=Decimal(0))
    area = CHART_WIDTH - CHART_LABEL - CHART_AMOUNT
    bars = []
    for index, share in enumerate(shares):
        width = int((share.monthly_cost * area / largest).to_integral_value(ROUND_HALF_UP)) if largest > 0 else 0
        bars.append(
            {
                "name": SERVICES.get(share.name, share.name),
                "amount": money(share.monthly_cost),
                "y": index * CHART_ROW,
                "width": max(width, 1 if share.monthly_cost > 0 else 0),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": max(len(bars), 1) * CHART_ROW,
        "label": CHART_LABEL,
        "amount_x": CHART_LABEL + area + 8,
        "row": CHART_ROW,
        "bar": CHART_BAR,
        "bars": bars,
    }


def _per_unit(review: Review, amount: Decimal) -> str:
    return review.unit.amount(amount) if review.unit is not None else ""


def _scenario(review: Review, scenario: Scenario) -> dict[str, Any]:
    rows = [
        {
            "project": row.project,
            "address": row.address,
            "changes": row.changes,
            "before": "not priced" if row.before is None else money(row.before),
            "after": "removed" if row.removed else ("not priced" if row.after is None else money(row.after)),
            "saving": "-" if row.saving is None else money(row.saving, signed=False),
        }
        for row in scenario.rows
    ]
    regions = [
        {
            "region": option.region,
            "monthly": money(option.total),
            "versus": money(option.total - review.total, signed=True),
            "today": option.today,
            "missing": option.missing,
        }
        for option in scenario.regions
    ]
    return {
        "key": scenario.key,
        "title": scenario.title,
        "description": scenario.description,
        "monthly": money(scenario.total),
        "annual": money(scenario.total * 12),
        "saving": money(scenario.saving),
        "saving_percent": pct(-scenario.saving * 100 / review.total) if review.total > 0 else "-",
        "per_unit": _per_unit(review, scenario.total),
        "rows": rows,
        "notes": scenario.notes,
        "regions": regions,
    }


def _prices(review: Review) -> dict[str, Any]:
    data = review.prices
    if data.first_date is None:
        dates = "no price used"
    elif data.first_date == data.last_date:
        dates = data.first_date
    else:
        dates = f"{data.first_date} to {data.last_date}"
    caches = []
    if BUNDLED in data.caches:
        caches.append("the bundled snapshot" + (f" of {data.snapshot_date}" if data.snapshot_date else ""))
    if USER in data.caches:
        caches.append(
            "the user cache of `costlint pricing update`" + (f" ({data.user_updated})" if data.user_updated else "")
        )
    return {
        "dates": dates,
        "snapshot": data.snapshot_date or "",
        "caches": " and ".join(caches) or "none",
        "sources": data.sources,
        "approximate": data.approximate,
    }


def review_context(review: Review) -> dict[str, Any]:
    total = review.total
    scenarios = [_scenario(review, s) for s in review.scenarios]
    counts = (
        f"{plural(review.resources, 'resource')}: {review.priced} priced, {review.free} free, "
        f"{review.not_priced_count} not priced"
    )
    if review.awaiting_usage:
        counts += f"; {plural(review.awaiting_usage, 'usage-based component')} waiting for usage (counted as $0)"
    if review.missing_prices:
        counts += f"; {plural(len(review.missing_prices), 'component')} without a price (counted as $0)"
    return {
        "title": ", ".join(review.paths),
        "projects": len(review.costs),
        "monthly": money(total),
        "annual": money(review.annual),
        "usage_cost": money(review.usage_cost) if review.usage_cost else "",
        "counts": counts,
        "unit": {
            "name": review.unit.unit,
            "volume": review.unit.volume_words(),
            "cost": review.unit.words(total),
            "amount": review.unit.amount(total),
        }
        if review.unit is not None
        else None,
        "by_service": _shares(review.by_service, total, SERVICES),
        "chart": _chart(review.by_service),
        "by_project": _shares(review.by_project, total),
        "several_projects": len(review.costs) > 1,
        "by_tag": [{"key": split.key, "shares": _shares(split.shares, total)} for split in review.by_tag],
        "top": [
            {
                "address": item.cost.resource.address,
                "project": item.project,
                "type": item.cost.resource.type,
                "location": item.cost.resource.location,
                "monthly": money(item.cost.monthly_cost),
                "share": share_percent(item.cost.monthly_cost, total),
            }
            for item in review.top
        ],
        "findings": [
            {
                "saving": "-" if f.monthly_savings is None else money(f.monthly_savings),
                "rule": f"{f.rule.id} {f.rule.slug}",
                "severity": f.severity,
                "address": f.address,
                "location": f"{f.file}:{f.line}",
                "message": f.message,
            }
            for f in review.findings
        ],
        "findings_savings": money(review.findings_savings),
        "suppressed": review.suppressed,
        "scenarios": scenarios,
        "not_priced": [
            {
                "address": item.cost.resource.address,
                "project": item.project,
                "location": item.cost.resource.location,
                "reason": item.cost.reason or "",
            }
            for item in review.not_priced
        ],
        "missing_prices": [
            {"address": m.address, "project": m.project, "component": m.component, "reason": m.reason}
            for m in review.missing_prices
        ],
        "awaiting_usage": plural(review.awaiting_usage, "usage-based component") if review.awaiting_usage else "",
        "prices": _prices(review),
    }
