"""Speed of ``costlint breakdown``: one small project in a fresh process, and a large tree of projects.

Each run is a subprocess (``python -m costlint breakdown ...``) with ``COSTLINT_TIMINGS=1``, so the
wall time includes interpreter start and imports, and the command's in-process timers split the rest:

* **read**: discovery, parsing and evaluation (the readers; includes importing them);
* **estimate**: the estimators and price lookups (includes importing them and loading price files);
* **render**: building the table/JSON/Markdown text; **output**: writing it and the diagnostics;
* **start**: wall time minus the four phases (interpreter, CLI imports, exit).

Measures:

1. ``costlint breakdown examples/web-stack/terraform`` (table), median of ``--repeat`` fresh processes,
   next to a bare ``python -c pass``;
2. a generated tree (never committed) of ``--projects`` Terraform root modules, every ``--cfn-every``-th
   one a CloudFormation template instead, each a small web stack (VPC, subnets, NAT gateway, ALB, launch
   template + Auto Scaling group, instances with ``count``, EBS volumes, a database, a bucket), priced
   with ``--format json`` (best of ``--repeat``).

Usage: ``python benchmarks/bench_breakdown.py [--repeat 5] [--projects 200] [--cfn-every 4] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "web-stack"
PHASES = ("read", "estimate", "render", "output")

TERRAFORM = """
provider "aws" {
  region = "us-east-1"
}
variable "env" {
  type    = string
  default = "p%(i)03d"
}
locals {
  name = "svc-${var.env}"
  azs  = ["us-east-1a", "us-east-1b"]
}
resource "aws_vpc" "main" {
  cidr_block = "10.%(octet)d.0.0/16"
}
resource "aws_subnet" "public" {
  count                   = length(local.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone       = local.azs[count.index]
  map_public_ip_on_launch = true
}
resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)
  availability_zone = local.azs[count.index]
}
resource "aws_eip" "nat" {
  domain = "vpc"
}
resource "aws_nat_gateway" "gw" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
}
resource "aws_security_group" "web" {
  name   = "${local.name}-web"
  vpc_id = aws_vpc.main.id
}
resource "aws_lb" "web" {
  name               = "${local.name}-alb"
  load_balancer_type = "application"
  subnets            = aws_subnet.public[*].id
}
resource "aws_launch_template" "web" {
  name_prefix   = "${local.name}-"
  image_id      = "ami-0c7217cdde317cfec"
  instance_type = "%(asg_type)s"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_type = "gp3"
      volume_size = 30
    }
  }
}
resource "aws_autoscaling_group" "web" {
  min_size            = 1
  desired_capacity    = %(desired)d
  max_size            = 10
  vpc_zone_identifier = aws_subnet.private[*].id
  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}
resource "aws_instance" "worker" {
  count         = %(workers)d
  ami           = "ami-0c7217cdde317cfec"
  instance_type = "%(worker_type)s"
  subnet_id     = aws_subnet.private[count.index %% 2].id
  root_block_device {
    volume_size = 20
  }
}
resource "aws_ebs_volume" "data" {
  count             = %(workers)d
  availability_zone = local.azs[count.index %% 2]
  type              = "gp3"
  size              = 100
  iops              = 4000
}
resource "aws_db_instance" "main" {
  identifier        = "${local.name}-db"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 50
  storage_type      = "gp3"
}
resource "aws_s3_bucket" "assets" {
  bucket = "${local.name}-assets"
}
"""

TYPES = ("t3.medium", "m5.large", "c5.xlarge", "r5.large")


def generate(directory: Path, projects: int, cfn_every: int) -> int:
    """Write the tree; returns the number of CloudFormation projects."""
    template = (EXAMPLE / "cloudformation" / "web-stack.yaml").read_text(encoding="utf-8")
    cfn = 0
    for i in range(projects):
        if cfn_every and i % cfn_every == cfn_every - 1:
            cfn += 1
            (directory / f"stack{i:03d}.yaml").write_text(
                template.replace("Default: t3.medium", f"Default: {TYPES[i % len(TYPES)]}"), encoding="utf-8"
            )
            continue
        project = directory / f"proj{i:03d}"
        project.mkdir()
        (project / "main.tf").write_text(
            TERRAFORM
            % {
                "i": i,
                "octet": i % 250,
                "asg_type": TYPES[i % len(TYPES)],
                "desired": 1 + i % 4,
                "workers": 1 + i % 3,
                "worker_type": TYPES[(i + 1) % len(TYPES)],
            },
            encoding="utf-8",
        )
    return cfn


def run(args: list[str], env: dict[str, str]) -> tuple[float, dict[str, float], str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "costlint", "breakdown", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"costlint breakdown failed ({done.returncode}):\n{done.stderr}")
    phases: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if line.startswith("costlint: timings: "):
            for part in line.split(": ", 2)[2].split():
                name, _, seconds = part.partition("=")
                phases[name] = float(seconds.rstrip("s"))
    return wall, phases, done.stdout


def shares(wall: float, phases: dict[str, float]) -> str:
    parts = [(name, phases.get(name, 0.0)) for name in PHASES]
    start = wall - sum(seconds for _, seconds in parts)
    cells = [("start", start), *parts]
    return ", ".join(f"{name} {seconds * 1000:.0f} ms ({seconds / wall:.0%})" for name, seconds in cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--cfn-every", type=int, default=4, help="every N-th project is a CloudFormation template")
    parser.add_argument("--keep", type=Path, help="generate the tree here and keep it")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COSTLINT_TIMINGS": "1", "COSTLINT_CACHE_DIR": cache}
        # Warm the HCL grammar cache once (the first run of an installation compiles it).
        run([str(EXAMPLE / "terraform")], env)

        bare = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            bare.append(time.perf_counter() - start)
        small = [run([str(EXAMPLE / "terraform")], env) for _ in range(args.repeat)]
        median = sorted(small, key=lambda r: r[0])[len(small) // 2]
        print(f"python -c pass, median of {args.repeat}: {statistics.median(bare) * 1000:.0f} ms")
        print(
            f"breakdown examples/web-stack/terraform (table), median of {args.repeat}: {median[0] * 1000:.0f} ms wall"
        )
        print(f"  {shares(median[0], median[1])}")
        cfn_small = [run([str(EXAMPLE / "cloudformation")], env) for _ in range(args.repeat)]
        median = sorted(cfn_small, key=lambda r: r[0])[len(cfn_small) // 2]
        print(
            f"breakdown examples/web-stack/cloudformation (table), median of {args.repeat}: "
            f"{median[0] * 1000:.0f} ms wall"
        )
        print(f"  {shares(median[0], median[1])}")

        with tempfile.TemporaryDirectory() as tmp:
            tree = args.keep or Path(tmp)
            tree.mkdir(parents=True, exist_ok=True)
            cfn = generate(tree, args.projects, args.cfn_every)
            results = [run([str(tree), "--format", "json"], env) for _ in range(args.repeat)]
            best = min(results, key=lambda r: r[0])
            doc = json.loads(best[2])
            summary = doc["summary"]
            print(
                f"breakdown of a generated tree: {args.projects} projects ({args.projects - cfn} Terraform, "
                f"{cfn} CloudFormation), {summary['resources']} resources ({summary['priced']} priced, "
                f"{summary['free']} free, {summary['not_priced']} not priced), JSON {len(best[2]) // 1024} KiB"
            )
            print(f"  best of {args.repeat}: {best[0]:.2f} s wall, {summary['resources'] / best[0]:.0f} resources/s")
            print(f"  {shares(best[0], best[1])}")


if __name__ == "__main__":
    main()
