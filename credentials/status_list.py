"""The revocation list, as W3C Bitstring Status List v1.0 describes it: each credential owns one bit (its
`status_index`), set once it is revoked. Lists hold STATUS_LIST_SIZE bits (16 KB, the minimum the
specification asks for, so one bit says little about whose it is); a list is published, signed, at
/credentials/status/<number>/ (`status_list_url`), a stable URL named in every credential it covers.

The encoded list is the bitstring GZIP-compressed, then base64url without padding behind the multibase
prefix "u"; bit 0 is the left-most bit of the first byte.
"""

import base64
import datetime as dt
import gzip
from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from credentials.documents import VC_CONTEXT, absolute, iso, issuer_did

STATUS_LIST_SIZE = 16 * 1024 * 8
STATUS_PURPOSE = "revocation"


def status_position(index: int) -> tuple[int, int]:
    """(list number, counted from 1; bit in that list) of a credential's status index."""
    return index // STATUS_LIST_SIZE + 1, index % STATUS_LIST_SIZE


def status_list_url(number: int) -> str:
    return absolute(reverse("credentials:status_list", kwargs={"number": number}))


def status_entry(index: int) -> dict[str, Any]:
    """The credential's `credentialStatus`."""
    number, bit = status_position(index)
    url = status_list_url(number)
    return {
        "id": f"{url}#{bit}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": STATUS_PURPOSE,
        "statusListIndex": str(bit),
        "statusListCredential": url,
    }


def encode_bits(set_bits: Iterable[int]) -> str:
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for bit in set_bits:
        bits[bit // 8] |= 0x80 >> (bit % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=").decode()


def decode_bits(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("Not a multibase base64url list.")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit_is_set(bits: bytes, bit: int) -> bool:
    return bool(bits[bit // 8] & (0x80 >> (bit % 8)))


def status_list_document(*, number: int, set_bits: Iterable[int], now: dt.datetime) -> dict[str, Any]:
    """The status list credential (to sign): every revoked credential's bit set."""
    url = status_list_url(number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": iso(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": STATUS_PURPOSE,
            "encodedList": encode_bits(set_bits),
        },
    }
