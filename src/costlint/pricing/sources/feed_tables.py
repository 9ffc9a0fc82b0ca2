"""Which AWS Pricing Calculator feed label is which catalog price: the explicit table (``feeds.py``).

Every entry names the feed file, the catalog product and attributes, the label(s) read, and ``per``:
the factor from the feed's unit to the schema's (the feeds price SQS per request, the schema per 1M
requests: ``per=1_000_000``). Labels are matched exactly; a label that disappears from a feed leaves
the price absent (and is reported), never guessed. ``tests/test_pricing_feeds.py`` checks every entry
against a known price (``sanity-checks.json``, Infracost's us-east-1 figures, the AWS pricing pages
quoted in the feeds' PROVENANCE).

Band limits of tiered prices are in the schema's unit. Where the label states them ("First 50 TB",
"from 1048576 to 5242880") they are the label's (a TB is 1,024 GB, as in the AWS price list); Lambda's
feed names its bands "Tier2" and "Tier3" without limits, so its limits are the ones Infracost's
us-east-1 fixture shows (6 and 15 billion GB-seconds for x86, 7.5 and 18.75 billion for Arm; the test
checks them against the golden-derived tiers), AWS using the same bands in every region.

Instance prices (RDS, ElastiCache) are parsed from their labels by a fixed grammar instead
(``feed_instances.py``).
"""

from __future__ import annotations

from costlint.pricing.sources.feeds import FeedPrice, banded, flat, summed

M = 1_000_000
K10 = 10_000

ELB = (
    flat("elb", "elb", "load_balancer", "Application Load Balancer Hours", lb_type="application"),
    flat("elb", "elb", "load_balancer", "Network Load Balancer Hours", lb_type="network"),
    flat("elb", "elb", "load_balancer", "Gateway Load Balancer Hours", lb_type="gateway"),
    flat("elb", "elb", "load_balancer", "Classic Load Balancer Hours", lb_type="classic"),
    flat("elb", "elb", "capacity_units", "Application Load Balancer LCU Hours", lb_type="application"),
    flat("elb", "elb", "capacity_units", "Network Load Balancer LCU Hours", lb_type="network"),
    flat("elb", "elb", "capacity_units", "Gateway Load Balancer LCU Hours", lb_type="gateway"),
    flat("elb", "elb", "data_processed", "Classic Load Balancer Data", lb_type="classic"),
)

_TGW = "Hourly charge for Transit Gateway {} per hour"
_TGW_DATA = "Charge for per GB data processed by AWS Transit Gateways for {} per GigaBytes"
VPC = (
    flat("vpc", "vpc", "public_ipv4", "Hourly charge for In use Public IPv4 Addresses per Hrs", state="in_use"),
    flat("vpc", "vpc", "public_ipv4", "Hourly charge for Idle Public IPv4 Addresses per Hrs", state="idle"),
    flat("vpc", "vpc", "endpoint", "Hourly charge for VPC Endpoints per Hrs", endpoint_type="interface"),
    flat(
        "vpc",
        "vpc",
        "endpoint",
        "Hourly charge for AWS Gateway Load Balancer VPC Endpoint per Hrs",
        endpoint_type="gateway_load_balancer",
    ),
    banded(
        "vpc",
        "vpc",
        "endpoint_data",
        (
            ("Charge for per GB data processed by VPC Endpoints per GB from 0 to 1048576", 0, 1048576),
            ("Charge for per GB data processed by VPC Endpoints per GB from 1048576 to 5242880", 1048576, 5242880),
            ("Charge for per GB data processed by VPC Endpoints per GB from 5242880 to Inf", 5242880, None),
        ),
        endpoint_type="interface",
    ),
    flat(
        "vpc",
        "vpc",
        "endpoint_data",
        "Charge for per GB data processed by AWS Gateway Load Balancer VPC Endpoint per GB",
        endpoint_type="gateway_load_balancer",
    ),
    flat("vpc", "vpc", "transit_gateway_attachment", _TGW.format("VPC Attachments"), attachment_type="vpc"),
    flat(
        "vpc", "vpc", "transit_gateway_attachment", _TGW.format("Site to-Site VPN attachments"), attachment_type="vpn"
    ),
    flat(
        "vpc",
        "vpc",
        "transit_gateway_attachment",
        _TGW.format("AWS Direct Connect Gateway attachments"),
        attachment_type="direct_connect",
    ),
    flat("vpc", "vpc", "transit_gateway_attachment", _TGW.format("Peering Attachments"), attachment_type="peering"),
    flat("vpc", "vpc", "transit_gateway_attachment", _TGW.format("Connect attachments"), attachment_type="connect"),
    flat("vpc", "vpc", "transit_gateway_data", _TGW_DATA.format("VPC attachments"), attachment_type="vpc"),
    flat("vpc", "vpc", "transit_gateway_data", _TGW_DATA.format("Site to-Site VPN attachments"), attachment_type="vpn"),
    flat(
        "vpc",
        "vpc",
        "transit_gateway_data",
        _TGW_DATA.format("AWS Direct Connect Gateway attachments"),
        attachment_type="direct_connect",
    ),
    flat("vpc", "vpc", "vpn_connection", "CreateVpnConnection per Hrs"),
    flat("vpc", "vpc", "client_vpn_endpoint", "Hourly charge for Client VPN Endpoints per Hourly"),
    flat("vpc", "vpc", "client_vpn_connection", "Hourly charge for Client VPN connections per Hourly"),
    flat("vpc", "vpc", "ipam_active_ip", "Hourly charge for Active IP Addresses per hours"),
)

