"""Rate limits for the API (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from the environment).

DRF's own classes read the rates once, when they are imported; these read them per request, so the rates in
settings (and in tests' ``settings`` fixture) are always the ones applied. Counters live in the default
cache (Redis in production), so every web process shares them.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonThrottle(AnonRateThrottle):
    """Clients without credentials, counted per IP address."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class UserThrottle(UserRateThrottle):
    """Authenticated clients (session or token), counted per user across all their tokens."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
