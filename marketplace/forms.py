"""Form helpers shared by every app."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.timezones import zone_info


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: each message on the field it names when the form has
    that field, everything else above the fields (the one error contract of STYLE.md, point 6)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed, and shown, in the zone given (not the request's): a naive value is read as a
    time there (refusing one a clock change skips or repeats) and saved as the aware instant it names."""

    def __init__(self, *args: Any, zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def prepare_value(self, value: Any) -> Any:
        with timezone.override(zone_info(self.zone)):
            return super().prepare_value(value)

    def to_python(self, value: Any) -> Any:
        with timezone.override(zone_info(self.zone)):
            return super().to_python(value)
