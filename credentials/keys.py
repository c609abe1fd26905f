"""The issuer's Ed25519 keys, kept outside the database: `settings.CREDENTIAL_KEYS` (from the environment,
MARKETPLACE_CREDENTIAL_KEYS), else a development file generated on first use (`CREDENTIAL_KEY_FILE`).

Rotation: put a new key first in the list. New credentials are signed with the first key that has a private
part; every listed key is published in /.well-known/did.json, so credentials signed with an older key keep
verifying for as long as that key stays listed (its public part alone is enough). Removing a key from the
list makes every credential it signed fail verification.
"""

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import OKPKey

PRIVATE_MEMBER = "d"


@dataclass(frozen=True)
class IssuerKey:
    """One key: its id in the DID document (``key-1``) and the key itself (private when it can sign)."""

    kid: str
    key: OKPKey

    @property
    def can_sign(self) -> bool:
        return self.key.is_private

    def public_jwk(self) -> dict[str, str]:
        jwk = self.key.as_dict(private=False)
        return {"kty": jwk["kty"], "crv": jwk["crv"], "x": jwk["x"], "kid": self.kid}


def _parse(entry: dict[str, Any], position: int) -> IssuerKey:
    if not isinstance(entry, dict) or entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519":
        raise ImproperlyConfigured(
            f"CREDENTIAL_KEYS[{position}] is not an Ed25519 JWK (kty OKP, crv Ed25519)."
        )
    kid = str(entry.get("kid") or "").strip()
    if not kid or "#" in kid or " " in kid:
        raise ImproperlyConfigured(f'CREDENTIAL_KEYS[{position}] needs a "kid" such as "key-2".')
    members = {name: entry[name] for name in ("kty", "crv", "x", PRIVATE_MEMBER) if name in entry}
    return IssuerKey(kid=kid, key=OKPKey.import_key(members))


def generate_key_entry(kid: str) -> dict[str, str]:
    """A new private Ed25519 JWK with `kid`, in the form CREDENTIAL_KEYS lists."""
    return {**OKPKey.generate_key("Ed25519", private=True).as_dict(private=True), "kid": kid}


def _development_entries(path: Path) -> list[dict[str, Any]]:
    """The development key file, created with one new key (readable by its owner only) when missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then linked into place: a second process (a worker) starting at the same moment
        # either links first or reads the complete file the first one linked.
        descriptor, scratch = tempfile.mkstemp(dir=path.parent, prefix=".credential-keys-")
        with os.fdopen(descriptor, "w") as file:
            json.dump([generate_key_entry("key-1")], file, indent=2)
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(scratch)
    return json.loads(path.read_text())


def issuer_keys() -> list[IssuerKey]:
    """Every key of the issuer, newest first. Read each time: rotating is a settings change, not a restart
    of a cache."""
    entries = settings.CREDENTIAL_KEYS
    if isinstance(entries, str):
        entries = json.loads(entries)
    if not entries and settings.CREDENTIAL_KEY_FILE:
        entries = _development_entries(Path(settings.CREDENTIAL_KEY_FILE))
    if not entries:
        raise ImproperlyConfigured("No credential keys: set MARKETPLACE_CREDENTIAL_KEYS.")
    keys = [_parse(entry, position) for position, entry in enumerate(entries)]
    if len({key.kid for key in keys}) != len(keys):
        raise ImproperlyConfigured("Two CREDENTIAL_KEYS have the same kid.")
    return keys


def signing_key() -> IssuerKey:
    """The newest key that can sign."""
    for key in issuer_keys():
        if key.can_sign:
            return key
    raise ImproperlyConfigured("None of CREDENTIAL_KEYS has a private part to sign with.")
