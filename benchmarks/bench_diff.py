"""Speed of ``costlint diff --base REF`` against two ``costlint breakdown`` runs of the same two trees.

For each tree, a temporary git repository gets two commits: the tree as it is (base), then a change
that moves the cost (head, left checked out). Then, each in a fresh process, median of ``--repeat``:

* ``costlint diff PATH --base HEAD~1 --format json``: the base read from git (``ls-tree`` + one
  ``cat-file --batch``), both sides through the same readers, estimators and catalog, in one process;
* ``costlint breakdown --format json`` of the base tree (a plain copy written beforehand, not timed)
  plus ``costlint breakdown --format json`` of the head tree: what a CI job would otherwise run.

Trees: the bundled example (``examples/``: the web stack in Terraform and CloudFormation; the change
moves the instance type from t3.medium to t3.large in both), and a terraform-aws-modules repository
(``--corpus``, default ``/work/corpus/terraform-aws-eks``; the change moves two node groups to a larger
instance type; then again with a change to the root module every project calls, the worst case:
nothing can be taken from the head). ``COSTLINT_TIMINGS=1`` splits the diff's wall time into phases
(git, read-base, read, estimate, render, output; start = the rest: interpreter, imports, exit).

Usage: ``python benchmarks/bench_diff.py [--repeat 5] [--corpus DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHASES = ("git", "read-base", "read", "estimate", "render", "output")


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def two_commits(source: Path, repo: Path, change: Callable[[Path], int]) -> Path:
    """``repo`` with ``source`` committed, then ``change`` applied and committed; returns a copy of the base."""
    shutil.copytree(source, repo, ignore=shutil.ignore_patterns(".git", ".terraform"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base_copy = repo.parent / (repo.name + "-base")
    shutil.copytree(repo, base_copy, ignore=shutil.ignore_patterns(".git"))
    if change(repo) == 0:
        raise SystemExit(f"the change to {source} changed nothing")
    git(repo, "commit", "-q", "-am", "head")
    return base_copy


def replace(repo: Path, edits: list[tuple[str, str, str]]) -> int:
    done = 0
    for name, old, new in edits:
        path = repo / name
        text = path.read_text()
        if old in text:
            path.write_text(text.replace(old, new, 1))
            done += 1
    return done


def append(path: Path, text: str) -> int:
    path.write_text(path.read_text() + text)
    return 1


def costlint(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, dict[str, float], str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "costlint", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode not in (0, 2):
        raise SystemExit(f"costlint {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    phases: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("costlint: timings: "):
            for part in line.split(": ", 2)[2].split():
                name, _, seconds = part.partition("=")
                phases[name] = float(seconds.rstrip("s"))
    return wall, phases, done.stdout


def measure(label: str, repo: Path, base_copy: Path, path: str, repeat: int, env: dict[str, str]) -> None:
    diffs = [costlint(["diff", path, "--base", "HEAD~1", "--format", "json"], repo, env) for _ in range(repeat)]
    pairs = []
    for _ in range(repeat):
        before = costlint(["breakdown", path, "--format", "json"], base_copy, env)
        after = costlint(["breakdown", path, "--format", "json"], repo, env)
        pairs.append((before[0] + after[0], before, after))
    diff = sorted(diffs, key=lambda r: r[0])[len(diffs) // 2]
    pair = sorted(pairs, key=lambda r: r[0])[len(pairs) // 2]
    doc = json.loads(diff[2])
    before_doc, after_doc = json.loads(pair[1][2]), json.loads(pair[2][2])
    # The diff must agree with the two breakdowns it replaces.
    assert abs(doc["total_monthly_cost_before"] - before_doc["total_monthly_cost"]) < 1e-6, label
    assert abs(doc["total_monthly_cost_after"] - after_doc["total_monthly_cost"]) < 1e-6, label
    summary = doc["summary"]
    resources = summary["resources_added"] + summary["resources_removed"] + summary["resources_changed"]
    print(
        f"{label}: {summary['projects']} projects, {after_doc['summary']['resources']} resources; delta "
        f"{doc['total_monthly_cost_delta']:+.2f} USD/month over {resources} resources"
    )
    print(
        f"  diff --base HEAD~1, median of {repeat}: {diff[0] * 1000:.0f} ms   "
        f"two breakdowns, median of {repeat}: {pair[0] * 1000:.0f} ms "
        f"({pair[1][0] * 1000:.0f} + {pair[2][0] * 1000:.0f})   ratio {diff[0] / pair[0]:.2f}"
    )
    phases = diff[1]
    start = diff[0] - sum(phases.get(p, 0.0) for p in PHASES)
    cells = [("start", start)] + [(p, phases.get(p, 0.0)) for p in PHASES]
    print("  diff phases: " + ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in cells))
    print(
        f"  (all diff runs: {', '.join(f'{r[0] * 1000:.0f}' for r in diffs)} ms; pairs: "
        f"{', '.join(f'{r[0] * 1000:.0f}' for r in pairs)} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=Path("/work/corpus/terraform-aws-eks"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COSTLINT_TIMINGS": "1", "COSTLINT_CACHE_DIR": cache}
        costlint(["breakdown", str(ROOT / "examples" / "web-stack" / "terraform")], ROOT, env)  # grammar cache

        bare = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            bare.append(time.perf_counter() - start)
        print(f"python -c pass, median of {args.repeat}: {statistics.median(bare) * 1000:.0f} ms")

        example = Path(tmp) / "example"
        example_base = two_commits(
            ROOT / "examples",
            example,
            lambda repo: replace(
                repo,
                [
                    ("web-stack/terraform/terraform.tfvars", '"t3.medium"', '"t3.large"'),
                    ("web-stack/cloudformation/web-stack.yaml", "Default: t3.medium", "Default: t3.large"),
                ],
            ),
        )
        measure("examples/ (web stack, Terraform + CloudFormation)", example, example_base, ".", args.repeat, env)

        if args.corpus.is_dir():
            corpus = Path(tmp) / args.corpus.name
            corpus_base = two_commits(
                args.corpus,
                corpus,
                lambda repo: replace(
                    repo,
                    [
                        ("examples/eks-managed-node-group/eks-al2023.tf", '["m6i.large"]', '["m6i.xlarge"]'),
                        ("examples/karpenter/main.tf", '["m5.large"]', '["m5.xlarge"]'),
                    ],
                ),
            )
            measure(args.corpus.name, corpus, corpus_base, ".", args.repeat, env)
            # Worst case: a change to the root module, which every example and test project calls
            # (source = "../.."): no project can be taken from the head, both sides are read in full.
            shared = Path(tmp) / (args.corpus.name + "-shared")
            shared_base = two_commits(args.corpus, shared, lambda repo: append(repo / "main.tf", "\n# touched\n"))
            measure(f"{args.corpus.name}, root module touched", shared, shared_base, ".", args.repeat, env)
        else:
            print(f"{args.corpus}: not found, skipped")


if __name__ == "__main__":
    main()
