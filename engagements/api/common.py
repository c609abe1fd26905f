"""What every endpoint of the engagements API shares: who may use the area, and how an endpoint is
documented. (A service's refusal about one input comes keyed by that input's name, so the API's one error
format shows it on that field, where the page's form shows it.)"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from engagements.access import PARTY_ROLES
from marketplace.api.serializers import error_responses

TAG = "engagements"


class EngagementPartiesOnly(BasePermission):
    """Students and employer members, like the engagement pages; career staff get 403 for the area."""

    message = "Engagements are for their students and employer members."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in PARTY_ROLES)


PARTIES = [IsAuthenticated, EngagementPartiesOnly]


def endpoint_schema(
    operation: str,
    summary: str,
    ok: Any,
    *,
    code: int | tuple[int | str, ...] = 200,
    more: dict | None = None,
    errors=(400, 401, 403, 404),
    **kwargs,
):
    """`extend_schema` for an endpoint of this area: its answer `ok` with status `code` (and `more`
    answers), and its `errors`. `code` may be `(status, *media types)` for an answer that is not JSON."""
    return extend_schema(
        operation_id=f"engagements_{operation}",
        tags=[TAG],
        summary=summary,
        responses={code: ok, **(more or {}), **error_responses(*errors)},
        **kwargs,
    )
