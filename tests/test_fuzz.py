"""Fuzzing the readers: 10,000 mutated inputs across HCL, tfvars, plan JSON, YAML and JSON templates
and usage files (tests/fuzz_worker.py), in two worker processes under time and memory limits.

Seeds are fixed so that a failure reproduces; ``COSTLINT_FUZZ_SEED`` and ``COSTLINT_FUZZ_INPUTS`` vary
them (``COSTLINT_FUZZ_SEED=$RANDOM pytest tests/test_fuzz.py`` for a fresh run).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

WORKER = Path(__file__).resolve().parent / "fuzz_worker.py"


def test_ten_thousand_mutated_inputs_never_crash_hang_or_blow_up() -> None:
    base = int(os.environ.get("COSTLINT_FUZZ_SEED", "20261204"))
    total = int(os.environ.get("COSTLINT_FUZZ_INPUTS", "10000"))
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(base + i), str(total // 2)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    inputs, failures = 0, []
    for worker in workers:
        out, err = worker.communicate(timeout=900)
        assert worker.returncode == 0, err[-2000:]
        report = json.loads(out.strip().splitlines()[-1])
        inputs += report["inputs"]
        failures += report["failures"]
    assert inputs == total
    assert not failures, json.dumps(failures[:20], indent=1)
