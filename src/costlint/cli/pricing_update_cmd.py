"""``costlint pricing update``: refresh prices from the AWS Price List Bulk API.

Registered lazily by the ``pricing`` group (``costlint.cli.pricing_update_cmd:update``); the work
is done by ``costlint.pricing.update``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from costlint.pricing.update import Reporter


def _size(count: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1000  # type: ignore[assignment]
    return str(count)


class _ProgressBar(Reporter):
    """A progress bar per downloaded file, on stderr; used only when stderr is a terminal."""

    def __init__(self) -> None:
        self.label = ""
        self.bar: object | None = None

    def file_started(self, label: str, url: str) -> None:
        self.label = label
        self.bar = None

    def bytes_received(self, count: int, total: int | None) -> None:
        if self.bar is None:
            if not total:
                click.echo(f"downloading {self.label}…", err=True)
                self.bar = False
                return
            bar = click.progressbar(length=total, label=f"{self.label} ({_size(total)})", file=sys.stderr, width=30)
            bar.__enter__()
            self.bar = bar
        if self.bar:
            self.bar.update(count)  # type: ignore[attr-defined]

    def file_finished(self) -> None:
        if self.bar:
            self.bar.__exit__(None, None, None)  # type: ignore[attr-defined]
        self.bar = None

    def parsing(self, label: str) -> None:
        click.echo(f"reading the prices of {label}…", err=True)


@click.command()
@click.option(
    "--service",
    "services",
    multiple=True,
    metavar="SERVICE",
    help="costlint service (ec2, ebs, vpc, rds, elasticache, elb, lambda, s3, dynamodb, cloudwatch, "
    "eks, fargate, kms, secretsmanager, route53, efs, sqs) or offer code (AmazonEC2); repeatable. "
    "Default: every service the update maps. Every price of the offers a service needs is "
    "refreshed.",
)
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="REGION",
    help="AWS region code; repeatable. Default: the regions already in the cache, else us-east-1. "
    "Global services (Route 53) are always refreshed as region 'global'.",
)
@click.option(
    "--endpoint",
    metavar="URL",
    default=None,
    help="Price List Bulk API base URL. Default: $COSTLINT_AWS_PRICING_URL, else "
    "https://pricing.us-east-1.amazonaws.com.",
)
@click.option(
    "--into",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Refresh this cache directory (a snapshot such as pricing_cache/) instead of the user cache.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Seconds to wait for a connection or for data before retrying.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=4,
    show_default=True,
    help="Retries of a request after a 5xx answer, a timeout or a dropped connection.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds before the first retry; doubled at each further retry (at most 30).",
)
def update(
    services: tuple[str, ...],
    regions: tuple[str, ...],
    endpoint: str | None,
    into: Path | None,
    timeout: float,
    retries: int,
    backoff: float,
) -> None:
    """Refresh prices from the AWS Price List Bulk API (public, no credentials).

    Downloads each selected offer's file per region (the EC2 one is about 450 MB; it is streamed),
    skips files unchanged since the last update (ETag / Last-Modified), keeps the prices costlint
    looks up, and writes them to the user cache ($COSTLINT_CACHE_DIR/pricing, else the platform's
    user cache directory), which lookups consult before the bundled snapshot; each file written
    there also keeps the snapshot's other prices of that service and region. Reserved terms are kept
    as effective hourly rates. The update is atomic: on any failure the previous cache stays exactly
    as it was and the exit code is 3.
    """
    from costlint.pricing.update import UpdateOptions, default_endpoint, resolve_services, run_update

    try:
        resolve_services(services)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--service") from None
    options = UpdateOptions(
        services=services,
        regions=regions,
        endpoint=endpoint or default_endpoint(),
        into=into,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    )
    reporter = _ProgressBar() if sys.stderr.isatty() else None
    result = run_update(options, reporter)

    width = max((len(o.offer) for o in result.outcomes), default=0)
    for o in result.outcomes:
        head = f"{o.offer:<{width}}  {o.region:<14}"
        if o.status == "absent":
            click.echo(f"{head}  absent     (no price file for this region)")
            continue
        size = f"  {_size(o.size)}" if o.size else ""
        click.echo(f"{head}  {o.status:<9}  {o.prices:>6} prices  version {o.version} ({o.date}){size}")
    for warning in result.warnings:
        click.echo(f"costlint: warning: {warning}", err=True)
    changed = len(result.files_written) + len(result.files_removed)
    if changed:
        click.echo(
            f"Updated {result.target}: {changed} price file(s) rewritten, "
            f"{result.prices} prices in the refreshed files."
        )
    else:
        click.echo(f"{result.target} is up to date ({result.prices} prices in the refreshed files).")
