"""The Terraform reader end to end on small projects: addresses, attributes, regions, lines."""

from __future__ import annotations

import json
from pathlib import Path

from costlint.model import Unknown
from test_terraform_support import by_address, messages, read


def test_locals_in_any_order_and_expressions(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
locals {
  name   = "${local.prefix}-${local.env}"
  prefix = upper(local.env)
  env    = "prod"
  sizes  = { small = 20, large = 100 }
  azs    = ["a", "b", "c"]
  subnets = [for i, az in local.azs : { az = az, cidr = cidrsubnet("10.0.0.0/16", 8, i) }]
}
resource "aws_ebs_volume" "data" {
  availability_zone = local.subnets[1].az
  size              = local.env == "prod" ? local.sizes["large"] * 2 + 10 : local.sizes.small
  type              = "gp${2 + 1}"
  tags              = { Name = local.name, Cidrs = join(",", local.subnets[*].cidr) }
}
"""
        },
    )
    volume = by_address(project)["aws_ebs_volume.data"]
    assert volume.attributes == {
        "availability_zone": "b",
        "size": 210,
        "type": "gp3",
        "tags": {"Name": "PROD-prod", "Cidrs": "10.0.0.0/24,10.0.1.0/24,10.0.2.0/24"},
    }
    assert (volume.file, volume.line, volume.kind, volume.provider) == ("main.tf", 10, "ebs.volume", "aws")
    assert messages(project) == []


def test_count_and_for_each_forms(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
variable "names" {
  type    = set(string)
  default = ["b", "a"]
}
resource "aws_instance" "counted" {
  count         = 2
  instance_type = "t3.${count.index == 0 ? "micro" : "small"}"
}
resource "aws_instance" "by_list" {
  for_each      = toset(["x", "y"])
  instance_type = each.value
}
resource "aws_instance" "by_set" {
  for_each = var.names
  tags     = { Key = each.key }
}
resource "aws_instance" "by_map" {
  for_each      = { web = "m5.large", db = "r5.large" }
  instance_type = each.value
  tags          = { Role = each.key }
}
resource "aws_instance" "none" {
  count = 0
}
resource "aws_instance" "refs" {
  instance_type = aws_instance.by_map["web"].instance_type
  tags = {
    n     = length(aws_instance.counted)
    types = join(",", aws_instance.counted[*].instance_type)
    keys  = join(",", keys(aws_instance.by_map))
  }
}
"""
        },
    )
    resources = by_address(project)
    assert list(resources) == [
        "aws_instance.counted[0]",
        "aws_instance.counted[1]",
        'aws_instance.by_list["x"]',
        'aws_instance.by_list["y"]',
        'aws_instance.by_set["a"]',
        'aws_instance.by_set["b"]',
        'aws_instance.by_map["db"]',
        'aws_instance.by_map["web"]',
        "aws_instance.refs",
    ]
    assert resources["aws_instance.counted[1]"].attributes["instance_type"] == "t3.small"
    assert resources['aws_instance.by_list["y"]'].attributes["instance_type"] == "y"
    assert resources['aws_instance.by_set["b"]'].attributes["tags"] == {"Key": "b"}
    assert resources['aws_instance.by_map["db"]'].attributes == {"instance_type": "r5.large", "tags": {"Role": "db"}}
    assert resources["aws_instance.refs"].attributes == {
        "instance_type": "m5.large",
        "tags": {"n": 2, "types": "t3.micro,t3.small", "keys": "db,web"},
    }
    assert all(r.line == 6 for a, r in resources.items() if a.startswith("aws_instance.counted"))


