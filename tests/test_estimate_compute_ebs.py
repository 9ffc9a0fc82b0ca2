"""EBS volumes and snapshots: figures worked out by hand from pricing_cache/aws/ebs/us-east-1.json.

storage per GB-month: gp2 0.10, gp3 0.08, io1 0.125, io2 0.125, st1 0.045, sc1 0.015, standard 0.05;
IOPS-month: gp3 0.005 (above 3,000), io1 0.065, io2 0.065 (first band); gp3 throughput 0.04 per
MiB/s-month above 125; magnetic I/O 0.05 per 1M requests; snapshot 0.05 per GB-month; fast snapshot
restore 0.75 per DSU-hour.
"""

from __future__ import annotations

from estimate_helpers import D, cloudformation, figures, parts, terraform


def test_every_volume_type_terraform_and_cloudformation(tmp_path):
    tf = terraform(
        tmp_path,
        """
        resource "aws_ebs_volume" "gp2" {
          availability_zone = "us-east-1a"
          size              = 10
        }
        resource "aws_ebs_volume" "gp3" {
          availability_zone = "us-east-1a"
          type              = "gp3"
          size              = 40
          iops              = 4000
          throughput        = 130
        }
        resource "aws_ebs_volume" "io1" {
          availability_zone = "us-east-1a"
          type              = "io1"
          size              = 30
          iops              = 300
        }
        resource "aws_ebs_volume" "io2" {
          availability_zone = "us-east-1a"
          type              = "io2"
          size              = 30
          iops              = 300
        }
        resource "aws_ebs_volume" "st1" {
          availability_zone = "us-east-1a"
          type              = "st1"
          size              = 500
        }
        resource "aws_ebs_volume" "sc1" {
          availability_zone = "us-east-1a"
          type              = "sc1"
          size              = 500
        }
        resource "aws_ebs_volume" "standard" {
          availability_zone = "us-east-1a"
          type              = "standard"
          size              = 20
        }
    """,
        usage="""
        resource_usage:
          aws_ebs_volume.standard:
            monthly_standard_io_requests: 3000000
    """,
    )
    assert parts(tf["aws_ebs_volume.gp2"]) == [
        ("Storage (general purpose SSD, gp2)", D(10), D("0.1"), D("1.0"))
    ]  # 10 x 0.10
    assert any("volume type not set, assumed gp2" in a for a in tf["aws_ebs_volume.gp2"].assumptions)
    assert parts(tf["aws_ebs_volume.gp3"]) == [
        ("Storage (general purpose SSD, gp3)", D(40), D("0.08"), D("3.2")),  # 40 x 0.08
        ("Provisioned IOPS (above 3,000)", D(1000), D("0.005"), D("5")),  # (4000 - 3000) x 0.005
        ("Provisioned throughput (above 125 MiB/s)", D(5), D("0.04"), D("0.2")),  # (130 - 125) x 0.04
    ]
    assert figures(tf["aws_ebs_volume.io1"]) == [
        (D(30), D("0.125"), D("3.75")),  # 30 x 0.125
        (D(300), D("0.065"), D("19.5")),
    ]  # 300 x 0.065
    assert figures(tf["aws_ebs_volume.io2"]) == figures(tf["aws_ebs_volume.io1"])
    assert figures(tf["aws_ebs_volume.st1"]) == [(D(500), D("0.045"), D("22.5"))]  # 500 x 0.045
    assert figures(tf["aws_ebs_volume.sc1"]) == [(D(500), D("0.015"), D("7.5"))]  # 500 x 0.015
    standard = tf["aws_ebs_volume.standard"]
    assert parts(standard) == [
        ("Storage (magnetic)", D(20), D("0.05"), D("1.00")),  # 20 x 0.05
        ("I/O requests", D(3), D("0.05"), D("0.15")),
    ]  # 3M requests x 0.05 per 1M
    assert standard.components[1].usage_based
    assert standard.usage_cost == D("0.15")

    cfn = cloudformation(
        tmp_path,
        """
        Gp2: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, Size: 10}}
        Gp3:
          Type: AWS::EC2::Volume
          Properties: {AvailabilityZone: us-east-1a, VolumeType: gp3, Size: "40", Iops: 4000, Throughput: 130}
        Io1: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, VolumeType: io1, Size: 30, Iops: 300}}
        Io2: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, VolumeType: io2, Size: 30, Iops: 300}}
        St1: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, VolumeType: st1, Size: 500}}
        Sc1: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, VolumeType: sc1, Size: 500}}
        Standard: {Type: AWS::EC2::Volume, Properties: {AvailabilityZone: us-east-1a, VolumeType: standard, Size: 20}}
    """,
        usage="""
        resource_usage:
          Standard:
            monthly_standard_io_requests: 3000000
    """,
    )
    for logical, address in [
        ("Gp2", "gp2"),
        ("Gp3", "gp3"),
        ("Io1", "io1"),
        ("Io2", "io2"),
        ("St1", "st1"),
        ("Sc1", "sc1"),
        ("Standard", "standard"),
    ]:
        assert parts(cfn[logical]) == parts(tf[f"aws_ebs_volume.{address}"]), logical


