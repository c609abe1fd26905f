import pytest

SITE = "https://marketplace.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    """Emails link to the site by its configured address (workers have no request to ask)."""
    settings.MARKETPLACE = {**settings.MARKETPLACE, "SITE_URL": SITE}


def email_path(url: str) -> str:
    """A link from an email as the test client takes it: the path on the site."""
    assert url.startswith(SITE + "/"), url
    return url.removeprefix(SITE)