def test_nested_blocks_dynamic_and_meta_arguments(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
resource "aws_security_group" "sg" {
  name = "web"
  depends_on = [aws_instance.x]
  lifecycle {
    create_before_destroy = true
  }
  ingress {
    from_port = 22
  }
  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port = ingress.value
    }
  }
  dynamic "egress" {
    for_each = { a = 1 }
    iterator = rule
    content {
      description = "${rule.key}=${rule.value}"
    }
  }
}
resource "aws_instance" "x" {
  provisioner "local-exec" {
    command = "echo"
  }
  root_block_device {
    volume_size = 50
  }
}
"""
        },
    )
    resources = by_address(project)
    assert resources["aws_security_group.sg"].attributes == {
        "name": "web",
        "ingress": [{"from_port": 22}, {"from_port": 80}, {"from_port": 443}],
        "egress": [{"description": "a=1"}],
    }
    assert resources["aws_instance.x"].attributes == {"root_block_device": [{"volume_size": 50}]}


def test_references_to_resources_and_data_sources(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
data "aws_ami" "ubuntu" {
  most_recent = true
}
resource "aws_launch_template" "web" {
  instance_type = "m5.large"
  image_id      = data.aws_ami.ubuntu.id
}
resource "aws_autoscaling_group" "web" {
  desired_capacity = 2
  launch_template {
    id      = aws_launch_template.web.id
    version = aws_launch_template.web.latest_version
  }
  tag {
    key                 = "Team"
    value               = "core"
    propagate_at_launch = true
  }
}
resource "aws_instance" "copy" {
  instance_type = aws_launch_template.web.instance_type
}
"""
        },
    )
    resources = by_address(project)
    template = resources["aws_autoscaling_group.web"].attributes["launch_template"][0]
    assert template["id"] == Unknown("aws_launch_template.web.id", ref="aws_launch_template.web")
    assert template["id"].ref == "aws_launch_template.web"
    assert resources["aws_launch_template.web"].attributes["image_id"] == Unknown("data.aws_ami.ubuntu.id")
    assert resources["aws_launch_template.web"].attributes["image_id"].ref is None
    assert resources["aws_instance.copy"].attributes["instance_type"] == "m5.large"
    assert resources["aws_autoscaling_group.web"].tags == {"Team": "core"}
    assert "data.aws_ami.ubuntu" not in resources


def test_computed_nested_blocks_of_another_resource_are_unknown(tmp_path: Path) -> None:
    # As in Azure and Google modules: kubelet_identity is filled in by the provider when the configuration
    # gives none (here a dynamic block with nothing to iterate), so indexing it is known only after apply.
    project = read(
        tmp_path,
        {
            "main.tf": """
variable "kubelet" {
  default = []
}
resource "azurerm_kubernetes_cluster" "x" {
  location = "westeurope"
  dynamic "kubelet_identity" {
    for_each = var.kubelet
    content {
      user_assigned_identity_id = kubelet_identity.value
    }
  }
  identity {
    type = "SystemAssigned"
  }
}
resource "azurerm_role_assignment" "kubelet" {
  principal_id = azurerm_kubernetes_cluster.x.kubelet_identity[0].object_id
  scope        = azurerm_kubernetes_cluster.x.identity[0].type
  description  = var.kubelet == [] ? "none" : azurerm_kubernetes_cluster.x.kubelet_identity[0].object_id
}
resource "azurerm_role_assignment" "unknown_branch" {
  description = azurerm_kubernetes_cluster.x.id == "" ? "no" : var.kubelet[3]
}
"""
        },
    )
    assert messages(project) == []
    attributes = by_address(project)["azurerm_role_assignment.kubelet"].attributes
    assert attributes["principal_id"] == Unknown(
        "azurerm_kubernetes_cluster.x.kubelet_identity[0].object_id", ref="azurerm_kubernetes_cluster.x"
    )
    assert attributes["scope"] == "SystemAssigned"
    assert attributes["description"] == "none"
    # An error in a branch that an unknown condition may not take is not Terraform's error either.
    unknown_branch = by_address(project)["azurerm_role_assignment.unknown_branch"].attributes["description"]
    assert unknown_branch == Unknown("azurerm_kubernetes_cluster.x.id", ref="azurerm_kubernetes_cluster.x")