NAT = (
    flat("natgateway", "vpc", "nat_gateway", "Hourly charge for NAT Gateways"),
    flat("natgateway", "vpc", "nat_gateway_data", "Charge for per GB data processed by NatGateways"),
)

# The band limits are also in each location's "(StartingRange: 0, EndingRange: 10240)" suffix, which
# the reader checks against these.
EGRESS = (
    banded(
        "datatransfer",
        "vpc",
        "internet_egress",
        (
            ("DataTransfer External Outbound Next 10 TB", 0, 10240),
            ("DataTransfer External Outbound Next 40 TB", 10240, 51200),
            ("DataTransfer External Outbound Next 100 TB", 51200, 153600),
            ("DataTransfer External Outbound Greater than 150 TB", 153600, None),
        ),
        note="per GB per month by monthly volume band (GB); the free first 100 GB per account are not deducted",
    ),
)

LAMBDA = (
    flat("lambda", "lambda", "requests", "Lambda Requests", per=M),
    banded(
        "lambda",
        "lambda",
        "duration",
        (
            ("Lambda Duration", 0, 6_000_000_000),
            ("Lambda Duration Tier2", 6_000_000_000, 15_000_000_000),
            ("Lambda Duration Tier3", 15_000_000_000, None),
        ),
        architecture="x86_64",
    ),
    banded(
        "lambda",
        "lambda",
        "duration",
        (
            ("Lambda Duration-ARM", 0, 7_500_000_000),
            ("Lambda Duration-ARM Tier2", 7_500_000_000, 18_750_000_000),
            ("Lambda Duration-ARM Tier3", 18_750_000_000, None),
        ),
        architecture="arm64",
    ),
    flat("lambda", "lambda", "ephemeral_storage", "Lambda Storage-Duration"),
    flat("lambda", "lambda", "provisioned_concurrency", "Lambda Provisioned-Concurrency", architecture="x86_64"),
    flat("lambda", "lambda", "provisioned_concurrency", "Lambda Provisioned-Concurrency-ARM", architecture="arm64"),
    flat("lambda", "lambda", "provisioned_duration", "Lambda Duration-Provisioned", architecture="x86_64"),
    flat("lambda", "lambda", "provisioned_duration", "Lambda Duration-Provisioned-ARM", architecture="arm64"),
)

