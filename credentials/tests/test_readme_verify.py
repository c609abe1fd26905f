"""The README's "Verify a credential from the command line" snippet, run as written against a live server."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from credentials.services import credential_issue, credential_revoke
from engagements.models import EngagementStatus
from tests.engagement_world import make_engagement_world

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_snippet() -> str:
    text = README.read_text()
    block = re.search(r"<!-- verify-snippet -->\n```sh\n(.*?)```", text, re.S)
    assert block, "the README lost its verify snippet"
    return block.group(1)


def run_snippet(tmp_path: Path, token: str) -> str:
    jwt_file = tmp_path / "credential-x.jwt"
    jwt_file.write_text(token)
    script = (
        readme_snippet()
        .replace("python3 -", f"{sys.executable} -")
        .replace("credential-<id>.jwt", str(jwt_file))
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_the_readme_snippet_says_valid_then_revoked(live_server, settings, tmp_path, site_admin):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "SITE_URL": live_server.url}
    world = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=1)
    credential = credential_issue(engagement_id=world.engagement.pk)
    assert credential.kid.startswith("did:web:localhost%3A")

    assert run_snippet(tmp_path, credential.jwt).startswith(f"valid - {credential.document['name']}")
    credential_revoke(credential=credential, by=site_admin, reason="Mistake")
    assert run_snippet(tmp_path, credential.jwt).startswith("revoked - ")
