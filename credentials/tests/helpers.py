"""Verifying what the platform signs with a second, independent JOSE library (jwcrypto, not joserfc)."""

import base64
import gzip
import json

from jwcrypto import jwk, jws


def jwcrypto_verify(token: str, did_document: dict) -> dict:
    """The payload of `token` once jwcrypto has checked it with the key its kid names in `did_document`;
    raises when the key is not published or the signature does not match."""
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    method = next(m for m in did_document["verificationMethod"] if m["id"] == header["kid"])
    signed = jws.JWS()
    signed.deserialize(token)
    signed.verify(jwk.JWK(**method["publicKeyJwk"]), alg="EdDSA")
    return json.loads(signed.payload)


def decode_status_list(encoded: str) -> bytes:
    assert encoded.startswith("u")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def tamper(token: str, change) -> str:
    """`token` with its payload changed by `change(document)`, the original signature kept."""
    head, payload, signature = token.split(".")
    document = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(document)
    forged = base64.urlsafe_b64encode(json.dumps(document, separators=(",", ":")).encode()).rstrip(b"=")
    return f"{head}.{forged.decode()}.{signature}"
