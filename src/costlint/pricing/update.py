"""``costlint pricing update``: refresh a price cache directory from the AWS Price List Bulk API.

For each selected offer: offer index → region index → the offer file of each region, downloaded
with a conditional GET (the ETag/Last-Modified of the last download, kept in the manifest under
``fetched``), parsed by ``aws_bulk`` into records. An unchanged file (304) is not parsed: the
records it gave last time stay in the cache's files, where their ``source`` id
(``aws-price-list:<offer>:<region>``) finds them, and a service/region file all of whose offer files
(and bundled-snapshot file) are unchanged is not rewritten at all.

A service/region file is rebuilt from the records of the offers refreshed now, plus:

- in the user cache, the Price List records of offers not refreshed this time, and the bundled
  snapshot's records of that service and region. Lookups take a whole service/region file from the
  user cache when it has one (``catalog.py``), so a user file must hold everything the snapshot's
  file holds, or an update would hide the prices the Price List does not carry (Aurora storage,
  internet egress, ...). Snapshot records are taken afresh from the installed snapshot at each
  update, so an upgraded costlint's snapshot reaches the user cache at the next update;
- with ``--into``, the previous file's records of every other source (the snapshot's own).

Key by key, Price List records win over others, and among them the first offer of
``SERVICE_OFFERS`` (AmazonVPC's public IPv4 row over the EC2 offer's idle Elastic IP row).

Atomicity. Nothing is written into the target directory while the update runs. The new directory
is built beside it (``.<name>.update-*/cache``), checked, then swapped in with two renames: target →
``.<name>.update-*/old``, new → target; the old copy is then deleted. A crash between the renames
leaves the old directory aside and no target; the next update (under the same lock) moves it back.
When no price file changes (every file answered 304) only ``manifest.json`` is replaced (write to a
temporary file, then ``os.replace``). A lock file (``.<name>.lock``) keeps two updates apart.

Checks that refuse an update (the previous cache stays as it was): a download that fails after
retries or is cut short; a file that is not complete JSON or not the expected offer; a selected
price that is zero, negative or not USD; a record that does not fit the schema; and an offer file,
or a service/region file, left with fewer than ``MIN_KEPT_FRACTION`` of its previous prices.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import ijson

from costlint.errors import CannotRun
from costlint.pricing import aws_bulk
from costlint.pricing.aws_bulk import GLOBAL_REGION, OFFERS, SERVICE_OFFERS, OfferFormatError, PriceError
from costlint.pricing.http import Download, DownloadError, HttpClient, Validators
from costlint.pricing.locations import bundled_cache_dir, user_cache_dir
from costlint.pricing.manifest import MANIFEST_NAME, Manifest, read_manifest, sha256_of, write_manifest
from costlint.pricing.records import InvalidRecord, PriceRecord, record_of, region_file, write_records

MIN_KEPT_FRACTION = 0.5
"""A refreshed offer file, or a rebuilt service/region file, must keep at least this fraction of the
prices it had before; below it the file is taken to be damaged (AWS once served files that had lost
most of their products) and the whole update is refused."""

DEFAULT_REGION = "us-east-1"
ENDPOINT_ENV = "COSTLINT_AWS_PRICING_URL"
PROVIDER = "aws"


@dataclass(frozen=True)
class UpdateOptions:
    services: tuple[str, ...] = ()
    """costlint service ids (``ec2``) or offer codes (``AmazonEC2``); empty: every mapped offer."""
    regions: tuple[str, ...] = ()
    """Empty: the regions already in the target, else ``us-east-1``."""
    endpoint: str = aws_bulk.DEFAULT_ENDPOINT
    into: Path | None = None
    """Target directory; None: the user cache (``locations.user_cache_dir()``)."""
    base: Path | None = None
    """Cache whose prices complete the user cache's files (see the module docstring); None: the
    bundled snapshot when refreshing the user cache, nothing with ``into``."""
    timeout: float = 60.0
    retries: int = 4
    backoff: float = 1.0


class Reporter:
    """Progress callbacks (the CLI draws a progress bar from them); the default does nothing."""

    def file_started(self, label: str, url: str) -> None: ...
    def bytes_received(self, count: int, total: int | None) -> None: ...
    def file_finished(self) -> None: ...
    def parsing(self, label: str) -> None: ...


@dataclass(frozen=True)
class Outcome:
    offer: str
    region: str
    status: str
    """``updated`` | ``unchanged`` (304) | ``absent`` (the offer has no file for the region)."""
    prices: int = 0
    version: str = ""
    date: str = ""
    size: int = 0
    url: str = ""


@dataclass
class UpdateResult:
    target: Path
    outcomes: list[Outcome] = field(default_factory=list)
    files_written: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    prices: int = 0
    """Prices in the service/region files the refreshed offers feed."""
    warnings: list[str] = field(default_factory=list)
    requests: int = 0


def resolve_services(values: tuple[str, ...]) -> list[str]:
    """Offer codes to fetch for ``--service`` values, in ``OFFERS`` order."""
    if not values:
        return list(OFFERS)
    by_lower = {code.lower(): code for code in OFFERS}
    wanted: set[str] = set()
    for value in values:
        if value in SERVICE_OFFERS:
            wanted.update(SERVICE_OFFERS[value])
        elif value.lower() in by_lower:
            wanted.add(by_lower[value.lower()])
        else:
            known = ", ".join(sorted(SERVICE_OFFERS))
            raise ValueError(f"unknown service {value!r} (known: {known}; or an offer code such as AmazonEC2)")
    return [code for code in OFFERS if code in wanted]


def default_endpoint() -> str:
    return os.environ.get(ENDPOINT_ENV) or aws_bulk.DEFAULT_ENDPOINT


def run_update(options: UpdateOptions, reporter: Reporter | None = None) -> UpdateResult:
    """Refresh the target directory; raises ``CannotRun`` (target untouched) when anything fails."""
    reporter = reporter or Reporter()
    offers = resolve_services(options.services)
    target = Path(options.into) if options.into else user_cache_dir()
    target = target.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise CannotRun(f"pricing update failed: {target} is not a directory; the previous cache is unchanged")
    blocking = next((p for p in target.parents if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise CannotRun(f"pricing update failed: {blocking} is not a directory; the previous cache is unchanged")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _lock(target):
            _recover(target)
            return _Update(options, offers, target, reporter).run()
    except OSError as exc:  # the cache directory cannot be created or locked (read-only, not a directory)
        raise CannotRun(f"pricing update failed: {_os_error(exc)}; the previous cache is unchanged") from None


def _os_error(exc: OSError) -> str:
    """``No space left on device: /path`` (never a Python repr)."""
    what = exc.strerror or str(exc)
    return f"{what}: {exc.filename}" if exc.filename else what


class _Failed(Exception):
    def __init__(self, what: str, url: str = "") -> None:
        super().__init__(what)
        self.what, self.url = what, url


class _Update:
    def __init__(self, options: UpdateOptions, offers: list[str], target: Path, reporter: Reporter) -> None:
        self.options, self.offers, self.target, self.reporter = options, offers, target, reporter
        self.result = UpdateResult(target)
        self.previous = _Previous(target)
        base = options.base if options.base is not None else (None if options.into else bundled_cache_dir())
        self.base = (
            _Previous(base.expanduser().resolve(), "the bundled snapshot")
            if base is not None and base.resolve() != target
            else None
        )
        self.changed: dict[str, list[PriceRecord]] = {}
        """Source id of an offer file downloaded now -> its records."""
        self.unchanged: set[str] = set()
        """Source ids of offer files that answered 304: their records stay in the cache's files."""
        self.sources: dict[str, dict[str, Any]] = {}
        self.fetched: dict[str, dict[str, Any]] = {}
        self.now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def run(self) -> UpdateResult:
        workdir = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.update-", dir=self.target.parent))
        try:
            try:
                self.previous.load()
                if self.base is not None:
                    self.base.load()
                self._fetch_all(workdir)
                self._build_and_swap(workdir)
            except _Failed as exc:
                where = f" ({exc.url})" if exc.url else ""
                raise CannotRun(f"pricing update failed: {exc.what}{where}; the previous cache is unchanged") from None
            except OSError as exc:  # a full disk, a read-only directory while downloading or writing
                raise CannotRun(f"pricing update failed: {_os_error(exc)}; the previous cache is unchanged") from None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return self.result

    # -- fetching ---------------------------------------------------------------------------------

    def _regions(self) -> list[str]:
        if self.options.regions:
            return list(dict.fromkeys(self.options.regions))
        return self.previous.regions() or [DEFAULT_REGION]

    def _fetch_all(self, workdir: Path) -> None:
        endpoint = self.options.endpoint.rstrip("/") + "/"
        regions = self._regions()
        with HttpClient(self.options.timeout, self.options.retries, self.options.backoff) as http:
            try:
                index_url = urljoin(endpoint, aws_bulk.OFFER_INDEX_PATH.lstrip("/"))
                paths = _checked(aws_bulk.offer_region_index_paths, http.get_json(index_url), index_url)
                for offer in self.offers:
                    if offer not in paths:
                        self.result.warnings.append(f"{offer} is not in the offer index; its prices were kept")
                        continue
                    spec = OFFERS[offer]
                    region_index_url = urljoin(endpoint, paths[offer]["region_index"].lstrip("/"))
                    urls = _checked(aws_bulk.region_urls, http.get_json(region_index_url), region_index_url)
                    if spec.scope == "global":
                        path = urls.get(GLOBAL_REGION) or paths[offer]["current"]
                        self._fetch(http, workdir, offer, GLOBAL_REGION, urljoin(endpoint, path.lstrip("/")))
                        continue
                    for region in regions:
                        if region not in urls:
                            self.result.outcomes.append(Outcome(offer, region, "absent"))
                            continue
                        self._fetch(http, workdir, offer, region, urljoin(endpoint, urls[region].lstrip("/")))
            except DownloadError as exc:
                raise _Failed(str(exc), exc.url) from None
            finally:
                self.result.requests = http.attempts
        if self.result.outcomes and all(o.status == "absent" for o in self.result.outcomes):
            raise _Failed(f"the price list has none of the regions asked for ({', '.join(regions)})")

    def _fetch(self, http: HttpClient, workdir: Path, offer: str, region: str, url: str) -> None:
        sid = aws_bulk.source_id(offer, region)
        before = self.previous.fetched.get(sid)
        validators = None
        if (
            before
            and before.get("url") == url
            and before.get("mapping") == aws_bulk.MAPPING_VERSION
            and sid in self.previous.source_ids()
        ):
            validators = Validators(before.get("etag", ""), before.get("last_modified", ""))
        raw = workdir / "offer.json"
        download = self._download(http, offer, region, url, raw, validators)
        if download.not_modified and before is not None:
            if not self._still_cached(sid, before):
                # The cache no longer holds what this file gave (a region file deleted by hand):
                # "unchanged upstream" is not enough, fetch it again.
                download = self._download(http, offer, region, url, raw, None)
            else:
                self.unchanged.add(sid)
                self.sources[sid] = self.previous.source(sid) or {}
                self.fetched[sid] = {**before, "status": "not_modified", "checked_at": self.now}
                self.result.outcomes.append(
                    Outcome(
                        offer,
                        region,
                        "unchanged",
                        int(before.get("records", 0)),
                        before.get("version", ""),
                        before.get("publication_date", "")[:10],
                        0,
                        url,
                    )
                )
                return
        self._parse(offer, region, url, raw, download, before)

    def _download(
        self, http: HttpClient, offer: str, region: str, url: str, raw: Path, validators: Validators | None
    ) -> Download:
        self.reporter.file_started(f"{offer} {region}", url)
        try:
            return http.download(url, raw, validators, self.reporter.bytes_received)
        finally:
            self.reporter.file_finished()

    def _still_cached(self, sid: str, before: dict[str, Any]) -> bool:
        """Whether the target still has the files an unchanged offer file's prices went to."""
        offer, region = _offer_region(sid)
        by_service = before.get("records_by_service")
        if not isinstance(by_service, dict):  # a manifest written before this was recorded
            found = sum(
                len(self.previous.records(service, region, lambda source: source == sid)[0])
                for service in OFFERS[offer].services
            )
            return found >= MIN_KEPT_FRACTION * int(before.get("records", 0))
        return all(
            region_file(self.target, PROVIDER, service, region).is_file()
            for service, count in by_service.items()
            if count
        )

    def _parse(
        self, offer: str, region: str, url: str, raw: Path, download: Download, before: dict[str, Any] | None
    ) -> None:
        sid = aws_bulk.source_id(offer, region)
        self.reporter.parsing(f"{offer} {region}")
        try:
            parsed = aws_bulk.parse_offer_file(raw, offer, region)
        except (OfferFormatError, PriceError) as exc:
            raise _Failed(f"{offer} {region}: {exc}", url) from None
        finally:
            raw.unlink(missing_ok=True)
        count = len(parsed.records)
        had = int(before.get("records", 0)) if before else 0
        if had and count < MIN_KEPT_FRACTION * had:
            raise _Failed(
                f"{offer} {region} lost most of its prices ({count}, {had} before; "
                f"refused below {MIN_KEPT_FRACTION:.0%})",
                url,
            )
        if count == 0:
            self.result.warnings.append(f"{offer} {region}: no product matched costlint's filters")
        self.result.warnings.extend(f"{offer} {region}: {w}" for w in parsed.warnings)
        header = parsed.header
        self.changed[sid] = parsed.records
        by_service: dict[str, int] = {}
        for record in parsed.records:
            by_service[record.service] = by_service.get(record.service, 0) + 1
        self.sources[sid] = {
            "id": sid,
            "name": f"AWS Price List Bulk API: {offer}, {region}",
            "origin": url,
            "date": header.date,
            "publication_date": header.publication_date,
            "version": header.version,
            "checksum": download.checksum,
            "license": "AWS public price list (informational; see the file's disclaimer)",
        }
        self.fetched[sid] = {
            "offer": offer,
            "region": region,
            "url": url,
            "etag": download.etag,
            "last_modified": download.last_modified,
            "version": header.version,
            "publication_date": header.publication_date,
            "checksum": download.checksum,
            "bytes": download.size,
            "records": count,
            "records_by_service": dict(sorted(by_service.items())),
            "mapping": aws_bulk.MAPPING_VERSION,
            "status": "downloaded",
            "fetched_at": self.now,
            "checked_at": self.now,
        }
        self.result.outcomes.append(
            Outcome(offer, region, "updated", count, header.version, header.date, download.size, url)
        )

    # -- building ---------------------------------------------------------------------------------

    def _build_and_swap(self, workdir: Path) -> None:
        changed = set(self.changed)
        checked = changed | self.unchanged
        pairs: set[tuple[str, str]] = set()
        for sid in checked:
            offer, region = _offer_region(sid)
            pairs.update((service, region) for service in OFFERS[offer].services)
        manifest = self.previous.manifest or Manifest(origin="update")
        base_files: dict[str, str] = dict(manifest.extra.get("base_files", {})) if self.base else {}
        new_files: dict[tuple[str, str], list[PriceRecord]] = {}
        for service, region in sorted(pairs):
            rel = f"{PROVIDER}/{service}/{region}.json"
            base_sum = None
            if self.base is not None:
                base_path = region_file(self.base.directory, PROVIDER, service, region)
                base_sum = sha256_of(base_path) if base_path.is_file() else None
            feeding = {
                sid
                for sid in checked
                if _offer_region(sid)[1] == region and service in OFFERS[_offer_region(sid)[0]].services
            }
            if (
                not feeding & changed
                and base_files.get(rel) == base_sum
                and region_file(self.target, PROVIDER, service, region).is_file()
            ):
                continue  # every offer file unchanged (304), the snapshot too: the file stays as it is
            if base_sum:
                base_files[rel] = base_sum
            else:
                base_files.pop(rel, None)
            if self.base is None:
                kept, had = self.previous.records(service, region, lambda source: source not in changed)
            else:
                kept, had = self.previous.records(
                    service, region, lambda source: source.startswith(_PREFIX) and source not in changed
                )
                kept += self.base.records(
                    service, region, lambda source: source not in changed and source not in self.previous.fetched
                )[0]
            fresh = [
                r for sid in feeding & changed for r in self.changed[sid] if r.service == service and r.region == region
            ]
            merged = _merge(service, fresh, kept)
            del kept, fresh
            if had and len(merged) < MIN_KEPT_FRACTION * had:
                raise _Failed(
                    f"{PROVIDER}/{service}/{region}.json would keep {len(merged)} of its {had} prices "
                    f"(refused below {MIN_KEPT_FRACTION:.0%})"
                )
            new_files[(service, region)] = merged

        fetched = dict(manifest.extra.get("fetched", {}))
        fetched.update(self.fetched)
        manifest.extra["fetched"] = dict(sorted(fetched.items()))
        if self.base is not None:
            manifest.extra["base_files"] = dict(sorted(base_files.items()))
        manifest.extra["updated"] = {
            "endpoint": self.options.endpoint,
            "at": self.now,
            "offers": self.offers,
            "regions": self._regions(),
        }

        build = workdir / "cache"
        if self.target.is_dir():
            shutil.copytree(self.target, build, symlinks=True)
        else:
            build.mkdir()
        modified = False
        try:
            for (service, region), records in sorted(new_files.items()):
                path = region_file(build, PROVIDER, service, region)
                name = path.relative_to(build).as_posix()
                before = sha256_of(path) if path.is_file() else None
                if records:
                    write_records(build, records)
                    if sha256_of(path) != before:
                        modified = True
                        self.result.files_written.append(name)
                elif before is not None:
                    path.unlink()
                    modified = True
                    self.result.files_removed.append(name)
                new_files[(service, region)] = []  # written: let the records go
            manifest.sources = self._sources(manifest, build, checked, changed)
            write_manifest(build, manifest)
        except InvalidRecord as exc:
            raise _Failed(f"a price does not fit the schema ({exc})") from None
        except (OSError, ValueError) as exc:
            raise _Failed(f"cannot write the new cache ({exc})") from None
        coverage = manifest.coverage.get(PROVIDER, {})
        self.result.prices = sum(coverage.get(service, {}).get(region, 0) for service, region in pairs)

        if modified or not self.target.is_dir():
            _swap(build, self.target, workdir / "old")
        else:
            # Every file answered 304 (or gave the same prices): only the manifest changes.
            tmp = self.target / (MANIFEST_NAME + ".tmp")
            shutil.copyfile(build / MANIFEST_NAME, tmp)
            os.replace(tmp, self.target / MANIFEST_NAME)

    def _sources(self, manifest: Manifest, build: Path, checked: set[str], changed: set[str]) -> list[dict[str, Any]]:
        """The manifest's sources: the offer files checked now, and those the other records name."""
        sources = [s for s in manifest.sources if s.get("id") not in checked]
        sources.extend(self.sources[sid] for sid in sorted(checked) if self.sources[sid])
        if self.base is None:
            return sources  # a snapshot's own sources are its builder's business
        named = _named_sources(build)
        sources = [s for s in sources if s.get("id") in named or str(s.get("id", "")).startswith(_PREFIX)]
        have = {s.get("id") for s in sources}
        base_manifest = self.base.manifest
        for sid in sorted(named - have):
            described = base_manifest.source(sid) if base_manifest else None
            if described:
                sources.append(described)
        return sources


