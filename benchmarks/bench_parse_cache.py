"""The parse cache (issue 11): costlint against the floor, cold and warm, and how run time grows.

**Against the floor**, for each set of real repositories (``--corpus``, default ``/work/corpus``): the ten
terraform-aws-modules repositories (vpc eks rds rds-aurora ec2-instance autoscaling alb lambda s3-bucket
ecs) together, alphagov/govuk-aws and ministryofjustice/modernisation-platform-environments. Each
measure is a fresh process, with its wall time and peak memory (``ru_maxrss``, ``os.wait4``) taken by a
small helper process that forks it (see ``MEASURE``):

* **floor**: ``import hcl2`` and python-hcl2's bare parse (``hcl2.load``) of exactly the files costlint
  reads for the set (found once beforehand by reading it under an audit hook), nothing evaluated;
* **cold**: ``costlint breakdown --format json`` with an empty parse cache (the compiled grammar cached,
  as python-hcl2's own is for the floor);
* **warm**: the same again, the parse cache filled by the cold run;
* **no cache**: the same with ``--no-cache`` (each file still parsed once per run);
* **before** (``--before SRC``, the ``src`` directory of another checkout, e.g. ``git archive`` of main):
  that code, for comparison.

The runs are interleaved round by round (floor, cold, warm, no cache, before, in a shuffled order), so
that the load of other processes on a shared machine falls on all alike; medians over ``--rounds``, and
the load average before and after. Every costlint output is checked byte for byte against the first
no-cache run (stdout and stderr), the "before" code's included.

**Growth** (median of ``--growth-rounds``): 1, 2, 4 and 8 of the ten repositories; one generated module
called from 1, 10 and 100 root modules; one generated file of 1,000, 10,000 and 50,000 resources. Cold,
warm and without cache, with the time per file or per thousand resources.

Usage: ``python benchmarks/bench_parse_cache.py [--rounds 5] [--growth-rounds 3] [--before DIR]
[--corpus /work/corpus] [--only floor|growth]``. Child processes run with ``PYTHONDONTWRITEBYTECODE``
unset (an installed costlint has its bytecode compiled).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TEN = ("vpc", "eks", "rds", "rds-aurora", "ec2-instance", "autoscaling", "alb", "lambda", "s3-bucket", "ecs")
FLOOR = """
import json, sys
import hcl2
for name in open(sys.argv[1]).read().split("\\n"):
    if not name:
        continue
    with open(name) as handle:
        try:
            json.load(handle) if name.endswith(".json") else hcl2.load(handle)
        except Exception:
            pass
"""
FILES_READ = """
import json, sys
from costlint.cli.diff_sides import recording
from costlint.readers import ReadOptions, read_paths
with recording() as inputs:
    read_paths(sys.argv[1:], ReadOptions(cache=False))
print(json.dumps(sorted(f for f in inputs.files if f.endswith((".tf", ".tf.json", ".tofu", ".tofu.json")))))
"""


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: bytes = b""
    stderr: bytes = b""
    code: int = 0


@dataclass
class Series:
    runs: list[Run] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    def peak(self) -> float:
        return max(r.peak_mb for r in self.runs)


def environ(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "COSTLINT_NO_CACHE")}
    env["COSTLINT_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


# Linux keeps a process's peak memory across exec, and a child starts from its parent's: a child of this
# process (which holds every output so far) would report at least this process's size. So each measure
# runs under a small helper that forks the command from itself and times it.
MEASURE = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execve(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    out.write(f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run(command: list[str], env: dict[str, str]) -> Run:
    """``command`` in a fresh process: wall time, peak memory, output."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as report:
        subprocess.run([sys.executable, "-c", MEASURE, report.name, *command], stdout=out, stderr=err, env=env)
        seconds, peak, code = Path(report.name).read_text().split()
        out.seek(0)
        err.seek(0)
        return Run(float(seconds), int(peak) / 1024, out.read(), err.read(), int(code))


