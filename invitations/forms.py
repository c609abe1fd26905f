"""The career office's forms in the admin: a CSV to upload, one business to invite."""

from django import forms

from invitations.csv_rows import MAX_ROWS, MAX_UPLOAD_BYTES
from universities.models import University


class _ForUniversity(forms.Form):
    """Site staff, who belong to no career office, say which university invites; career staff never do."""

    university = forms.ModelChoiceField(
        queryset=University.objects.all(),
        required=True,
        help_text="Site staff only: the university whose career office sends the invitations.",
    )

    def __init__(self, *args, ask_university: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not ask_university:
            del self.fields["university"]


class InvitationUploadForm(_ForUniversity):
    file = forms.FileField(
        label="CSV file",
        help_text=f"A .csv file of at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB and {MAX_ROWS:,} rows, "
        "its first line naming the columns. Commas or semicolons; UTF-8 (Excel: Save as > CSV UTF-8).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class BusinessInviteForm(_ForUniversity):
    email = forms.EmailField(label="Email address", max_length=254)
    organisation_name = forms.CharField(label="Organisation", max_length=200)
    contact_name = forms.CharField(label="Contact person", max_length=150, required=False)

    field_order = ["email", "organisation_name", "contact_name", "university"]
