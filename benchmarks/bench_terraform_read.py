"""Speed and peak memory of ``costlint resources`` on Terraform, against python-hcl2's bare parse.

Generates a corpus of many modules into a temporary directory (never committed), then runs, each in
its own subprocess so that import time and peak memory (``ru_maxrss``) are real:

* ``hcl2.load`` of every ``.tf`` file of the corpus (parse + python-hcl2's dict transform, nothing
  evaluated), with python-hcl2's own grammar cache warm;
* ``costlint resources CORPUS --format json`` with a cold grammar cache (empty ``COSTLINT_CACHE_DIR``)
  and then warm: parse, evaluation of every module instance, and JSON output.

Usage: ``python benchmarks/bench_terraform_read.py [--modules 300] [--resources 12] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT_TF = """
terraform {
  required_version = ">= 1.5"
}
provider "aws" {
  region = var.region
  default_tags {
    tags = local.common_tags
  }
}
provider "aws" {
  alias  = "replica"
  region = "us-west-2"
}
variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "env" {
  type    = string
  default = "prod"
}
locals {
  common_tags = { Env = var.env, Owner = "platform", CostCenter = "cc-${var.env}" }
  services    = { for i in range(%(modules)d) : format("svc%%03d", i) => i }
}
"""

MODULE_CALL = """
module "svc%(i)03d" {
  source      = "./modules/svc%(i)03d"
  name        = "svc%(i)03d"
  env         = var.env
  replicas    = %(replicas)d
  tags        = merge(local.common_tags, { Service = "svc%(i)03d" })
  subnet_ids  = [for n in range(3) : "subnet-${n}"]
}
"""

VARIABLES_TF = """
variable "name" {
  type = string
}
variable "env" {
  type = string
}
variable "replicas" {
  type    = number
  default = 1
}
variable "tags" {
  type    = map(string)
  default = {}
}
variable "subnet_ids" {
  type = list(string)
}
variable "settings" {
  type = object({
    instance_type = optional(string, "t3.medium")
    volume_size   = optional(number, 50)
    ports         = optional(list(number), [80, 443])
  })
  default = {}
}
"""

RESOURCE_TF = """
resource "aws_instance" "app%(j)d" {
  count         = var.replicas
  ami           = data.aws_ami.base.id
  instance_type = var.env == "prod" ? var.settings.instance_type : "t3.micro"
  subnet_id     = element(var.subnet_ids, count.index)
  monitoring    = local.is_prod && count.index < 2
  user_data     = <<-EOT
    #!/bin/bash
    echo "${var.name}-${count.index}" > /etc/hostname
  EOT
  root_block_device {
    volume_size = var.settings.volume_size * (local.is_prod ? 2 : 1) + %(j)d
    volume_type = "gp3"
  }
  tags = merge(local.tags, { Name = format("%%s-app%(j)d-%%02d", var.name, count.index) })
}
resource "aws_ebs_volume" "data%(j)d" {
  for_each          = toset(slice(var.subnet_ids, 0, 2))
  availability_zone = "${var.env}-${each.key}"
  size              = lookup(local.sizes, var.env, 100)
  type              = "gp3"
  tags              = local.tags
}
resource "aws_security_group" "sg%(j)d" {
  name = "${var.name}-sg%(j)d"
  dynamic "ingress" {
    for_each = var.settings.ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [cidrsubnet("10.0.0.0/16", 8, ingress.key)]
    }
  }
}
"""

MODULE_MAIN_HEAD = """
locals {
  is_prod = var.env == "prod"
  tags    = merge(var.tags, { Module = var.name, Replicas = tostring(var.replicas) })
  sizes   = { prod = 500, dev = 20 }
}
data "aws_ami" "base" {
  most_recent = true
  owners      = ["amazon"]
}
"""

OUTPUTS_TF = """
output "instance_ids" {
  value = aws_instance.app0[*].id
}
output "volume_sizes" {
  value = { for k, v in aws_ebs_volume.data0 : k => v.size }
}
output "name" {
  value = upper(var.name)
}
"""


def generate(directory: Path, modules: int, resources: int) -> list[Path]:
    files: list[Path] = []

    def put(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        files.append(path)

    calls = "".join(MODULE_CALL % {"i": i, "replicas": 1 + i % 3} for i in range(modules))
    put(directory / "main.tf", ROOT_TF % {"modules": modules} + calls)
    groups = max(resources // 3, 1)
    for i in range(modules):
        module = directory / "modules" / f"svc{i:03d}"
        put(module / "variables.tf", VARIABLES_TF)
        put(module / "main.tf", MODULE_MAIN_HEAD + "".join(RESOURCE_TF % {"j": j} for j in range(groups)))
        put(module / "outputs.tf", OUTPUTS_TF)
    return files


PEAK = "import resource, sys; print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"

BARE = """
import sys, time, hcl2
files = sys.argv[1:]
start = time.perf_counter()
for name in files:
    with open(name) as f:
        hcl2.load(f)
