"""Where browsers report Content-Security-Policy violations (the policy's report-uri): logged, nothing stored.

Anonymous, CSRF-exempt (browsers send no token) and bounded: a body over 8 KB is not read, and one address
gets at most 30 reports a minute logged; every request is answered 204 so a browser never retries.
"""

import json
import logging

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("marketplace.csp")

MAX_BODY_BYTES = 8 * 1024
REPORTS_PER_MINUTE = 30


def _within_rate(request: HttpRequest) -> bool:
    key = f"csp-report:{request.META.get('REMOTE_ADDR', '')}"
    try:
        cache.add(key, 0, timeout=60)
        return cache.incr(key) <= REPORTS_PER_MINUTE
    except Exception:  # a cache (Redis) outage must not turn a report into an error
        return True


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY_BYTES + 1
    if 0 < length <= MAX_BODY_BYTES and _within_rate(request):
        try:
            report = json.loads(request.read(MAX_BODY_BYTES))
        except (ValueError, UnicodeDecodeError):
            report = None
        body = report.get("csp-report") if isinstance(report, dict) else None
        if isinstance(body, dict):
            logger.warning(
                "CSP violation: %s blocked %s on %s",
                str(body.get("violated-directive") or body.get("effective-directive"))[:200],
                str(body.get("blocked-uri"))[:500],
                str(body.get("document-uri"))[:500],
            )
    return HttpResponse(status=204)