_TB = 1024  # GB per TB in S3's bands (the AWS price list's 51200 GB for "First 50 TB")
S3 = (
    banded(
        "s3",
        "s3",
        "storage",
        (
            ("Standard Storage First 50 TB per GB Mo", 0, 50 * _TB),
            ("Standard Storage Next 450 TB per GB Mo", 50 * _TB, 500 * _TB),
            ("Standard Storage Over 500 TB per GB Mo", 500 * _TB, None),
        ),
        storage_class="standard",
    ),
    banded(
        "s3",
        "s3",
        "storage",
        (
            ("Intelligent Tiering Frequent Access First 50 TB per GB Mo", 0, 50 * _TB),
            ("Intelligent Tiering Frequent Access Next 450 TB per GB Mo", 50 * _TB, 500 * _TB),
            ("Intelligent Tiering Frequent Access Over 500 TB per GB Mo", 500 * _TB, None),
        ),
        storage_class="intelligent_tiering",
    ),
    flat(
        "s3", "s3", "storage", "Intelligent Tiering Infrequent Access per GB Mo", storage_class="intelligent_tiering_ia"
    ),
    flat("s3", "s3", "storage", "IntelligentTieringArchiveAccess", storage_class="intelligent_tiering_archive"),
    flat(
        "s3", "s3", "storage", "IntelligentTieringDeepArchiveAccess", storage_class="intelligent_tiering_deep_archive"
    ),
    flat("s3", "s3", "storage", "Standard Infrequent Access Storage per GB-Mo", storage_class="standard_ia"),
    flat("s3", "s3", "storage", "One Zone Infrequent Access Storage Inf per GB-Mo", storage_class="one_zone_ia"),
    flat("s3", "s3", "storage", "Glacier Instant Retrieval Storage", storage_class="glacier_instant"),
    flat("s3", "s3", "storage", "Glacier Storage per GB Mo", storage_class="glacier_flexible"),
    flat("s3glacierdeeparchive", "s3", "storage", "Glacier Deep Archive GB Mo", storage_class="deep_archive"),
    flat("s3", "s3", "storage", "Express One Zone Storage Inf per GB Mo", storage_class="express_one_zone"),
    flat(
        "s3",
        "s3",
        "requests",
        "PUT COPY/POST or LIST requests to Express One Zone per Requests",
        1000,
        storage_class="express_one_zone",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to Express One Zone per Requests",
        1000,
        storage_class="express_one_zone",
        request_tier="tier2",
    ),
    # Requests: the feed prices one request, the schema 1,000.
    flat(
        "s3",
        "s3",
        "requests",
        "PUT COPY/POST or LIST requests per Requests",
        1000,
        storage_class="standard",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests per Requests",
        1000,
        storage_class="standard",
        request_tier="tier2",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "PUT COPY/POST or LIST requests to Intelligent Tiering per Requests",
        1000,
        storage_class="intelligent_tiering",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to Intelligent Tiering per Requests",
        1000,
        storage_class="intelligent_tiering",
        request_tier="tier2",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "PUT COPY/POST or LIST requests to Standard Infrequent Access per Requests",
        1000,
        storage_class="standard_ia",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to Standard Infrequent Access per Requests",
        1000,
        storage_class="standard_ia",
        request_tier="tier2",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "PUT COPY/POST or LIST requests to One Zone Infrequent Access per Requests",
        1000,
        storage_class="one_zone_ia",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to One Zone Infrequent Access per Requests",
        1000,
        storage_class="one_zone_ia",
        request_tier="tier2",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "PUT COPY/POST or LIST requests to Glacier Instant Retrieval per Requests",
        1000,
        storage_class="glacier_instant",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to Glacier Instant Retrieval per Requests",
        1000,
        storage_class="glacier_instant",
        request_tier="tier2",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "PUT requests to Glacier per Requests",
        1000,
        storage_class="glacier_flexible",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to GLACIER per Requests",
        1000,
        storage_class="glacier_flexible",
        request_tier="tier2",
    ),
    flat(
        "s3glacierdeeparchive",
        "s3",
        "requests",
        "PUT to Glacier Deep Archive Requests",
        1000,
        storage_class="deep_archive",
        request_tier="tier1",
    ),
    flat(
        "s3",
        "s3",
        "requests",
        "GET and all other requests to GDA per Requests",
        1000,
        storage_class="deep_archive",
        request_tier="tier2",
    ),
    flat("s3", "s3", "retrieval", "Object Retrieval in Standard Infrequent Access per GB", storage_class="standard_ia"),
    flat("s3", "s3", "retrieval", "Object Retrieval in One Zone Infrequent Access per GB", storage_class="one_zone_ia"),
    flat(
        "s3", "s3", "retrieval", "Object Retrieval in Glacier Instant Retrieval per GB", storage_class="glacier_instant"
    ),
    flat("s3", "s3", "retrieval", "Fee for Standard Retrieval of data stored", storage_class="glacier_flexible"),
    flat(
        "s3",
        "s3",
        "retrieval",
        "Fee for Standard Retrieval of data stored from Glacier Deep Archive",
        storage_class="deep_archive",
    ),
    flat("s3", "s3", "inventory_objects", "Per object fee for objects listed in an Inventory", M),
    flat("s3", "s3", "analytics_objects", "Per object fee for objects included in Analytics", M),
    flat(
        "s3",
        "s3",
        "monitoring_objects",
        "Per object per month monitoring and automation fee for objects in Intelligent Tiering",
        1000,
    ),
)

