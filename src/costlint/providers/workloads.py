"""Providers that deploy onto machines priced elsewhere: Docker, Helm, Kubernetes (and kubectl).

Their resources have no cloud charge of their own: images, releases and Kubernetes objects run on hosts
or cluster nodes that are priced as themselves (EC2 instances, EKS node groups, Fargate profiles).
"""

from __future__ import annotations

from costlint.providers import Provider

_ON_THE_CLUSTER = (
    "runs on the cluster's nodes, priced as themselves (a LoadBalancer Service or a PersistentVolumeClaim "
    "makes the cluster create a load balancer or volume outside the configuration: not counted)"
)

DOCKER = Provider(
    "docker",
    free="a Docker image, container or network: built and run on hosts priced as themselves "
    "(an image pushed to ECR is that repository's storage)",
)
HELM = Provider("helm", free="a Helm release: " + _ON_THE_CLUSTER)
KUBERNETES = Provider("kubernetes", free="a Kubernetes object: " + _ON_THE_CLUSTER)
KUBECTL = Provider("kubectl", free="a Kubernetes manifest: " + _ON_THE_CLUSTER)
