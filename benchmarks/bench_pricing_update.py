"""Benchmark ``costlint pricing update`` on a generated EC2 offer file of several hundred MB.

    python benchmarks/bench_pricing_update.py [--runs 100:300,450:300,900:300,450:1000] [--json FILE] [--keep]

Each run ``SIZE:TYPES`` writes an EC2-shaped offer file of SIZE MB with TYPES instance types
(``tests/pricing_server.write_ec2_offer``: per type the 54 OS/licence/tenancy/capacity-status rows,
8 of them priced by costlint, plus as many pre-installed-software decoys as the size needs; On-Demand
terms for all, the 12 Reserved terms for the Used Shared/Dedicated rows and the decoys) to a temporary
directory, serves it from the local fake Price List server (a thread of this process), and runs
``costlint pricing update --service ec2`` in a child process against it. Reports the child's wall
time and peak RSS (``ru_maxrss`` from ``os.wait4``), throughput (file MB / wall second), the prices
written, then a second, unchanged run (a 304). A baseline child (``--help``) gives the RSS of the
interpreter and imports alone. Generated files are deleted unless ``--keep``.

At a fixed number of types the output does not grow with the file, so the first runs show whether
memory depends on the input size (it must not); 450:1000 is shaped like the real us-east-1 file
(~450 MB, ~1,000 instance types, ~100k prices kept with the Reserved terms).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pricing_server import AwsPriceList, PriceListServer, write_ec2_offer  # noqa: E402

MB = 1_000_000


def run_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run ``costlint <args>`` in a child; its wall time, peak RSS (MiB) and output."""
    command = [sys.executable, "-c", "from costlint.cli import main; main()", *args]
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Read the pipes before waiting: the child would block on a full pipe otherwise.
    stdout, stderr = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss: KiB on Linux, bytes on macOS.
    rss = usage.ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else usage.ru_maxrss / 1024
    if child.returncode != 0:
        raise SystemExit(f"costlint {' '.join(args)} failed ({child.returncode}):\n{stderr}")
    return {"wall_s": wall, "peak_rss_mib": rss, "stdout": stdout}


def bench(size_mb: int, types: int, workdir: Path) -> dict[str, Any]:
    offer = workdir / f"ec2-{size_mb}mb-{types}.json"
    start = time.perf_counter()
    types = write_ec2_offer(offer, size_mb * MB, types=types)
    generated = time.perf_counter() - start
    size = offer.stat().st_size
    cache = workdir / f"cache-{size_mb}-{types}"
    env = {**os.environ, "COSTLINT_CACHE_DIR": str(cache)}
    with PriceListServer() as server:
        site = AwsPriceList(server)
        site.publish("AmazonEC2", "us-east-1", offer)
        args = ["pricing", "update", "--service", "ec2", "--endpoint", server.url]
        first = run_child(args, env)
        second = run_child(args, env)
    written = sum(len(json.loads(p.read_text())["prices"]) for p in (cache / "pricing" / "aws").glob("*/*.json"))
    offer.unlink()
    return {
        "size_mb": size / MB, "instance_types": types, "generate_s": generated,
        "wall_s": first["wall_s"], "peak_rss_mib": first["peak_rss_mib"], "mb_per_s": size / MB / first["wall_s"],
        "prices_in_cache": written, "unchanged_wall_s": second["wall_s"],
        "unchanged_peak_rss_mib": second["peak_rss_mib"],
        "unchanged_is_304": "unchanged" in second["stdout"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="100:300,450:300,900:300,450:1000",
                        help="SIZE_MB:INSTANCE_TYPES pairs, comma-separated")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (caches)")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="costlint-bench-update-"))
    try:
        baseline = run_child(["pricing", "update", "--help"], dict(os.environ))
        runs = [tuple(int(n) for n in run.split(":")) for run in options.runs.split(",")]
        results = [bench(size, types, workdir) for size, types in runs]
    finally:
        if not options.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    print(f"baseline child (costlint pricing update --help): peak RSS {baseline['peak_rss_mib']:.0f} MiB, "
          f"{baseline['wall_s']:.2f} s")
    print(f"{'file MB':>8} {'types':>6} {'wall s':>7} {'MB/s':>6} {'peak RSS MiB':>13} {'prices':>8} "
          f"{'304 run s':>9} {'304 RSS':>8}")
    for r in results:
        print(f"{r['size_mb']:8.0f} {r['instance_types']:6d} {r['wall_s']:7.1f} {r['mb_per_s']:6.1f} "
              f"{r['peak_rss_mib']:13.0f} {r['prices_in_cache']:8d} {r['unchanged_wall_s']:9.2f} "
              f"{r['unchanged_peak_rss_mib']:8.0f}")
    if options.json:
        options.json.write_text(json.dumps({"baseline": {k: v for k, v in baseline.items() if k != "stdout"},
                                            "runs": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
