"""LookupEvents with boto3 against an endpoint override, as a SIEM script would page through it.

usage: lookup_events.py ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY ATTRIBUTE_KEY ATTRIBUTE_VALUE PAGE_SIZE
Prints one line per page ("page N: EVENT_ID,..."), then "events: COUNT".
"""
import sys

import boto3
from botocore.config import Config

endpoint, key_id, secret, attribute, value, page_size = sys.argv[1:7]
client = boto3.client("cloudtrail", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                      aws_secret_access_key=secret, config=Config(retries={"max_attempts": 1}))
pages = client.get_paginator("lookup_events").paginate(
    LookupAttributes=[{"AttributeKey": attribute, "AttributeValue": value}],
    PaginationConfig={"PageSize": int(page_size)})
count = 0
for n, page in enumerate(pages, 1):
    ids = [e["EventId"] for e in page["Events"]]
    count += len(ids)
    print("page %d: %s" % (n, ",".join(ids)))
print("events: %d" % count)
