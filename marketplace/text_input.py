"""Text that no person types: control characters are refused at the door, once, for every page and the API.

PostgreSQL cannot store NUL in text (a query with one fails with DataError) and the other control characters
(all of Unicode's Cc except tab, line feed and carriage return) only ever come from a fuzzer or an attack.
`ControlCharacterMiddleware` checks every query string and every form body (urlencoded or multipart; file
contents are not text and are checked by marketplace.uploads); `marketplace.api.parsers` checks JSON bodies.
Either way the answer is a 400 naming the field: the API's JSON error under /api/, a short page otherwise.
"""

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest, RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
API_PREFIX = "/api/"


def control_character_message(text: str) -> str | None:
    """Why `text` is refused (naming the first control character in it), or None when it is fine."""
    found = CONTROL_CHARACTER.search(text)
    if found is None:
        return None
    return (
        f"Remove the control character U+{ord(found.group()):04X}: text may not contain control characters "
        "other than tabs and line breaks."
    )


def first_control_character(pairs: Iterable[tuple[str, list[str]]]) -> tuple[str, str] | None:
    """(field, message) for the first name or value holding a control character, or None."""
    for name, values in pairs:
        if (message := control_character_message(name)) is not None:
            return "non_field_errors", message
        for value in values:
            if (message := control_character_message(value)) is not None:
                return name, message
    return None


def bad_request(request: HttpRequest, *, field: str, message: str) -> HttpResponse:
    """A 400 about one field: the API's error body under /api/, a short plain page elsewhere."""
    if request.path.startswith(API_PREFIX):
        # Imported here: the API's modules load DRF, whose settings load the parser that imports this module.
        from marketplace.api.errors import error_body

        body = error_body(type="validation_error", detail="Check the fields listed in errors.")
        body["errors"] = {field: [message]}
        return JsonResponse(body, status=400)
    shown = "the address" if field == "non_field_errors" else f"“{field}”"
    context = {"message": f"What was sent in {shown} cannot be accepted. {message}"}
    return render(request, "400.html", context, status=400)


class ControlCharacterMiddleware:
    """Answers 400 to a request whose query string or form body holds a control character (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = first_control_character(request.GET.lists())
        if found is None and request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                found = first_control_character(request.POST.lists())
            except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent):
                raise  # Django answers these with its own 400.
            except (MultiPartParserError, BadRequest):
                found = ("non_field_errors", "The form data could not be read.")
        if found is not None:
            field, message = found
            return bad_request(request, field=field, message=message)
        return self.get_response(request)
