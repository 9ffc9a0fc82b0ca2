"""The update's HTTP client (``costlint.pricing.http``) against the real local server: retries with
backoff, timeouts, dropped connections, conditional GETs, streamed downloads."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path
from typing import Any

import pytest

from costlint.pricing.http import DownloadError, HttpClient, Validators
from pricing_server import Fault, PriceListServer

BODY = b'{"formatVersion" : "v1.0", "offers" : {}}' + b" " * 300_000 + b"\n"


@pytest.fixture
def server() -> Any:
    with PriceListServer() as running:
        running.put("/file.json", BODY)
        yield running


def client(sleeps: list[float], **kwargs: Any) -> HttpClient:
    options = {"timeout": 5.0, "retries": 3, "backoff": 0.5, **kwargs}
    return HttpClient(sleep=sleeps.append, **options)


def test_download_streams_counts_and_hashes(server: PriceListServer, tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    with client([]) as http:
        got = http.download(server.url + "/file.json", tmp_path / "f", progress=lambda n, t: seen.append((n, t)))
    assert (tmp_path / "f").read_bytes() == BODY
    assert got.size == len(BODY) and got.checksum == "sha256:" + hashlib.sha256(BODY).hexdigest()
    assert got.etag == server.files["/file.json"].etag and got.last_modified
    assert sum(n for n, _ in seen) == len(BODY) and {t for _, t in seen} == {len(BODY)}


def test_conditional_download_answers_not_modified(server: PriceListServer, tmp_path: Path) -> None:
    with client([]) as http:
        first = http.download(server.url + "/file.json", tmp_path / "a")
        again = http.download(server.url + "/file.json", tmp_path / "b", Validators(first.etag, first.last_modified))
    assert again.not_modified and not (tmp_path / "b").exists()
    assert server.requests_for("/file.json")[-1].status == 304


def test_server_errors_are_retried_with_exponential_backoff(server: PriceListServer, tmp_path: Path) -> None:
    server.fail("/file.json", Fault(status=500), Fault(status=503), Fault(status=429))
    sleeps: list[float] = []
    with client(sleeps) as http:
        assert http.download(server.url + "/file.json", tmp_path / "f").size == len(BODY)
        assert http.attempts == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured(server: PriceListServer, tmp_path: Path) -> None:
    server.fail("/file.json", Fault(status=503, retry_after="7"))
    sleeps: list[float] = []
    with client(sleeps) as http:
        http.download(server.url + "/file.json", tmp_path / "f")
    assert sleeps == [7.0]


def test_retries_run_out(server: PriceListServer, tmp_path: Path) -> None:
    server.fail("/file.json", *[Fault(status=503)] * 3)
    sleeps: list[float] = []
    with client(sleeps, retries=2) as http, pytest.raises(DownloadError) as caught:
        http.download(server.url + "/file.json", tmp_path / "f")
    assert str(caught.value) == "HTTP 503 after 3 attempts"
    assert caught.value.url == server.url + "/file.json"
    assert len(sleeps) == 2


def test_client_errors_are_not_retried(server: PriceListServer, tmp_path: Path) -> None:
    sleeps: list[float] = []
    with client(sleeps) as http, pytest.raises(DownloadError, match="HTTP 404"):
        http.download(server.url + "/missing.json", tmp_path / "f")
    assert sleeps == [] and len(server.requests_for("/missing.json")) == 1


def test_a_dropped_connection_is_retried_then_reported(server: PriceListServer, tmp_path: Path) -> None:
    server.fail("/file.json", Fault(drop_after=100_000))
    with client([]) as http:
        assert http.download(server.url + "/file.json", tmp_path / "f").size == len(BODY)
    assert (tmp_path / "f").read_bytes() == BODY  # the partial first attempt was overwritten

    server.fail("/file.json", *[Fault(drop_after=100_000)] * 2)
    with client([], retries=1) as http, pytest.raises(DownloadError, match="connection dropped") as caught:
        http.download(server.url + "/file.json", tmp_path / "g")
    assert "after 2 attempts" in str(caught.value)


def test_a_stalled_server_times_out(server: PriceListServer, tmp_path: Path) -> None:
    server.fail("/file.json", Fault(stall=1.0))
    sleeps: list[float] = []
    with client(sleeps, timeout=0.3) as http:
        assert http.download(server.url + "/file.json", tmp_path / "f").size == len(BODY)
    assert len(sleeps) == 1
    server.fail("/file.json", Fault(stall=1.0), Fault(stall=1.0))
    with client([], timeout=0.3, retries=1) as http, pytest.raises(DownloadError, match="timed out"):
        http.download(server.url + "/file.json", tmp_path / "g")


def test_nobody_listening(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with client([], retries=1) as http, pytest.raises(DownloadError, match="connection failed"):
        http.get_json(f"http://127.0.0.1:{port}/offers/v1.0/aws/index.json")


def test_get_json(server: PriceListServer) -> None:
    server.put("/bad.json", b"<html>")
    with client([]) as http:
        assert http.get_json(server.url + "/file.json") == {"formatVersion": "v1.0", "offers": {}}
        with pytest.raises(DownloadError, match="invalid JSON"):
            http.get_json(server.url + "/bad.json")


def test_a_gzip_encoded_answer_is_decoded_and_checked_on_the_wire(server: PriceListServer, tmp_path: Path) -> None:
    server.put("/zipped.json", BODY, gzip=True)
    seen: list[tuple[int, int | None]] = []
    with client([]) as http:
        got = http.download(server.url + "/zipped.json", tmp_path / "f", progress=lambda n, t: seen.append((n, t)))
    assert (tmp_path / "f").read_bytes() == BODY
    assert got.checksum == "sha256:" + hashlib.sha256(BODY).hexdigest() and got.size == len(BODY)
    wire = {t for _, t in seen}.pop()
    assert wire is not None and wire < len(BODY) and sum(n for n, _ in seen) == wire

    server.put("/zipped.json", BODY, gzip=True)
    server.fail("/zipped.json", *[Fault(drop_after=200)] * 2)
    with client([], retries=1) as http, pytest.raises(DownloadError, match="connection dropped"):
        http.download(server.url + "/zipped.json", tmp_path / "g")
