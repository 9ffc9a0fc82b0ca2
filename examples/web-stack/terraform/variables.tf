variable "region" {
  type    = string
  default = "us-east-1"
}

variable "environment" {
  type        = string
  description = "Deployment environment: staging or production."
}

variable "instance_type" {
  type    = string
  default = "t3.small"
}

variable "web_capacity" {
  type = object({
    min     = number
    desired = number
    max     = number
  })
  default = { min = 1, desired = 1, max = 2 }
}

variable "db_instance_class" {
  type    = string
  default = "db.t3.medium"
}

variable "db_storage_gb" {
  type    = number
  default = 50
}

variable "cache_node_type" {
  type    = string
  default = "cache.t3.micro"
}

variable "log_retention_days" {
  type    = number
  default = 30
}
