"""Speed of the price catalog: loading one service/region file, one lookup, a cold CLI lookup.

Measures, on the bundled snapshot (``pricing_cache/``):

* load: a fresh ``Catalog`` reading ``aws/ec2/us-east-1.json`` (the biggest file: Karpenter's
  on-demand table plus coroot's spot prices) on its first lookup, best of N;
* lookup: one ``Catalog.lookup`` on a loaded file, first (builds the ``Price``) and repeated
  (memoised), and a mix of 1,000 different instance types;
* cold CLI: ``costlint pricing lookup aws ec2 m5.large`` in a new Python process (interpreter start,
  imports, file load, output), median wall time, against ``python -c pass`` for scale;
* build (optional, ``--build``): ``costlint pricing build`` into a temporary directory.

Usage: ``python benchmarks/bench_pricing_lookup.py [--repeat 7] [--build]``. Prints figures only;
no test asserts timings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def bench_load(repeat: int) -> tuple[float, int, int]:
    from costlint.pricing import locations
    from costlint.pricing.catalog import Catalog
    from costlint.pricing.records import region_file

    bundled = locations.bundled_cache_dir()
    path = region_file(bundled, "aws", "ec2", "us-east-1")

    def load() -> None:
        catalog = Catalog([("bundled", bundled)])
        assert catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large") is not None

    catalog = Catalog([("bundled", bundled)])
    catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")
    entries = len(catalog.products("aws", "ec2", "us-east-1"))
    return _best(load, repeat), path.stat().st_size, entries


def bench_lookup() -> tuple[float, float, float, int]:
    from costlint.pricing import locations
    from costlint.pricing.catalog import Catalog

    catalog = Catalog([("bundled", locations.bundled_cache_dir())])
    catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="t3.micro")  # load the file
    start = time.perf_counter()
    catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")
    first = time.perf_counter() - start
    n = 100_000
    start = time.perf_counter()
    for _ in range(n):
        catalog.lookup("aws", "ec2", "us-east-1", "instance", instance_type="m5.large")
    repeated = (time.perf_counter() - start) / n
    types = sorted({k.split("|")[1].split("=")[1] for k in catalog.products("aws", "ec2", "us-east-1")})[:1000]
    fresh = Catalog([("bundled", locations.bundled_cache_dir())])
    fresh.lookup("aws", "ec2", "us-east-1", "instance", instance_type="t3.micro")
    start = time.perf_counter()
    for instance_type in types:
        fresh.lookup("aws", "ec2", "us-east-1", "instance", instance_type=instance_type)
    mixed = (time.perf_counter() - start) / len(types)
    return first, repeated, mixed, len(types)


def _wall(command: list[str], repeat: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_cli(repeat: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COSTLINT_CACHE_DIR": cache}  # no refreshed cache: the snapshot is read
        lookup = [sys.executable, "-m", "costlint", "pricing", "lookup", "aws", "ec2", "m5.large"]
        return _wall(lookup, repeat, env), _wall([sys.executable, "-c", "pass"], repeat, env)


def bench_build() -> float | None:
    from costlint.pricing import build as builder

    sources = builder.default_sources_dir()
    if sources is None:
        return None
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        builder.build(sources, Path(out))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--build", action="store_true", help="also time `costlint pricing build`")
    args = parser.parse_args()

    load, size, entries = bench_load(args.repeat)
    print(
        f"load aws/ec2/us-east-1.json ({size / 1024:.0f} KiB, {entries:,} prices), best of {args.repeat}: "
        f"{load * 1000:.1f} ms"
    )
    first, repeated, mixed, n = bench_lookup()
    print(f"lookup, first of a key (builds the Price): {first * 1e6:.1f} us")
    print(f"lookup, repeated (memoised):               {repeated * 1e6:.2f} us")
    print(f"lookup, {n:,} different instance types:     {mixed * 1e6:.1f} us each")
    cli, python = bench_cold_cli(args.repeat)
    print(
        f"cold `costlint pricing lookup aws ec2 m5.large`, median of {args.repeat}: {cli * 1000:.0f} ms "
        f"(bare `python -c pass`: {python * 1000:.0f} ms)"
    )
    if args.build:
        built = bench_build()
        print("build: sources not found" if built is None else f"costlint pricing build: {built:.2f} s")


if __name__ == "__main__":
    main()
