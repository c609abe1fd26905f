"""Forms of the employer's applicant pages: a decision note, and rejecting several applicants at once."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from applications.models import Application
from applications.services.applications import DEFAULT_REJECTION_NOTE

NOTE_HELP = "The student reads this with the decision. Leave it as it is or make it personal."


class RejectForm(forms.Form):
    note = forms.CharField(
        required=False,
        label="A note to the applicant",
        help_text=NOTE_HELP,
        initial=DEFAULT_REJECTION_NOTE,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class BulkRejectForm(forms.Form):
    """The applicants to turn down (by public id, among `applicants` only) and one note for them all."""

    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one applicant to reject.",
            "invalid_choice": "One of the ticked applicants is no longer in this list; reload the page.",
            "invalid_pk_value": "One of the ticked applicants is no longer in this list; reload the page.",
        },
    )
    note = forms.CharField(
        required=False,
        label="A kind message to the applicants you reject",
        help_text=NOTE_HELP,
        initial=DEFAULT_REJECTION_NOTE,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, applicants: QuerySet[Application], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applicants

    @property
    def selected(self) -> set[str]:
        """The public ids ticked in the submitted data, to keep them ticked when the page re-renders."""
        return set(self.data.getlist("applications")) if self.is_bound else set()
