"""Containers: EKS clusters, node groups, Fargate profiles; ECS services on Fargate (us-east-1 prices).

eks cluster 0.10/h (standard support), 0.60/h (extended); fargate vCPU 0.04048/vCPU-h, memory
0.004445/GB-h (Linux x86, on-demand; the snapshot has no Fargate Spot price); ec2 t3.medium 0.0416/h,
m5.large 0.096/h, m5.large spot 0.0434/h; ebs gp2 0.10/GB-month.
"""

from __future__ import annotations

import datetime

import pytest

from costlint.estimate.estimators.aws import containers
from estimate_helpers import D, cloudformation, parts, terraform


@pytest.fixture
def on_2026_11_27(monkeypatch):
    monkeypatch.setattr(containers, "today", lambda: datetime.date(2026, 11, 27))


def test_eks_cluster_standard_and_extended_support(tmp_path, on_2026_11_27):
    costs = terraform(
        tmp_path,
        """
        resource "aws_eks_cluster" "current" {
          name     = "current"
          role_arn = "arn:aws:iam::123456789012:role/eks"
          version  = "1.34"
          vpc_config {
            subnet_ids = ["subnet-a"]
          }
        }
        resource "aws_eks_cluster" "old" {
          name     = "old"
          role_arn = "arn:aws:iam::123456789012:role/eks"
          version  = "1.29"
          vpc_config {
            subnet_ids = ["subnet-a"]
          }
        }
        resource "aws_eks_cluster" "old_auto_upgraded" {
          name     = "old2"
          role_arn = "arn:aws:iam::123456789012:role/eks"
          version  = "1.29"
          upgrade_policy {
            support_type = "STANDARD"
          }
          vpc_config {
            subnet_ids = ["subnet-a"]
          }
        }
    """,
    )
    assert parts(costs["aws_eks_cluster.current"]) == [("EKS cluster", D(730), D("0.1"), D("73"))]  # 730 x 0.10
    old = costs["aws_eks_cluster.old"]
    # 1.29 left standard support on 2025-03-23: 730 x 0.60 = 438
    assert parts(old) == [("EKS cluster (extended support)", D(730), D("0.6"), D("438"))]
    assert "2025-03-23" in old.assumptions[0] and "2026-11-27" in old.assumptions[0]
    assert parts(costs["aws_eks_cluster.old_auto_upgraded"]) == [("EKS cluster", D(730), D("0.1"), D("73"))]
    cfn = cloudformation(
        tmp_path,
        """
        Old:
          Type: AWS::EKS::Cluster
          Properties:
            Version: "1.29"
            RoleArn: arn:aws:iam::123456789012:role/eks
            ResourcesVpcConfig: {SubnetIds: [subnet-a]}
    """,
    )["Old"]
    assert parts(cfn) == parts(old)


