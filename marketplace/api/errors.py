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
from django.core.exceptions import RequestDataTooBig
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

# Every value ``type`` can take (documented as an enum in the schema by marketplace.api.serializers).
ERROR_TYPE_CHOICES = [
    "validation_error",
    "not_authenticated",
    "permission_denied",
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "throttled",
    "parse_error",
    "conflict",
    "server_error",
    "error",
]


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


def _flatten(detail: Any, prefix: str, into: dict[str, list[str]]) -> None:
    """Nested errors flattened (``{"skills.0.slug": [...]}``): ``errors`` is always field → list."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), into)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            if item:
                _flatten(item, f"{prefix}.{index}" if prefix else str(index), into)
    elif isinstance(detail, list):
        into.setdefault(prefix or NON_FIELD, []).extend(str(item) for item in detail)
    else:
        into.setdefault(prefix or NON_FIELD, []).append(str(detail))


def _field_errors(detail: Any) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    _flatten(detail, "", errors)
    return errors


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]: every error in the one format above."""
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_error_as_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        exc = exceptions.ParseError("The request body is over the size limit.")
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
