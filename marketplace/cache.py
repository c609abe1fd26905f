"""The default cache: Redis, with a per-process memory cache standing in while Redis cannot be reached.

What the cache holds here is never the only copy of anything: rate-limit histories (allauth's login limits,
the API throttles) and the count of tasks that gave up (sessions live in the database). So when Redis is
down, each process carries on with its own memory: login and the API stay rate-limited, per process rather
than across them, instead of answering 500 or letting everything through. After a failure the process
leaves Redis alone for ``RETRY_AFTER`` seconds (one warning, no timeout paid on every call), then tries
again; what it counted in memory meanwhile is simply dropped.
"""

import logging
import time
from typing import Any

import redis.exceptions
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("marketplace.cache")

REDIS_DOWN_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)

# How long a process uses its memory cache after Redis failed, before trying Redis again.
RETRY_AFTER = 5.0

_FAILOVER_METHODS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "set_many", "delete_many", "clear",
)  # fmt: skip


class FailoverRedisCache(RedisCache):
    """Django's RedisCache (set short ``socket_connect_timeout`` / ``socket_timeout`` in OPTIONS) that falls
    back to a per-process LocMemCache on a connection error or timeout instead of raising."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"failover:{server}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "KEY_PREFIX": params.get("KEY_PREFIX", "")},
        )
        self._down_until = 0.0

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz): never falls back, never raises."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except (*REDIS_DOWN_ERRORS, redis.exceptions.RedisError, OSError):
            return False

    def _failover(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            return getattr(super(), name)(*args, **kwargs)
        except REDIS_DOWN_ERRORS as error:
            self._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Redis cache unreachable (%r): this process uses its own memory cache for %ss",
                error,
                RETRY_AFTER,
            )
            return getattr(self._fallback, name)(*args, **kwargs)


def _delegating(name: str):
    def method(self: FailoverRedisCache, *args: Any, **kwargs: Any) -> Any:
        return self._failover(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _FAILOVER_METHODS:
    setattr(FailoverRedisCache, _name, _delegating(_name))
