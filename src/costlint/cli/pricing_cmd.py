"""``costlint pricing``: build, inspect and query the price catalog.

``build`` regenerates the bundled snapshot from the repository's ``pricing_sources/`` (``trim-sources``
refreshes that folder from the upstream copies); ``info`` shows what the
catalog holds and where it comes from; ``lookup`` prints one price with its provenance. ``update``
(the online refresh) lives in ``costlint.cli.pricing_update_cmd`` and is loaded only when invoked;
the group works without it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from costlint.cli import EXIT_INPUT_ERROR
from costlint.cli.lazy import LazyGroup
from costlint.cli.options import key_values
from costlint.reports.formats import names as format_names

# name -> (module, attribute, help line shown without importing the module)
_LAZY: dict[str, tuple[str, str, str]] = {
    "update": (
        "costlint.cli.pricing_update_cmd",
        "update",
        "Refresh the price cache from the clouds' public price lists.",
    ),
}


@click.group(cls=LazyGroup, lazy_commands=_LAZY)
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
    from costlint.reports.formats import render

    click.echo(render("pricing-build", "table", report, target, verbose), nl=False)


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


@pricing.command()
@click.option("--format", "fmt", type=click.Choice(format_names("pricing-info")), default="table", show_default=True)
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
    from costlint.pricing.manifest import cache_summary
    from costlint.reports.formats import render

    if coverage:
        from costlint.pricing.coverage import compute

        found = compute([locations.user_cache_dir(), locations.bundled_cache_dir()])
        if not found.regions:
            _fail("the price snapshot has no region list (run `costlint pricing build`)")
        out = render("pricing-coverage", fmt, found, services[0] if services else None)
        click.echo(out, nl=not out.endswith("\n"))
        return
    bundled = cache_summary("bundled", locations.bundled_cache_dir())
    user = cache_summary("user", locations.user_cache_dir())
    out = render("pricing-info", fmt, bundled, user, services)
    click.echo(out, nl=not out.endswith("\n"))


# --------------------------------------------------------------------------------------------------
# lookup


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
@click.option("--format", "fmt", type=click.Choice(format_names("pricing-lookup")), default="table", show_default=True)
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
    from costlint.pricing.schema import LOOKUP_SHORTHAND, PRODUCTS

    provider, service = provider.lower(), service.lower()
    attributes = {key: value.strip() for key, value in key_values(attrs, "--attr")}
    shorthand = LOOKUP_SHORTHAND.get((provider, service))
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
        click.echo(warning, err=True)
    if price is None:
        _fail("no price: " + catalog.missing_reason(provider, service, region, product, **attributes))
        return
    from costlint.reports.formats import render

    out = render("pricing-lookup", fmt, price)
    click.echo(out, nl=not out.endswith("\n"))


# --------------------------------------------------------------------------------------------------
# helpers


def _fail(message: str) -> None:
    click.echo(f"costlint: {message}", err=True)
    sys.exit(EXIT_INPUT_ERROR)
