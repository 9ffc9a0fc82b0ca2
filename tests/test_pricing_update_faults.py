"""``costlint pricing update`` when the disk, the directory or the price list fails it: exit 3, one line,
the previous cache exactly as it was (tests/faults.py mounts real failing filesystems)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from costlint.errors import CannotRun
from costlint.pricing.update import UpdateOptions, run_update
from faults import fill, read_only_directory, small_filesystem, tree
from pricing_server import AwsPriceList, PriceListServer, aws_json, load_fixture, region_index_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def price_list() -> Any:
    with PriceListServer() as server:
        yield AwsPriceList(server)


def update(price_list: AwsPriceList, into: Path, *services: str, regions: tuple[str, ...] = ()) -> None:
    run_update(UpdateOptions(services=services, regions=regions, endpoint=price_list.url, into=into, backoff=0))


def refused(exc: pytest.ExceptionInfo[CannotRun], *fragments: str) -> str:
    message = str(exc.value)
    assert message.startswith("pricing update failed: ") and message.endswith("; the previous cache is unchanged")
    assert "\n" not in message and "Errno" not in message.split(":", 1)[1][:8]
    for fragment in fragments:
        assert fragment in message, message
    return message


def command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "costlint", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=120,
    )


def test_a_region_index_that_lists_no_region_is_refused(price_list: AwsPriceList, tmp_path: Path) -> None:
    price_list.publish_samples({"AWSLambda": "aws-offer-sample-lambda.json"})
    empty = dict(load_fixture("aws-region-index-sample.json"), regions={})
    price_list.server.put(region_index_path("AWSLambda"), aws_json(empty))
    with pytest.raises(CannotRun) as exc:
        update(price_list, tmp_path / "cache", "lambda")
    refused(exc, "region index lists no region")
    assert not (tmp_path / "cache").exists()


def test_an_update_of_regions_the_price_list_does_not_have_is_refused(price_list: AwsPriceList, tmp_path: Path) -> None:
    """Nothing to fetch is not "up to date (0 prices)": it is a region name the price list lacks."""
    price_list.publish_samples({"AWSLambda": "aws-offer-sample-lambda.json"})
    with pytest.raises(CannotRun) as exc:
        update(price_list, tmp_path / "cache", "lambda", regions=("xx-nowhere-1",))
    refused(exc, "none of the regions asked for (xx-nowhere-1)")
    assert not (tmp_path / "cache").exists()


def test_a_read_only_cache_directory(price_list: AwsPriceList, tmp_path: Path) -> None:
    price_list.publish_samples({"AWSLambda": "aws-offer-sample-lambda.json"})
    with read_only_directory(tmp_path, {"pricing/manifest.json": "{}\n"}) as root:
        before = tree(root)
        with pytest.raises(CannotRun) as exc:
            update(price_list, root / "pricing", "lambda")
        refused(exc, "Read-only file system" if os.geteuid() == 0 else "Permission denied")
        assert tree(root) == before
        done = command(
            "pricing",
            "update",
            "--service",
            "lambda",
            "--endpoint",
            price_list.url,
            env={"COSTLINT_CACHE_DIR": str(root)},
        )
        assert done.returncode == 3 and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "Traceback" not in done.stderr


def test_a_disk_that_fills_up_during_the_download(price_list: AwsPriceList, tmp_path: Path) -> None:
    price_list.publish_samples({"AmazonEC2": "aws-offer-sample.json"})  # ~100 KB: more than the disk has left
    with small_filesystem(tmp_path, "256k") as disk:
        update(price_list, disk / "pricing", "ec2")  # a first update fits
        before = tree(disk)
        fill(disk)
        price_list.publish(
            "AmazonEC2",
            "us-east-1",
            (Path(__file__).parent / "fixtures" / "aws-price-list" / "aws-offer-sample.json").read_bytes(),
            version="20261202000000",
            etag='"changed"',
        )
        with pytest.raises(CannotRun) as exc:
            update(price_list, disk / "pricing", "ec2")
        refused(exc, "No space left on device")
        (disk / ".filler").unlink()
        assert tree(disk) == before


def test_a_cache_directory_that_is_a_file(price_list: AwsPriceList, tmp_path: Path) -> None:
    price_list.publish_samples({"AWSLambda": "aws-offer-sample-lambda.json"})
    not_a_directory = tmp_path / "cache"
    not_a_directory.write_text("I am a file\n")
    done = command(
        "pricing",
        "update",
        "--service",
        "lambda",
        "--endpoint",
        price_list.url,
        env={"COSTLINT_CACHE_DIR": str(not_a_directory)},
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.strip() == (
        f"costlint: error: pricing update failed: {not_a_directory} is not a directory; the previous cache is unchanged"
    )
    assert not_a_directory.read_text() == "I am a file\n"
    lookup = command("pricing", "lookup", "aws", "ec2", "m5.large", env={"COSTLINT_CACHE_DIR": str(not_a_directory)})
    assert lookup.returncode == 0  # the bundled snapshot still answers, and the user is told why not the cache
    assert f"{not_a_directory}:1: warning: COSTLINT_CACHE_DIR is not a directory" in lookup.stderr


def test_a_network_error_is_named_whole(tmp_path: Path) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(CannotRun) as exc:
        run_update(
            UpdateOptions(
                services=("lambda",), endpoint=f"http://127.0.0.1:{port}", into=tmp_path / "c", retries=0, backoff=0
            )
        )
    message = refused(exc, "Connection refused")
    assert "HTTPConnection(" not in message and "object at 0x" not in message
