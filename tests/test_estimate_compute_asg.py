"""Auto Scaling groups: N x the machine of their launch template or configuration.

Prices (us-east-1): ec2 t3.medium 0.0416/h, m5.large 0.096/h, m5.large spot 0.0434/h, t2.micro 0.0116/h;
ebs gp2 0.10, gp3 0.08 per GB-month; cloudwatch metrics 0.30 per metric-month.
"""

from __future__ import annotations

from estimate_helpers import D, cloudformation, parts, terraform

TF_GROUP = """
    resource "aws_launch_template" "web" {
      name_prefix   = "web-"
      image_id      = "ami-1"
      instance_type = "t3.medium"
      block_device_mappings {
        device_name = "/dev/xvda"
        ebs {
          volume_type = "gp3"
          volume_size = 30
        }
      }
    }
    resource "aws_autoscaling_group" "web" {
      min_size         = 1
      desired_capacity = 2
      max_size         = 4
      launch_template {
        id      = aws_launch_template.web.id
        version = "$Latest"
      }
    }
"""

CFN_GROUP = """
    WebTemplate:
      Type: AWS::EC2::LaunchTemplate
      Properties:
        LaunchTemplateData:
          ImageId: ami-1
          InstanceType: t3.medium
          BlockDeviceMappings:
            - DeviceName: /dev/xvda
              Ebs: {VolumeType: gp3, VolumeSize: 30}
    Web:
      Type: AWS::AutoScaling::AutoScalingGroup
      Properties:
        MinSize: "1"
        DesiredCapacity: "2"
        MaxSize: "4"
        LaunchTemplate:
          LaunchTemplateId: !Ref WebTemplate
          Version: !GetAtt WebTemplate.LatestVersionNumber
"""


def test_group_with_launch_template_terraform_and_cloudformation(tmp_path):
    tf = terraform(tmp_path, TF_GROUP)["aws_autoscaling_group.web"]
    assert parts(tf) == [
        ("Instance usage (Linux/UNIX, on-demand, t3.medium)", D(1460), D("0.0416"), D("60.736")),  # 2 x 730 x 0.0416
        ("CPU credits (unlimited mode)", None, D("0.05"), None),  # waits for usage
        ("Root volume storage (general purpose SSD, gp3)", D(60), D("0.08"), D("4.80")),  # 2 x 30 x 0.08
    ]
    assert tf.monthly_cost == D("65.536")
    # "N x instance", per instance: 65.536 / 2 = 32.768
    assert tf.assumptions[0] == "2 instances (desired_capacity) x $32.77 a month, from aws_launch_template.web"
    cfn = cloudformation(tmp_path, CFN_GROUP)["Web"]
    assert parts(cfn) == parts(tf)
    assert cfn.assumptions[0] == "2 instances (desired_capacity) x $32.77 a month, from WebTemplate"


def test_instance_count_min_size_and_usage(tmp_path):
    costs = terraform(
        tmp_path,
        TF_GROUP.replace("desired_capacity = 2", "")
        + """
        resource "aws_autoscaling_group" "from_usage" {
          min_size = 1
          max_size = 10
          launch_template {
            id = aws_launch_template.web.id
          }
        }
    """,
        usage="""
        resource_usage:
          aws_autoscaling_group.from_usage:
            instances: 5
            monthly_cpu_credit_hrs: 10
            vcpu_count: 2
    """,
    )
    assert costs["aws_autoscaling_group.web"].components[0].monthly_quantity == D(730)  # min_size 1 x 730 h
    assert costs["aws_autoscaling_group.web"].assumptions[0].startswith("1 instance (min_size")
    usage = parts(costs["aws_autoscaling_group.from_usage"])
    assert usage[0] == (
        "Instance usage (Linux/UNIX, on-demand, t3.medium)",
        D(3650),
        D("0.0416"),
        D("151.84"),
    )  # 5 x 730 x 0.0416
    assert usage[1] == ("CPU credits (unlimited mode)", D(100), D("0.05"), D("5"))  # 10 h x 2 vCPU x 5 x 0.05


