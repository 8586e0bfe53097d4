"""Prints the reference signature SignatureTests compares with, computed by the cloud's official
Python SDK (PyPI: alibabacloud_openapi_util, its get_authorization). Not run by the tests: its
output is pasted into SignatureTests.swift. Regenerate with
    python3 -m venv /tmp/sdk && /tmp/sdk/bin/pip install alibabacloud_openapi_util==0.2.4
    /tmp/sdk/bin/python Tests/NetDiagCollectTests/Reference/sdk_signature.py
"""
from alibabacloud_openapi_util.client import Client
from alibabacloud_tea_openapi.models import OpenApiRequest  # noqa: F401 (installed alongside)
from Tea.request import TeaRequest

request = TeaRequest()
request.method = "POST"
request.pathname = "/"
request.query = {
    "RegionId": "cn-hangzhou", "SecurityGroupId": "sg-bp67acfmxazb4p****", "NextToken": "a b/c+d*e~f",
    "MaxResults": "1000", "Description": "中文 & more",
}
body = b""
import hashlib
request.headers = {
    "host": "ecs.cn-hangzhou.aliyuncs.com",
    "x-acs-action": "DescribeSecurityGroupAttribute",
    "x-acs-version": "2014-05-26",
    "x-acs-date": "2024-05-01T09:01:02Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-content-sha256": hashlib.sha256(body).hexdigest(),
    "x-acs-security-token": "CAIS-token/with+chars=",
}
print(Client.get_authorization(request, "ACS3-HMAC-SHA256", hashlib.sha256(body).hexdigest(),
                               "LTAI-test-key-id", "test-secret-value"))
