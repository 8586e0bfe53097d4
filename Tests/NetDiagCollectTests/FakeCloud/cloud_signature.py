"""The fake cloud's own check of signature V3 (ACS3-HMAC-SHA256), written from the published
algorithm independently of netdiag's Swift signer."""
import hashlib
import hmac
from datetime import datetime, timezone
from urllib.parse import quote

from cloud_region import ApiError


def canonical_query(pairs):
    encoded = sorted((quote(k, safe="~"), quote(v, safe="~")) for k, v in pairs)
    return "&".join("%s=%s" % kv for kv in encoded)


def verify_signature(method, path, query_pairs, headers, body, key_id, key_secret, nonces):
    """Raises ApiError unless the request is signed as the published V3 algorithm says."""
    auth = headers.get("authorization", "")
    algorithm, _, rest = auth.partition(" ")
    if algorithm != "ACS3-HMAC-SHA256":
        raise ApiError(400, "InvalidAuthorization", "Authorization must start with ACS3-HMAC-SHA256, got %r" % auth[:40])
    fields = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
    if fields.get("Credential") != key_id:
        raise ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
    signed = fields.get("SignedHeaders", "").split(";")
    if signed != sorted(signed):
        raise ApiError(400, "SignatureDoesNotMatch", "SignedHeaders are not sorted: %s" % signed)
    required = {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"}
    required |= set(h for h in headers if h.startswith("x-acs-"))
    if "content-type" in headers:
        required.add("content-type")
    if not required.issubset(signed):
        raise ApiError(400, "SignatureDoesNotMatch", "headers not signed: %s" % sorted(required - set(signed)))
    if headers.get("x-acs-content-sha256") != hashlib.sha256(body).hexdigest():
        raise ApiError(400, "SignatureDoesNotMatch", "x-acs-content-sha256 is not the body's SHA-256")
    try:
        sent = datetime.strptime(headers.get("x-acs-date", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise ApiError(400, "InvalidTimeStamp.Format", "x-acs-date %r is not yyyy-MM-ddTHH:mm:ssZ" % headers.get("x-acs-date"))
    if abs((datetime.now(timezone.utc) - sent).total_seconds()) > 900:
        raise ApiError(400, "InvalidTimeStamp.Expired", "x-acs-date is more than 15 minutes off")
    nonce = headers.get("x-acs-signature-nonce", "")
    if nonce in nonces:
        raise ApiError(400, "SignatureNonceUsed", "x-acs-signature-nonce %s was used before" % nonce)
    nonces.add(nonce)
    canonical_headers = "".join("%s:%s\n" % (h, headers.get(h, "").strip()) for h in signed)
    canonical = "\n".join([method, path or "/", canonical_query(query_pairs), canonical_headers,
                           ";".join(signed), hashlib.sha256(body).hexdigest()])
    to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    expected = hmac.new(key_secret.encode("utf-8"), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, fields.get("Signature", "")):
        raise ApiError(400, "SignatureDoesNotMatch",
                       "The request signature does not conform to Aliyun standards. server string to sign is:" + to_sign)
