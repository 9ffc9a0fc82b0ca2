"""`costlint check` on one changed file of a 10-file Terraform module, against the floor and checkov.

    python benchmarks/bench_check.py [--rounds 15] [--checkov PATH] [--module DIR --file NAME] [--keep DIR]

Each round runs, in a new random order, three fresh processes on the same module:

* **floor**: a Python process that imports python-hcl2 and parses the module's files (`hcl2.load`),
  nothing else: what any Python tool must at least pay to read the module;
* **costlint**: `python -m costlint check <changed file>`: reads and evaluates the whole module,
  applies the rules, estimates the savings of the findings in that file, prints them;
* **checkov**: `checkov -f <changed file> --framework terraform` (when a checkov executable is found:
  `--checkov`, else `/work/venv-checkov/bin/checkov`, else `checkov` on PATH; it is never a costlint
  dependency).

The runs are interleaved so that load from other processes on the machine hits all three alike;
medians are reported, with the load average before and after. The default module is generated into a
temporary directory (10 files: variables, network, compute with an m3.large, storage, database, cache,
serverless, logging, IAM, outputs; nothing generated is committed); `--module` takes a real one.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILES = {
    "variables.tf": """
variable "name" {
  type    = string
  default = "shop"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "azs" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "instance_count" {
  type    = number
  default = 2
}

locals {
  tags = {
    Project     = var.name
    Environment = var.environment
    Owner       = "platform"
  }
  prefix = "${var.name}-${var.environment}"
}
""",
    "providers.tf": """
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = local.tags
  }
}
""",
    "network.tf": """
resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  tags                 = { Name = local.prefix }
}

resource "aws_subnet" "public" {
  count                   = length(var.azs)
  vpc_id                  = aws_vpc.main.id
  cidr_block              = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone       = var.azs[count.index]
  map_public_ip_on_launch = true
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)
  availability_zone = var.azs[count.index]
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public[0].id
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block     = "0.0.0.0/0"
    nat_gateway_id = aws_nat_gateway.main.id
  }
}

resource "aws_route_table_association" "private" {
  count          = length(var.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_security_group" "web" {
  name   = "${local.prefix}-web"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "web" {
  name               = "${local.prefix}-web"
  load_balancer_type = "application"
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.web.id]
}
""",
    "compute.tf": """
resource "aws_launch_template" "web" {
  name_prefix   = "${local.prefix}-web-"
  image_id      = "ami-0abcdef1234567890"
  instance_type = "m3.large"
  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size = 30
      volume_type = "gp3"
    }
  }
  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${local.prefix}-web" }
  }
}

resource "aws_autoscaling_group" "web" {
  name                = "${local.prefix}-web"
  desired_capacity    = 2
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = aws_subnet.private[*].id
  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "cpu"
  autoscaling_group_name = aws_autoscaling_group.web.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 60
  }
}

resource "aws_instance" "worker" {
  count         = var.instance_count
  ami           = "ami-0abcdef1234567890"
  instance_type = "c6i.large"
  subnet_id     = aws_subnet.private[count.index].id
  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }
  tags = { Name = "${local.prefix}-worker-${count.index}" }
}
""",
    "storage.tf": """
resource "aws_ebs_volume" "data" {
  availability_zone = var.azs[0]
  size              = 200
  type              = "gp3"
}

resource "aws_volume_attachment" "data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.data.id
  instance_id = aws_instance.worker[0].id
}

resource "aws_s3_bucket" "assets" {
  bucket = "${local.prefix}-assets"
}

resource "aws_s3_bucket_lifecycle_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id
  rule {
    id     = "expire-old"
    status = "Enabled"
    expiration {
      days = 365
    }
  }
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id
  versioning_configuration {
    status = "Enabled"
  }
}
""",
    "database.tf": """
resource "aws_db_subnet_group" "main" {
  name       = local.prefix
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_instance" "main" {
  identifier             = local.prefix
  engine                 = "postgres"
  engine_version         = "16.3"
  instance_class         = "db.m6g.large"
  allocated_storage      = 100
  storage_type           = "gp3"
  multi_az               = var.environment == "prod"
  db_subnet_group_name   = aws_db_subnet_group.main.name
  backup_retention_period = 7
  skip_final_snapshot    = true
}
""",
    "cache.tf": """
resource "aws_elasticache_subnet_group" "main" {
  name       = local.prefix
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = local.prefix
  description          = "sessions"
  engine               = "redis"
  node_type            = "cache.r6g.large"
  num_cache_clusters   = 2
  subnet_group_name    = aws_elasticache_subnet_group.main.name
}
""",
    "serverless.tf": """
resource "aws_lambda_function" "thumbnails" {
  function_name = "${local.prefix}-thumbnails"
  role          = aws_iam_role.lambda.arn
  handler       = "index.handler"
  runtime       = "python3.12"
  memory_size   = 512
  timeout       = 30
  architectures = ["arm64"]
  filename      = "lambda.zip"
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${local.prefix}-jobs"
  visibility_timeout_seconds = 60
}

resource "aws_dynamodb_table" "sessions" {
  name         = "${local.prefix}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"
  attribute {
    name = "id"
    type = "S"
  }
}
""",
    "logging.tf": """
