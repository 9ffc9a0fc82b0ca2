"""``costlint pricing``: build, inspect and query the price catalog.

``build`` regenerates the bundled snapshot from the repository's ``pricing_sources/`` (``trim-sources``
refreshes that folder from the upstream copies); ``info`` shows what the
catalog holds and where it comes from; ``lookup`` prints one price with its provenance. ``update``
(the online refresh) lives in ``costlint.cli.pricing_update_cmd`` and is loaded only when invoked;
the group works without it.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import click

from costlint.cli import EXIT_INPUT_ERROR

# name -> (module, attribute, help line shown without importing the module)
_LAZY: dict[str, tuple[str, str, str]] = {
    "update": (
        "costlint.cli.pricing_update_cmd",
        "update",
        "Refresh the price cache from the clouds' public price lists.",
    ),
}


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


class PricingGroup(click.Group):
    """The subcommands of this module, plus the lazily imported ones of ``_LAZY`` that are installed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        lazy = [name for name, spec in _LAZY.items() if _available(spec[0])]
        return sorted(set(super().list_commands(ctx)) | set(lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY:
            module_name, attribute, _ = _LAZY[cmd_name]
            if not _available(module_name):
                return None
            command: click.Command = getattr(importlib.import_module(module_name), attribute)
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in _LAZY:
                rows.append((name, _LAZY[name][2]))
            else:
                command = super().get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=70)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=PricingGroup)
def pricing() -> None:
    """Inspect, look up and refresh the price catalog.

    Prices come from the snapshot bundled with costlint, or from a cache refreshed by
    `costlint pricing update` where it has the file of a service and region.
    """


# --------------------------------------------------------------------------------------------------
# build


