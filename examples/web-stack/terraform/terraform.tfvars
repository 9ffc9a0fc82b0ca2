environment   = "production"
instance_type = "t3.medium"
web_capacity  = { min = 2, desired = 2, max = 6 }
