"""Forms for partnerships (an organisation asking a university, and the career office asking an employer) and
for a university's email domains."""

from django import forms
from django.core.exceptions import ValidationError

from employers.models import Employer
from universities.models import University, UniversityDomain
from universities.services import university_domain_normalise

MESSAGE_MAX_LENGTH = 2000


class PartnershipMessageField(forms.CharField):
    def __init__(self, *, help_text: str) -> None:
        super().__init__(
            label="Message",
            max_length=MESSAGE_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 5}),
            help_text=help_text,
        )


class PartnershipRequestForm(forms.Form):
    """An organisation asks a university: which one (among those it has no live partnership with), and why."""

    university = forms.ModelChoiceField(
        queryset=University.objects.none(),
        empty_label="Choose a university",
        error_messages={"invalid_choice": "Choose one of the universities in the list."},
    )
    message = PartnershipMessageField(
        help_text="Tell the career office what kind of projects you offer and why its students would enjoy "
        "them. They read it before they decide."
    )

    def __init__(self, *args, universities, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["university"].queryset = universities


class AskEmployerForm(forms.Form):
    """The career office asks an employer. Site staff also choose the university they ask for."""

    employer = forms.ModelChoiceField(
        queryset=Employer.objects.order_by("name"),
        empty_label="Choose an employer",
        error_messages={"invalid_choice": "Choose one of the employers in the list."},
    )
    university = forms.ModelChoiceField(queryset=University.objects.order_by("name"), empty_label=None)
    message = PartnershipMessageField(
        help_text="The organisation's members read it before an owner confirms or declines the invitation."
    )

    def __init__(self, *args, university: University | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if university is not None:
            # Career staff ask for their own university only.
            del self.fields["university"]


class UniversityDomainForm(forms.ModelForm):
    """An email domain typed in the admin, stored as `university_domain_normalise` has it (so `@Uni.EDU`
    is `uni.edu`, and its uniqueness is checked on that)."""

    class Meta:
        model = UniversityDomain
        fields = ["university", "domain"]

    def clean_domain(self) -> str:
        try:
            return university_domain_normalise(self.cleaned_data["domain"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["domain"]) from None
