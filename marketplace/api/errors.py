"""One error format for the whole API.

Every error answer under /api/ is a JSON object::

    {"type": "validation_error", "detail": "Check the fields below.", "errors": {"title": ["…"]}}

``type`` is a stable machine-readable word (validation_error, not_authenticated, permission_denied,
not_found, method_not_allowed, throttled, parse_error, unsupported_media_type, server_error), ``detail`` a
sentence for people and ``errors`` the messages per field (``non_field_errors`` for the rest; empty when the
error is not about fields). Services raise Django's ValidationError; it is mapped here, once, to a 400.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

ERROR_TYPES = {
    exceptions.ValidationError: "validation_error",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
}


def django_validation_error_as_drf(error: DjangoValidationError) -> exceptions.ValidationError:
    """A service's ValidationError as DRF's, keeping the field each message belongs to."""
    if hasattr(error, "error_dict"):
        detail = {
            (NON_FIELD if field == "__all__" else field): [message for e in errors for message in e.messages]
            for field, errors in error.error_dict.items()
        }
    else:
        detail = {NON_FIELD: error.messages}
    return exceptions.ValidationError(detail)


def error_body(*, type: str, detail: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"type": type, "detail": detail, "errors": errors or {}}


def _field_errors(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {
            str(key): value if isinstance(value, list | dict) else [value] for key, value in detail.items()
        }
    if isinstance(detail, list):
        return {NON_FIELD: detail}
    return {NON_FIELD: [detail]}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error in the one format above."""
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_error_as_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    error_type = next((name for cls, name in ERROR_TYPES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            type=error_type, detail="Check the fields listed in errors.", errors=_field_errors(exc.detail)
        )
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        response.data = error_body(type=error_type, detail=str(detail))
    return response
