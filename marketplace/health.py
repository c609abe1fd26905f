"""What /healthz checks: the database, the Redis cache and the Celery broker, each within about a second.

The site keeps answering with Redis down (marketplace/cache.py, marketplace/tasks.py) but is degraded: rate
limits per process only, background work waiting for the sweeps. The health check says so (503) rather than
"ok", so the operator hears of it.
"""

import logging
from typing import Any

import kombu
from django.core.cache import cache
from django.db import connection

from marketplace.parked import parked_task_counts

logger = logging.getLogger("marketplace.health")

# Seconds the broker gets to accept a connection (the cache's own timeouts are in settings.CACHES OPTIONS).
BROKER_TIMEOUT = 0.5


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False
    return True


def _cache() -> bool:
    ping = getattr(cache, "ping", None)  # marketplace.cache.FailoverRedisCache; tests' memory cache has none
    try:
        return bool(ping()) if ping else (cache.set("healthz", 1, 5) or cache.get("healthz") == 1)
    except Exception:
        logger.warning("Health check: the cache does not answer", exc_info=True)
        return False


def _broker() -> bool:
    from marketplace.celery import app

    options = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT, "max_retries": 0}
    try:
        with kombu.Connection(
            app.conf.broker_url, connect_timeout=BROKER_TIMEOUT, transport_options=options
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT)
    except Exception:
        logger.warning("Health check: the broker does not answer", exc_info=True)
        return False
    return True


def check_dependencies() -> dict[str, Any]:
    """{"status": "ok" | "degraded", "database": "ok" | "down", "redis": ..., "broker": ...,
    "tasks_parked": {"broker_down": n, "gave_up": n, "waiting_for_a_person": n} (while the database answers)}.

    Parked tasks do not make the site degraded: they are re-driven on their own; the operator watches them."""
    states = {"database": _database(), "redis": _cache(), "broker": _broker()}
    report: dict[str, Any] = {"status": "ok" if all(states.values()) else "degraded"}
    report.update({name: "ok" if up else "down" for name, up in states.items()})
    if states["database"]:
        report["tasks_parked"] = parked_task_counts()
    return report
