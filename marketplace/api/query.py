"""Query-string filters read through a serializer, strictly.

DRF reads an empty optional query parameter (``?status=``) as absent and a repeated one as its last value,
so a mistyped filter would silently narrow nothing. Through the API each declared parameter is given once
with a value, or left out: anything else is a 400 naming it.
"""

from typing import Any

from rest_framework import serializers


class QueryParametersSerializer(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, list[str]] = {}
        for name, field in self.fields.items():
            values = data.getlist(name) if hasattr(data, "getlist") else [data[name]] if name in data else []
            if len(values) > 1:
                errors[name] = ["Give this parameter once."]
            elif values == [""] and not getattr(field, "allow_blank", False):
                errors[name] = ["Give a value, or leave the parameter out."]
        if errors:
            raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
