"""Tests: the real PostgreSQL (DATABASE_URL, else the embedded one) and fast, isolated everything else."""

import os

from marketplace import devstack

os.environ.setdefault("DATABASE_URL", devstack.embedded_database_url())
os.environ.setdefault("REDIS_URL", devstack.embedded_redis_url())
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")

from marketplace.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A Celery worker started by tests (tests/celery_worker.py) writes its mail to files the test reads.
if os.environ.get("TEST_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["TEST_EMAIL_FILE_PATH"]
# …or to an SMTP server the test runs (notifications' kill-mid-send tests count what it accepts).
if os.environ.get("TEST_EMAIL_SMTP_PORT"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = "127.0.0.1"
    EMAIL_PORT = int(os.environ["TEST_EMAIL_SMTP_PORT"])
    EMAIL_TIMEOUT = 30
# Each test starts with an empty cache (see conftest.py); a per-process memory cache keeps tests independent.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
MEDIA_ROOT = BASE_DIR / ".devdata" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / ".devdata" / "test-private-media"  # noqa: F405
CREDENTIAL_KEY_FILE = BASE_DIR / ".devdata" / "test-credential-keys.json"  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {"BACKEND": "marketplace.uploads.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = False
