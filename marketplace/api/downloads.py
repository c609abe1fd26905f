"""What every endpoint that streams a file shares."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class DownloadNegotiation(DefaultContentNegotiation):
    """For endpoints that stream a file: the file goes out in its own type whatever the Accept header asks
    (a client sending `Accept: application/pdf` must not get a 406 from the JSON-only renderers), and
    errors are JSON in the API's one format, as everywhere else."""

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type


def download_response(description: str) -> OpenApiResponse:
    """A file in the body, for `extend_schema(responses={(200, *media_types): here})`."""
    return OpenApiResponse(response=OpenApiTypes.BINARY, description=description)
