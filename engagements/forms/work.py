"""Forms of the work panel of the engagement page: milestones, hand-ins, answers to them, payment, cancelling.

They check the shape of the input only; the services decide what is allowed and say why not.
"""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from engagements.models import Milestone
from marketplace.uploads import (
    DELIVERABLE_ACCEPT,
    DELIVERABLE_TYPES_TEXT,
    validate_deliverable_upload,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. First draft of the report"}),
    )
    description = forms.CharField(
        required=False,
        label="What it includes",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the student hands in for this milestone and how you will judge it.",
    )
    due_date = forms.DateField(label="Due date", widget=DateInput())

    @classmethod
    def for_milestone(cls, milestone: Milestone, data: Any = None) -> "MilestoneForm":
        initial = {
            "title": milestone.title,
            "description": milestone.description,
            "due_date": milestone.due_date,
        }
        return cls(data, initial=initial, prefix="milestone")


class SubmissionForm(forms.Form):
    """A hand-in for one milestone: a file, a link, or both, with a note. The prefix names the milestone."""

    file = forms.FileField(
        required=False,
        label="File",
        widget=forms.ClearableFileInput(attrs={"accept": DELIVERABLE_ACCEPT}),
        help_text=f"{DELIVERABLE_TYPES_TEXT}, at most 25 MB. Only you and the employer can download it.",
    )
    link = forms.CharField(
        required=False,
        label="Link",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="A shared folder, repository or document (https://…).",
    )
    note = forms.CharField(
        required=False,
        label="Note to the employer",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you did, what to look at first, anything still open.",
    )

    def clean_file(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        validate_deliverable_upload(upload)  # early, so the form shows it beside the field
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("link", "").strip():
            raise forms.ValidationError("Add a file or a link with your work.", code="link_or_file_required")
        return cleaned


class ChangesForm(forms.Form):
    comment = forms.CharField(
        label="What should change",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Be specific: the student reads this and hands the work in again.",
        error_messages={"required": "Say what should change, so the student can act on it."},
    )


class MarkPaidForm(forms.Form):
    reference = forms.CharField(
        required=False,
        label="Payment reference",
        max_length=200,
        help_text="A transfer or invoice number the student can look for.",
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The other side reads this.",
        error_messages={"required": "Say why you are cancelling; the other side will see it."},
    )
