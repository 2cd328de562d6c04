#!/usr/bin/env python3
"""Protecting a service with Rolegate, in Python (README: "Protecting your service with Rolegate").

Clients sign their requests to your service with SigV4, exactly as for an AWS service, using credentials Rolegate
issued. Your service then either
  * asks the gateway online: POST /v1/authorize with the request it received (authorize() below), or
  * accepts an identity proof: a presigned sts:GetCallerIdentity URL that it replays to the gateway
    (identity_proof() on the client, verify_identity_proof() on the service).

Needs botocore (Debian: python3-botocore) for SigV4; the HTTP calls use the standard library only.
Run as a script (what src/test/java/io/rolegate/it/PythonExampleTest.java does against a running gateway):
  rolegate_protect.py identity  GATEWAY_URL AKID SECRET TOKEN|-
  rolegate_protect.py authorize GATEWAY_URL SVC_AKID SVC_SECRET CLIENT_AKID CLIENT_SECRET CLIENT_TOKEN|- ACTION RESOURCE
"""
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGION = "us-east-1"  # any region the gateway accepts (rolegate.regions, default: all)
AUDIENCE_HEADER = "x-rolegate-audience"  # signed into identity proofs: a proof made for one service fails at another


def sign(creds, service, method, url, body=b"", headers=None, region=REGION):
    """The headers of a SigV4-signed request, as any AWS SDK sends them (Host, X-Amz-Date, Authorization...)."""
    headers = dict(headers or {})
    headers.setdefault("Host", urllib.parse.urlsplit(url).netloc)
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(creds, service, region).add_auth(request)
    return dict(request.headers.items())


# --- online: POST /v1/authorize -------------------------------------------------------------------------------------

def authorize(gateway, service_creds, method, path, query, headers, body, action, resource, **fields):
    """Ask the gateway whether the signer of the received request may perform `action` on `resource`.

    method, path, query, headers, body: the request as your service received it (path and query still
    percent-encoded, headers including Host). `fields` adds optional ones: resourceName, resourcePolicy, context...
    The call itself is signed with the service's own credentials for service "rolegate"; the service must be allowed
    rolegate:AuthorizeRequest. Returns the answer: authenticated, principal, decision, message, cacheTtlSeconds...
    """
    payload = {"request": {"method": method, "path": path, "query": query, "headers": headers,
                           "bodySha256": hashlib.sha256(body).hexdigest()},
               "action": action, "resource": resource, **fields}
    data = json.dumps(payload).encode()
    url = gateway.rstrip("/") + "/v1/authorize"
    signed = sign(service_creds, "rolegate", "POST", url, data, {"Content-Type": "application/json"})
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=signed, method="POST")) as r:
        return json.load(r)


# --- identity proof: a presigned GetCallerIdentity ----------------------------------------------------------------

def identity_proof(creds, gateway, audience, region=REGION):
    """Client side: a presigned GetCallerIdentity URL naming the service it is meant for (valid 15 minutes)."""
    url = gateway.rstrip("/") + "/?Action=GetCallerIdentity&Version=2011-06-15"
    request = AWSRequest(method="GET", url=url, headers={AUDIENCE_HEADER: audience})
    SigV4QueryAuth(creds, "sts", region, expires=60).add_auth(request)
    return request.url


def verify_identity_proof(proof_url, gateway, audience):
    """Service side: replay the proof to YOUR gateway (never to a host the client chose); returns arn, account, userId."""
    base = gateway.rstrip("/") + "/?"
    query = urllib.parse.parse_qs(proof_url[len(base):]) if proof_url.startswith(base) else None
    if not query or query.get("Action") != ["GetCallerIdentity"]:
        raise ValueError("not a GetCallerIdentity proof for " + gateway)
    request = urllib.request.Request(proof_url, headers={"Accept": "application/json", AUDIENCE_HEADER: audience})
    with urllib.request.urlopen(request) as r:
        result = json.load(r)["GetCallerIdentityResponse"]["GetCallerIdentityResult"]
    return result["Arn"], result["Account"], result["UserId"]


def _creds(akid, secret, token):
    return Credentials(akid, secret, None if token == "-" else token)


def main(argv):
    try:
        if argv[0] == "identity":
            gateway, creds = argv[1], _creds(*argv[2:5])
            proof = identity_proof(creds, gateway, "projects.example.com")
            print("arn=%s account=%s userId=%s" % verify_identity_proof(proof, gateway, "projects.example.com"))
            try:  # the same proof presented to another service
                verify_identity_proof(proof, gateway, "billing.example.com")
                print("other audience: accepted")
            except urllib.error.HTTPError as e:
                print("other audience: %d %s" % (e.code, json.load(e)["Error"]["Code"]))
        elif argv[0] == "authorize":
            gateway, service, client = argv[1], _creds(*argv[2:4], "-"), _creds(*argv[4:7])
            action, resource = argv[7], argv[8]
            # the client's request to the service: GET https://projects.example.com/projects/dallas, signed with SigV4
            headers = sign(client, "monitron", "GET", "https://projects.example.com/projects/dallas")
            # the service forwards what it received
            answer = authorize(gateway, service, "GET", "/projects/dallas", "", headers, b"", action, resource)
            print(json.dumps({k: answer.get(k) for k in ("authenticated", "decision", "message", "cacheTtlSeconds")}))
            print("principal=" + answer.get("principal", {}).get("arn", "-"))
        else:
            raise SystemExit(__doc__)
    except urllib.error.HTTPError as e:
        print("HTTP %d %s" % (e.code, e.read().decode()))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
