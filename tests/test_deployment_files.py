"""No Docker engine runs in CI, so these keep docker-compose.yml and the Dockerfile honest."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
APP_SERVICES = ["web", "worker", "beat"]


def command_of(service: str) -> str:
    command = COMPOSE["services"][service]["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_describes_the_whole_stack():
    assert set(COMPOSE["services"]) >= {"postgres", "redis", "web", "worker", "beat", "mailpit"}
    assert COMPOSE["services"]["postgres"]["image"].startswith("postgres:16")
    assert COMPOSE["services"]["redis"]["image"].startswith("redis:7")


@pytest.mark.parametrize("service", ["postgres", "redis", "web", "worker", "mailpit"])
def test_long_running_services_have_health_checks(service):
    assert COMPOSE["services"][service]["healthcheck"]["test"]


def test_data_lives_in_named_volumes():
    assert set(COMPOSE["volumes"]) >= {"postgres-data", "redis-data", "media"}
    assert "postgres-data:/var/lib/postgresql/data" in COMPOSE["services"]["postgres"]["volumes"]


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_point_at_modules_that_exist(service):
    environment = COMPOSE["services"][service]["environment"]
    settings_module = environment["DJANGO_SETTINGS_MODULE"]
    assert importlib.util.find_spec(settings_module) is not None, settings_module
    for key in ["DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "EMAIL_URL", "DJANGO_ALLOWED_HOSTS"]:
        assert key in environment, f"{service} lacks {key}"

    command = command_of(service)
    for app_module in re.findall(r"([\w.]+):application", command):
        assert importlib.util.find_spec(app_module) is not None, app_module
    if "celery" in command:
        assert "-A marketplace" in command
        assert importlib.util.find_spec("marketplace.celery") is not None


def test_web_migrates_then_serves_with_gunicorn():
    command = command_of("web")
    assert command.index("manage.py migrate") < command.index("gunicorn marketplace.wsgi:application")
    assert (ROOT / "manage.py").exists()


def test_dockerfile_copies_only_what_exists_and_runs_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    sources = re.findall(r"^COPY (\S+)", dockerfile, flags=re.MULTILINE)
    for source in sources:
        assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"
    assert "gunicorn" in dockerfile


def test_dockerfile_copies_every_installed_app():
    """An app left out of the image would only fail at start-up in production (ModuleNotFoundError)."""
    own_apps = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    dockerfile = (ROOT / "Dockerfile").read_text()
    copied = set(re.findall(r"^COPY (\S+)", dockerfile, flags=re.MULTILINE))
    assert own_apps <= copied, f"Dockerfile does not copy {sorted(own_apps - copied)}"


def test_production_settings_refuse_to_start_without_secrets():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
