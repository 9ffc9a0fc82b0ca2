"""HTTP for the price update: timeouts, retries with backoff, conditional GETs, streamed downloads.

One ``requests`` session per update. A request is retried on connection errors, timeouts, a body
cut short and 5xx/429 answers, with exponential backoff (``backoff * 2**attempt``, capped at
``MAX_BACKOFF``, and at least the server's ``Retry-After`` when that is below the cap); other 4xx
answers fail at once. Downloads
stream to a file while counting and hashing the bytes, so a 450 MB offer file never sits in memory,
and a body shorter than its ``Content-Length`` is an error, not a truncated file.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

CHUNK = 1 << 20
USER_AGENT = "costlint-pricing-update"
MAX_BACKOFF = 30.0


class DownloadError(Exception):
    """A file could not be fetched (after retries); the message names what went wrong."""

    def __init__(self, message: str, url: str) -> None:
        super().__init__(message)
        self.url = url


@dataclass(frozen=True)
class Validators:
    """What a previous download answered, sent back to ask "has it changed?"."""

    etag: str = ""
    last_modified: str = ""


@dataclass(frozen=True)
class Download:
    url: str
    not_modified: bool
    """304: the file is unchanged since ``Validators``; nothing was written."""
    etag: str = ""
    last_modified: str = ""
    size: int = 0
    checksum: str = ""
    """``sha256:<hex>`` of the bytes written."""


Progress = Callable[[int, int | None], None]
"""Called with (bytes just received, total size or None) while a file downloads."""


class HttpClient:
    def __init__(
        self, timeout: float = 60.0, retries: int = 4, backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.attempts = 0
        """Requests sent, retries included (reported by the update)."""

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_json(self, url: str) -> Any:
        """A small JSON document (an index file)."""

        def fetch() -> Any:
            with self._get(url, {}) as response:
                content = response.content
            try:
                return json.loads(content)
            except ValueError as exc:
                raise DownloadError(f"invalid JSON ({exc})", url) from None

        return self._with_retries(url, fetch)

    def download(
        self, url: str, dest: Path, validators: Validators | None = None, progress: Progress | None = None
    ) -> Download:
        """Stream ``url`` to ``dest``, or return ``not_modified`` when the validators still hold."""
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified

        def fetch() -> Download:
            with self._get(url, headers) as response:
                if response.status_code == 304:
                    return Download(
                        url, True, validators.etag if validators else "", validators.last_modified if validators else ""
                    )
                length = response.headers.get("Content-Length")
                total = int(length) if length and length.isdigit() else None
                digest = hashlib.sha256()
                size = 0
                # Content-Length and progress count bytes on the wire (compressed, when the server
                # sends gzip); the file and its checksum are the decoded bytes.
                wire = 0
                with dest.open("wb") as out:
                    for chunk in response.iter_content(CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
                        now = response.raw.tell()
                        if progress:
                            progress(now - wire, total)
                        wire = now
                if total is not None and wire != total:
                    raise _Retryable(f"connection dropped after {wire} of {total} bytes")
                return Download(
                    url,
                    False,
                    response.headers.get("ETag", ""),
                    response.headers.get("Last-Modified", ""),
                    size,
                    "sha256:" + digest.hexdigest(),
                )

        return self._with_retries(url, fetch)

    # ----------------------------------------------------------------------------------------------

    def _get(self, url: str, headers: dict[str, str]) -> requests.Response:
        self.attempts += 1
        try:
            response = self.session.get(url, headers=headers, stream=True, timeout=self.timeout)
        except requests.Timeout:
            raise _Retryable(f"timed out after {self.timeout:g}s") from None
        except requests.ConnectionError as exc:
            raise _Retryable(f"connection failed ({_reason(exc)})") from None
        if response.status_code >= 500 or response.status_code == 429:
            retry_after = response.headers.get("Retry-After", "")
            response.close()
            raise _Retryable(f"HTTP {response.status_code}", _seconds(retry_after))
        if response.status_code not in (200, 304):
            response.close()
            raise DownloadError(f"HTTP {response.status_code}", url)
        return response

    def _with_retries(self, url: str, fetch: Callable[[], Any]) -> Any:
        attempt = 0
        while True:
            try:
                return fetch()
            except _Retryable as exc:
                if attempt >= self.retries:
                    tries = f" after {attempt + 1} attempts" if attempt else ""
                    raise DownloadError(f"{exc}{tries}", url) from None
                delay = min(self.backoff * 2**attempt, MAX_BACKOFF)
                if exc.retry_after is not None and exc.retry_after < MAX_BACKOFF:
                    delay = max(delay, exc.retry_after)
                attempt += 1
                self._sleep(delay)
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                requests.ConnectionError,
                requests.Timeout,
            ) as exc:
                # Raised while reading the body: the connection dropped or stalled mid-file.
                if attempt >= self.retries:
                    raise DownloadError(
                        f"connection dropped while reading ({_reason(exc)})"
                        f"{f' after {attempt + 1} attempts' if attempt else ''}",
                        url,
                    ) from None
                self._sleep(min(self.backoff * 2**attempt, MAX_BACKOFF))
                attempt += 1


class _Retryable(Exception):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _seconds(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _reason(exc: BaseException) -> str:
    # requests nests urllib3's reasons; the innermost one is the readable one.
    while exc.args and isinstance(exc.args[0], BaseException):
        exc = exc.args[0]
    text = (str(exc) or type(exc).__name__).splitlines()[0]
    # "HTTPSConnection(host='pricing.us-east-1.amazonaws.com', port=443): Failed to establish a new
    # connection: [Errno -3] Temporary failure in name resolution": the end is what the user needs.
    errno = text.find("[Errno")
    if errno > 0:
        text = text[errno:]
    if len(text) > 200:
        text = text[:200].rsplit(" ", 1)[0] + " …"
    return text
