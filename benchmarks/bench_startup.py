"""Start-up cost of the command line: ``costlint --help``, a breakdown and a review of the bundled example.

Each measure is the median wall time of ``--repeat`` fresh processes. ``--compare SRC`` runs the same
commands against another checkout's ``src`` directory (put first on ``PYTHONPATH``), alternating the two
so that both see the same machine load; use it to show that a change did not slow start-up:

    git worktree add /tmp/before <commit>
    python benchmarks/bench_startup.py --compare /tmp/before/src

Also printed: the number of ``costlint`` modules each command imports (``-X importtime``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "--help": ["--help"],
    "breakdown example (terraform)": ["breakdown", str(ROOT / "examples" / "web-stack" / "terraform")],
    "breakdown example (both)": ["breakdown", str(ROOT / "examples")],
    "review example (terraform)": ["review", str(ROOT / "examples" / "web-stack" / "terraform")],
}


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}


def _time(src: Path, args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "costlint", *args], env=_env(src), capture_output=True, check=False)
    return time.perf_counter() - start


def _modules(src: Path, args: list[str]) -> int:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "costlint", *args], env=_env(src), capture_output=True, text=True
    )
    names = (line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:"))
    return sum(1 for name in names if name == "costlint" or name.startswith("costlint."))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--compare", type=Path, help="another checkout's src directory")
    args = parser.parse_args()
    sources = {"this checkout": ROOT / "src"}
    if args.compare:
        sources["compared"] = args.compare
    for label, command in COMMANDS.items():
        times: dict[str, list[float]] = {name: [] for name in sources}
        for _ in range(args.repeat):
            for name, src in sources.items():
                times[name].append(_time(src, command))
        cells = [
            f"{name}: {statistics.median(values) * 1000:.0f} ms ({_modules(sources[name], command)} costlint modules)"
            for name, values in times.items()
        ]
        print(f"{label:32} " + "; ".join(cells))


if __name__ == "__main__":
    main()