_PREFIX = aws_bulk.SOURCE_PREFIX + ":"


def _from_price_list(record: PriceRecord) -> bool:
    return record.source.startswith(_PREFIX)


def _named_sources(directory: Path) -> set[str]:
    named: set[str] = set()
    for path in directory.glob(f"{PROVIDER}/*/*.json"):
        with path.open("rb") as f:  # streamed: an EC2 file with reserved terms holds ~100k prices
            named.update(str(entry.get("source", "")) for _, entry in ijson.kvitems(f, "prices"))
    return named


def _merge(service: str, fresh: list[PriceRecord], kept: list[PriceRecord]) -> list[PriceRecord]:
    """One record per key: Price List records over others, and among them the service's first offer."""
    order = SERVICE_OFFERS.get(service, ())

    def rank(record: PriceRecord) -> int:
        offer = _offer_region(record.source)[0] if _from_price_list(record) else ""
        return order.index(offer) if offer in order else len(order)

    best: dict[str, PriceRecord] = {}
    for record in [*fresh, *kept]:
        current = best.get(record.key)
        if current is None or rank(record) < rank(current):
            best[record.key] = record
    return [best[key] for key in sorted(best)]


def _offer_region(sid: str) -> tuple[str, str]:
    _, offer, region = sid.split(":", 2)
    return offer, region


