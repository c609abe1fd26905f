"""Files the student tests store go to a temporary private folder, deleted with it."""

from pathlib import Path

import pytest


@pytest.fixture
def private_media(settings) -> Path:
    """The private folder of this test (the root conftest gives every test its own)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root
