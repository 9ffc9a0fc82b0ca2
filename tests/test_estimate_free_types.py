"""Configuration, attachments and policies cost nothing themselves; unknown types stay 'not priced'."""

from __future__ import annotations

from pathlib import Path

import pytest

from costlint.providers import Provider, row
from estimate_helpers import cloudformation, terraform


def test_terraform_configuration_types_are_free_and_unknown_ones_are_not_priced(tmp_path: Path) -> None:
    costs = terraform(
        tmp_path,
        """
resource "aws_default_security_group" "d" {}
resource "aws_network_acl_rule" "r" {
  network_acl_id = "acl-1"
  rule_number    = 100
  egress         = false
  protocol       = "-1"
  rule_action    = "allow"
}
resource "aws_eks_access_entry" "e" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/x"
}
resource "random_id" "suffix" {
  byte_length = 4
}
resource "aws_sagemaker_notebook_instance" "s" {
  name          = "lab"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker"
  instance_type = "ml.t3.medium"
}
""",
    )
    statuses = {address: (cost.status, cost.reason) for address, cost in costs.items()}
    assert statuses == {
        "aws_default_security_group.d": ("free", None),
        "aws_network_acl_rule.r": ("free", None),
        "aws_eks_access_entry.e": ("free", None),
        "random_id.suffix": ("free", None),
        # Billed per instance-hour, but costlint has no estimator for it yet: said, not hidden as free.
        "aws_sagemaker_notebook_instance.s": ("not_priced", "unsupported type aws_sagemaker_notebook_instance"),
    }


def test_cloudformation_policies_and_custom_resources_are_free(tmp_path: Path) -> None:
    costs = cloudformation(
        tmp_path,
        """
  Policy:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: app
      PolicyName: read
      PolicyDocument: {Version: "2012-10-17", Statement: []}
  Lookup:
    Type: Custom::AmiLookup
    Properties:
      ServiceToken: arn:aws:lambda:us-east-1:111122223333:function:lookup
  Handle:
    Type: AWS::CloudFormation::WaitConditionHandle
  Notebook:
    Type: AWS::SageMaker::NotebookInstance
    Properties:
      InstanceType: ml.t3.medium
      RoleArn: arn:aws:iam::111122223333:role/sagemaker
""",
    )
    statuses = {address: (cost.status, cost.reason) for address, cost in costs.items()}
    assert statuses == {
        "Policy": ("free", None),
        "Lookup": ("free", None),
        "Handle": ("free", None),
        "Notebook": ("not_priced", "unsupported type AWS::SageMaker::NotebookInstance"),
    }


def test_survey_types_free_or_not_priced_with_their_reason(tmp_path: Path) -> None:
    """Issue 10's survey of real projects: types with no charge of their own are free; types deliberately
    left unpriced say why instead of "unsupported type"; another cloud says so."""
    costs = terraform(
        tmp_path,
        """
resource "aws_eks_addon" "coredns" {
  cluster_name = "main"
  addon_name   = "coredns"
}
resource "aws_cloudwatch_event_rule" "nightly" {
  schedule_expression = "cron(0 2 * * ? *)"
}
resource "aws_s3_object" "index" {
  bucket  = "site"
  key     = "index.html"
  content = "<html></html>"
}
resource "aws_eks_capability" "argocd" {
  cluster_name = "main"
  type         = "ARGOCD"
}
resource "helm_release" "ingress" {
  name  = "ingress"
  chart = "ingress-nginx"
}
resource "docker_image" "app" {
  name = "app"
}
resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
resource "google_storage_bucket" "exports" {
  name     = "exports"
  location = "EU"
}
""",
    )
    statuses = {address: (cost.status, cost.reason) for address, cost in costs.items()}
    assert statuses == {
        "aws_eks_addon.coredns": ("free", None),
        "aws_cloudwatch_event_rule.nightly": ("free", None),
        "aws_s3_object.index": ("free", None),
        "aws_eks_capability.argocd": (
            "not_priced",
            "EKS Capabilities (managed Argo CD, ACK, kro) are billed per capability and per managed resource "
            "hour: no offline price source has its prices, so the snapshot has none",
        ),
        "helm_release.ingress": ("free", None),
        "docker_image.app": ("free", None),
        "kubernetes_namespace.apps": ("free", None),
        "google_storage_bucket.exports": (
            "not_priced",
            "Google Cloud: costlint does not price Google Cloud resources yet",
        ),
    }


def test_cloudformation_twins_of_survey_types(tmp_path: Path) -> None:
    costs = cloudformation(
        tmp_path,
        """
  Addon:
    Type: AWS::EKS::Addon
    Properties:
      ClusterName: main
      AddonName: coredns
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: cron(0 2 * * ? *)
  Broker:
    Type: AWS::AmazonMQ::Broker
    Properties:
      BrokerName: jobs
      EngineType: RabbitMQ
      HostInstanceType: mq.t3.micro
""",
    )
    statuses = {address: (cost.status, cost.reason) for address, cost in costs.items()}
    assert statuses == {
        "Addon": ("free", None),
        "Rule": ("free", None),
        "Broker": ("not_priced", "Amazon MQ broker hours and storage: the snapshot has no Amazon MQ prices yet"),
    }


def test_a_row_cannot_be_both_not_priced_and_free_or_priced() -> None:
    with pytest.raises(ValueError, match="is not priced and free or priced"):
        Provider("toy", types=(row("toy.thing", "toy_thing", free="x", not_priced="y"),))
    with pytest.raises(ValueError, match="is not priced and free or priced"):
        Provider("toy", types=(row("toy.thing", "toy_thing", estimator="m:f", not_priced="y"),))