@pricing.command()
@click.option(
    "--sources",
    "sources_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The price sources directory (default: the repository's pricing_sources/).",
)
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (default: the repository's pricing_cache/).",
)
@click.option("--verbose", "-v", is_flag=True, help="Also list what the sources hold that the snapshot leaves out.")
def build(sources_dir: Path | None, into: Path | None, verbose: bool) -> None:
    """Rebuild the bundled price snapshot from the offline sources (reproducible: same input, same bytes)."""
    from costlint.pricing import build as builder
    from costlint.pricing.sources import SourceError

    if sources_dir is None:
        sources_dir = builder.default_sources_dir()
        if sources_dir is None:
            raise click.UsageError(
                "no --sources given, and this installation has no pricing_sources/ (it is in the source "
                "repository, not in the wheel)"
            )
    target = into or builder.default_output_dir()
    try:
        report = builder.build(sources_dir, target)
    except SourceError as exc:
        click.echo(f"costlint: error: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    click.echo(f"Wrote {report.total:,} prices in {len(report.files)} files to {target}")
    rows = [
        (service, f"{report.prices[service]:,}", str(len(report.service_regions[service])), f"{report.low[service]:,}")
        for service in sorted(report.prices)
    ]
    _table(("service", "prices", "regions", "low confidence"), rows)
    if report.ec2_rules:
        click.echo(
            "EC2 on-demand outside us-east-1/GovCloud: "
            + ", ".join(f"{rule} {n:,}" for rule, n in sorted(report.ec2_rules.items()))
        )
    click.echo(
        f"Regions: {len(report.regions)} commercial AWS Regions with EC2 prices; {report.not_offered:,} "
        f"'not offered in that region' entries; {report.derived:,} approximate (derived) prices"
    )
    click.echo(
        f"{len(report.excluded)} exclusions and {len(report.disagreements)} source disagreements"
        + ("" if verbose else " (--verbose lists them; the manifest keeps the exclusions)")
    )
    if verbose:
        for line in report.excluded:
            click.echo(f"  excluded: {line}")
        for line in report.disagreements:
            click.echo(f"  newer wins: {line}")


@pricing.command("trim-sources")
@click.option(
    "--from",
    "upstream",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The upstream folder of price sources (e.g. ../shared/pricing-sources).",
)
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output directory (default: the repository's pricing_sources/).",
)
def trim_sources(upstream: Path, into: Path | None) -> None:
    """Refresh pricing_sources/ from the upstream copies: only the parts the build reads (reproducible)."""
    from costlint.pricing import build as builder
    from costlint.pricing.sources import SourceError, vendor

    target = into or builder.default_sources_dir()
    if target is None:
        raise click.UsageError("no --into given, and this installation has no pricing_sources/")
    try:
        rows = vendor.trim(upstream, target)
    except SourceError as exc:
        click.echo(f"costlint: error: {exc}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    total = sum(int(r["bytes"]) for r in rows)
    click.echo(f"Wrote {len(rows)} files ({total:,} bytes) and {vendor.TRIMMED_INDEX} to {target}")


# --------------------------------------------------------------------------------------------------
# info


def _cache_summary(label: str, directory: Path) -> dict[str, Any]:
    from costlint.pricing.manifest import read_manifest

    summary: dict[str, Any] = {"cache": label, "path": str(directory), "exists": directory.is_dir()}
    try:
        manifest = read_manifest(directory) if directory.is_dir() else None
    except (OSError, ValueError, KeyError) as exc:
        summary["error"] = f"unreadable manifest: {exc}"
        manifest = None
    files = (
        sorted(p.relative_to(directory).as_posix() for p in directory.glob("*/*/*.json")) if directory.is_dir() else []
    )
    summary["files"] = len(files)
    summary["in_use"] = bool(files)
    if manifest is not None:
        summary["origin"] = manifest.origin
        for key in ("snapshot_date", "currency"):
            if key in manifest.extra:
                summary[key] = manifest.extra[key]
        updated = manifest.extra.get("updated")  # written by `pricing update`: {"at": ..., "endpoint": ...}
        if isinstance(updated, dict) and updated.get("at"):
            summary["updated_at"] = str(updated["at"])
        summary["sources"] = [
            {k: s.get(k) for k in ("id", "name", "date", "license", "origin", "checksum") if s.get(k) is not None}
            for s in sorted(manifest.sources, key=lambda s: str(s.get("id")))
        ]
        summary["coverage"] = manifest.coverage
        if "low_confidence" in manifest.extra:
            summary["low_confidence"] = manifest.extra["low_confidence"]
    else:
        coverage: dict[str, dict[str, dict[str, int]]] = {}
        for rel in files:
            provider, service, name = rel.split("/")
            coverage.setdefault(provider, {}).setdefault(service, {})[name[:-5]] = -1
        summary["coverage"] = coverage
    return summary


def _source_rows(sources: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """One row per source; the files of a family (``infracost-golden:<file>``) share one row."""
    rows: list[tuple[str, ...]] = []
    families: dict[str, list[dict[str, Any]]] = {}
    for source in sources:
        ident = str(source["id"])
        if ":" in ident:
            families.setdefault(ident.split(":", 1)[0], []).append(source)
            continue
        rows.append(
            (
                ident,
                str(source.get("date", "")),
                _short(str(source.get("license", "")), 30),
                _short(str(source.get("name", "")), 60),
            )
        )
    for family, members in families.items():
        dates = sorted(str(m.get("date", "")) for m in members)
        licences = sorted({str(m.get("license", "")) for m in members})
        span = f"{dates[0]}..{dates[-1]}" if dates[0] != dates[-1] else dates[0]
        name = str(members[0].get("name", family)).rsplit(" ", 1)[0]
        rows.append((f"{family}:* ({len(members)} files)", span, _short(", ".join(licences), 30), name))
    return sorted(rows)


def _regions_text(regions: list[str], limit: int = 4) -> str:
    if len(regions) <= limit:
        return ", ".join(regions)
    return f"{len(regions)} regions: " + ", ".join(regions[:limit]) + ", ..."


@pricing.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--service", "services", multiple=True, help="Show the regions of this service in full (repeatable).")
@click.option(
    "--coverage",
    is_flag=True,
    help="The service x region matrix: exact, approximate, partial, none or not offered (with --service: "
    "that service's products).",
)
def info(fmt: str, services: tuple[str, ...], coverage: bool) -> None:
    """Snapshot date, sources, coverage per service and region, and whether a refreshed cache is in use."""
    from costlint.pricing import locations

    if coverage:
        from costlint.pricing.coverage import compute
        from costlint.reports import pricing_coverage

        found = compute([locations.user_cache_dir(), locations.bundled_cache_dir()])
        if not found.regions:
            _fail("the price snapshot has no region list (run `costlint pricing build`)")
        if fmt == "json":
            click.echo(pricing_coverage.render_json(found))
        else:
            click.echo(pricing_coverage.render_table(found, services[0] if services else None), nl=False)
        return

    bundled = _cache_summary("bundled", locations.bundled_cache_dir())
    user = _cache_summary("user", locations.user_cache_dir())
    if fmt == "json":
        click.echo(json.dumps({"bundled": bundled, "user": user}, indent=1, sort_keys=True))
        return
    click.echo(f"Bundled snapshot: {bundled['path']}")
    if "snapshot_date" in bundled:
        dates = sorted({str(s.get("date")) for s in bundled.get("sources", [])})
        click.echo(
            f"  data dates: {dates[0]} to {dates[-1]} (newest {bundled['snapshot_date']}); currency "
            f"{bundled.get('currency', 'USD')}"
        )
    if not bundled["in_use"]:
        click.echo("  (empty: run `costlint pricing build`)")
    if bundled.get("sources"):
        click.echo("Sources (`--format json` lists each file with its origin and checksum):")
        _table(("id", "date", "licence", "name"), _source_rows(bundled["sources"]), indent="  ")
    click.echo("Coverage (prices per service; low = lower-confidence prices):")
    low = bundled.get("low_confidence", {})
    rows = []
    for provider, by_service in sorted(bundled.get("coverage", {}).items()):
        for service, by_region in sorted(by_service.items()):
            regions = sorted(by_region)
            count = sum(n for n in by_region.values() if n > 0)
            low_count = sum(low.get(provider, {}).get(service, {}).values())
            shown = ", ".join(regions) if service in services else _regions_text(regions)
            rows.append((provider, service, f"{count:,}", f"{low_count:,}" if low_count else "", shown))
    _table(("provider", "service", "prices", "low", "regions"), rows, indent="  ")
    if user["in_use"]:
        when = f"updated {user['updated_at']}" if "updated_at" in user else "update date unknown"
        click.echo(
            f"Refreshed cache in use: {user['path']} ({user['files']} files, {when}); its files win over "
            "the snapshot's for their service and region:"
        )
        for provider, by_service in sorted(user.get("coverage", {}).items()):
            for service, by_region in sorted(by_service.items()):
                click.echo(f"  {provider} {service}: {_regions_text(sorted(by_region))}")
    else:
        click.echo(f"Refreshed cache: none ({user['path']}); `costlint pricing update` creates it")
    if "error" in user:
        click.echo(f"  warning: {user['error']}")


# --------------------------------------------------------------------------------------------------
# lookup

# The main product of a service and the attribute the positional ITEM names.
SHORTHAND: dict[tuple[str, str], tuple[str, str]] = {
    ("aws", "ec2"): ("instance", "instance_type"),
    ("aws", "rds"): ("instance", "instance_class"),
    ("aws", "elasticache"): ("node", "node_type"),
    ("aws", "ebs"): ("storage", "volume_type"),
    ("aws", "elb"): ("load_balancer", "lb_type"),
    ("aws", "s3"): ("storage", "storage_class"),
    ("aws", "efs"): ("storage", "storage_class"),
    ("aws", "lambda"): ("duration", "architecture"),
    ("aws", "eks"): ("cluster", "support"),
    ("aws", "vpc"): ("nat_gateway", ""),
    ("aws", "kms"): ("key", ""),
    ("aws", "secretsmanager"): ("secret", ""),
    ("aws", "route53"): ("hosted_zone", ""),
    ("aws", "dynamodb"): ("write_capacity", "table_class"),
    ("aws", "cloudwatch"): ("logs_ingestion", ""),
    ("aws", "fargate"): ("vcpu", "architecture"),
    ("aws", "sqs"): ("requests", "queue_type"),
    ("aws", "sns"): ("requests", "topic_type"),
    ("aws", "apigateway"): ("rest_requests", ""),
    ("aws", "cloudfront"): ("data_out", "geography"),
}


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        key, sep, val = value.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint="--attr")
        out[key.strip()] = val.strip()
    return out


@pricing.command()
@click.argument("provider")
@click.argument("service")
@click.argument("item", required=False)
@click.option("--region", default="us-east-1", show_default=True, help="Region code (global services ignore it).")
@click.option("--product", help="Catalog product (default: the service's main one, e.g. ec2 instance).")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE", help="Product attribute (repeatable).")
@click.option("--engine", help="Database or cache engine (rds: mysql, postgres, aurora-mysql, ...).")
@click.option("--deployment", help="single_az or multi_az (rds).")
@click.option("--os", "os_name", help="linux, windows, rhel or suse (ec2).")
@click.option("--purchase", help="on_demand or spot.")
@click.option("--tenancy", help="shared or dedicated (ec2).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def lookup(
    provider: str,
    service: str,
    item: str | None,
    region: str,
    product: str | None,
    attrs: tuple[str, ...],
    engine: str | None,
    deployment: str | None,
    os_name: str | None,
    purchase: str | None,
    tenancy: str | None,
    fmt: str,
) -> None:
    """Look up one price: `costlint pricing lookup aws ec2 m5.large --region eu-west-1`.

    ITEM is the main attribute of the service's main product (EC2 instance type, RDS instance
    class, ElastiCache node type, EBS volume type, ...). Other products and attributes:
    `costlint pricing lookup aws ebs --product iops --attr volume_type=gp3`.
    """
    from costlint.pricing.catalog import UnknownProduct, default_catalog
    from costlint.pricing.schema import PRODUCTS

    provider, service = provider.lower(), service.lower()
    attributes = _pairs(attrs)
    shorthand = SHORTHAND.get((provider, service))
    if product is None:
        if shorthand is None:
            names = sorted(name for (p, s, name) in PRODUCTS if (p, s) == (provider, service))
            raise click.UsageError(
                f"give --product for {provider} {service}"
                + (f" (one of: {', '.join(names)})" if names else f": unknown service {service!r}")
            )
        product = shorthand[0]
    spec = PRODUCTS.get((provider, service, product))
    if spec is None:
        names = sorted(name for (p, s, name) in PRODUCTS if (p, s) == (provider, service))
        _fail(f"unknown product {provider}/{service}/{product}" + (f" (known: {', '.join(names)})" if names else ""))
        return
    if item is not None:
        main = (
            shorthand[1]
            if shorthand and shorthand[0] == product and shorthand[1]
            else (spec.attributes[0] if spec.attributes else "")
        )
        if not main:
            raise click.UsageError(f"{provider}/{service}/{product} takes no ITEM (it has no attributes)")
        attributes[main] = item
    for name, value in (
        ("engine", engine),
        ("deployment", deployment),
        ("os", os_name),
        ("purchase", purchase),
        ("tenancy", tenancy),
    ):
        if value is not None:
            attributes[name] = value

    catalog = default_catalog()
    try:
        price = catalog.lookup(provider, service, region, product, **attributes)
    except UnknownProduct as exc:
        _fail(str(exc))
        return
    for warning in catalog.warnings:
        click.echo(f"costlint: warning: {warning}", err=True)
    if price is None:
        _fail("no price: " + catalog.missing_reason(provider, service, region, product, **attributes))
        return
    if fmt == "json":
        click.echo(json.dumps(_price_json(price), indent=1, sort_keys=True))
        return
    _print_price(price)


def _price_json(price: Any) -> dict[str, Any]:
    return {
        "provider": price.provider,
        "service": price.service,
        "product": price.product,
        "region": price.region,
        "attributes": dict(price.attributes),
        "price": _text(price.value),
        "unit": price.unit,
        "currency": "USD",
        "source": price.source,
        "source_name": price.source_name,
        "date": price.date,
        "confidence": price.confidence,
        "cache": price.cache,
        "note": price.note,
        "tiers": [[_text(t.start), None if t.end is None else _text(t.end), _text(t.price)] for t in price.tiers],
    }


def _print_price(price: Any) -> None:
    attrs = " ".join(f"{k}={v}" for k, v in price.attributes)
    rows = [
        ("price", f"{_text(price.value)} USD per {price.unit}"),
        ("product", f"{price.provider} {price.service} {price.product} {attrs}".rstrip()),
        ("region", price.region),
        ("source", f"{price.source} ({price.source_name})" if price.source_name != price.source else price.source),
        ("date", price.date),
        ("confidence", price.confidence),
        ("cache", price.cache),
    ]
    if price.tiers:
        bands = "; ".join(
            f"{_text(t.start)}-{_text(t.end) if t.end is not None else ''}: {_text(t.price)}" for t in price.tiers
        )
        rows.append(("tiers", f"{bands} (bands of monthly usage, in {price.unit})"))
    if price.note:
        rows.append(("note", price.note))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        click.echo(f"{key.ljust(width)}  {value}")


# --------------------------------------------------------------------------------------------------
# helpers


def _fail(message: str) -> None:
    click.echo(f"costlint: {message}", err=True)
    sys.exit(EXIT_INPUT_ERROR)


def _text(value: Any) -> str:
    return format(value.normalize(), "f")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], indent: str = "") -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=False)]
    for row in (header, *rows):
        line = "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo(indent + line.rstrip())
