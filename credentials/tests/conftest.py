import pytest

from credentials.keys import generate_key_entry


@pytest.fixture(autouse=True)
def credential_keys(settings) -> list[dict]:
    """Two issuer keys for the test, newest first: key-2 signs, key-1 (older) only verifies."""
    entries = [generate_key_entry("key-2"), generate_key_entry("key-1")]
    settings.CREDENTIAL_KEYS = entries
    return entries
