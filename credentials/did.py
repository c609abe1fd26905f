"""The issuer's DID document (did:web), served at /.well-known/did.json: every key the issuer lists,
retired ones included, so each credential verifies with the key that signed it."""

from typing import Any

from credentials.documents import issuer_did
from credentials.keys import issuer_keys


def did_document() -> dict[str, Any]:
    did = issuer_did()
    methods = [
        {
            "id": f"{did}#{key.kid}",
            "type": "JsonWebKey",
            "controller": did,
            "publicKeyJwk": key.public_jwk(),
        }
        for key in issuer_keys()
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
    }
