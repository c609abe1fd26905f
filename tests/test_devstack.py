"""`make run` (marketplace/devstack.py): emails link to the host and port it serves on."""

import os
import subprocess
import sys
from pathlib import Path

from marketplace import devstack

ROOT = Path(__file__).resolve().parent.parent


def test_the_site_url_follows_the_port_make_run_serves_on():
    environ = devstack.run_environment({"PORT": "8931"})

    assert environ["MARKETPLACE_SITE_URL"] == "http://127.0.0.1:8931"
    assert environ["DJANGO_SETTINGS_MODULE"] == "marketplace.settings.dev"
    assert "DJANGO_ALLOWED_HOSTS" not in environ


def test_the_site_url_follows_the_host_too():
    assert devstack.run_environment({})["MARKETPLACE_SITE_URL"] == "http://127.0.0.1:8000"
    assert devstack.run_environment({"HOST": "localhost"})["MARKETPLACE_SITE_URL"] == "http://localhost:8000"
    assert (
        devstack.run_environment({"HOST": "::1", "PORT": "9000"})["MARKETPLACE_SITE_URL"]
        == "http://[::1]:9000"
    )


def test_a_server_on_every_interface_is_linked_to_as_localhost():
    """0.0.0.0 is where the server listens, not an address a browser can open."""
    assert devstack.run_environment({"HOST": "0.0.0.0", "PORT": "8931"})["MARKETPLACE_SITE_URL"] == (
        "http://localhost:8931"
    )


def test_a_named_host_is_allowed_so_runserver_answers_it():
    environ = devstack.run_environment({"HOST": "marketplace.test", "PORT": "8931"})

    assert environ["MARKETPLACE_SITE_URL"] == "http://marketplace.test:8931"
    assert environ["DJANGO_ALLOWED_HOSTS"].split(",") == [
        "localhost",
        "127.0.0.1",
        "[::1]",
        "marketplace.test",
    ]


def test_what_the_developer_set_explicitly_wins():
    environ = devstack.run_environment(
        {
            "PORT": "8931",
            "MARKETPLACE_SITE_URL": "https://tunnel.example",
            "HOST": "marketplace.test",
            "DJANGO_ALLOWED_HOSTS": "marketplace.test",
        }
    )

    assert environ["MARKETPLACE_SITE_URL"] == "https://tunnel.example"
    assert environ["DJANGO_ALLOWED_HOSTS"] == "marketplace.test"


EMAIL_LINKS = """
import django
django.setup()
from accounts.models import User
from notifications.emails import notice_email
from notifications.models import Notification, NotificationKind

user = User(pk=7, email="maya@example.org")
notice = Notification(user=user, kind=NotificationKind.APPLICATION_STATUS, title="Shortlisted", body="Hi",
                      url="/applications/")
message = notice_email(notice)
print(message.body)
print(message.alternatives[0][0])
print("List-Unsubscribe:", message.extra_headers["List-Unsubscribe"])
"""


def test_an_email_sent_under_make_run_links_to_the_port_it_serves_on():
    """The 'Open it' link, the settings link and the one-click unsubscribe (link and header) of an email
    rendered by a process of `PORT=8931 make run` all point at port 8931."""
    base = {key: value for key, value in os.environ.items() if key not in {"MARKETPLACE_SITE_URL", "HOST"}}
    environ = devstack.run_environment(
        {**base, "PORT": "8931", "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev"}
    )

    result = subprocess.run(
        [sys.executable, "-c", EMAIL_LINKS], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    output = result.stdout
    assert "http://127.0.0.1:8931/applications/" in output
    assert "http://127.0.0.1:8931/notifications/settings/" in output
    assert "List-Unsubscribe: <http://127.0.0.1:8931/notifications/unsubscribe/" in output
    assert "localhost:8000" not in output
