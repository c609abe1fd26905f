"""Every error under /api/ in the API's JSON format, whatever the settings.

Django answers a path that matches no URL (e.g. ``/api/v1/applications/not-a-uuid/``) through
``handler404`` (marketplace.views), which speaks JSON under /api/ — but with DEBUG on it shows its technical
HTML page instead and never calls the handler, and likewise for a 500 or a refused CSRF token. A client of
the API must get the same answer under the development settings as in production, so an HTML (or any
non-JSON) error answer to an /api/ path is replaced by the error format of marketplace.api.errors.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from marketplace.api.errors import error_body
from marketplace.api.serializers import ERROR_DESCRIPTIONS

DEFAULT_ERRORS = {
    400: ("parse_error", "The request could not be read."),
    404: ("not_found", "Not found."),
    500: ("server_error", "Something went wrong on our side; it has been logged."),
}


class ApiErrorsAsJsonMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        status = response.status_code
        if status in DEFAULT_ERRORS:
            error_type, detail = DEFAULT_ERRORS[status]
        elif status in ERROR_DESCRIPTIONS:
            _, error_type, detail = ERROR_DESCRIPTIONS[status]
            detail = detail if status not in (405, 415, 429) else ERROR_DESCRIPTIONS[status][0]
        else:
            error_type, detail = "error", response.reason_phrase
        replacement = JsonResponse(error_body(type=error_type, detail=detail), status=status)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                replacement[header] = response[header]
        return replacement
