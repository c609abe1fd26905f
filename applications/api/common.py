"""What both sides of the applications API share: who may use each side, and the serializers of an
application's timeline, answers and engagement."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated

from accounts.permissions import EmployersOnly, StudentsOnly
from applications.models import Application, ApplicationEvent
from marketplace.api.serializers import error_responses

TAG = "applications"
STUDENT = [IsAuthenticated, StudentsOnly]
EMPLOYER = [IsAuthenticated, EmployersOnly]


class ApplicationEventSerializer(serializers.ModelSerializer):
    """One step of the status timeline."""

    class Meta:
        model = ApplicationEvent
        fields = ["status", "note", "created_at"]


class ApplicationAnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


@extend_schema_field(OpenApiTypes.UUID)
class EngagementIdField(serializers.Field):
    """The public id of the application's engagement (once accepted), or null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, application: Application) -> str | None:
        engagement = getattr(application, "engagement", None)
        return str(engagement.public_id) if engagement is not None else None


def endpoint_schema(
    operation_id: str,
    summary: str,
    ok: Any,
    *,
    code: int | tuple[int, str] = 200,
    errors: tuple[int, ...] = (400, 401, 403, 404),
    **kwargs: Any,
):
    """`extend_schema` for an endpoint of this area: its answer `ok` with status `code` (`(status, media
    type)` for an answer that is not JSON) and its `errors`, under the "applications" tag."""
    return extend_schema(
        operation_id=operation_id,
        tags=[TAG],
        summary=summary,
        responses={code: ok, **error_responses(*errors)},
        **kwargs,
    )