def test_eks_node_group_defaults_spot_and_launch_template(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_eks_node_group" "default" {
          cluster_name    = "c"
          node_group_name = "default"
          node_role_arn   = "arn:aws:iam::123456789012:role/node"
          subnet_ids      = ["subnet-a"]
          scaling_config {
            desired_size = 2
            min_size     = 1
            max_size     = 3
          }
        }
        resource "aws_eks_node_group" "spot" {
          cluster_name    = "c"
          node_group_name = "spot"
          node_role_arn   = "arn:aws:iam::123456789012:role/node"
          subnet_ids      = ["subnet-a"]
          instance_types  = ["m5.large", "m5.xlarge"]
          capacity_type   = "SPOT"
          disk_size       = 50
          scaling_config {
            desired_size = 3
            min_size     = 1
            max_size     = 5
          }
        }
        resource "aws_launch_template" "nodes" {
          instance_type = "m5.large"
          block_device_mappings {
            device_name = "/dev/xvda"
            ebs {
              volume_size = 40
            }
          }
        }
        resource "aws_eks_node_group" "templated" {
          cluster_name    = "c"
          node_group_name = "templated"
          node_role_arn   = "arn:aws:iam::123456789012:role/node"
          subnet_ids      = ["subnet-a"]
          launch_template {
            id      = aws_launch_template.nodes.id
            version = "1"
          }
          scaling_config {
            desired_size = 1
            min_size     = 1
            max_size     = 1
          }
        }
    """,
    )
    default = costs["aws_eks_node_group.default"]
    assert parts(default) == [
        ("Instance usage (Linux/UNIX, on-demand, t3.medium)", D(1460), D("0.0416"), D("60.736")),  # 2 x 730 x 0.0416
        ("CPU credits (unlimited mode)", None, D("0.05"), None),
        ("Root volume storage (general purpose SSD, gp2)", D(40), D("0.1"), D("4.0")),  # 2 x 20 GB (default) x 0.10
    ]
    assert default.assumptions[0] == "2 nodes (desired size)"
    assert "instance type not set: t3.medium (the EKS default)" in default.assumptions
    spot = costs["aws_eks_node_group.spot"]
    assert parts(spot) == [
        ("Instance usage (Linux/UNIX, spot, m5.large)", D(2190), D("0.0434"), D("95.046")),  # 3 x 730 x 0.0434
        ("Root volume storage (general purpose SSD, gp2)", D(150), D("0.1"), D("15.0")),  # 3 x 50 GB x 0.10
    ]
    templated = costs["aws_eks_node_group.templated"]
    assert parts(templated) == [
        ("Instance usage (Linux/UNIX, on-demand, m5.large)", D(730), D("0.096"), D("70.08")),
        ("Root volume storage (general purpose SSD, gp2)", D(40), D("0.1"), D("4.0")),  # from the template
    ]
    cfn = cloudformation(
        tmp_path,
        """
        Spot:
          Type: AWS::EKS::Nodegroup
          Properties:
            ClusterName: c
            NodeRole: arn:aws:iam::123456789012:role/node
            Subnets: [subnet-a]
            InstanceTypes: [m5.large, m5.xlarge]
            CapacityType: SPOT
            DiskSize: 50
            ScalingConfig: {DesiredSize: 3, MinSize: 1, MaxSize: 5}
    """,
    )["Spot"]
    assert parts(cfn) == parts(spot)


def test_fargate_profile_is_usage_based(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_eks_fargate_profile" "apps" {
          cluster_name           = "c"
          fargate_profile_name   = "apps"
          pod_execution_role_arn = "arn:aws:iam::123456789012:role/pods"
          selector {
            namespace = "apps"
          }
        }
        resource "aws_eks_fargate_profile" "quiet" {
          cluster_name           = "c"
          fargate_profile_name   = "quiet"
          pod_execution_role_arn = "arn:aws:iam::123456789012:role/pods"
          selector {
            namespace = "quiet"
          }
        }
    """,
        usage="""
        resource_usage:
          aws_eks_fargate_profile.apps:
            pods: 4
            vcpu_per_pod: 0.5
            memory_gb_per_pod: 1
    """,
    )
    # 4 pods x 0.5 vCPU x 730 h = 1,460 vCPU-h x 0.04048 = 59.1008; 4 x 1 GB x 730 = 2,920 GB-h x 0.004445 = 12.9794
    assert parts(costs["aws_eks_fargate_profile.apps"]) == [
        ("Fargate vCPU", D(1460), D("0.04048"), D("59.1008")),
        ("Fargate memory", D(2920), D("0.004445"), D("12.9794")),
    ]
    quiet = costs["aws_eks_fargate_profile.quiet"]
    assert quiet.monthly_cost == 0 and len(quiet.awaiting_usage) == 2


TASK_TF = """
    resource "aws_ecs_task_definition" "app" {
      family                   = "app"
      requires_compatibilities = ["FARGATE"]
      network_mode             = "awsvpc"
      cpu                      = "512"
      memory                   = "1024"
      container_definitions    = "[]"
    }
"""


def test_ecs_service_on_fargate_terraform_and_cloudformation(tmp_path):
    costs = terraform(
        tmp_path,
        TASK_TF
        + """
        resource "aws_ecs_service" "api" {
          name            = "api"
          launch_type     = "FARGATE"
          task_definition = aws_ecs_task_definition.app.arn
          desired_count   = 3
        }
    """,
    )
    # 3 tasks x 0.5 vCPU x 730 h = 1,095 vCPU-h x 0.04048 = 44.3256; 3 x 1 GB x 730 = 2,190 GB-h x 0.004445 = 9.73455
    assert parts(costs["aws_ecs_service.api"]) == [
        ("Fargate vCPU (0.5 vCPU x 3 tasks)", D(1095), D("0.04048"), D("44.3256")),
        ("Fargate memory (1 GB x 3 tasks)", D(2190), D("0.004445"), D("9.73455")),
    ]
    assert costs["aws_ecs_task_definition.app"].status == "free"
    cfn = cloudformation(
        tmp_path,
        """
        App:
          Type: AWS::ECS::TaskDefinition
          Properties:
            Family: app
            RequiresCompatibilities: [FARGATE]
            NetworkMode: awsvpc
            Cpu: "0.5 vCPU"
            Memory: "1 GB"
            ContainerDefinitions: []
        Api:
          Type: AWS::ECS::Service
          Properties:
            LaunchType: FARGATE
            TaskDefinition: !Ref App
            DesiredCount: 3
    """,
    )["Api"]
    assert parts(cfn) == parts(costs["aws_ecs_service.api"])


