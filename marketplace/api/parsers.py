"""The API's JSON parser: DRF's, with the body's size and nesting bounded and control characters refused.

Python's json module recurses once per level, so a body of 100,000 `[` would end in a RecursionError (a 500);
no endpoint takes more than a few levels, so anything past MAX_JSON_DEPTH is refused as a parse error. Text
with control characters is refused with the field it was in (marketplace.text_input explains why).
"""

import codecs
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from rest_framework import exceptions, parsers
from rest_framework.settings import api_settings
from rest_framework.utils import json

from marketplace.text_input import control_character_message

MAX_JSON_DEPTH = 32


def _max_json_bytes() -> int:
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440


def check_json_value(data: Any, *, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Raise ParseError past `max_depth` levels, ValidationError on a string with a control character.

    Walks the value without recursion, so any depth the decoder returned is safe to look at.
    """
    pending: list[tuple[Any, int, str]] = [(data, 1, "")]
    while pending:
        value, depth, path = pending.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise exceptions.ParseError(f"JSON parse error - nested more than {max_depth} levels deep.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                child = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and (message := control_character_message(key)):
                    raise exceptions.ValidationError({path or api_settings.NON_FIELD_ERRORS_KEY: [message]})
                pending.append((item, depth + 1, child))
        elif isinstance(value, str) and (message := control_character_message(value)):
            raise exceptions.ValidationError({path or api_settings.NON_FIELD_ERRORS_KEY: [message]})


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = _max_json_bytes()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise exceptions.ParseError(f"JSON parse error - the body is over {filesizeformat(limit)}.")
        try:
            text = codecs.decode(raw, encoding)
            data = json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:
            raise exceptions.ParseError(
                f"JSON parse error - nested more than {MAX_JSON_DEPTH} levels deep."
            ) from None
        except ValueError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        check_json_value(data)
        return data
