#!/usr/bin/env python3
"""A local stand-in for the cloud's ECS and VPC OpenAPI, for netdiag's collect tests.

It serves a region folder (as RegionWriter writes it) the way the real APIs answer: every
request's ACS3-HMAC-SHA256 signature is verified with this file's own implementation of the
published algorithm; lists page with PageNumber/PageSize or NextToken/MaxResults (each action in
its real style, page sizes above the documented maximum refused); a seeded share of requests is
answered Throttling.User (HTTP 400) or ServiceUnavailable (HTTP 503); Cloud Assistant runs the
collector script it is sent against the instance's os/<id>/ folder (guest_fixture.py) and returns
its output base64-encoded. Loopback only. GET /__stats (unsigned) reports what it saw; POST /__reload re-reads the region folder.

Usage: fake_cloud.py REGION_DIR --key-id ID --key-secret SECRET [--seed N] [--throttle P] [--stuck-token ACTION]
Prints "PORT <n>" once listening.
"""
import argparse
import base64
import json
import os
import random
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cloud_region import LISTS, PER_ID, ApiError, Region, load_document  # noqa: E402
from cloud_signature import verify_signature  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

VERSIONS = {"ecs": "2014-05-26", "vpc": "2016-04-28"}
ECS_ONLY = {"DescribeCloudAssistantStatus", "RunCommand", "DescribeInvocationResults",
            "DescribePrefixListAttributes", "DescribePortRangeListEntries"}


