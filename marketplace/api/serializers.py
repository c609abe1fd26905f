"""Schema types every API area shares: the one error format and the error responses to document, and
``valid_input`` to check a request body.

Use ``error_responses`` in ``extend_schema`` so each endpoint lists the errors it can answer::

    @extend_schema(responses={200: ProjectSerializer, **error_responses(400, 401, 403, 404)})
"""

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema_field
from rest_framework import serializers

from marketplace.api.errors import ERROR_TYPE_CHOICES


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer under /api/ (see marketplace.api.errors)."""

    type = serializers.ChoiceField(
        choices=ERROR_TYPE_CHOICES, help_text="Stable machine-readable kind of error."
    )
    detail = serializers.CharField(help_text="A sentence for people.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=(
            "Messages per field (nested fields joined with dots, e.g. `skills.0.slug`; `non_field_errors` "
            "for the rest). Empty unless type is validation_error."
        ),
    )


ERROR_DESCRIPTIONS: dict[int, tuple[str, str, str]] = {
    400: (
        "Invalid input: the messages per field are in `errors`.",
        "validation_error",
        "Check the fields listed in errors.",
    ),
    401: (
        "No valid credentials: send a session cookie or `Authorization: Bearer <token>`.",
        "not_authenticated",
        "Authentication credentials were not provided.",
    ),
    403: (
        "Your role may not use this endpoint.",
        "permission_denied",
        "You do not have permission to perform this action.",
    ),
    404: ("Not found, or outside what you may see.", "not_found", "Not found."),
    405: ("Method not allowed.", "method_not_allowed", 'Method "PATCH" not allowed.'),
    409: ("The object is not in a state that allows this.", "conflict", "Conflict."),
    413: ("The upload is too large.", "validation_error", "Check the fields listed in errors."),
    415: ("Unsupported media type.", "unsupported_media_type", 'Unsupported media type "text/plain".'),
    429: (
        "Too many requests: wait for the seconds in the Retry-After header.",
        "throttled",
        "Request was throttled. Expected available in 12 seconds.",
    ),
}


def error_response(status: int, description: str | None = None) -> OpenApiResponse:
    """One documented error answer; ``description`` overrides the generic sentence for this endpoint."""
    generic, error_type, detail = ERROR_DESCRIPTIONS.get(status, ("Error.", "error", "Error."))
    example = {"type": error_type, "detail": detail, "errors": {}}
    if status == 400:
        example["errors"] = {"title": ["This field is required."]}
    return OpenApiResponse(
        response=ErrorSerializer,
        description=description or generic,
        examples=[OpenApiExample(error_type, value=example, response_only=True, status_codes=[str(status)])],
    )


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """``{400: OpenApiResponse(ErrorSerializer, …), …}`` for ``extend_schema(responses={…, **here})``."""
    return {status: error_response(status) for status in statuses}


def valid_input(serializer_class: type[serializers.Serializer], request: Any) -> dict[str, Any]:
    """The request body checked by `serializer_class` (its shape only; the services check the rules), or a
    400 in the one error format."""
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of the object's page on the site, for a client to link to."""

    def __init__(self, url_name: str, *, kwarg: str = "public_id", **kwargs: Any) -> None:
        self.url_name, self.kwarg = url_name, kwarg
        kwargs.setdefault("source", "*")
        kwargs.update(read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        url = reverse(self.url_name, kwargs={self.kwarg: getattr(value, self.kwarg)})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url
