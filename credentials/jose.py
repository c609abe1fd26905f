"""Signing and checking credentials as VC-JOSE: a compact JWS whose payload is the credential itself
(header typ ``vc+jwt``, cty ``vc``, alg EdDSA over Ed25519, kid ``did:web:<host>#key-N``)."""

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from credentials.documents import issuer_did
from credentials.keys import IssuerKey, issuer_keys

ALGORITHM = "EdDSA"
CREDENTIAL_TYPE = "vc+jwt"


class SignatureError(Exception):
    """The JWT does not check out: unreadable, unknown key, or a signature that does not match."""


@contextmanager
def _eddsa_allowed() -> Iterator[None]:
    """joserfc warns that RFC 9864 deprecates "EdDSA" for "Ed25519"; Open Badges 3.0 and VC-JOSE name
    EdDSA, and verifiers expect it, so the warning is silenced here and only here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="EdDSA is deprecated")
        yield


def kid_for(key: IssuerKey) -> str:
    return f"{issuer_did()}#{key.kid}"


def sign(document: dict[str, Any], key: IssuerKey) -> str:
    header = {"alg": ALGORITHM, "typ": CREDENTIAL_TYPE, "cty": "vc", "kid": kid_for(key)}
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    with _eddsa_allowed():
        return jws.serialize_compact(header, payload, key.key, algorithms=[ALGORITHM])


def published_key(kid: str) -> OKPKey | None:
    """The public key `kid` names, among the keys the issuer publishes now (None: not ours, or retired)."""
    prefix = issuer_did() + "#"
    if not kid.startswith(prefix):
        return None
    fragment = kid.removeprefix(prefix)
    for key in issuer_keys():
        if key.kid == fragment:
            return OKPKey.import_key(key.public_jwk())
    return None


def verify(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The header and the credential of `token`, once its signature checks out with the published key."""
    token = token.strip()
    try:
        with _eddsa_allowed():
            header = jws.extract_compact(token.encode()).protected
            key = published_key(str(header.get("kid", "")))
            if key is None:
                raise SignatureError("The key that signed it is not one the issuer publishes.")
            if header.get("alg") != ALGORITHM or header.get("typ") != CREDENTIAL_TYPE:
                raise SignatureError("Not a vc+jwt signed with EdDSA.")
            payload = jws.deserialize_compact(token, key, algorithms=[ALGORITHM]).payload
        document = json.loads(payload)
    except (JoseError, ValueError, UnicodeDecodeError) as error:
        raise SignatureError(f"The signature does not check out ({type(error).__name__}).") from error
    if not isinstance(document, dict):
        raise SignatureError("The payload is not a credential.")
    return header, document
