"""Forms of the organisation pages. They parse input; the services decide what is allowed."""

from django import forms

from employers.models import Employer
from marketplace.timezones import UTC, time_zone_choices
from marketplace.uploads import validate_image_upload
from marketplace.widgets import TimeZoneSelect

LOGO_ACCEPT = "image/png,image/jpeg,image/webp"


class EmployerForm(forms.Form):
    """An organisation's public details. The logo is checked here too (by the same shared validator the
    service uses), so every problem shows at once instead of one per submit."""

    name = forms.CharField(
        label="Organisation name",
        max_length=Employer._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    description = forms.CharField(
        label="What you do",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Two or three sentences students read before they apply: what you make, for whom, and "
        "what working with you is like.",
    )
    website = forms.URLField(
        label="Website",
        required=False,
        assume_scheme="https",
        max_length=Employer._meta.get_field("website").max_length,
        widget=forms.TextInput(
            attrs={"inputmode": "url", "autocomplete": "url", "placeholder": "example.com"}
        ),
        help_text="We add https:// when you leave it out.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        initial=UTC,
        required=False,
        widget=TimeZoneSelect,
        help_text="Where your team works: the project editor's deadlines are entered and shown in this zone.",
    )
    logo = forms.FileField(
        label="Logo",
        required=False,
        widget=forms.FileInput(attrs={"accept": LOGO_ACCEPT}),
        help_text="PNG, JPEG or WebP, at most 2 MB. A square image looks best.",
    )

    def __init__(self, *args, current_time_zone: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(current=current_time_zone)
        if not current_time_zone and not self.is_bound:
            # A new organisation: the browser's own zone is picked for it when it is in the list.
            self.fields["time_zone"].widget.attrs["data-zone-guess"] = ""

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload:
            validate_image_upload(upload)
        return upload


class EmployerEditForm(EmployerForm):
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)

    field_order = ["name", "description", "website", "time_zone", "logo", "remove_logo"]

    def __init__(self, *args, has_logo: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if has_logo:
            self.fields["logo"].label = "Replace the logo"
        else:
            del self.fields["remove_logo"]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "placeholder": "teammate@example.com"}),
        help_text="They get an email with a link to join. Only someone who confirms this address can use it.",
    )
