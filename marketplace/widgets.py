"""Form widgets shared by every app."""

from typing import Any

from django import forms
from django.templatetags.static import static


class TimeZoneSelect(forms.Select):
    """The time-zone select (choices from marketplace.timezones), grouped by area. time-zone-search.js adds a
    box above it that narrows the list as one types a city or a country; without script it is a plain select.
    """

    template_name = "marketplace/widgets/time_zone_select.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["script_url"] = static("js/time-zone-search.js")
        return context
