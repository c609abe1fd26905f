"""drf-spectacular hooks (settings.SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""

from typing import Any

from marketplace.api.pagination import StandardPagination
from marketplace.api.serializers import ERROR_DESCRIPTIONS

HTTP_METHODS = {"get", "put", "patch", "post", "delete", "head", "options", "trace"}


def _error_response(status: int) -> dict[str, Any]:
    return {
        "description": ERROR_DESCRIPTIONS[status][0],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _is_paginated(operation: dict[str, Any]) -> bool:
    return any(
        parameter.get("in") == "query" and parameter.get("name") == "page"
        for parameter in operation.get("parameters", [])
    )


def add_common_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict:
    """Document the answers an endpoint can give whatever its view says: 400 for input refused before the
    view (see below), 429 when throttled, 401 for each endpoint that needs credentials (the schema marks the
    public ones with an empty security entry), and 404 for a page number past the end of a paginated list."""
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            # Any request may be refused as invalid before its view runs: a control character in the query
            # string or the body (marketplace/text_input.py), a body too large or nested too deep.
            responses.setdefault("400", _error_response(400))
            responses.setdefault("429", _error_response(429))
            public_operation = {} in operation.get("security", [])
            if not public_operation:
                responses.setdefault("401", _error_response(401))
            if _is_paginated(operation):
                responses.setdefault("404", _error_response(404))
                _bound_pagination_parameters(operation)
    return result


def _bound_pagination_parameters(operation: dict[str, Any]) -> None:
    """``page`` and ``page_size`` as marketplace.api.pagination checks them: whole numbers from 1, the size
    at most 100 (anything else is a 400)."""
    bounds = {
        "page": {"minimum": 1},
        "page_size": {"minimum": 1, "maximum": StandardPagination.max_page_size},
    }
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "query" and parameter.get("name") in bounds:
            parameter["schema"] = {
                **parameter.get("schema", {}),
                "type": "integer",
                **bounds[parameter["name"]],
            }