print("WORK", time.perf_counter() - start)
""" + PEAK.replace("file=sys.stderr", "")

COSTLINT = (
    """
import sys, time
start = time.perf_counter()
from costlint.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print("WORK", time.perf_counter() - start, "EXIT", code, file=sys.stderr)
"""
    + PEAK
)


def measure(argv: list[str], env: dict[str, str], cwd: Path, repeat: int = 1) -> dict[str, float]:
    """Best of ``repeat`` runs (the machine may be shared): least work time, its peak memory."""
    runs = [_measure_once(argv, env, cwd) for _ in range(repeat)]
    return min(runs, key=lambda m: m["work"])


def _measure_once(argv: list[str], env: dict[str, str], cwd: Path) -> dict[str, float]:
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    text = result.stdout + result.stderr
    out: dict[str, float] = {"wall": wall}
    for line in text.splitlines():
        parts = line.split()
        if parts[:1] == ["WORK"]:
            out["work"] = float(parts[1])
            if "EXIT" in parts:
                out["exit"] = float(parts[parts.index("EXIT") + 1])
        if parts[:1] == ["PEAK_KB"]:
            out["peak_mb"] = int(parts[1]) / 1024
    if "work" not in out:
        raise SystemExit(f"benchmark command failed:\n{text[-2000:]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", type=int, default=300)
    parser.add_argument("--resources", type=int, default=12, help="resources per module (3 kinds)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--keep", type=Path, help="generate the corpus here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="costlint-bench-") as temp:
        work = args.keep or Path(temp)
        corpus = work / "corpus"
        files = generate(corpus, args.modules, args.resources)
        size = sum(f.stat().st_size for f in files)
        lines = sum(f.read_text().count("\n") for f in files)
        print(f"corpus: {len(files)} files, {lines} lines, {size / 1e6:.1f} MB, {args.modules} module calls")

        env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_VAR_", "AWS_"))}
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        # python-hcl2 writes its grammar cache into its package directory: warm it first.
        subprocess.run([sys.executable, "-c", "import hcl2; hcl2.loads('a = 1')"], env=env, check=False)
        bare = measure([sys.executable, "-c", BARE, *map(str, files)], env, work, args.repeat)

        cold_env = dict(env, COSTLINT_CACHE_DIR=str(work / "cache-cold"))
        warm_env = dict(env, COSTLINT_CACHE_DIR=str(work / "cache-warm"))
        argv = [sys.executable, "-c", COSTLINT, "resources", str(corpus), "--format", "json"]
        cold_runs = []
        for n in range(args.repeat):
            cold_runs.append(
                measure(argv, dict(cold_env, COSTLINT_CACHE_DIR=f"{cold_env['COSTLINT_CACHE_DIR']}{n}"), work)
            )
        cold = min(cold_runs, key=lambda m: m["work"])
        measure(argv, warm_env, work)  # fills the warm cache
        warm = measure(argv, warm_env, work, args.repeat)
        count = subprocess.run(
            [sys.executable, "-m", "costlint", "resources", str(corpus), "--format", "json"],
            env=warm_env,
            cwd=work,
            capture_output=True,
            text=True,
        )
        import json

        resources = len(json.loads(count.stdout)["resources"])

    def row(name: str, m: dict[str, float]) -> str:
        return (
            f"{name:<34} {m['work']:7.2f} s  {len(files) / m['work']:8.0f} files/s  "
            f"peak {m['peak_mb']:6.0f} MB  (process wall {m['wall']:.2f} s)"
        )

    print(f"resources listed by costlint: {resources}")
    print(row("hcl2.load, bare parse", bare))
    print(row("costlint resources, cold grammar", cold))
    print(row("costlint resources, warm grammar", warm))
    print(
        f"ratio costlint (warm) / hcl2.load: {warm['work'] / bare['work']:.2f} "
        f"(parse + evaluation + JSON output vs parse only)"
    )
    print(f"grammar cache effect: {cold['work'] - warm['work']:.2f} s saved per run")


if __name__ == "__main__":
    main()
