"""One fuzzing worker: mutated inputs through costlint's readers, in this process, under limits.

Run by tests/test_fuzz.py as ``python tests/fuzz_worker.py SEED COUNT``. Each input is a seed file
(the test fixtures and examples, every language costlint reads) mutated by a seeded mutator:
truncations, byte flips, deletions and duplications of spans. Each is written to a scratch directory
and read the way the command line reads it (discovery, then the readers; usage files through their
loader and checker; tfvars next to a module). An input passes when nothing raises, no diagnostic is an
internal error (a caught exception: a bug), and it takes less than ``TIME_LIMIT`` seconds. The process
runs under an address-space limit, so a memory blow-up fails the run instead of the machine.

Prints one JSON line: ``{"inputs": N, "failures": [{"seed_file", "mutation", "problem"}]}``.
"""

from __future__ import annotations

import json
import random
import resource
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 5  # seconds per input
MEMORY_LIMIT = 1536 * 1024 * 1024  # bytes of address space for the whole worker
SUFFIXES = (".tf", ".tfvars", ".tf.json", ".yaml", ".yml", ".json", ".template")

TFVARS_SEEDS = {
    "terraform.tfvars": 'region        = "eu-west-1"\ninstance_type = "m5.large"\ntags = {\n  team = "web"\n}\n'
    "sizes = [1, 2, 3]\n",
}

USAGE_SEEDS = {
    "usage.yml": """version: 0.1
resource_type_default_usage:
  aws_nat_gateway:
    monthly_data_processed_gb: 100
  aws_s3_bucket:
    standard:
      storage_gb: 1000
      monthly_tier_1_requests: 100000
resource_usage:
  module.network.aws_nat_gateway.this[*]:
    monthly_data_processed_gb: 500
  aws_lb.web:
    capacity_units: 2
  aws_autoscaling_group.web:
    instances: 4
    operating_system: linux
  WebGroup: &group
    instances: 4
  Other: *group
""",
}


class Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Timeout()


def seeds() -> list[tuple[str, bytes]]:
    files = []
    for base in (ROOT / "tests" / "fixtures", ROOT / "examples"):
        for path in sorted(base.rglob("*")):
            if not path.is_file() or "aws-price-list" in path.parts or not path.name.endswith(SUFFIXES):
                continue
            data = path.read_bytes()
            if len(data) <= 64 * 1024:
                files.append((path.relative_to(ROOT).as_posix(), data))
    files += [(name, text.encode()) for name, text in {**USAGE_SEEDS, **TFVARS_SEEDS}.items()]
    return files


def category(name: str) -> str:
    """What a seed is, so that every language gets its share of inputs."""
    base = Path(name).name
    if base.startswith("usage"):
        return "usage"
    if base.endswith(".tfvars"):
        return "tfvars"
    if base.endswith((".tf", ".tf.json")):
        return "hcl"
    if base.endswith(".json"):
        return "plan" if "plan" in name else "template-json"
    return "template-yaml"


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    if not data:
        return data, "empty"
    kind = rng.choice(("truncate", "flip", "delete", "duplicate", "flips"))
    at = rng.randrange(len(data))
    if kind == "truncate":
        return data[:at], f"truncate at {at}"
    if kind == "flip":
        bit = 1 << rng.randrange(8)
        return data[:at] + bytes([data[at] ^ bit]) + data[at + 1 :], f"flip bit {bit} at {at}"
    if kind == "flips":
        out = bytearray(data)
        places = [rng.randrange(len(data)) for _ in range(rng.randint(2, 8))]
        for place in places:
            out[place] = rng.randrange(256)
        return bytes(out), f"random bytes at {places}"
    length = rng.randint(1, max(1, min(200, len(data) - at)))
    if kind == "delete":
        return data[:at] + data[at + length :], f"delete {length} at {at}"
    span = data[at : at + length]
    return data[: at + length] + span * rng.randint(1, 4) + data[at + length :], f"duplicate {length} at {at}"


def check(name: str, data: bytes, scratch: Path) -> str | None:
    """None when costlint reads the input without a bug; else what went wrong."""
    from costlint.readers import ReadOptions, read_paths

    for child in scratch.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    base = Path(name).name
    options = ReadOptions(environ={})
    if base.startswith("usage"):
        from costlint.estimate.usage import load_usage

        path = scratch / base
        path.write_bytes(data)
        usage, problems = load_usage(str(path))
        diagnostics = list(problems)
        if not any(d.severity == "error" for d in problems):
            from costlint.estimate.usage_check import check_usage

            projects, more = read_paths([str(ROOT / "examples")], options)
            diagnostics += more + check_usage(usage, projects)
    elif base.endswith(".tfvars"):
        (scratch / "main.tf").write_text('variable "region" {}\nvariable "instance_type" {}\n')
        (scratch / "terraform.tfvars").write_bytes(data)
        projects, diagnostics = read_paths([str(scratch)], options)
        diagnostics += [d for p in projects for d in p.diagnostics]
    else:
        target = scratch / base
        target.write_bytes(data)
        given = str(scratch) if base.endswith((".tf", ".tf.json")) else str(target)
        projects, diagnostics = read_paths([given], options)
        diagnostics += [d for p in projects for d in p.diagnostics]
    for diagnostic in diagnostics:
        if "internal error" in diagnostic.message:
            return str(diagnostic)
    return None


def main() -> None:
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(seed)
    corpus = seeds()
    groups: dict[str, list[tuple[str, bytes]]] = {}
    for entry in corpus:
        groups.setdefault(category(entry[0]), []).append(entry)
    kinds = sorted(groups)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        check(corpus[0][0], corpus[0][1], scratch)  # warm up: imports and the grammar out of the timing
        for _ in range(count):
            name, data = rng.choice(groups[rng.choice(kinds)])
            mutated, mutation = mutate(data, rng)
            started = time.perf_counter()
            signal.alarm(TIME_LIMIT)
            try:
                problem = check(name, mutated, scratch)
            except Timeout:
                problem = f"took more than {TIME_LIMIT} s"
            except MemoryError:
                problem = "ran out of memory"
            except Exception as exc:  # the bug this test exists to find
                problem = f"{type(exc).__name__}: {exc}"
            finally:
                signal.alarm(0)
            if problem is None and time.perf_counter() - started > TIME_LIMIT:
                problem = f"took {time.perf_counter() - started:.1f} s"
            if problem is not None:
                failures.append({"seed_file": name, "mutation": mutation, "problem": problem[:500]})
    print(json.dumps({"inputs": count, "failures": failures}))


if __name__ == "__main__":
    main()
