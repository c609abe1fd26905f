"""Development: the embedded PostgreSQL and Redis unless DATABASE_URL / REDIS_URL say otherwise."""

import os

from marketplace import devstack

os.environ.setdefault("DATABASE_URL", devstack.embedded_database_url())
os.environ.setdefault("REDIS_URL", devstack.embedded_redis_url())
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")

from marketplace.settings.base import *  # noqa: F403
from marketplace.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# runserver serves each request on a new thread, and a persistent connection lives as long as its thread's
# last request: any CONN_MAX_AGE above 0 leaves one idle PostgreSQL connection per thread of a burst.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)  # noqa: F405
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Development signs credentials with a key generated on first use into the git-ignored data folder.
CREDENTIAL_KEY_FILE = env.str(
    "MARKETPLACE_CREDENTIAL_KEY_FILE", default=str(devstack.DATA_DIR / "credential-keys.json")
)
