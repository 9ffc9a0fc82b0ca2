locals {
  name    = "web-${var.environment}"
  is_prod = var.environment == "production"
}

module "network" {
  source = "./modules/network"

  name       = local.name
  cidr_block = "10.20.0.0/16"
  az_count   = 2
}

# --- Load balancer -------------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name   = "${local.name}-alb"
  vpc_id = module.network.vpc_id

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_lb" "web" {
  name               = "${local.name}-alb"
  load_balancer_type = "application"
  internal           = false
  subnets            = module.network.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
}

resource "aws_lb_target_group" "web" {
  name     = "${local.name}-web"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = module.network.vpc_id
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = aws_acm_certificate.web.arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.web.arn
  }
}

resource "aws_acm_certificate" "web" {
  domain_name       = "www.example.com"
  validation_method = "DNS"
}

# --- Web tier ------------------------------------------------------------------------------------

resource "aws_security_group" "web" {
  name   = "${local.name}-web"
  vpc_id = module.network.vpc_id

  ingress {
    from_port       = 8080
    to_port         = 8080
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
}

resource "aws_launch_template" "web" {
  name_prefix   = "${local.name}-"
  image_id      = "ami-0c7217cdde317cfec"
  instance_type = var.instance_type

  vpc_security_group_ids = [aws_security_group.web.id]

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_type = "gp3"
      volume_size = 30
    }
  }
}

resource "aws_autoscaling_group" "web" {
  name                = "${local.name}-web"
  min_size            = var.web_capacity.min
  desired_capacity    = var.web_capacity.desired
  max_size            = var.web_capacity.max
  vpc_zone_identifier = module.network.private_subnet_ids
  target_group_arns   = [aws_lb_target_group.web.arn]

  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "${local.name}-cpu"
  autoscaling_group_name = aws_autoscaling_group.web.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 60
  }
}

resource "aws_cloudwatch_log_group" "web" {
  name              = "/${local.name}/web"
  retention_in_days = var.log_retention_days
}

# --- Data tier -----------------------------------------------------------------------------------

resource "aws_security_group" "data" {
  name   = "${local.name}-data"
  vpc_id = module.network.vpc_id

  ingress {
    from_port       = 5432
    to_port         = 6379
    protocol        = "tcp"
    security_groups = [aws_security_group.web.id]
  }
}

resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = module.network.private_subnet_ids
}

resource "aws_db_instance" "main" {
  identifier             = "${local.name}-db"
  engine                 = "postgres"
  engine_version         = "16.8"
  instance_class         = var.db_instance_class
  allocated_storage      = var.db_storage_gb
  storage_type           = "gp3"
  multi_az               = local.is_prod
  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.data.id]
  username               = "app"
  manage_master_user_password = true
  skip_final_snapshot    = !local.is_prod
}

resource "aws_elasticache_subnet_group" "main" {
  name       = local.name
  subnet_ids = module.network.private_subnet_ids
}

resource "aws_elasticache_cluster" "sessions" {
  cluster_id         = "${local.name}-sessions"
  engine             = "redis"
  node_type          = var.cache_node_type
  num_cache_nodes    = 1
  subnet_group_name  = aws_elasticache_subnet_group.main.name
  security_group_ids = [aws_security_group.data.id]
}

resource "aws_secretsmanager_secret" "app" {
  name = "${local.name}/app"
}

# --- Static assets -------------------------------------------------------------------------------

resource "aws_s3_bucket" "assets" {
  bucket = "${local.name}-assets"
}