class Cloud(object):
    def __init__(self, region, key_id, key_secret, seed, throttle, stuck_token=None):
        self.region, self.key_id, self.key_secret = region, key_id, key_secret
        self.stuck_token = stuck_token  # an action whose NextToken never advances (a broken API)
        self.random = random.Random(seed)
        self.throttle = throttle
        self.lock = threading.Lock()
        self.nonces = set()
        self.stats = {"requests": 0, "signatureFailures": 0, "throttled": 0, "unavailable": 0,
                      "actions": {}, "errors": []}
        self.invocations = {}

    # -- paging -----------------------------------------------------------------------------
    def page(self, params, items, style, maximum, wrapper, item, head=None, stuck=False):
        body = dict(head or {})
        if style == "page":
            size = int(params.get("PageSize", "10"))
            number = int(params.get("PageNumber", "1"))
            if not 1 <= size <= maximum:
                raise ApiError(400, "InvalidPageSize", "PageSize %d is outside 1-%d" % (size, maximum))
            chunk = items[(number - 1) * size:number * size]
            body.update({"TotalCount": len(items), "PageNumber": number, "PageSize": size})
        else:
            size = int(params.get("MaxResults", "10"))
            if not 1 <= size <= maximum:
                raise ApiError(400, "InvalidMaxResults", "MaxResults %d is outside 1-%d" % (size, maximum))
            token = params.get("NextToken", "")
            start = int(base64.b64decode(token).decode().split(":")[1]) if token else 0
            chunk = items[start:start + size]
            end = start + len(chunk)
            if stuck:
                end = size
            body["NextToken"] = base64.b64encode(("offset:%d" % end).encode()).decode() if end < len(items) or stuck else ""
        body[wrapper] = {item: chunk}
        return body

    # -- actions ----------------------------------------------------------------------------
    def answer(self, action, product, params):
        if action in LISTS:
            want_product, wrapper, item, style, maximum, by_vpc = LISTS[action]
            self.check_product(action, product, want_product)
            items = self.region.lists[action]
            if by_vpc and params.get("VpcId"):
                items = [x for x in items if vpc_of(x) == params["VpcId"]]
            return self.page(params, items, style, maximum, wrapper, item, stuck=action == self.stuck_token)
        if action in PER_ID:
            key, _, wrapper, item, style, maximum = PER_ID[action]
            self.check_product(action, product, "ecs" if action == "DescribeSecurityGroupAttribute" else "vpc")
            found = self.region.per_id.get((action, params.get(key, "")))
            if found is None:
                raise ApiError(404, "InvalidParameter.NotFound", "%s %r does not exist" % (key, params.get(key)))
            head, items = found
            return self.page(params, items, style, maximum, wrapper, item, head)
        if action in ECS_ONLY:
            self.check_product(action, product, "ecs")
        if action == "DescribePrefixListAttributes":
            pid = params.get("PrefixListId", "")
            if pid not in self.region.prefix_entries:
                raise ApiError(404, "InvalidPrefixListId.NotFound", pid)
            pl = next(p for p in self.region.lists["DescribePrefixLists"] if p["PrefixListId"] == pid)
            return {"PrefixListId": pid, "PrefixListName": pl.get("PrefixListName", ""), "AddressFamily": "IPv4",
                    "Entries": {"Entry": self.region.prefix_entries[pid]}}
        if action == "DescribeCloudAssistantStatus":
            ids = instance_ids(params)
            rows = [{"InstanceId": i, "CloudAssistantStatus": "true" if self.has_agent(i) else "false", "OSType": "Linux"}
                    for i in ids]
            return {"TotalCount": len(rows), "PageNumber": 1, "PageSize": 50,
                    "InstanceCloudAssistantStatusSet": {"InstanceCloudAssistantStatus": rows}}
        if action == "RunCommand":
            return self.run_command(params)
        if action == "DescribeInvocationResults":
            return self.invocation_results(params)
        raise ApiError(404, "InvalidAction.NotFound", "Specified api %s is not found" % action)

    def check_product(self, action, product, want):
        if product != want:
            raise ApiError(404, "InvalidAction.NotFound", "%s is an %s action, called with version of %s" % (action, want, product))

    def has_agent(self, instance_id):
        folder = self.region.guest(instance_id)
        if folder is None:
            return False
        return bool(load_document(os.path.join(folder, "system.json")).get("cloudAssistant"))

    def run_command(self, params):
        if params.get("ContentEncoding") != "Base64" or params.get("Type") != "RunShellScript":
            raise ApiError(400, "InvalidParameter", "this fake runs Base64 RunShellScript commands only")
        script = base64.b64decode(params["CommandContent"]).decode("utf-8")
        start = script.index("<<'NETDIAG_PYTHON_EOF'\n") + len("<<'NETDIAG_PYTHON_EOF'\n")
        python = script[start:script.index("\nNETDIAG_PYTHON_EOF\n")]
        results = {}
        for instance_id in instance_ids(params):
            folder = self.region.guest(instance_id)
            proc = subprocess.run([sys.executable, os.path.join(HERE, "guest_fixture.py"), folder],
                                  input=python.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            results[instance_id] = {"InstanceId": instance_id, "ExitCode": proc.returncode,
                                    "InvocationStatus": "Success" if proc.returncode == 0 else "Failed",
                                    "ErrorInfo": proc.stderr.decode("utf-8", "replace")[-300:],
                                    "Output": base64.b64encode(proc.stdout).decode("ascii"), "Dropped": 0}
        invoke = "t-" + uuid.uuid4().hex[:16]
        self.invocations[invoke] = {"polls": 0, "results": results}
        return {"CommandId": "c-" + uuid.uuid4().hex[:16], "InvokeId": invoke}

    def invocation_results(self, params):
        entry = self.invocations.get(params.get("InvokeId"))
        if entry is None:
            raise ApiError(404, "InvalidInvokeId.NotFound", params.get("InvokeId", ""))
        entry["polls"] += 1
        rows = []
        for row in entry["results"].values():
            if entry["polls"] == 1:  # the first poll sees the command still running
                rows.append({"InstanceId": row["InstanceId"], "InvocationStatus": "Running", "Output": ""})
            else:
                rows.append(row)
        return {"Invocation": {"TotalCount": len(rows), "PageNumber": 1, "PageSize": 50,
                               "InvocationResults": {"InvocationResult": rows}}}


def vpc_of(item):
    if "VpcId" in item:
        return item["VpcId"]
    return (item.get("VpcAttributes") or {}).get("VpcId", "")


def instance_ids(params):
    keys = sorted((k for k in params if k.startswith("InstanceId.")), key=lambda k: int(k.split(".")[1]))
    return [params[k] for k in keys]


def make_handler(cloud):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/__stats":
                with cloud.lock:
                    return self.reply(200, cloud.stats)
            self.handle_api("GET")

        def do_POST(self):
            if self.path == "/__reload":  # the test changed the region on disk
                with cloud.lock:
                    cloud.region = Region(cloud.region.root)
                return self.reply(200, {"reloaded": True})
            self.handle_api("POST")

        def handle_api(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            headers = dict((k.lower(), v) for k, v in self.headers.items())
            action = headers.get("x-acs-action", "")
            request_id = str(uuid.uuid4()).upper()
            with cloud.lock:
                cloud.stats["requests"] += 1
                cloud.stats["actions"][action] = cloud.stats["actions"].get(action, 0) + 1
                try:
                    verify_signature(method, parts.path, pairs, headers, body, cloud.key_id, cloud.key_secret, cloud.nonces)
                    product = {v: k for k, v in VERSIONS.items()}.get(headers.get("x-acs-version"))
                    if product is None:
                        raise ApiError(400, "InvalidVersion", "x-acs-version %r" % headers.get("x-acs-version"))
                    draw = cloud.random.random()
                    if draw < cloud.throttle:
                        cloud.stats["throttled"] += 1
                        raise ApiError(400, "Throttling.User", "Request was denied due to user flow control.")
                    if draw < cloud.throttle * 1.3:
                        cloud.stats["unavailable"] += 1
                        raise ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
                    result = cloud.answer(action, product, dict(pairs))
                except ApiError as error:
                    if error.code in ("SignatureDoesNotMatch", "InvalidAuthorization", "InvalidAccessKeyId.NotFound"):
                        cloud.stats["signatureFailures"] += 1
                    if not error.code.startswith("Throttling") and error.code != "ServiceUnavailable":
                        cloud.stats["errors"].append("%s %s: %s" % (action, error.code, error.message[:200]))
                    return self.reply(error.status, {"RequestId": request_id, "Code": error.code, "Message": error.message,
                                                     "HostId": headers.get("host", "")})
            result["RequestId"] = request_id
            self.reply(200, result)

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gives up on a connection (a cancelled collect) is not the fake's fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            ThreadingHTTPServer.handle_error(self, request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("region")
    parser.add_argument("--key-id", required=True)
    parser.add_argument("--key-secret", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--throttle", type=float, default=0.1)
    parser.add_argument("--stuck-token", help="an action whose NextToken repeats forever")
    args = parser.parse_args()
    cloud = Cloud(Region(args.region), args.key_id, args.key_secret, args.seed, args.throttle, args.stuck_token)
    server = QuietServer(("127.0.0.1", 0), make_handler(cloud))
    sys.stdout.write("PORT %d\n" % server.server_address[1])
    sys.stdout.flush()
    # Ends with its parent: the test closes stdin when done.
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