CLOUDWATCH = (
    flat("cloudwatch", "cloudwatch", "logs_ingestion", "Logs Collected Data Ingestion"),
    flat("cloudwatch", "cloudwatch", "logs_ingestion_ia", "IA Custom ingested Logs from 0 upto Inf"),
    flat("cloudwatch", "cloudwatch", "logs_storage", "Stored Data"),
    flat("cloudwatch", "cloudwatch", "logs_insights", "Queried Logs Insights"),
    flat("cloudwatch", "cloudwatch", "alarm", "Alarm Standard", resolution="standard"),
    flat("cloudwatch", "cloudwatch", "alarm", "Alarm High Resolution", resolution="high"),
    banded(
        "cloudwatch",
        "cloudwatch",
        "metrics",
        (
            ("Metric for the first 10000", 0, 10_000),
            ("Metric for the next 240000", 10_000, 250_000),
            ("Metric for the next 750000", 250_000, 1_000_000),
            ("Metric for over 1000000", 1_000_000, None),
        ),
    ),
    banded(
        "cloudwatch",
        "cloudwatch",
        "vended_logs",
        (
            ("Vended Logs First 10TB", 0, 10 * _TB),
            ("Vended Logs Next 20TB", 10 * _TB, 30 * _TB),
            ("Vended Logs Next Next 20TB", 30 * _TB, 50 * _TB),
            ("Vended Logs over 50TB", 50 * _TB, None),
        ),
        destination="cloudwatch_logs",
    ),
    banded(
        "cloudwatch",
        "cloudwatch",
        "vended_logs",
        (
            ("Delivered Logs for first 10TB", 0, 10 * _TB),
            ("Delivered Logs for next 20TB", 10 * _TB, 30 * _TB),
            ("Delivered Logs for next next 20 TB", 30 * _TB, 50 * _TB),
            ("Delivered Logs for over 50TB", 50 * _TB, None),
        ),
        destination="s3",
    ),
    banded(
        "cloudwatch",
        "cloudwatch",
        "vended_logs",
        (
            ("Amazon Kinesis Data Firehose Delivered Logs for first 10TB", 0, 10 * _TB),
            ("Amazon Kinesis Data Firehose Delivered Logs for next 20TB", 10 * _TB, 30 * _TB),
            ("Amazon Kinesis Data Firehose Delivered Logs for next next 20 TB", 30 * _TB, 50 * _TB),
            ("Amazon Kinesis Data Firehose Delivered Logs for over 50TB", 50 * _TB, None),
        ),
        destination="firehose",
    ),
)

EKS = (
    flat("eks", "eks", "cluster", "Compute per Hours", support="standard"),
    summed(
        "eks",
        "eks",
        "cluster",
        ("Compute per Hours", "Compute ExtendedSupport per Hours"),
        "standard rate plus the extended-support add-on (the feed lists the add-on alone)",
        support="extended",
    ),
)

_FARGATE = {"os": "linux", "purchase": "on_demand"}
FARGATE = (
    flat("ecs", "fargate", "vcpu", "perCPU per hour", architecture="x86_64", **_FARGATE),
    flat("ecs", "fargate", "memory", "perGB per hour", architecture="x86_64", **_FARGATE),
    flat("ecs", "fargate", "vcpu", "ARM perCPU per hour", architecture="arm64", **_FARGATE),
    flat("ecs", "fargate", "memory", "ARM perGB per hour", architecture="arm64", **_FARGATE),
    summed(
        "ecs",
        "fargate",
        "vcpu",
        ("perCPU per hour Windows", "perCPU OS License Fee per hour Windows"),
        "Windows vCPU rate plus the Windows licence fee per vCPU-hour",
        os="windows",
        architecture="x86_64",
        purchase="on_demand",
    ),
    flat(
        "ecs", "fargate", "memory", "perGB per hour Windows", os="windows", architecture="x86_64", purchase="on_demand"
    ),
    flat("ecs", "fargate", "ephemeral_storage", "Storage per GB-Hours"),
)

