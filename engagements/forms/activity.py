"""Forms of the engagement page's activity panel: a message to the other side, and a day's hours.

They only parse input: the rules (length of a message, which days and how many hours) live in
`engagements.services.activity`, whose errors the views put back on these forms.
"""

from typing import Any

from django import forms
from django.utils import timezone

from engagements.models import MessageReportReason
from engagements.services.activity import MESSAGE_MAX_LENGTH


class MessageForm(forms.Form):
    prefix = "message"

    body = forms.CharField(
        label="Your message",
        strip=False,
        help_text=f"Plain text, up to {MESSAGE_MAX_LENGTH:,} characters. Ctrl+Enter sends it.",
        error_messages={"required": "Write a message first."},
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
    )


class HoursForm(forms.Form):
    prefix = "hours"

    date = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the day as a date, e.g. 2026-11-26."},
    )
    hours = forms.DecimalField(
        label="Hours",
        help_text="From 0.25 to 24, e.g. 1.5 for an hour and a half.",
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the hours as a number, e.g. 1.5."},
    )
    note = forms.CharField(
        label="What you worked on",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()


class MessageReportForm(forms.Form):
    prefix = "report"

    reason = forms.ChoiceField(label="Why are you reporting it?", choices=MessageReportReason.choices)
    details = forms.CharField(
        label="Anything we should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 2000}),
    )