def costlint(args: list[str], env: dict[str, str], before: Path | None = None) -> Run:
    if before is not None:
        env = {**env, "PYTHONPATH": str(before)}
    return run([sys.executable, "-m", "costlint", *args], env)


def files_read(paths: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", FILES_READ, *paths], env=env, capture_output=True, text=True, check=True
    )
    return list(json.loads(done.stdout))


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


# Against the floor --------------------------------------------------------------------------------------


def against_the_floor(sets: dict[str, list[str]], rounds: int, before: Path | None, tmp: Path) -> None:
    print(f"== against the floor: {rounds} interleaved rounds, medians (load average before: {load()})")
    results: dict[str, dict[str, Series]] = {}
    lists: dict[str, Path] = {}
    sizes: dict[str, tuple[int, int]] = {}
    references: dict[str, Run] = {}
    cache = tmp / "cache"
    for name, paths in sets.items():
        found = files_read(paths, environ(cache))
        listing = tmp / f"{name}.files"
        listing.write_text("\n".join(found) + "\n")
        lists[name] = listing
        sizes[name] = (len(found), sum(Path(f).stat().st_size for f in found))
        results[name] = {kind: Series() for kind in ("floor", "cold", "warm", "no cache", "before")}
        references[name] = costlint(["breakdown", "--format", "json", "--no-cache", *paths], environ(cache))
    for _ in range(rounds):
        for name in random.sample(list(sets), len(sets)):
            paths = sets[name]
            kinds = ["floor", "cold+warm", "no cache"] + (["before"] if before is not None else [])
            for kind in random.sample(kinds, len(kinds)):
                args = ["breakdown", "--format", "json", *paths]
                if kind == "floor":
                    results[name]["floor"].runs.append(
                        run([sys.executable, "-c", FLOOR, str(lists[name])], environ(cache))
                    )
                    continue
                if kind == "cold+warm":
                    shutil.rmtree(cache / "parse", ignore_errors=True)
                    measured = [("cold", costlint(args, environ(cache))), ("warm", costlint(args, environ(cache)))]
                elif kind == "no cache":
                    measured = [("no cache", costlint([*args, "--no-cache"], environ(cache)))]
                else:
                    measured = [("before", costlint(args, environ(tmp / "before-cache"), before))]
                for label, result in measured:
                    reference = references[name]
                    same = (result.stdout, result.stderr, result.code) == (
                        reference.stdout,
                        reference.stderr,
                        reference.code,
                    )
                    if not same:
                        raise SystemExit(f"{name}, {label}: the output differs from the run without cache")
                    results[name][label].runs.append(result)
    print(f"(load average after: {load()}; every output the same bytes as without cache)")
    print()
    print("| Set | Files read (MB) | Floor | Cold | Warm | No cache | Before |")
    print("|---|---|---|---|---|---|---|")
    for name, series in results.items():
        floor = series["floor"].median()
        cells = [f"{floor:.2f} s, {series['floor'].peak():.0f} MB"]
        for kind in ("cold", "warm", "no cache", "before"):
            if not series[kind].runs:
                cells.append("")
                continue
            seconds = series[kind].median()
            cells.append(f"{seconds:.2f} s (**{seconds / floor:.2f}x**), {series[kind].peak():.0f} MB")
        count, size = sizes[name]
        print(f"| {name} | {count} ({size / 1e6:.1f}) | " + " | ".join(cells) + " |")
    print()


# Growth ------------------------------------------------------------------------------------------------


def growth_row(label: str, paths: list[str], rounds: int, cache: Path, unit: tuple[str, float]) -> None:
    cold, warm, bare = Series(), Series(), Series()
    args = ["resources", "--format", "json", *paths]
    for _ in range(rounds):
        shutil.rmtree(cache / "parse", ignore_errors=True)
        cold.runs.append(costlint(args, environ(cache)))
        warm.runs.append(costlint(args, environ(cache)))
        bare.runs.append(costlint([*args, "--no-cache"], environ(cache)))
    name, count = unit
    cells = []
    for series in (cold, warm, bare):
        seconds = series.median()
        cells.append(f"{seconds:.2f} s ({seconds / count * 1000:.1f} ms/{name}), {series.peak():.0f} MB")
    print(f"| {label} | " + " | ".join(cells) + " |")