KMS = (
    flat("kms", "kms", "key", "Encryption Key"),
    flat("kms", "kms", "requests", "API request - Non Free Tier", K10, request_type="symmetric"),
    flat("kms", "kms", "requests", "Asymmetric Requests except RSA_2048API", K10, request_type="asymmetric"),
    flat(
        "kms",
        "kms",
        "requests",
        "API Requests GenerateDatakeyPair ECC",
        K10,
        request_type="ecc_generate_data_key_pair",
    ),
    flat(
        "kms",
        "kms",
        "requests",
        "API Requests GenerateDatakeyPair RSA",
        K10,
        request_type="rsa_generate_data_key_pair",
    ),
)

SECRETS = (
    flat("secretsmanager", "secretsmanager", "secret", "Secret"),
    flat("secretsmanager", "secretsmanager", "api_calls", "API Request", K10),
)

_FIRST_BAND = "first usage band only (the price drops beyond 100 billion requests a month)"
SQS = (
    flat("queueservice", "sqs", "requests", "Standard per Requests", M, _FIRST_BAND, queue_type="standard"),
    flat("queueservice", "sqs", "requests", "FIFO first-in first-out per Requests", M, _FIRST_BAND, queue_type="fifo"),
)

SNS = (
    flat("sns", "sns", "requests", "Amazon SNS API Requests", M, topic_type="standard"),
    flat("sns", "sns", "requests", "Amazon SNS FIFO API Requests per Requests", M, topic_type="fifo"),
    flat("sns", "sns", "notifications", "HTTP Notifications", 100_000, protocol="http"),
    flat("sns", "sns", "notifications", "SNS Email and Email JSON Notifications", 100_000, protocol="email"),
    flat("sns", "sns", "notifications", "Amazon Kinesis Data Firehose Messages", 100_000, protocol="firehose"),
    # Every mobile push service (APNS, FCM/GCM, ADM, Baidu, WNS) has the same price in every region
    # (checked by the test): the FCM/GCM label stands for all of them.
    flat(
        "sns",
        "sns",
        "notifications",
        "Google Cloud Messaging for Android GCM Notifications",
        100_000,
        protocol="mobile_push",
    ),
    flat(
        "sns",
        "sns",
        "notifications",
        "Apple Push Notification Service APNS Mac OS Notifications",
        100_000,
        protocol="macos",
    ),
    flat("sns", "sns", "fifo_payload", "SNS FIFO Publish Payload per GB"),
)

DYNAMODB = (
    flat("dynamodb", "dynamodb", "write_capacity", "Provisioned Write Units", table_class="standard"),
    flat("dynamodb", "dynamodb", "write_capacity", "Provisioned Write Units IA", table_class="standard_ia"),
    flat("dynamodb", "dynamodb", "read_capacity", "Provisioned Read Units", table_class="standard"),
    flat("dynamodb", "dynamodb", "read_capacity", "Provisioned Read Units IA", table_class="standard_ia"),
    flat("dynamodb", "dynamodb", "write_requests", "PayPerRequest Write Request Units", M, table_class="standard"),
    flat(
        "dynamodb", "dynamodb", "write_requests", "PayPerRequest Write Request Units IA", M, table_class="standard_ia"
    ),
    flat("dynamodb", "dynamodb", "read_requests", "PayPerRequest Read Request Units", M, table_class="standard"),
    flat("dynamodb", "dynamodb", "read_requests", "PayPerRequest Read Request Units IA", M, table_class="standard_ia"),
    flat("dynamodb", "dynamodb", "storage", "Data Storage Indexed GB-Mo", table_class="standard"),
    flat("dynamodb", "dynamodb", "storage", "Data Storage Indexed - IA GB-Mo", table_class="standard_ia"),
    flat("dynamodb", "dynamodb", "pitr_storage", "PITR Backup Storage GB-Mo"),
    flat("dynamodb", "dynamodb", "backup_storage", "On-Demand Backup Storage GB-Month"),
    flat("dynamodb", "dynamodb", "restore", "Restore Data Size"),
    flat("dynamodb", "dynamodb", "stream_reads", "Streams Read Requests", M),
    flat(
        "dynamodb",
        "dynamodb",
        "replicated_write_capacity",
        "Provisioned Replicated Write Units",
        table_class="standard",
    ),
    flat(
        "dynamodb",
        "dynamodb",
        "replicated_write_capacity",
        "Provisioned Replicated Write Units IA",
        table_class="standard_ia",
    ),
    flat(
        "dynamodb",
        "dynamodb",
        "replicated_write_requests",
        "PayPerRequest Replicated Write Request Units",
        M,
        table_class="standard",
    ),
    flat(
        "dynamodb",
        "dynamodb",
        "replicated_write_requests",
        "PayPerRequest Replicated Write Request Units IA",
        M,
        table_class="standard_ia",
    ),
)