def test_gp3_baseline_is_included_and_io2_above_the_first_band_is_flagged(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_ebs_volume" "gp3_baseline" {
          availability_zone = "us-east-1a"
          type              = "gp3"
          size              = 100
          iops              = 3000
          throughput        = 125
        }
        resource "aws_ebs_volume" "io2_big" {
          availability_zone = "us-east-1a"
          type              = "io2"
          size              = 100
          iops              = 40000
        }
    """,
    )
    assert figures(costs["aws_ebs_volume.gp3_baseline"]) == [(D(100), D("0.08"), D("8"))]  # 100 x 0.08 only
    io2 = costs["aws_ebs_volume.io2_big"]
    iops = io2.components[1]
    # 40,000 x 0.065 = 2,600 at the first band's rate: an overestimate, flagged
    assert (iops.monthly_quantity, iops.monthly_cost, iops.approximate) == (D(40000), D("2600"), True)
    assert any("above 32,000" in a for a in io2.assumptions)


def test_volume_not_priced_reasons(tmp_path):
    costs = terraform(
        tmp_path,
        """
        variable "size" {
          type = number
        }
        resource "aws_ebs_volume" "unknown_size" {
          availability_zone = "us-east-1a"
          size              = var.size
        }
        resource "aws_ebs_volume" "io1_without_iops" {
          availability_zone = "us-east-1a"
          type              = "io1"
          size              = 10
        }
        resource "aws_ebs_volume" "bad_type" {
          availability_zone = "us-east-1a"
          type              = "gp9"
          size              = 10
        }
    """,
    )
    assert costs["aws_ebs_volume.unknown_size"].reason == "volume size is unknown (var.size)"
    assert costs["aws_ebs_volume.io1_without_iops"].reason.startswith("volume IOPS not set")
    assert costs["aws_ebs_volume.bad_type"].reason.startswith("volume type 'gp9' is not an EBS volume type")


def test_snapshot_of_a_volume_and_with_usage(tmp_path):
    costs = terraform(
        tmp_path,
        """
        resource "aws_ebs_volume" "data" {
          availability_zone = "us-east-1a"
          type              = "gp3"
          size              = 100
        }
        resource "aws_ebs_snapshot" "of_volume" {
          volume_id = aws_ebs_volume.data.id
        }
        resource "aws_ebs_snapshot" "with_usage" {
          volume_id = aws_ebs_volume.data.id
        }
        resource "aws_ebs_snapshot" "elsewhere" {
          volume_id = "vol-0123"
        }
    """,
        usage="""
        resource_usage:
          aws_ebs_snapshot.with_usage:
            storage_gb: 20
            fast_snapshot_restore_hours: 100
    """,
    )
    of_volume = costs["aws_ebs_snapshot.of_volume"]
    assert parts(of_volume) == [("Snapshot storage", D(100), D("0.05"), D("5"))]  # full 100 GB x 0.05
    assert any("full size of aws_ebs_volume.data" in a for a in of_volume.assumptions)
    assert parts(costs["aws_ebs_snapshot.with_usage"]) == [
        ("Snapshot storage", D(20), D("0.05"), D("1")),  # 20 GB x 0.05
        ("Fast snapshot restore", D(100), D("0.75"), D("75")),  # 100 DSU-hours x 0.75
    ]
    elsewhere = costs["aws_ebs_snapshot.elsewhere"]
    assert parts(elsewhere) == [("Snapshot storage", None, D("0.05"), None)]  # waiting for storage_gb
    assert elsewhere.awaiting_usage == elsewhere.components
