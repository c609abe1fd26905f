"""Forms of the employer's project pages: the one editor (create and edit) and the cancel note."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from employers.models import Employer
from marketplace.forms import ZonedDateTimeField
from marketplace.timezones import UTC, time_zone_label
from projects.models import LocationType, Project, SkillCategory, Visibility
from projects.services import MAX_DELIVERABLES, MAX_SCREENING_QUESTIONS, MAX_SKILLS
from projects.skill_picker import SkillPickerField

CURRENCIES = ["USD", "EUR", "GBP", "CAD", "AUD", "CHF", "INR", "SGD", "NZD", "ZAR"]
SKILL_FIELDS = ("required_skills", "nice_to_have_skills")
# Fields a draft may leave empty but publishing needs, with what their label says instead of "(optional)".
PUBLISH_NOTES = {
    "deliverables": "needed to publish",
    "fee": "needed to publish",
    "location": "needed to publish on-site or hybrid work",
    "application_deadline": "needed to publish",
    "due_date": "needed to publish",
}


def _lines(value: str, *, max_length: int, what: str) -> list[str]:
    items = [line.strip() for line in value.splitlines() if line.strip()]
    too_long = [number for number, item in enumerate(items, start=1) if len(item) > max_length]
    if too_long:
        raise ValidationError(
            f"Keep each {what} under {max_length} characters (see line {', '.join(map(str, too_long))}).",
            code="line_too_long",
        )
    return items


class ProjectForm(forms.Form):
    """Every field an employer may set on a project; `employers` offers a choice of organisation on create
    (shown only to members of several)."""

    employer = forms.ModelChoiceField(
        queryset=Employer.objects.none(),
        label="Organisation",
        empty_label=None,
        help_text="The organisation that posts the project and pays the fee.",
    )
    title = forms.CharField(
        max_length=200,
        help_text="Say what will be produced, e.g. “Competitor analysis for our booking app”.",
    )
    summary = forms.CharField(
        max_length=300,
        required=False,
        help_text="One or two sentences shown in search results.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        required=False,
        help_text="The goal, the context and what good looks like.",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    deliverables = forms.CharField(
        required=False,
        help_text="One per line: what the student hands in, e.g. “A 5-page brief”. At least one, "
        f"at most {MAX_DELIVERABLES}.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    field = forms.ChoiceField(choices=SkillCategory.choices, label="Field of work")
    required_skills = SkillPickerField(
        label="Required skills",
        required=False,
        max_skills=MAX_SKILLS,
        help_text="Skills an applicant needs to do the work.",
    )
    nice_to_have_skills = SkillPickerField(
        label="Nice-to-have skills",
        required=False,
        max_skills=MAX_SKILLS,
        help_text="Skills that help but are not essential.",
    )
    estimated_hours = forms.IntegerField(
        initial=10,
        min_value=1,
        max_value=1000,
        label="Estimated hours of work",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    fee = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        label="Fixed fee",
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    currency = forms.ChoiceField(choices=[(code, code) for code in CURRENCIES])
    location_type = forms.ChoiceField(
        choices=LocationType.choices, label="Where the work happens", widget=forms.RadioSelect
    )
    location = forms.CharField(
        max_length=200, required=False, help_text="City or address, for on-site and hybrid projects."
    )
    application_deadline = ZonedDateTimeField(
        required=False,
        label="Application deadline",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    due_date = forms.DateField(
        required=False,
        label="Due date of the work",
        help_text="On or after the application deadline; leave time for the work itself.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    openings = forms.IntegerField(
        min_value=1,
        max_value=100,
        initial=1,
        label="Openings",
        help_text="How many students you will take on, each doing the whole project.",
    )
    screening_questions = forms.CharField(
        required=False,
        help_text=f"One per line; applicants must answer each. One or two is plenty (at most "
        f"{MAX_SCREENING_QUESTIONS}).",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices, label="Who can apply", widget=forms.RadioSelect
    )

    def __init__(
        self, *args: Any, employers: QuerySet[Employer] | None = None, time_zone: str = UTC, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, note in PUBLISH_NOTES.items():
            self.fields[name].publish_note = note
        self.fields["application_deadline"].zone = time_zone
        rules = settings.MARKETPLACE
        self.fields["estimated_hours"].help_text = (
            f"Between {rules['MIN_PROJECT_HOURS']} and {rules['MAX_PROJECT_HOURS']} hours, counting "
            "meetings and revisions."
        )
        self.fields[
            "fee"
        ].help_text = f"The whole fee, at least {rules['MIN_FEE_PER_HOUR']:.2f} per estimated hour."
        self.fields[
            "application_deadline"
        ].help_text = (
            f"In your organisation's time zone: {time_zone_label(time_zone)}. Students see it in their own."
        )
        currency = self.initial.get("currency") or rules["DEFAULT_CURRENCY"]
        self.initial.setdefault("currency", currency)
        if currency not in CURRENCIES:
            self.fields["currency"].choices = [(currency, currency), *self.fields["currency"].choices]
        self.only_employer: Employer | None = None
        if employers is not None and len(employers) > 1:
            self.fields["employer"].queryset = employers
        else:
            del self.fields["employer"]
            self.only_employer = employers[0] if employers else None
        self.initial.setdefault("field", SkillCategory.OTHER)
        self.initial.setdefault("location_type", LocationType.REMOTE)
        self.initial.setdefault("visibility", Visibility.PUBLIC)
        # Only a course makes a project course-only, and only the course undoes it (projects.services).
        if self.initial["visibility"] == Visibility.COURSE:
            self.fields["visibility"].choices = [(Visibility.COURSE.value, Visibility.COURSE.label)]
            self.fields[
                "visibility"
            ].help_text = "A course took this project on; the course decides who sees it."
        else:
            self.fields["visibility"].choices = [
                choice for choice in Visibility.choices if choice[0] != Visibility.COURSE
            ]

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        """The editor's initial values for an existing project."""
        initial = {name: getattr(project, name) for name in cls.base_fields if hasattr(project, name)}
        initial.pop("employer", None)
        initial["deliverables"] = "\n".join(project.deliverables)
        initial["screening_questions"] = "\n".join(project.screening_questions)
        for name in SKILL_FIELDS:
            initial[name] = list(getattr(project, name).all())
        return initial

    def clean_fee(self) -> Decimal:
        """A draft may leave the fee for later (the publishing checks ask for a fair one)."""
        fee = self.cleaned_data["fee"]
        return Decimal("0") if fee is None else fee

    def clean_deliverables(self) -> list[str]:
        return _lines(self.cleaned_data["deliverables"], max_length=300, what="deliverable")

    def clean_screening_questions(self) -> list[str]:
        return _lines(self.cleaned_data["screening_questions"], max_length=500, what="question")

    @property
    def chosen_employer(self) -> Employer | None:
        """The organisation to post for: the one chosen, or the user's only one (after validation)."""
        return self.cleaned_data.get("employer") or self.only_employer

    def service_data(self) -> dict[str, Any]:
        """The cleaned values as `project_create` / `project_update` take them (without the organisation)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "employer"}

    @property
    def sections(self) -> Iterable[tuple[str, list[forms.BoundField]]]:
        """The fields in titled groups, so the long form reads as a few short steps."""
        groups = [
            ("The work", ["employer", "title", "summary", "description", "deliverables", "field"]),
            ("Skills", ["required_skills", "nice_to_have_skills"]),
            ("Size and pay", ["estimated_hours", "fee", "currency"]),
            ("Where and when", ["location_type", "location", "application_deadline", "due_date"]),
            ("Applying", ["openings", "screening_questions", "visibility"]),
        ]
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in groups]
