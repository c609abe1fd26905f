"""The notification settings form: one choice (instantly, daily digest, off) per kind."""

from collections.abc import Sequence

from django import forms

from notifications.models import Delivery
from notifications.services import KindPreference

# The page's words: short enough for the three choices to share a line on a phone.
CHOICES = [(Delivery.INSTANT, "Instantly"), (Delivery.DIGEST, "Daily digest"), (Delivery.OFF, "Off")]


class NotificationPreferencesForm(forms.Form):
    """One radio group per kind the user may receive, named by the kind, preset to the current choice."""

    def __init__(self, *args, preferences: Sequence[KindPreference], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for preference in preferences:
            self.fields[preference.kind] = forms.ChoiceField(
                label=preference.label,
                choices=CHOICES,
                initial=preference.delivery,
                widget=forms.RadioSelect,
            )