def test_mixed_instances_policy_splits_on_demand_and_spot(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_launch_template" "lt" {
          image_id      = "ami-1"
          instance_type = "t3.medium"
          block_device_mappings {
            device_name = "/dev/xvda"
            ebs {
              volume_size = 10
            }
          }
        }
        resource "aws_autoscaling_group" "mixed" {
          min_size         = 1
          max_size         = 8
          desired_capacity = 4
          mixed_instances_policy {
            launch_template {
              launch_template_specification {
                launch_template_id = aws_launch_template.lt.id
              }
              override {
                instance_type = "m5.large"
              }
              override {
                instance_type = "m5.xlarge"
              }
            }
            instances_distribution {
              on_demand_base_capacity                  = 1
              on_demand_percentage_above_base_capacity = 50
            }
          }
        }
    """,
    )["aws_autoscaling_group.mixed"]
    # on-demand: base 1 + ceil((4 - 1) x 50%) = 1 + 2 = 3; spot: 1
    assert parts(tf) == [
        ("Instance usage (Linux/UNIX, on-demand, m5.large)", D(2190), D("0.096"), D("210.24")),  # 3 x 730 x 0.096
        ("Instance usage (Linux/UNIX, spot, m5.large)", D(730), D("0.0434"), D("31.682")),  # 1 x 730 x 0.0434
        ("Root volume storage (general purpose SSD, gp2)", D(40), D("0.1"), D("4.0")),  # 4 x 10 x 0.10
    ]
    assert tf.components[1].approximate  # spot prices are point-in-time, lower confidence
    assert tf.assumptions[0].startswith("4 instances (3 on-demand, 1 spot) (desired_capacity)")

    cfn = cloudformation(
        tmp_path,
        """
        Lt:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              InstanceType: t3.medium
              BlockDeviceMappings:
                - DeviceName: /dev/xvda
                  Ebs: {VolumeSize: 10}
        Mixed:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            MinSize: "1"
            MaxSize: "8"
            DesiredCapacity: "4"
            MixedInstancesPolicy:
              LaunchTemplate:
                LaunchTemplateSpecification:
                  LaunchTemplateId: !Ref Lt
                  Version: "1"
                Overrides:
                  - InstanceType: m5.large
                  - InstanceType: m5.xlarge
              InstancesDistribution:
                OnDemandBaseCapacity: 1
                OnDemandPercentageAboveBaseCapacity: 50
    """,
    )["Mixed"]
    assert parts(cfn) == parts(tf)


def test_launch_configuration_detailed_monitoring_by_default(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_launch_configuration" "lc" {
          image_id      = "ami-1"
          instance_type = "t2.micro"
          root_block_device {
            volume_size = 10
          }
        }
        resource "aws_autoscaling_group" "g" {
          launch_configuration = aws_launch_configuration.lc.name
          min_size             = 2
          max_size             = 2
        }
    """,
    )["aws_autoscaling_group.g"]
    assert parts(tf) == [
        ("Instance usage (Linux/UNIX, on-demand, t2.micro)", D(1460), D("0.0116"), D("16.936")),  # 2 x 730 x 0.0116
        ("EC2 detailed monitoring", D(14), D("0.3"), D("4.2")),  # 2 x 7 x 0.30
        ("Root volume storage (general purpose SSD, gp2)", D(20), D("0.1"), D("2.0")),  # 2 x 10 x 0.10
    ]
    cfn = cloudformation(
        tmp_path,
        """
        Lc:
          Type: AWS::AutoScaling::LaunchConfiguration
          Properties:
            ImageId: ami-1
            InstanceType: t2.micro
            BlockDeviceMappings:
              - DeviceName: /dev/xvda
                Ebs: {VolumeSize: 10}
        G:
          Type: AWS::AutoScaling::AutoScalingGroup
          Properties:
            LaunchConfigurationName: !Ref Lc
            MinSize: "2"
            MaxSize: "2"
    """,
    )["G"]
    assert parts(cfn) == parts(tf)


def test_group_not_priced_reasons(tmp_path):
    costs = terraform(
        tmp_path,
        """
        variable "desired" {
          type = number
        }
        resource "aws_autoscaling_group" "external_template" {
          desired_capacity = 2
          min_size         = 1
          max_size         = 3
          launch_template {
            id = "lt-0abc"
          }
        }
        resource "aws_launch_template" "lt" {
          instance_type = "t3.medium"
        }
        resource "aws_autoscaling_group" "unknown_desired" {
          desired_capacity = var.desired
          min_size         = 3
          max_size         = 6
          launch_template {
            id = aws_launch_template.lt.id
          }
        }
    """,
    )
    assert costs["aws_autoscaling_group.external_template"].reason == "launch template 'lt-0abc' is not in this project"
    unknown = costs["aws_autoscaling_group.unknown_desired"]
    assert unknown.status == "priced"
    assert unknown.components[0].monthly_quantity == D(2190)  # min_size 3 x 730
    assert any("desired capacity is unknown (var.desired): priced at min_size 3" in a for a in unknown.assumptions)
