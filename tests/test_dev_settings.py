"""The development settings, loaded in a fresh interpreter as `make run` loads them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _dev_setting(expression: str, **environ: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_CONN_MAX_AGE"}
    env.update(DJANGO_SETTINGS_MODULE="marketplace.settings.dev", **environ)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_runserver_closes_each_database_connection_after_its_request():
    """runserver answers each request on a new thread; a persistent connection would stay open, idle, per
    thread of a burst until PostgreSQL refuses other clients."""
    assert _dev_setting("settings.DATABASES['default']['CONN_MAX_AGE']") == "0"


def test_a_developer_can_still_ask_for_persistent_connections():
    assert _dev_setting("settings.DATABASES['default']['CONN_MAX_AGE']", DJANGO_CONN_MAX_AGE="30") == "30"
