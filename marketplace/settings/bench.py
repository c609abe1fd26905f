"""The web benchmark (`make bench-web`, demo's `bench_web`): production's settings served over plain http on
localhost, with the benchmark's URLconf (a bare JSON view beside the site) and the API throttles out of the
way (a load generator is one client sending thousands of requests a minute).

`bench_web` passes a throwaway DJANGO_SECRET_KEY to every worker (and signs its sessions with it); the
default below is random per process, so nothing signed with it outlives the process.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", f"bench-throwaway-{secrets.token_hex(32)}")
os.environ.setdefault("EMAIL_URL", "consolemail://")

from marketplace.settings.production import *  # noqa: F403
from marketplace.settings.production import REST_FRAMEWORK

DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ROOT_URLCONF = "demo.bench_urls"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {"anon": "1000000/minute", "user": "1000000/minute"},
}