def test_indexed_reference_keeps_the_index_in_ref(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
resource "aws_launch_template" "lt" {
  count = 2
}
resource "aws_instance" "x" {
  subnet_id = aws_launch_template.lt[1].id
}
"""
        },
    )
    value = by_address(project)["aws_instance.x"].attributes["subnet_id"]
    assert value == Unknown("aws_launch_template.lt[1].id", ref="aws_launch_template.lt[1]")


def test_local_modules_with_inputs_outputs_count_and_for_each(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
module "svc" {
  source   = "./modules/svc"
  for_each = { api = 2, web = 1 }
  name     = each.key
  replicas = each.value
}
module "extra" {
  source   = "./modules/svc"
  count    = 1
  name     = "extra-${module.svc["api"].first_type}"
  replicas = 1
}
resource "aws_s3_bucket" "logs" {
  bucket = module.extra[0].names[0]
}
""",
            "modules/svc/main.tf": """
variable "name" {
  type = string
}
variable "replicas" {
  type = number
}
variable "size" {
  default = "t3.small"
}
resource "aws_instance" "this" {
  count         = var.replicas
  instance_type = var.size
  tags          = { Name = "${var.name}-${count.index}" }
}
module "disk" {
  source = "../disk"
  owner  = aws_instance.this[0].tags.Name
}
output "first_type" {
  value = aws_instance.this[0].instance_type
}
output "names" {
  value = aws_instance.this[*].tags.Name
}
""",
            "modules/disk/main.tf": """
variable "owner" {}
resource "aws_ebs_volume" "d" {
  size = 10
  tags = { Owner = var.owner }
}
""",
        },
    )
    resources = by_address(project)
    assert list(resources) == [
        'module.svc["api"].aws_instance.this[0]',
        'module.svc["api"].aws_instance.this[1]',
        'module.svc["api"].module.disk.aws_ebs_volume.d',
        'module.svc["web"].aws_instance.this[0]',
        'module.svc["web"].module.disk.aws_ebs_volume.d',
        "module.extra[0].aws_instance.this[0]",
        "module.extra[0].module.disk.aws_ebs_volume.d",
        "aws_s3_bucket.logs",
    ]
    api1 = resources['module.svc["api"].aws_instance.this[1]']
    assert (api1.file, api1.line, api1.module) == ("modules/svc/main.tf", 11, 'module.svc["api"]')
    assert api1.attributes == {"instance_type": "t3.small", "tags": {"Name": "api-1"}}
    disk = resources['module.svc["web"].module.disk.aws_ebs_volume.d']
    assert disk.tags == {"Owner": "web-0"} and disk.file == "modules/disk/main.tf"
    assert resources["aws_s3_bucket.logs"].attributes["bucket"] == "extra-t3.small-0"
    assert messages(project) == []