def test_ecs_fargate_ephemeral_storage_above_the_included_20_gb(tmp_path):
    costs = terraform(
        tmp_path,
        TASK_TF.replace(
            'container_definitions    = "[]"',
            'container_definitions    = "[]"\n  ephemeral_storage {\n    size_in_gib = 50\n  }',
        )
        + """
        resource "aws_ecs_service" "api" {
          launch_type     = "FARGATE"
          task_definition = aws_ecs_task_definition.app.arn
          desired_count   = 2
        }
    """,
    )
    # (50 - 20) GB x 2 tasks x 730 h = 43,800 GB-h x 0.000111 (fargate ephemeral_storage, us-east-1) = 4.8618
    assert parts(costs["aws_ecs_service.api"])[-1] == (
        "Fargate ephemeral storage above 20 GB (30 GB x 2 tasks)",
        D(43800),
        D("0.000111"),
        D("4.861800"),
    )


def test_ecs_fargate_spot_split_and_ec2_launch_type(tmp_path):
    costs = terraform(
        tmp_path,
        TASK_TF
        + """
        resource "aws_ecs_service" "mixed" {
          name            = "mixed"
          task_definition = aws_ecs_task_definition.app.arn
          desired_count   = 4
          capacity_provider_strategy {
            capacity_provider = "FARGATE"
            base              = 1
            weight            = 1
          }
          capacity_provider_strategy {
            capacity_provider = "FARGATE_SPOT"
            weight            = 2
          }
        }
        resource "aws_ecs_service" "on_ec2" {
          name            = "on_ec2"
          launch_type     = "EC2"
          task_definition = aws_ecs_task_definition.app.arn
          desired_count   = 2
        }
    """,
    )
    mixed = costs["aws_ecs_service.mixed"]
    # base 1 on FARGATE, then 3 split 1:2 -> 1 more on FARGATE (2 in all), 2 on FARGATE_SPOT
    # FARGATE: 2 x 0.5 x 730 = 730 vCPU-h x 0.04048 = 29.5504; 2 x 1 x 730 = 1,460 GB-h x 0.004445 = 6.4897
    assert parts(mixed)[:2] == [
        ("Fargate vCPU (0.5 vCPU x 2 tasks)", D(730), D("0.04048"), D("29.5504")),
        ("Fargate memory (1 GB x 2 tasks)", D(1460), D("0.004445"), D("6.4897")),
    ]
    spot = mixed.components[2:]
    assert [c.name for c in spot] == [
        "Fargate vCPU (0.5 vCPU x 2 tasks, Fargate Spot)",
        "Fargate memory (1 GB x 2 tasks, Fargate Spot)",
    ]
    assert all(c.missing and "purchase=spot" in c.missing for c in spot)
    assert mixed.status == "priced" and mixed.missing_prices == spot
    on_ec2 = costs["aws_ecs_service.on_ec2"]
    assert on_ec2.status == "free"
    assert any("EC2 container instances" in a for a in on_ec2.assumptions)


def test_ecs_service_not_priced_reasons(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_ecs_service" "external" {
          name            = "external"
          launch_type     = "FARGATE"
          task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/other:3"
          desired_count   = 1
        }
        resource "aws_ecs_task_definition" "no_size" {
          family                   = "no_size"
          requires_compatibilities = ["FARGATE"]
          container_definitions    = "[]"
        }
        resource "aws_ecs_service" "no_size" {
          name            = "no_size"
          launch_type     = "FARGATE"
          task_definition = aws_ecs_task_definition.no_size.arn
          desired_count   = 1
        }
    """,
    )
    assert costs["aws_ecs_service.external"].reason.startswith("task definition 'arn:aws:ecs")
    assert (
        costs["aws_ecs_service.no_size"].reason == "Fargate tasks need task-level cpu and memory in the task definition"
    )
