"""The IAM policy simulator through boto3, unchanged: run by it/PolicySimulatorClientsTest with the gateway's endpoint
and a key in ROLEGATE_ENDPOINT, ROLEGATE_KEY_ID, ROLEGATE_SECRET; prints one JSON document of what boto3 parsed."""
import json
import os

import boto3
import botocore.exceptions

iam = boto3.client("iam", endpoint_url=os.environ["ROLEGATE_ENDPOINT"], region_name="us-east-1",
                   aws_access_key_id=os.environ["ROLEGATE_KEY_ID"],
                   aws_secret_access_key=os.environ["ROLEGATE_SECRET"])
policy = ('{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*",'
          '"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}')
out = {}
custom = iam.simulate_custom_policy(
    PolicyInputList=[policy], ActionNames=["dynamodb:CreateBackup", "dynamodb:DeleteTable"],
    ResourceArns=["arn:aws:dynamodb:us-east-1:111111111111:table/t"],
    ContextEntries=[{"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2019-04-25T11:00:00Z"],
                     "ContextKeyType": "date"}])
out["custom"] = custom["EvaluationResults"]
pages = iam.get_paginator("simulate_principal_policy").paginate(
    PolicySourceArn=os.environ["ROLEGATE_USER_ARN"], ActionNames=["s3:GetObject", "s3:PutObject", "sqs:SendMessage"],
    PaginationConfig={"PageSize": 1})
out["paged"] = [(r["EvalActionName"], r["EvalDecision"]) for page in pages for r in page["EvaluationResults"]]
try:
    iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::111111111111:user/boto-nobody",
                                  ActionNames=["s3:GetObject"])
except iam.exceptions.NoSuchEntityException as e:
    out["error"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
try:
    iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject"],
                               ContextEntries=[{"ContextKeyName": "s3:max-keys", "ContextKeyValues": ["ten"],
                                                "ContextKeyType": "numeric"}])
except botocore.exceptions.ClientError as e:
    out["invalid"] = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
print(json.dumps(out))