def test_providers_aliases_and_providers_passed_to_modules(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = { Team = "core", Env = "prod" }
  }
}
provider "aws" {
  alias  = "use1"
  region = "us-east-1"
}
resource "aws_instance" "default" {
  tags = { Env = "override" }
}
resource "aws_instance" "aliased" {
  provider = aws.use1
}
module "inherits" {
  source = "./mod"
}
module "mapped" {
  source    = "./mod"
  providers = { aws = aws.use1 }
}
resource "azurerm_linux_virtual_machine" "vm" {
  location = "westeurope"
}
resource "random_id" "r" {}
""",
            "mod/main.tf": 'resource "aws_instance" "m" {}\ndata "aws_region" "here" {}\n'
            'resource "aws_s3_bucket" "b" {\n  bucket = "in-${data.aws_region.here.name}"\n}\n',
        },
    )
    resources = by_address(project)
    assert resources["aws_instance.default"].region == "eu-west-1"
    assert resources["aws_instance.default"].tags == {"Team": "core", "Env": "override"}
    assert resources["aws_instance.aliased"].region == "us-east-1"
    assert resources["aws_instance.aliased"].tags == {}
    assert resources["module.inherits.aws_instance.m"].region == "eu-west-1"
    assert resources["module.inherits.aws_instance.m"].tags == {"Team": "core", "Env": "prod"}
    assert resources["module.mapped.aws_instance.m"].region == "us-east-1"
    assert resources["module.mapped.aws_s3_bucket.b"].attributes["bucket"] == "in-us-east-1"
    assert resources["azurerm_linux_virtual_machine.vm"].region == "westeurope"
    assert resources["azurerm_linux_virtual_machine.vm"].provider == "azurerm"
    assert resources["random_id.r"].region is None and resources["random_id.r"].kind is None


def test_region_fallbacks(tmp_path: Path) -> None:
    files = {"main.tf": 'provider "aws" {}\nresource "aws_instance" "x" {}\n'}
    assert read(tmp_path, files).resources[0].region == Unknown("provider aws has no region")
    assert read(tmp_path, files, region="ap-south-1").resources[0].region == "ap-south-1"
    environ = {"AWS_DEFAULT_REGION": "ca-central-1"}
    assert read(tmp_path, files, environ=environ, region="ap-south-1").resources[0].region == "ca-central-1"
    environ["AWS_REGION"] = "sa-east-1"
    assert read(tmp_path, files, environ=environ).resources[0].region == "sa-east-1"


def test_registry_modules_from_modules_json_and_undownloaded(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
  name    = "main"
}
module "eks" {
  source = "git::https://example.com/eks.git"
}
resource "aws_instance" "x" {
  subnet_id = module.eks.private_subnets[0]
  tags      = { Vpc = module.vpc.name_out }
}
""",
            ".terraform/modules/modules.json": json.dumps(
                {
                    "Modules": [
                        {"Key": "", "Source": "", "Dir": "."},
                        {
                            "Key": "vpc",
                            "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws",
                            "Version": "5.0.0",
                            "Dir": ".terraform/modules/vpc",
                        },
                    ]
                }
            ),
            ".terraform/modules/vpc/main.tf": 'variable "name" {}\nresource "aws_vpc" "this" {\n'
            '  cidr_block = "10.0.0.0/16"\n}\n'
            'output "name_out" {\n  value = var.name\n}\n',
        },
    )
    resources = by_address(project)
    vpc = resources["module.vpc.aws_vpc.this"]
    assert (vpc.file, vpc.line) == (".terraform/modules/vpc/main.tf", 2)
    assert resources["aws_instance.x"].attributes == {
        "subnet_id": Unknown("module.eks.private_subnets"),
        "tags": {"Vpc": "main"},
    }
    assert messages(project) == [
        'proj/main.tf:7: warning: module.eks: source "git::https://example.com/eks.git" is not downloaded '
        "(run terraform init); its resources are not evaluated"
    ]
    assert not project.failed


