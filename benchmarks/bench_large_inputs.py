"""Peak memory and time of ``costlint resources`` on one large input file each, generated into a
temporary directory (never committed): a one-line string, an escape-heavy string, a heredoc and a
block comment just under the 4 MiB limit for one Terraform file, the same over the limit (refused),
and CloudFormation templates just under and well over the 1 MB limit.

Each run is its own subprocess: wall time, and peak memory as the child's ``ru_maxrss``.

Usage: ``python benchmarks/bench_large_inputs.py [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

MIB = 1024 * 1024


def _inputs(root: Path) -> list[tuple[str, Path]]:
    near = 4 * MIB - 200
    files = {
        "tf-string-4mib/main.tf": 'locals {\n  s = "' + "a" * near + '"\n}\n',
        "tf-escapes-4mib/main.tf": 'locals {\n  s = "' + "a\\n" * (near // 3) + '"\n}\n',
        "tf-heredoc-4mib/main.tf": "locals {\n  s = <<EOT\n" + ("b" * 99 + "\n") * (near // 100) + "EOT\n}\n",
        "tf-comment-4mib/main.tf": "/*\n" + ("c" * 99 + "\n") * (near // 100) + "*/\nlocals {\n  s = 1\n}\n",
        "tf-string-10mb/main.tf": 'locals {\n  s = "' + "a" * 10_000_000 + '"\n}\n',
    }
    queue = (
        '  Queue{0}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub "${{AWS::StackName}}-q{0}"\n'
        "      DelaySeconds: 5\n"
    )
    for name, size in (("cfn-1mb.yaml", MIB - 200), ("cfn-10mb.yaml", 10_000_000)):
        parts, total, i = ["AWSTemplateFormatVersion: '2010-09-09'\nResources:\n"], 0, 0
        while total < size - 200:
            part = queue.format(i)
            parts.append(part)
            total += len(part)
            i += 1
        files[name] = "".join(parts)
    out = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        out.append((name.split("/")[0], path if path.suffix == ".yaml" else path.parent))
    return out


def _measure(path: Path, cache: Path) -> tuple[float, float, str]:
    """(seconds, peak MB, exit code) of ``costlint resources PATH`` in a fresh interpreter: a wrapper
    process runs it so that the child's ``ru_maxrss`` is this run's alone."""
    code = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        f"r = subprocess.run([sys.executable, '-m', 'costlint', 'resources', {str(path)!r}], capture_output=True); "
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    env = dict(os.environ, COSTLINT_CACHE_DIR=str(cache))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    elapsed, peak_kb, exit_code = out.stdout.split()
    return float(elapsed), int(peak_kb) / 1024, exit_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        cache = root / ".cache"
        inputs = _inputs(root)
        _measure(inputs[0][1], cache)  # builds the grammar cache
        print(f"{'input':<18} {'size':>9} {'time':>8} {'peak':>8}  exit")
        for name, path in inputs:
            size = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.glob("*.tf"))
            elapsed, peak, exit_code = _measure(path, cache)
            print(f"{name:<18} {size / MIB:>6.1f}MiB {elapsed:>7.2f}s {peak:>6.0f}MB  {exit_code}")


if __name__ == "__main__":
    main()