EFS = (
    flat("efs", "efs", "storage", "General Purpose Storage GB Mo", storage_class="standard"),
    flat("efs", "efs", "storage", "Infrequent Access Storage GB Mo", storage_class="standard_ia"),
    flat("efs", "efs", "storage", "One Zone General Purpose Storage GB Mo", storage_class="one_zone"),
    flat("efs", "efs", "storage", "One Zone Infrequent Access Storage GB Mo", storage_class="one_zone_ia"),
    flat("efs", "efs", "storage", "Archive Storage GB Mo", storage_class="archive"),
    flat("efs", "efs", "ia_access", "Infrequent Access Requests Read per GB"),
    flat("efs", "efs", "provisioned_throughput", "Throughput Provisioned"),
)

APIGATEWAY = (
    banded(
        "apigateway",
        "apigateway",
        "rest_requests",
        (
            ("API Calls Number of up to 333 million", 0, 333),
            ("API Calls Number of Request Next 667 million", 333, 1000),
            ("API Calls Number of Request Next 19 billion", 1000, 20_000),
            ("API Calls Number of Request Over 20 billion", 20_000, None),
        ),
        per=M,
    ),
    banded(
        "apigateway",
        "apigateway",
        "http_requests",
        (("ApiGatewayHttpApi First 300 million", 0, 300), ("ApiGatewayHttpApi more than 300 million", 300, None)),
        per=M,
    ),
    banded(
        "apigateway",
        "apigateway",
        "websocket_messages",
        (
            ("WebSocket Messages Messages first 1 billion", 0, 1000),
            ("WebSocket Messages Messages over 1 billion", 1000, None),
        ),
        per=M,
    ),
    flat("apigateway", "apigateway", "websocket_minutes", "WebSocket Connection Minutes", M),
    *(
        flat("apigateway", "apigateway", "cache", f"Caching Memory Size {label}", cache_size=size)
        for label, size in (
            ("0 5", "0.5"),
            ("1 6", "1.6"),
            ("6 1", "6.1"),
            ("13 5", "13.5"),
            ("28 4", "28.4"),
            ("58 2", "58.2"),
            ("118", "118"),
            ("237", "237"),
        )
    ),
)