def test_unknown_for_each_and_count(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
data "aws_subnets" "x" {}
resource "aws_subnet" "s" {
  cidr_block = "10.0.0.0/24"
}
resource "aws_instance" "per_subnet" {
  for_each      = toset(data.aws_subnets.x.ids)
  subnet_id     = each.value
  instance_type = "t3.micro"
}
resource "aws_instance" "bad" {
  count = length(aws_subnet.s.arn) > 0 ? 1 : 0
}
"""
        },
    )
    resources = by_address(project)
    placeholder = resources["aws_instance.per_subnet"]
    assert placeholder.notes == ["instances unknown: for_each depends on data.aws_subnets.x.ids"]
    assert placeholder.attributes == {"subnet_id": Unknown("data.aws_subnets.x.ids"), "instance_type": "t3.micro"}
    assert resources["aws_instance.bad"].notes == ["instances unknown: count depends on aws_subnet.s.arn"]
    assert messages(project) == [
        "proj/main.tf:7: warning: aws_instance.per_subnet: for_each depends on data.aws_subnets.x.ids, which "
        "costlint cannot know; listed once, without instances",
        "proj/main.tf:12: warning: aws_instance.bad: count depends on aws_subnet.s.arn, an attribute known only "
        "after apply unless the provider sets it during plan; listed once, without instances",
    ]


def test_module_with_unknown_for_each_lists_its_resources_once(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'variable "names" {}\nmodule "m" {\n  source   = "./m"\n  for_each = var.names\n'
            "  name     = each.key\n}\n",
            "m/main.tf": 'variable "name" {}\nresource "aws_sqs_queue" "q" {\n  name = var.name\n}\n',
        },
    )
    queue = by_address(project)["module.m.aws_sqs_queue.q"]
    assert queue.attributes == {"name": Unknown("var.names")}
    assert queue.notes == ["instances unknown: for_each depends on var.names (of module.m)"]


def test_module_calling_itself_and_missing_module(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'module "a" {\n  source = "./a"\n}\nmodule "gone" {\n  source = "./missing"\n}\n'
            'resource "aws_sqs_queue" "ok" {}\n',
            "a/main.tf": 'module "b" {\n  source = "../b"\n}\nresource "aws_sqs_queue" "in_a" {}\n',
            "b/main.tf": '\nmodule "back" {\n  source = "../a"\n}\n',
        },
    )
    assert [r.address for r in project.resources] == ["module.a.aws_sqs_queue.in_a", "aws_sqs_queue.ok"]
    assert messages(project) == [
        "proj/b/main.tf:2: error: module.a.module.b.module.back: module calls itself (. -> a -> b -> a); not evaluated",
        'proj/main.tf:5: error: module.gone: module directory "./missing" does not exist',
    ]


def test_cycles_are_reported_not_looped(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {"main.tf": 'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_sqs_queue" "q" {\n  name = local.a\n}\n'},
    )
    assert messages(project) == ["proj/main.tf:2: error: dependency cycle: local.a -> local.b -> local.a"]
    assert isinstance(project.resources[0].attributes["name"], Unknown)


def test_evaluation_errors_and_unsupported_functions(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
resource "aws_instance" "x" {
  instance_type = var.nope
  ami           = frobnicate("x")
  user_data     = frobnicate("y")
  key_name      = { a = 1 }["b"]
  subnet_id     = "ok"
}
"""
        },
    )
    attributes = project.resources[0].attributes
    assert attributes["subnet_id"] == "ok"
    assert attributes["ami"] == Unknown("function frobnicate() is not supported")
    assert isinstance(attributes["instance_type"], Unknown)
    assert messages(project) == [
        'proj/main.tf:3: error: aws_instance.x.instance_type: reference to undeclared input variable "var.nope"',
        "proj/main.tf:4: warning: function frobnicate() is not supported; values that use it are unknown",
        'proj/main.tf:6: error: aws_instance.x.key_name: key "b" not found',
    ]


def test_malformed_files_do_not_hide_the_rest(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "a_truncated.tf": 'resource "aws_instance" "lost" {\n  instance_type = "t3.micro"\n',
            "b_unclosed.tf": 'resource "aws_instance" "lost2" {\n  ami = "abc\n}\n',
            "c_binary.tf": b"\x7fELF\x00\x00\x01",
            "d_empty.tf": "",
            "e_crlf.tf": 'resource "aws_instance" "crlf" {\r\n  instance_type = "t3.nano"\r\n}\r\n',
            "f_continuation.tf": 'resource "aws_instance" "cont" {\n  instance_type = (\n    true\n'
            '    ? "m5.large"\n    : "t3.micro"\n  )\n}\n',
            "g_good.tf": 'resource "aws_instance" "good" {\n  instance_type = "t3.small"\n}\n',
        },
    )
    resources = by_address(project)
    assert list(resources) == ["aws_instance.crlf", "aws_instance.cont", "aws_instance.good"]
    assert resources["aws_instance.cont"].attributes["instance_type"] == "m5.large"
    assert resources["aws_instance.good"].line == 1
    assert messages(project) == [
        "proj/a_truncated.tf:1: error: unexpected end of file: '{' is not closed",
        "proj/b_unclosed.tf:2: error: unclosed string",
        "proj/c_binary.tf:1: error: binary file",
    ]
    assert project.failed and project.files_read == 7


