"""Forms of the students' project pages: reporting a posting. (Applying lives in applications/forms.py.)"""

from django import forms

from projects.models import ReportReason


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this posting?",
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the reason that fits best."},
    )
    details = forms.CharField(
        label="Anything else we should know?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "For example: they asked me to pay for training, or to start work before "
                "being accepted.",
            }
        ),
        help_text="Only our team reads this; the employer does not see who reported the posting.",
    )
