"""Benchmark ``costlint pricing update`` on a generated EC2 offer file of several hundred MB.

    python benchmarks/bench_pricing_update.py [--runs 100:300,450:300,900:300,450:1000] [--json FILE] [--keep]

Each run ``SIZE:TYPES`` writes an EC2-shaped offer file of SIZE MB with TYPES instance types
(``tests/pricing_server.write_ec2_offer``: per type the 54 OS/licence/tenancy/capacity-status rows,
8 of them priced by costlint, plus as many pre-installed-software decoys as the size needs; On-Demand
terms for all, the 12 Reserved terms for the Used Shared/Dedicated rows and the decoys) to a temporary
directory, serves it from the local fake Price List server (a thread of this process), and runs
``costlint pricing update --service ec2`` in a child process against it. Reports the child's wall
time and peak RSS (its own ``VmHWM``, see ``CHILD``), throughput (file MB / wall second), the prices
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


# The child reports its own peak RSS: VmHWM of /proc/self/status, the high-water mark of the address
# space it exec'd into. ru_maxrss (getrusage, os.wait4) is no good here: Linux carries the forking
# parent's RSS into it at exec, and the parent holds the server and the generator.
CHILD = """
import atexit, os, resource, sys

def report():
    peak = None
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
    except OSError:
        usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = usage / (1024 * 1024) if sys.platform == "darwin" else usage / 1024
    with open(os.environ["COSTLINT_BENCH_PEAK"], "w") as out:
        out.write(str(peak))

atexit.register(report)
from costlint.cli import main
main()
"""


def run_child(args: list[str], env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """Run ``costlint <args>`` in a child; its wall time, peak RSS (MiB) and output."""
    peak_file = workdir / "peak.txt"
    env = {**env, "COSTLINT_BENCH_PEAK": str(peak_file)}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"costlint {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return {"wall_s": wall, "peak_rss_mib": float(peak_file.read_text()), "stdout": done.stdout}


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
        first = run_child(args, env, workdir)
        second = run_child(args, env, workdir)
    written = sum(len(json.loads(p.read_text())["prices"]) for p in (cache / "pricing" / "aws").glob("*/*.json"))
    offer.unlink()
    return {
        "size_mb": size / MB,
        "instance_types": types,
        "generate_s": generated,
        "wall_s": first["wall_s"],
        "peak_rss_mib": first["peak_rss_mib"],
        "mb_per_s": size / MB / first["wall_s"],
        "prices_in_cache": written,
        "unchanged_wall_s": second["wall_s"],
        "unchanged_peak_rss_mib": second["peak_rss_mib"],
        "unchanged_is_304": "unchanged" in second["stdout"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", default="100:300,450:300,900:300,450:1000", help="SIZE_MB:INSTANCE_TYPES pairs, comma-separated"
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (caches)")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="costlint-bench-update-"))
    try:
        baseline = run_child(["pricing", "update", "--help"], dict(os.environ), workdir)
        runs = [tuple(int(n) for n in run.split(":")) for run in options.runs.split(",")]
        results = [bench(size, types, workdir) for size, types in runs]
    finally:
        if not options.keep:
            import shutil

            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"baseline child (costlint pricing update --help): peak RSS {baseline['peak_rss_mib']:.0f} MiB, "
        f"{baseline['wall_s']:.2f} s"
    )
    print(
        f"{'file MB':>8} {'types':>6} {'wall s':>7} {'MB/s':>6} {'peak RSS MiB':>13} {'prices':>8} "
        f"{'304 run s':>9} {'304 RSS':>8}"
    )
    for r in results:
        print(
            f"{r['size_mb']:8.0f} {r['instance_types']:6d} {r['wall_s']:7.1f} {r['mb_per_s']:6.1f} "
            f"{r['peak_rss_mib']:13.0f} {r['prices_in_cache']:8d} {r['unchanged_wall_s']:9.2f} "
            f"{r['unchanged_peak_rss_mib']:8.0f}"
        )
    if options.json:
        options.json.write_text(
            json.dumps({"baseline": {k: v for k, v in baseline.items() if k != "stdout"}, "runs": results}, indent=1)
            + "\n"
        )


if __name__ == "__main__":
    main()
