"""The employer's form for cancelling a project (on the project's manage page)."""

from django import forms

from engagements.services.project_cancellation import CANCELLATION_NOTE


class CancelProjectForm(forms.Form):
    note = forms.CharField(
        required=False,
        label="A note to the applicants still waiting",
        help_text="They are told the project will not go ahead. Leave it as it is or make it personal.",
        initial=CANCELLATION_NOTE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
