"""Where the issuer's keys come from: settings, else a development file made at first use."""

import json
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from credentials.keys import generate_key_entry, issuer_keys, signing_key


def test_without_configured_keys_development_generates_one_private_file_and_keeps_it(settings, tmp_path):
    settings.CREDENTIAL_KEYS = []
    settings.CREDENTIAL_KEY_FILE = tmp_path / "dev" / "credential-keys.json"
    first = issuer_keys()
    assert [key.kid for key in first] == ["key-1"] and first[0].can_sign
    assert stat.S_IMODE(settings.CREDENTIAL_KEY_FILE.stat().st_mode) == 0o600
    assert issuer_keys()[0].public_jwk() == first[0].public_jwk()
    assert json.loads(settings.CREDENTIAL_KEY_FILE.read_text())[0]["kid"] == "key-1"


def test_without_keys_or_a_file_nothing_is_signed(settings):
    settings.CREDENTIAL_KEYS, settings.CREDENTIAL_KEY_FILE = [], None
    with pytest.raises(ImproperlyConfigured):
        signing_key()


def test_keys_from_the_environment_come_as_a_json_string_newest_first(settings):
    settings.CREDENTIAL_KEYS = json.dumps([generate_key_entry("key-7"), generate_key_entry("key-6")])
    assert signing_key().kid == "key-7"


@pytest.mark.parametrize(
    "entries",
    [
        [{"kty": "RSA", "kid": "key-1"}],
        [{**generate_key_entry("key-1"), "kid": ""}],
        [generate_key_entry("key-1"), generate_key_entry("key-1")],
    ],
    ids=["not-ed25519", "no-kid", "same-kid"],
)
def test_a_misconfigured_key_list_is_refused(settings, entries):
    settings.CREDENTIAL_KEYS = entries
    with pytest.raises(ImproperlyConfigured):
        issuer_keys()