def test_json_configuration_syntax(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf.json": json.dumps(
                {
                    "variable": {"size": {"type": "number", "default": 20}},
                    "provider": {"aws": {"region": "us-east-2"}},
                    "resource": {"aws_ebs_volume": {"data": {"size": "${var.size * 2}", "type": "gp3", "count": 1}}},
                },
                indent=2,
            )
        },
    )
    volume = by_address(project)["aws_ebs_volume.data[0]"]
    assert volume.attributes == {"size": 40, "type": "gp3"}
    assert (volume.region, volume.file, volume.line) == ("us-east-2", "main.tf.json", 15)


def test_display_root_prefixes_diagnostics(tmp_path: Path) -> None:
    project = read(tmp_path, {"main.tf": "x = \n"}, display="infra/prod")
    assert messages(project) == ["infra/prod/main.tf:1: error: unexpected newline"]


def test_modules_using_each_others_outputs_are_not_a_cycle(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'module "a" {\n  source = "./a"\n  in = module.b.out\n}\n'
            'module "b" {\n  source = "./b"\n  in = module.a.name\n}\n',
            "a/main.tf": 'variable "in" {}\noutput "name" {\n  value = "alpha"\n}\n'
            'resource "aws_sqs_queue" "q" {\n  name = "a-${var.in}"\n}\n',
            "b/main.tf": 'variable "in" {}\noutput "out" {\n  value = "beta"\n}\n'
            'resource "aws_sqs_queue" "q" {\n  name = "b-${var.in}"\n}\n',
        },
    )
    assert messages(project) == []
    assert {r.address: r.attributes["name"] for r in project.resources} == {
        "module.a.aws_sqs_queue.q": "a-beta",
        "module.b.aws_sqs_queue.q": "b-alpha",
    }


def test_provider_configured_from_a_module_output(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'provider "aws" {\n  region = "eu-west-3"\n}\n'
            'provider "helm" {\n  host = module.k8s.endpoint\n}\n'
            'module "k8s" {\n  source = "./k8s"\n}\n',
            "k8s/main.tf": 'resource "aws_eks_cluster" "c" {\n  vpc_config {\n    subnet_ids = []\n  }\n}\n'
            'output "endpoint" {\n  value = aws_eks_cluster.c.vpc_config[0].cluster_security_group_id\n}\n',
        },
    )
    assert messages(project) == []
    assert project.resources[0].region == "eu-west-3"


def test_configuration_aliases_google_zone_and_resource_region(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "use1"
  region = "us-east-1"
}
provider "google" {
  region = "europe-west1"
}
module "cdn" {
  source    = "./cdn"
  providers = { aws = aws, aws.east = aws.use1 }
}
resource "google_compute_instance" "vm" {
  zone = "us-central1-a"
}
resource "google_storage_bucket" "b" {}
resource "aws_s3_bucket" "elsewhere" {
  region = "ap-northeast-1"
}
""",
            "cdn/main.tf": """
terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.east]
    }
  }
}
resource "aws_acm_certificate" "cert" {
  provider = aws.east
}
resource "aws_s3_bucket" "origin" {}
""",
        },
    )
    resources = by_address(project)
    assert resources["module.cdn.aws_acm_certificate.cert"].region == "us-east-1"
    assert resources["module.cdn.aws_s3_bucket.origin"].region == "eu-west-1"
    assert resources["google_compute_instance.vm"].region == "us-central1"
    assert resources["google_storage_bucket.b"].region == "europe-west1"
    assert resources["aws_s3_bucket.elsewhere"].region == "ap-northeast-1"
    assert messages(project) == []


def test_override_files_and_counted_data_sources(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": 'resource "aws_instance" "x" {\n  instance_type = "t3.micro"\n  ami = "a"\n}\n'
            'data "aws_subnet" "s" {\n  count = 2\n}\n'
            'resource "aws_instance" "y" {\n  subnet_id = data.aws_subnet.s[1].id\n'
            "  provider = aws.nowhere\n}\n",
            "override.tf": 'resource "aws_instance" "x" {\n  instance_type = "m5.large"\n}\n',
        },
        region="us-east-2",
    )
    resources = by_address(project)
    assert resources["aws_instance.x"].attributes == {"instance_type": "m5.large", "ami": "a"}
    assert resources["aws_instance.x"].region == "us-east-2"
    assert resources["aws_instance.y"].attributes == {"subnet_id": Unknown("data.aws_subnet.s[1].id")}
    assert resources["aws_instance.y"].region == Unknown("provider aws.nowhere is not configured")


def test_unknown_inputs_to_functions_leave_the_project_readable(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
variable "extra" {}
resource "aws_subnet" "s" {
  cidr_block = cidrsubnets("10.0.0.0/16", 4, var.extra)[0]
  tags       = { Public = contains([var.extra, var.extra], "x") ? "yes" : "no" }
}
"""
        },
    )
    subnet = by_address(project)["aws_subnet.s"]
    assert subnet.attributes["cidr_block"] == Unknown("var.extra")
    assert subnet.attributes["tags"] == {"Public": Unknown("var.extra")}
    assert messages(project) == [
        'proj/main.tf:2: warning: variable "extra" has no value; attributes that use it are unknown'
    ]


def test_resource_prefix_and_acm_validation_records(tmp_path: Path) -> None:
    # resource.<type>.<name> is a reference in Terraform 1.x (cloud-foundation-fabric
    # modules/__experimental_deprecated/alloydb-instance/outputs.tf); the for_each of ACM validation
    # records over domain_validation_options is the AWS provider's documented pattern (the provider sets
    # it during plan), so it is not reported as an error.
    project = read(
        tmp_path,
        {
            "main.tf": """
output "cluster" {
  value = resource.aws_rds_cluster.db.cluster_identifier
}
resource "aws_rds_cluster" "db" {
  cluster_identifier = "main"
}
resource "aws_acm_certificate" "cert" {
  domain_name       = "example.com"
  validation_method = "DNS"
}
resource "aws_route53_record" "validation" {
  for_each = {
    for dvo in aws_acm_certificate.cert.domain_validation_options : dvo.domain_name => dvo
  }
  name = each.value.resource_record_name
}
"""
        },
    )
    assert [d.severity for d in project.diagnostics] == ["warning"]
    assert "domain_validation_options, an attribute known only after apply unless" in messages(project)[0]


def test_a_data_source_echoing_an_argument_gives_it_back(tmp_path: Path) -> None:
    project = read(
        tmp_path,
        {
            "main.tf": """
provider "aws" {
  region = "eu-west-1"
}
data "aws_rds_engine_version" "pg" {
  engine  = "aurora-postgresql"
  version = "17.5"
}
resource "aws_rds_cluster" "c" {
  engine         = data.aws_rds_engine_version.pg.engine
  engine_version = data.aws_rds_engine_version.pg.version
}
"""
        },
    )
    attributes = by_address(project)["aws_rds_cluster.c"].attributes
    assert attributes["engine"] == "aurora-postgresql"
    # The version the data source resolves (a prefix may match a fuller one) stays unknown.
    assert isinstance(attributes["engine_version"], Unknown)