def growth(corpus: Path, rounds: int, tmp: Path) -> None:
    cache = tmp / "growth-cache"
    costlint(["resources", str(corpus / "terraform-aws-vpc" / "examples" / "simple")], environ(cache))  # grammar
    print(f"== growth: medians of {rounds} (load average before: {load()})")
    print()
    print("| Input | Cold | Warm | No cache |")
    print("|---|---|---|---|")
    order = ["eks", "vpc", "rds", "lambda", "s3-bucket", "ecs", "alb", "rds-aurora"]
    for count in (1, 2, 4, 8):
        paths = [str(corpus / f"terraform-aws-{r}") for r in order[:count]]
        files = len(files_read(paths, environ(cache)))
        growth_row(f"{count} repositories ({files} files read)", paths, rounds, cache, ("file", files))
    module = tmp / "roots"
    (module / "modules" / "app").mkdir(parents=True)
    (module / "modules" / "app" / "main.tf").write_text(MODULE)
    for count in (1, 10, 100):
        roots = []
        for i in range(count):
            root = module / f"r{count}" / f"root{i:03d}"
            root.mkdir(parents=True)
            (root / "main.tf").write_text(ROOT_CALL % {"i": i})
            roots.append(str(root))
        growth_row(f"one module called from {count} roots", [str(module / f"r{count}")], rounds, cache, ("root", count))
    for count in (1_000, 10_000, 50_000):
        folder = tmp / f"big{count}"
        folder.mkdir()
        lines = ['provider "aws" {\n  region = "us-east-1"\n}\n']
        lines += [f'resource "aws_instance" "r{i}" {{\n  instance_type = "t3.micro"\n}}\n' for i in range(count)]
        (folder / "main.tf").write_text("".join(lines))
        size = (folder / "main.tf").stat().st_size
        growth_row(
            f"one file of {count:,} resources ({size / 1e6:.1f} MB)",
            [str(folder)],
            rounds,
            cache,
            ("1k res.", count / 1000),
        )
    print(f"(load average after: {load()})")


MODULE = """
variable "name" {
  type = string
}
variable "size" {
  type    = string
  default = "t3.micro"
}
locals {
  tags = { Name = var.name, Team = "platform" }
}
resource "aws_instance" "app" {
  count         = 2
  instance_type = var.size
  tags          = merge(local.tags, { Index = count.index })
}
resource "aws_ebs_volume" "data" {
  availability_zone = "us-east-1a"
  size              = 50
  tags              = local.tags
}
output "ids" {
  value = aws_instance.app[*].id
}
"""
ROOT_CALL = """
provider "aws" {
  region = "us-east-1"
}
module "app" {
  source = "../../modules/app"
  name   = "root%(i)03d"
}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--growth-rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus"))
    parser.add_argument("--before", type=Path, help="the src directory of another checkout, run for comparison")
    parser.add_argument("--only", choices=("floor", "growth"))
    args = parser.parse_args()
    sets = {
        "terraform-aws-modules (10 repositories)": [str(args.corpus / f"terraform-aws-{r}") for r in TEN],
        "govuk-aws": [str(args.corpus / "govuk-aws")],
        "modernisation-platform-environments": [str(args.corpus / "modernisation-platform-environments")],
    }
    with tempfile.TemporaryDirectory(prefix="costlint-bench-") as tmp:
        work = Path(tmp)
        # The grammar cache, and the bytecode of costlint and of the "before" code, are built once first.
        warm_up = [str(args.corpus / "govuk-aws")]
        costlint(["breakdown", *warm_up], environ(work / "cache"))
        if args.before is not None:
            costlint(["breakdown", *warm_up], environ(work / "before-cache"), args.before)
        if args.only in (None, "floor"):
            against_the_floor(sets, args.rounds, args.before, work)
        if args.only in (None, "growth"):
            growth(args.corpus, args.growth_rounds, work)


if __name__ == "__main__":
    main()
