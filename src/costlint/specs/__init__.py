"""Normalisers: one resource kind's attributes read the same way from Terraform and CloudFormation.

``specs.ec2.instance(resource)`` returns the same ``InstanceSpec`` for an ``aws_instance`` (from HCL or
a plan) and an ``AWS::EC2::Instance``; estimators and rules read specs, never native attribute names.
Values that cannot be known stay ``Unknown`` in a spec; estimators decide what that means.
"""

from __future__ import annotations


class InvalidValue(ValueError):
    """An attribute's value cannot mean what the kind needs (``size = "big"``); the estimate engine
    reports the resource as not priced with this message."""
