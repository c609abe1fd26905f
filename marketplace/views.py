from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache

from marketplace import health
from marketplace.api.errors import error_body


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state, for the container health check and monitoring: 200 when the database, the
    Redis cache and the Celery broker all answer, 503 naming the one that does not (marketplace/health.py)."""
    report = health.check_dependencies()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


# Error pages: JSON in the API's one format under /api/ (a client parsing JSON never gets an HTML page), the
# site's own pages (templates/400.html, 403, 404, 500) everywhere else. Wired as handler400/403/404/500 in
# marketplace/urls.py.


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, type: str, detail: str) -> JsonResponse:
    return JsonResponse(error_body(type=type, detail=detail), status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(400, "parse_error", "The request could not be read.")
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(403, "permission_denied", "You do not have permission to perform this action.")
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _api_error(404, "not_found", "Not found.")
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _api_error(500, "server_error", "Something went wrong on our side; it has been logged.")
    return defaults.server_error(request)