def _checked(parse: Any, doc: Any, url: str) -> Any:
    try:
        return parse(doc)
    except (OfferFormatError, AttributeError) as exc:
        raise _Failed(f"unexpected index file ({exc})", url) from None


class _Previous:
    """The target directory as it is before the update (read only)."""

    def __init__(self, directory: Path, what: str = "the existing cache") -> None:
        self.directory = directory
        self.what = what
        self.manifest: Manifest | None = None
        self.fetched: dict[str, dict[str, Any]] = {}

    def load(self) -> None:
        if not self.directory.is_dir():
            return
        try:
            self.manifest = read_manifest(self.directory)
        except (OSError, ValueError) as exc:
            raise _Failed(f"the manifest of {self.what} {self.directory} is unreadable ({exc})") from None
        if self.manifest:
            self.fetched = dict(self.manifest.extra.get("fetched", {}))

    def regions(self) -> list[str]:
        found: set[str] = set()
        coverage = self.manifest.coverage.get(PROVIDER, {}) if self.manifest else {}
        for regions in coverage.values():
            found.update(regions)
        if not found and self.directory.is_dir():
            found.update(p.stem for p in self.directory.glob(f"{PROVIDER}/*/*.json"))
        found.discard(GLOBAL_REGION)
        return sorted(found)

    def source_ids(self) -> set[str]:
        return {s.get("id", "") for s in self.manifest.sources} if self.manifest else set()

    def source(self, sid: str) -> dict[str, Any] | None:
        return self.manifest.source(sid) if self.manifest else None

    def records(
        self, service: str, region: str, keep: Callable[[str], bool] | None = None
    ) -> tuple[list[PriceRecord], int]:
        """The records of a service/region file whose source passes ``keep``, and how many prices the
        file has. Streamed and not cached: an EC2 file holds ~100k prices, and the update must not
        hold two copies of them."""
        path = region_file(self.directory, PROVIDER, service, region)
        if not path.is_file():
            return [], 0
        out, count = [], 0
        try:
            with path.open("rb") as f:
                for key, entry in ijson.kvitems(f, "prices"):
                    count += 1
                    if keep is None or keep(entry["source"]):
                        out.append(record_of(PROVIDER, service, region, key, entry))
        except (OSError, ValueError, KeyError, TypeError, ijson.JSONError) as exc:
            raise _Failed(f"the price file {path} of {self.what} is unreadable ({exc})") from None
        except ArithmeticError:  # decimal.InvalidOperation
            raise _Failed(f"the price file {path} of {self.what} is unreadable (a price is not a number)") from None
        return out, count


# -- the swap, its recovery, the lock ---------------------------------------------------------------


def _swap(new: Path, target: Path, aside: Path) -> None:
    """Put ``new`` in place of ``target``: after a crash, either one is whole (see ``_recover``)."""
    if target.is_dir():
        os.rename(target, aside)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(aside, target)
            raise
        shutil.rmtree(aside, ignore_errors=True)
    else:
        os.rename(new, target)


def _recover(target: Path) -> None:
    """Finish what a crashed update left: put an old directory moved aside back, delete work dirs."""
    for leftover in sorted(target.parent.glob(f".{target.name}.update-*")):
        old = leftover / "old"
        if not target.exists() and old.is_dir():
            os.rename(old, target)
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _lock(target: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: no advisory lock; concurrent updates are the user's business
        yield
        return
    path = target.parent / f".{target.name}.lock"
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise CannotRun(
                f"pricing update failed: another update of {target} is running ({path}); "
                f"the previous cache is unchanged"
            ) from None
        try:
            yield
        finally:
            # Unlinked while still held, so that no lock file is left next to a snapshot directory;
            # a second update racing for the old inode fails its non-blocking lock, not worse.
            path.unlink(missing_ok=True)
            fcntl.flock(handle, fcntl.LOCK_UN)