resource "aws_cloudwatch_log_group" "app" {
  name              = "/${local.prefix}/app"
  retention_in_days = 30
}

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${aws_lambda_function.thumbnails.function_name}"
  retention_in_days = 14
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "${local.prefix}-cpu"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 300
  statistic           = "Average"
  threshold           = 80
}
""",
    "iam.tf": """
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "lambda" {
  name               = "${local.prefix}-lambda"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy_attachment" "lambda" {
  role       = aws_iam_role.lambda.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

output "lb_dns_name" {
  value = aws_lb.web.dns_name
}

output "db_endpoint" {
  value = aws_db_instance.main.endpoint
}
""",
}
CHANGED = "compute.tf"
CLEAN = "storage.tf"


def _find_checkov(given: str | None) -> str | None:
    for candidate in (given, "/work/venv-checkov/bin/checkov", shutil.which("checkov")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--checkov", help="checkov executable (its own virtualenv)")
    parser.add_argument("--module", type=Path, help="a real module directory instead of the generated one")
    parser.add_argument("--file", help="the changed file, relative to --module")
    parser.add_argument("--keep", type=Path, help="write the generated module here and keep it")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="costlint-bench-check-"))
    try:
        if args.module:
            module, changed = args.module.resolve(), args.file or sorted(p.name for p in args.module.glob("*.tf"))[0]
        else:
            module = (args.keep or scratch / "module").resolve()
            module.mkdir(parents=True, exist_ok=True)
            for name, text in FILES.items():
                (module / name).write_text(text.lstrip())
            changed = CHANGED
        files = sorted(p.name for p in module.glob("*.tf"))
        env = {**os.environ, "COSTLINT_CACHE_DIR": str(scratch / "cache"), "PYTHONDONTWRITEBYTECODE": "0"}
        floor = [
            sys.executable,
            "-c",
            "import hcl2, sys\nfor name in sys.argv[1:]:\n    with open(name) as f:\n        hcl2.load(f)\n",
            *files,
        ]
        commands = {"floor": floor, "costlint": [sys.executable, "-m", "costlint", "check", changed]}
        if not args.module:
            # A changed file without findings: no saving to estimate, so no estimator or price file loaded.
            commands["costlint-clean"] = [sys.executable, "-m", "costlint", "check", CLEAN]
        if not args.module:
            # The pre-commit case: the module in a git repository whose HEAD has it, the changed file
            # changed, so that check also prices the touched project against HEAD (its cost delta).
            repo = scratch / "repo"
            shutil.copytree(module, repo)
            for git in (
                ["init", "-q"],
                ["add", "."],
                ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "b"],
            ):
                subprocess.run(["git", *git], cwd=repo, check=True, capture_output=True)
            (repo / changed).write_text((repo / changed).read_text().replace("c6i.large", "c6i.xlarge"))
            commands["costlint-git"] = [sys.executable, "-m", "costlint", "check", str(repo / changed)]
        checkov = _find_checkov(args.checkov)
        if checkov:
            commands["checkov"] = [
                checkov,
                "-f",
                changed,
                "--framework",
                "terraform",
                "--quiet",
                "--compact",
                "--skip-download",
            ]
        env_checkov = {**env, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
        # Warm-up: pyc files, costlint's grammar and rules caches, checkov's first-run setup. Twice: the
        # grammar cache written by a first run is rebuilt once more by the second (a reader issue noted in
        # benchmarks/README.md), and a user's commits run with a warm cache.
        for _ in range(2):
            for name, command in commands.items():
                _run(command, module, env_checkov if name == "checkov" else env)
        _, done = _run(commands["costlint"], module, env)
        print(f"costlint output ({done.returncode}):\n{done.stdout}{done.stderr}")
        times: dict[str, list[float]] = {name: [] for name in commands}
        load_before = os.getloadavg()
        rng = random.Random(20261204)
        for _ in range(args.rounds):
            order = list(commands)
            rng.shuffle(order)
            for name in order:
                elapsed, done = _run(commands[name], module, env_checkov if name == "checkov" else env)
                if name != "checkov" and done.returncode not in (0, 1):
                    raise SystemExit(f"{name} failed ({done.returncode}): {done.stderr}")
                times[name].append(elapsed)
        load_after = os.getloadavg()
        lines = sum(len((module / f).read_text().splitlines()) for f in files)
        print(f"module: {len(files)} files, {lines} lines; changed file: {changed}; rounds: {args.rounds}")
        before, after = load_before, load_after
        print(f"load average before {before[0]:.2f} {before[1]:.2f}, after {after[0]:.2f} {after[1]:.2f}")
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, values in times.items():
            print(f"{name:14} median {medians[name]:.3f} s  (min {min(values):.3f}, max {max(values):.3f})")
        print(f"costlint / floor: {medians['costlint'] / medians['floor']:.2f}x")
        for variant in ("costlint-clean", "costlint-git"):
            if variant in medians:
                print(f"{variant} / floor: {medians[variant] / medians['floor']:.2f}x")
        pairs = [c / f for c, f in zip(times["costlint"], times["floor"], strict=True)]
        print(f"costlint / floor per round: median {statistics.median(pairs):.2f}x")
        if "checkov" in medians:
            print(f"checkov / costlint: {medians['checkov'] / medians['costlint']:.1f}x")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