_EXTENDED = (
    "the rate of the oldest majors in extended support (MySQL 5.7, PostgreSQL 11); newer majors "
    "(MySQL 8.0, PostgreSQL 13 to 15) have a lower rate the catalog does not distinguish yet"
)
RDS = (
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Single AZ General Purpose",
        storage_type="gp2",
        deployment="single_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Multi AZ General Purpose",
        storage_type="gp2",
        deployment="multi_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Single AZ General Purpose-GP3",
        storage_type="gp3",
        deployment="single_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Multi AZ General Purpose-GP3",
        storage_type="gp3",
        deployment="multi_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Single AZ Provisioned IOPS",
        storage_type="io1",
        deployment="single_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Multi AZ Provisioned IOPS",
        storage_type="io1",
        deployment="multi_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Single AZ Provisioned IOPS-IO2",
        storage_type="io2",
        deployment="single_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Multi AZ Provisioned IOPS-IO2",
        storage_type="io2",
        deployment="multi_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Single AZ Magnetic",
        storage_type="standard",
        deployment="single_az",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Multi AZ Magnetic",
        storage_type="standard",
        deployment="multi_az",
    ),
    flat(
        "rds-mysql-ondemand",
        "rds",
        "storage",
        "Database Storage Multi AZ readable standbys General Purpose-GP3",
        storage_type="gp3",
        deployment="multi_az_cluster",
    ),
    flat(
        "rds-storage",
        "rds",
        "storage",
        "Database Storage Multi AZ readable standbys Provisioned IOPS",
        storage_type="io1",
        deployment="multi_az_cluster",
    ),
    flat(
        "rds-mysql-ondemand",
        "rds",
        "storage",
        "Database Storage Multi AZ readable standbys Provisioned IOPS-IO2",
        storage_type="io2",
        deployment="multi_az_cluster",
    ),
    flat("rds-storage", "rds", "iops", "Provisioned GP3 IOPS Single AZ", storage_type="gp3", deployment="single_az"),
    flat("rds-storage", "rds", "iops", "Provisioned GP3 IOPS Multi AZ", storage_type="gp3", deployment="multi_az"),
    flat("rds-storage", "rds", "iops", "Provisioned IOPS Single AZ", storage_type="io1", deployment="single_az"),
    flat("rds-storage", "rds", "iops", "Provisioned IOPS Multi AZ", storage_type="io1", deployment="multi_az"),
    flat(
        "rds-mysql-ondemand",
        "rds",
        "iops",
        "Provisioned IO2 IOPS Single AZ",
        storage_type="io2",
        deployment="single_az",
    ),
    flat(
        "rds-mysql-ondemand", "rds", "iops", "Provisioned IO2 IOPS Multi AZ", storage_type="io2", deployment="multi_az"
    ),
    flat(
        "rds-mysql-ondemand",
        "rds",
        "iops",
        "Provisioned GP3 IOPS Multi AZ readable standbys",
        storage_type="gp3",
        deployment="multi_az_cluster",
    ),
    flat(
        "rds-storage",
        "rds",
        "iops",
        "Provisioned IOPS Multi AZ readable standbys",
        storage_type="io1",
        deployment="multi_az_cluster",
    ),
    flat(
        "rds-mysql-ondemand",
        "rds",
        "iops",
        "Provisioned IO2 IOPS Multi AZ readable standbys",
        storage_type="io2",
        deployment="multi_az_cluster",
    ),
    flat("rds-storage", "rds", "backup_storage", "Storage Snapshot"),
    flat(
        "rds-aurora-storage",
        "rds",
        "aurora_storage",
        "Database Storage DB Engine Aurora PostgreSQL General Purpose Aurora",
        storage_config="standard",
    ),
    flat("rds-aurora-storage", "rds", "aurora_storage", "Any IO Optimized Aurora", storage_config="io_optimized"),
    flat("rds-aurora-storage", "rds", "aurora_io", "System Operation Aurora I O Operation", M),
    flat("rds-aurora-storage", "rds", "aurora_backup_storage", "Storage Snapshot Aurora MySQL"),
    flat("rds-aurora-storage", "rds", "aurora_backtrack", "System Operation Aurora Backtrack", M),
    flat("rds-aurora-storage", "rds", "aurora_snapshot_export", "RDS Snapshot Export Aurora MySQL"),
    flat("rds-aurora-storage", "rds", "serverless_capacity", "Aurora MySQL Serverless", version="v1"),
    flat("rds-aurora-storage", "rds", "serverless_capacity", "Aurora MySQL ServerlessV2", version="v2"),
    flat(
        "rds-aurora-storage",
        "rds",
        "io_optimized_serverless_capacity",
        "Aurora MySQL ServerlessV2 Aurora IO Optimization Mode",
    ),
    flat(
        "rds-aurora-storage",
        "rds",
        "performance_insights_serverless",
        "Performance Insights Aurora MySQL ServerlessFMR ACU Months",
    ),
    flat("rds-mysql-ondemand", "rds", "extended_support", "MySQL Year 1 Year 2 5 7", note=_EXTENDED, year="1"),
    flat("rds-mysql-ondemand", "rds", "extended_support", "MySQL Year 1 Year 2 5 7", note=_EXTENDED, year="2"),
    flat("rds-mysql-ondemand", "rds", "extended_support", "MySQL Year 3 5 7", note=_EXTENDED, year="3"),
)

