"""Normalisers: one resource kind's attributes read the same way from Terraform and CloudFormation.

``specs.ec2.instance(resource)`` returns the same ``InstanceSpec`` for an ``aws_instance`` (from HCL or
a plan) and an ``AWS::EC2::Instance``; estimators and rules read specs, never native attribute names.
Values that cannot be known stay ``Unknown`` in a spec; estimators decide what that means.
"""