# Services the survey of real projects found (issue 10).
SURVEY = (
    flat("waf", "waf", "web_acl", "Web ACL Activated per Month"),
    flat("waf", "waf", "rule", "Rules added per WebACL per month"),
    flat("waf", "waf", "requests", "Web Requests received per Request", M),
    flat("ecr", "ecr", "storage", "EC2 Container Registry"),
    flat("events", "eventbridge", "custom_events", "CloudWatch Events Custom Event", M),
    flat("glue", "glue", "crawler", "Data catalog crawler run"),
    flat("glue", "glue", "job", "ETL Job run"),
    flat("glue", "glue", "catalog_storage", "Data catalog storage", 100_000),
)

# More types of real projects (issue 10, part 5): ElastiCache Serverless (products already in the
# schema), ALB trust stores, Kinesis Data Streams, Directory Service. The small Simple AD and AD
# Connector are left out: the feed prices them under one label in 10 regions and under another in 30
# (not us-east-1), which would record them "not offered" where they are sold.
TYPES = (
    *(
        flat(
            "elasticache",
            "elasticache",
            "serverless_storage",
            f"OnDemand ElastiCache Serverless {label} per GB-Hours",
            engine=engine,
        )
        for label, engine in (("Redis", "redis"), ("Memcached", "memcached"), ("Valkey", "valkey"))
    ),
    *(
        flat(
            "elasticache",
            "elasticache",
            "serverless_ecpu",
            f"OnDemand ElastiCache Serverless {label} per ElastiCacheProcessingUnit",
            M,
            engine=engine,
        )
        for label, engine in (("Redis", "redis"), ("Memcached", "memcached"), ("Valkey", "valkey"))
    ),
    flat("elb", "elb", "trust_store", "TS Application Load Balancer Hours"),
    flat("kinesis", "kinesis", "shard", "Provisioned shard hour per ShardHour"),
    flat("kinesis", "kinesis", "put_payload_units", "Payload Units per PutRequest", M),
    flat("kinesis", "kinesis", "extended_retention", "Addon shard hour per ShardHour"),
    flat("kinesis", "kinesis", "on_demand_stream", "OnDemandStreamHr per StreamHr"),
    flat("kinesis", "kinesis", "on_demand_ingested", "OnDemandDataIngested per GB"),
    flat("kinesis", "kinesis", "on_demand_retrieved", "OnDemandDataRetrieval per GB"),
    flat(
        "directoryservice",
        "directoryservice",
        "domain_controller",
        "Standard Domain Controller for Microsoft Active Directory",
        edition="standard",
    ),
    flat(
        "directoryservice",
        "directoryservice",
        "domain_controller",
        "Enterprise Domain Controller for Microsoft Active Directory",
        edition="enterprise",
    ),
    flat("directoryservice", "directoryservice", "directory", "Large Simple AD", directory_type="simple_ad_large"),
    flat(
        "directoryservice", "directoryservice", "directory", "Large AD Connector", directory_type="ad_connector_large"
    ),
)

ALL: tuple[FeedPrice, ...] = (
    *ELB,
    *VPC,
    *NAT,
    *EGRESS,
    *LAMBDA,
    *S3,
    *CLOUDWATCH,
    *EKS,
    *FARGATE,
    *KMS,
    *SECRETS,
    *SQS,
    *SNS,
    *DYNAMODB,
    *EFS,
    *APIGATEWAY,
    *RDS,
    *SURVEY,
    *TYPES,
)


def by_file(mappings: tuple[FeedPrice, ...] = ALL) -> dict[str, tuple[FeedPrice, ...]]:
    out: dict[str, list[FeedPrice]] = {}
    for mapping in mappings:
        out.setdefault(mapping.file, []).append(mapping)
    return {file: tuple(items) for file, items in sorted(out.items())}


def labels_of(file: str, mappings: tuple[FeedPrice, ...] = ALL) -> set[str]:
    return {label for mapping in mappings if mapping.file == file for label in mapping.labels}
